"""Flat notebook-shaped CSVs with a planted number of behavioural groups, for end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

BEHAVIOUR_RANGES = {
    "Time Spent Online (hrs/weekday)": (0.5, 6.0),
    "Time Spent Online (hrs/weekend)": (0.5, 8.0),
    "Likes and Reactions": (50, 9000),
    "Followed Accounts": (10, 500),
    "Click-Through Rates (CTR)": (0.01, 0.25),
    "Conversion Rates": (0.005, 0.1),
    "Ad Interaction Time (sec)": (5, 180),
}
AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
INCOMES = ["0-20k", "20k-40k", "40k-60k", "60k-80k", "80k-100k", "100k+"]


def write_planted_profiles(path: Path, n_users: int, n_groups: int, seed: int) -> pd.Series:
    """Write a 16-column profiles CSV with n_groups planted groups; return each user's group.

    Each group has its own centre drawn on a coarse grid of each behaviour's range (so groups are
    far apart) and a small spread around it; demographics are random.
    """
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, n_groups, size=n_users)
    columns = {"User ID": np.arange(1, n_users + 1)}
    grid = np.linspace(0.1, 0.9, 5)
    centres = np.stack(
        [rng.permutation(np.resize(grid, n_groups)) for _ in BEHAVIOUR_RANGES], axis=1
    )
    for position, (name, (low, high)) in enumerate(BEHAVIOUR_RANGES.items()):
        relative = centres[groups, position] + rng.normal(0, 0.03, size=n_users)
        values = low + np.clip(relative, 0, 1) * (high - low)
        columns[name] = np.round(values, 3) if high < 10 else np.round(values).astype(int)
    frame = pd.DataFrame(columns)
    frame["Age"] = rng.choice(AGES, size=n_users)
    frame["Gender"] = rng.choice(["Female", "Male"], size=n_users)
    frame["Location"] = rng.choice(["Urban", "Suburban", "Rural"], size=n_users)
    frame["Language"] = rng.choice(["English", "Hindi", "Spanish"], size=n_users)
    frame["Education Level"] = rng.choice(["Bachelor", "Master", "PhD"], size=n_users)
    frame["Device Usage"] = rng.choice(["Mobile Only", "Desktop Only", "Tablet"], size=n_users)
    frame["Income Level"] = rng.choice(INCOMES, size=n_users)
    interests = ["Gaming", "Pet Care, Gardening", "Data Science"]
    frame["Top Interests"] = rng.choice(interests, size=n_users)
    frame.to_csv(path, index=False)
    return pd.Series(groups, index=frame["User ID"], name="planted_group")
