"""The notebook way, as a plain script: pandas reads the raw events, groups by user, then
StandardScaler + OneHotEncoder + KMeans(k=5) and per-cluster means and modes.

    python bench/notebook_baseline.py data/demo
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

WINDOW_DAYS = 28
AGE_BINS = [17, 24, 34, 44, 54, 64, 200]
AGE_LABELS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]


def main(raw: Path) -> None:
    events = pd.read_parquet(
        raw / "events", columns=["user_id", "event_at", "event_type", "duration_s"]
    )
    users = pd.read_parquet(raw / "users")

    day = events["event_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    as_of = day.max()
    in_window = day > as_of - pd.Timedelta(days=WINDOW_DAYS)
    events, day = events[in_window], day[in_window]
    is_weekend = day.dt.dayofweek >= 5
    is_session = events["event_type"] == "session"
    days = pd.date_range(as_of - pd.Timedelta(days=WINDOW_DAYS - 1), as_of)
    weekend_days = int((days.dayofweek >= 5).sum())

    per_event = pd.DataFrame(
        {
            "user_id": events["user_id"],
            "weekday_s": events["duration_s"].where(is_session & ~is_weekend, 0),
            "weekend_s": events["duration_s"].where(is_session & is_weekend, 0),
            "likes_reactions": events["event_type"].isin(["like", "reaction"]),
            "followed_accounts": events["event_type"] == "follow",
            "ad_impressions": events["event_type"] == "ad_impression",
            "ad_clicks": events["event_type"] == "ad_click",
            "conversions": events["event_type"] == "conversion",
            "ad_view_s": events["duration_s"].where(events["event_type"] == "ad_impression"),
            "day": day,
        }
    )
    grouped = per_event.groupby("user_id")
    features = grouped[
        [
            "weekday_s",
            "weekend_s",
            "likes_reactions",
            "followed_accounts",
            "ad_impressions",
            "ad_clicks",
            "conversions",
        ]
    ].sum()
    features["ad_interaction_s"] = grouped["ad_view_s"].mean()
    features["active_days"] = grouped["day"].nunique()
    features["weekday_hours"] = features.pop("weekday_s") / 3600 / (WINDOW_DAYS - weekend_days)
    features["weekend_hours"] = features.pop("weekend_s") / 3600 / weekend_days
    features["ctr"] = (features["ad_clicks"] / features["ad_impressions"]).fillna(0)

    data = users.merge(features, left_on="user_id", right_index=True, how="left").fillna(
        {"weekday_hours": 0, "weekend_hours": 0, "likes_reactions": 0, "ctr": 0}
    )
    data["age"] = as_of.year - data["birth_year"]
    data["age_band"] = pd.cut(data["age"], AGE_BINS, labels=AGE_LABELS).astype(str)

    numeric = ["weekday_hours", "weekend_hours", "likes_reactions", "ctr"]
    categorical = ["age_band", "gender", "income_band"]
    encoder = ColumnTransformer(
        [("num", StandardScaler(), numeric), ("cat", OneHotEncoder(), categorical)]
    )
    matrix = encoder.fit_transform(data[numeric + categorical])
    data["cluster"] = KMeans(n_clusters=5, random_state=42, n_init="auto").fit_predict(matrix)
    means = data.groupby("cluster")[numeric].mean()
    modes = data.groupby("cluster")[categorical].agg(lambda column: column.mode().iloc[0])
    print(pd.concat([means, modes], axis=1).to_string())
    print(f"{len(events):,} events, {len(data):,} users, sizes {np.bincount(data['cluster'])}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
