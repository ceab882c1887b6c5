"""The notebook way, as a plain script: pandas reads the raw events, groups by user, then
StandardScaler + OneHotEncoder + KMeans(k=5) and per-cluster means and modes.

    python bench/notebook_baseline.py data/demo [--input-checks]

With ``--input-checks`` it first applies the project's input rules to the events (the same rules,
in the same order, as stg_app__events_typed and stg_app__events_validated), drops the rows that
break one and prints how many broke each rule: the like-for-like comparison with a project build,
which checks every raw row. Without it, every row is used as read, as the notebook does.
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
EVENT_TYPES = ["session", "like", "reaction", "ad_impression", "ad_click", "conversion", "follow"]
AGE_BINS = [17, 24, 34, 44, 54, 64, 200]
AGE_LABELS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]


def checked_events(events: pd.DataFrame, users: pd.DataFrame) -> pd.DataFrame:
    """The rows that pass every input rule; prints the count of rows that broke each rule.

    Masks only, one copy at the end (none when every row passes): 100M events leave little room.
    """
    # Categories are normalized once each, not per row.
    event_type = events["event_type"].astype("category").map(lambda value: value.strip().lower())
    duration = events["duration_s"]
    # The first rule a row breaks, in the project's order; duplicates and unknown users come last.
    rules = {
        "missing_event_id": lambda: events["event_id"].isna(),
        "missing_user_id": lambda: events["user_id"].isna(),
        "malformed_user_id": lambda: events["user_id"] <= 0,
        "missing_event_at": lambda: events["event_at"].isna(),
        "future_event_at": lambda: events["event_at"] > pd.Timestamp.now(tz="UTC"),
        "unknown_event_type": lambda: ~event_type.isin(EVENT_TYPES),
        "non_finite_duration": lambda: duration.notna() & ~np.isfinite(duration),
        "negative_duration": lambda: duration < 0,
    }
    broken = np.zeros(len(events), dtype=bool)
    counts = {}
    for rule, mask in rules.items():
        first_broken = mask().to_numpy() & ~broken
        counts[rule] = int(first_broken.sum())
        broken |= first_broken
    passing = ~broken
    repeated = np.zeros(len(events), dtype=bool)
    repeated[passing] = events["event_id"][passing].duplicated(keep="first").to_numpy()
    counts["duplicate_event_id"] = int(repeated.sum())
    unknown = passing & ~repeated & ~events["user_id"].isin(users["user_id"]).to_numpy()
    counts["unknown_user"] = int(unknown.sum())
    print("rows that broke a rule:", {rule: n for rule, n in counts.items() if n})
    keep = passing & ~repeated & ~unknown
    events = events.drop(columns="event_id").assign(event_type=event_type)
    return events if keep.all() else events.loc[keep]


def main(raw: Path, input_checks: bool = False) -> None:
    columns = ["user_id", "event_at", "event_type", "duration_s"]
    events = pd.read_parquet(
        raw / "events", columns=["event_id", *columns] if input_checks else columns
    )
    users = pd.read_parquet(raw / "users")
    if input_checks:
        events = checked_events(events, users)

    day = events["event_at"].dt.floor("D")
    as_of = day.max()
    in_window = day > as_of - pd.Timedelta(days=WINDOW_DAYS)
    events, day = events[in_window], day[in_window]
    event_type = events["event_type"].astype("category")
    days = pd.date_range(as_of - pd.Timedelta(days=WINDOW_DAYS - 1), as_of)
    weekend_days = int((days.day_of_week >= 5).sum())

    counts = events.groupby(["user_id", event_type], observed=True).size().unstack(fill_value=0)
    counts = counts.reindex(columns=EVENT_TYPES, fill_value=0)
    is_session = (event_type == "session").to_numpy()
    sessions = events.loc[is_session, ["user_id", "duration_s"]]
    sessions["is_weekend"] = (day[is_session].dt.day_of_week >= 5).to_numpy()
    hours = sessions.groupby(["user_id", "is_weekend"])["duration_s"].sum().unstack(fill_value=0)
    is_impression = (event_type == "ad_impression").to_numpy()
    ad_view_s = events.loc[is_impression].groupby("user_id")["duration_s"].mean()
    active_days = (
        pd.DataFrame({"user_id": events["user_id"].to_numpy(), "day": day.dt.tz_localize(None)})
        .drop_duplicates()
        .groupby("user_id")
        .size()
    )

    features = pd.DataFrame(
        {
            "weekday_hours": hours.get(False, 0) / 3600 / (WINDOW_DAYS - weekend_days),
            "weekend_hours": hours.get(True, 0) / 3600 / weekend_days,
            "likes_reactions": counts["like"] + counts["reaction"],
            "followed_accounts": counts["follow"],
            "ad_impressions": counts["ad_impression"],
            "ad_clicks": counts["ad_click"],
            "conversions": counts["conversion"],
            "ad_interaction_s": ad_view_s,
            "active_days": active_days,
        }
    )
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
    main(Path(sys.argv[1]), input_checks="--input-checks" in sys.argv[2:])
