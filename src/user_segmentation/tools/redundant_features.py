"""Starter features of an event log that say the same thing as another one.

A log with ten event types gets a count and the active days of each: twenty features, many of
them moving together (a GA4 user's page views and days with page views; the scrolls and the
page views). Clustered together they weigh one behaviour many times over, and every extra
feature slows the fit and its screening. The scaffold keeps the first feature of each such
group in the clustering and profiles the others (cluster: false): the features come ordered by
how much they say (the most frequent event type first), so the kept one is the broader one.
"""

from __future__ import annotations

from typing import Any

import duckdb

#: Rank correlation over users above which a feature is taken to repeat an earlier one.
REDUNDANT_CORRELATION = 0.9
#: Users whose features are compared (a uniform sample by hash of the user id above this).
SAMPLE_USERS = 50_000


def feature_sql(feature: dict[str, Any]) -> str | None:
    """A user-level SQL aggregate of a starter feature over a view with user_id, event_at,
    event_type and the numeric columns under their feature names; None for an aggregate not
    compared here (ratios)."""
    where = f" filter (where {feature['where']})" if feature.get("where") else ""
    aggregate, of = feature["aggregate"], feature.get("of")
    expressions = {
        "count": f"count(*){where}",
        "active_days": f"count(distinct cast(event_at as date)){where}",
        "sum": f"sum({of}){where}",
        "mean": f"avg({of}){where}",
        "recency": "datediff('day', max(event_at), (select max(event_at) from staged))",
        "tenure": "datediff('day', min(event_at), (select max(event_at) from staged))",
    }
    return expressions.get(aggregate)


def redundant_features(
    connection: duckdb.DuckDBPyConnection, features: list[dict[str, Any]]
) -> dict[str, tuple[str, float]]:
    """For each clustered feature that moves with an earlier kept one (Spearman's rank
    correlation over a sample of users at least REDUNDANT_CORRELATION, either sign), the kept
    feature and the correlation. ``connection`` holds the table ``staged`` (see `feature_sql`)."""
    compared = [(f["name"], feature_sql(f)) for f in features if f.get("cluster", True)]
    compared = [(name, sql) for name, sql in compared if sql is not None]
    if len(compared) < 2:
        return {}
    [(users,)] = connection.execute("select count(distinct user_id) from staged").fetchall()
    every = max(1, round(users / SAMPLE_USERS))
    selected = ", ".join(f"{sql} as {name}" for name, sql in compared)
    per_user = connection.execute(
        f"select {selected} from staged where hash(user_id) % {every} = 0 group by user_id"
    ).df()
    correlations = per_user.rank().corr(method="pearson").abs().fillna(0.0)
    kept: list[str] = []
    redundant: dict[str, tuple[str, float]] = {}
    for name, _ in compared:
        moving_with = [(other, float(correlations.loc[name, other])) for other in kept]
        strongest = max(moving_with, key=lambda pair: pair[1], default=None)
        if strongest and strongest[1] >= REDUNDANT_CORRELATION:
            redundant[name] = strongest
        else:
            kept.append(name)
    return redundant
