"""The notebook as written, as a plain script, on its flat one-row-per-user CSV: pandas reads the
file, StandardScaler on time online (weekday, weekend), likes and reactions and CTR, OneHotEncoder
on age, gender and income, KMeans(k=5), then per-cluster means and modes.

    python bench/notebook_csv_baseline.py data/profiles/user_profiles_for_ads.csv

The baseline of `make bench BENCH_MODE=user-grain` (the project's build on the same file).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = [
    "Time Spent Online (hrs/weekday)",
    "Time Spent Online (hrs/weekend)",
    "Likes and Reactions",
    "Click-Through Rates (CTR)",
]
CATEGORICAL = ["Age", "Gender", "Income Level"]


def main(path: Path) -> None:
    data = pd.read_csv(path)
    pipeline = Pipeline(
        [
            (
                "preprocessor",
                ColumnTransformer(
                    [
                        ("num", StandardScaler(), NUMERIC),
                        ("cat", OneHotEncoder(), CATEGORICAL),
                    ]
                ),
            ),
            ("cluster", KMeans(n_clusters=5, random_state=42)),
        ]
    )
    pipeline.fit(data)
    data["Cluster"] = pipeline.named_steps["cluster"].labels_
    means = data.groupby("Cluster")[NUMERIC].mean()
    modes = data.groupby("Cluster")[CATEGORICAL].agg(lambda column: column.mode()[0])
    print(means.join(modes).to_string())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
