"""Starter features of an event log that say the same thing as another one.

A log with ten event types gets a count and the active days of each: twenty features, many of
them moving together (a GA4 user's page views and days with page views; the scrolls and the
page views). Clustered together they weigh one behaviour many times over, and every extra
feature slows the fit and its screening. The scaffold keeps the first feature of each such
group in the clustering and profiles the others (cluster: false): the features come ordered by
how much they say (the most frequent event type first), so the kept one is the broader one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

#: Rank correlation over users above which a feature is taken to repeat an earlier one.
REDUNDANT_CORRELATION = 0.9
#: A feature on which fewer users than this (var min_cell_size's default) differ from the most
#: common value is profiled, not clustered: they could not make a segment anyone may see.
FEWEST_DIFFERING_USERS = 10
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
        # 0 without a matching event, as the build fills it (null left a refund total
        # looking unrelated to the refund count it repeats).
        "sum": f"coalesce(sum({of}){where}, 0)",
        "mean": f"avg({of}){where}",
        "distinct_count": f"count(distinct {of}){where}",
        "recency": "datediff('day', max(event_at), (select max(event_at) from staged))",
        "tenure": "datediff('day', min(event_at), (select max(event_at) from staged))",
    }
    return expressions.get(aggregate)


@dataclass
class UserSample:
    """The clustered features of a uniform sample of a log's users, one row per user."""

    per_user: pd.DataFrame
    #: How many users the sample stands for.
    users: int
    #: Each sampled user's number of distinct event times, aligned with ``per_user``: the item
    #: lines of one order share its time, its status and its hour, so they are one draw, not many.
    events: pd.Series
    #: Per share of a part of the time (the weekend, the evening: `_reads_the_time`), each
    #: sampled user's draws and the share of them in that part. A draw is a day with events in
    #: the part or out of it: a session's events share its day and hour, so they are one draw.
    time_draws: pd.DataFrame = field(default_factory=pd.DataFrame)
    time_shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Per mean of a measure (`_is_measure_mean`), each sampled user's values of it and their
    #: variance: how far a user's mean moves by chance alone.
    mean_values: pd.DataFrame = field(default_factory=pd.DataFrame)
    mean_variances: pd.DataFrame = field(default_factory=pd.DataFrame)


def _is_measure_mean(feature: dict[str, Any]) -> bool:
    """A clustered mean of a measure (not a share of a flag or a category)."""
    return (
        feature["aggregate"] == "mean"
        and feature.get("unit") != "share"
        and bool(feature.get("of"))
        and feature.get("cluster", True)
    )


def _reads_the_time(feature: dict[str, Any]) -> bool:
    """A share of the events in a part of the time (of the week or the day): its `of` reads the
    event's time and nothing else of the event."""
    of = feature.get("of") or ""
    reads = set(re.findall(r"[a-z_]+", of.lower())) - TIME_SQL_WORDS
    return (
        feature.get("unit") == "share" and bool(reads) and reads <= {"event_at", "is_weekend_event"}
    )


#: The words of a share's `of` besides the columns it reads (`case when hour(event_at) >= 18 ...`).
TIME_SQL_WORDS = frozenset(["case", "when", "then", "else", "end", "and", "or", "not", "hour"])


def sampled_per_user(
    connection: duckdb.DuckDBPyConnection, features: list[dict[str, Any]]
) -> UserSample:
    """The clustered features `feature_sql` computes over the staged log, for a uniform sample
    of its users (by hash of the user id, SAMPLE_USERS)."""
    compared = [(f["name"], feature_sql(f)) for f in features if f.get("cluster", True)]
    compared = [(name, sql) for name, sql in compared if sql is not None]
    [(users,)] = connection.execute("select count(distinct user_id) from staged").fetchall()
    if not compared:
        return UserSample(pd.DataFrame(), users, pd.Series(dtype="int64"))
    every = max(1, round(users / SAMPLE_USERS))
    selected = [f"{sql} as {name}" for name, sql in compared]
    timed = [f for f in features if f.get("cluster", True) and _reads_the_time(f)]
    for number, feature in enumerate(timed):
        day, part = "cast(event_at as date)", f"({feature['of']})"
        selected += [
            f"count(distinct ({day}, {part})) as _draws{number}",
            f"count(distinct case when {part} = 1 then {day} end) as _in_part{number}",
        ]
    means = [f for f in features if _is_measure_mean(f)]
    for number, feature in enumerate(means):
        where = f" filter (where {feature['where']})" if feature.get("where") else ""
        selected += [
            f"count({feature['of']}){where} as _values{number}",
            f"var_samp({feature['of']}){where} as _variance{number}",
        ]
    per_user = connection.execute(
        f"select count(distinct event_at) as {EVENTS}, {', '.join(selected)} from staged "
        f"where hash(user_id) % {every} = 0 group by user_id"
    ).df()
    draws, in_part = _popped(per_user, "_draws", timed), _popped(per_user, "_in_part", timed)
    values, variances = _popped(per_user, "_values", means), _popped(per_user, "_variance", means)
    return UserSample(
        per_user.drop(columns=EVENTS), users, per_user[EVENTS], draws,
        in_part / draws.clip(lower=1), values, variances,
    )  # fmt: skip


def _popped(per_user: pd.DataFrame, prefix: str, features: list[dict[str, Any]]) -> pd.DataFrame:
    """The columns ``prefix``0, ``prefix``1, ... taken out of ``per_user``, named by their
    features."""
    return pd.DataFrame(
        {f["name"]: per_user.pop(f"{prefix}{n}") for n, f in enumerate(features)},
        index=per_user.index,
    )


#: The column of a user's event count in `sampled_per_user`'s query (no feature name starts so).
EVENTS = "_events_of_user"
#: A share whose spread over users (with at least two events) is under this many times what
#: chance alone gives (`shares_within_chance`) is noise, not a habit.
CHANCE_DISPERSION = 1.5
#: Users of two events or more a sample needs before chance is told from habit.
FEWEST_REPEAT_USERS = 30
#: The mean count of events per user from which a count is tested against chance.
FEWEST_MEAN_EVENTS = 10


def shares_within_chance(sample: UserSample, features: list[dict[str, Any]]) -> dict[str, float]:
    """The clustered shares of a category among a user's events (unit share) that differ between
    users no more than chance does, with their dispersion: the Pearson chi-square of the users'
    shares against the pooled share, over the users with two event times or more, per user (the
    lines of one order, at one time, are one draw; an undated log has no test). Were every
    event's category drawn alike for everyone it is about 1; a user's habit (H&M's online or in
    store) lifts it with each event. Wikipedia editors' comments ("typo", "rescuing 2 sources")
    were random per edit and made four segments of editors who happened to type one. Users of one
    event do not tell habit from chance, so they are left out of the test (a table of one-order
    customers keeps its payment types). A share of a part of the time (the weekend, the evening)
    is tested on a draw per day in the part or out of it (`UserSample.time_draws`): a user's
    ratings of one afternoon all fall on its weekday and in its afternoon."""
    shares = [
        feature["name"]
        for feature in features
        if feature.get("unit") == "share" and feature["aggregate"] == "mean"
        and feature.get("cluster", True) and feature["name"] in sample.per_user.columns
    ]  # fmt: skip
    within = {}
    for name in shares:
        timed = name in sample.time_draws.columns
        draws = sample.time_draws[name] if timed else sample.events
        repeat = draws >= 2
        if repeat.sum() < FEWEST_REPEAT_USERS:
            continue
        events = draws[repeat].astype(float)
        share = (sample.time_shares[name] if timed else sample.per_user[name])[repeat].astype(float)
        pooled = float((share * events).sum() / events.sum())
        if not 0 < pooled < 1:
            continue
        dispersion = float(((share - pooled) ** 2 * events).mean() / (pooled * (1 - pooled)))
        if dispersion < CHANCE_DISPERSION:
            within[name] = dispersion
    return within


def counts_within_chance(sample: UserSample, features: list[dict[str, Any]]) -> dict[str, float]:
    """The clustered counts of events whose spread over users is no more than events at random
    give them, with their dispersion (variance over mean, 1 for a Poisson count): KuaiRec's users
    each watched 113 to 120 of the same videos, and that count was clustered as a habit. Users'
    counts in a log of people's own doing are far more spread. Only counts of FEWEST_MEAN_EVENTS
    or more on average: a count of 0 or 1 (half the users bought once) is less spread than a
    Poisson count however much the users differ."""
    within = {}
    for feature in features:
        name = feature["name"]
        if feature["aggregate"] != "count" or name not in sample.per_user.columns:
            continue
        counts = sample.per_user[name].astype(float)
        if len(counts) < FEWEST_REPEAT_USERS or counts.mean() < FEWEST_MEAN_EVENTS:
            continue
        dispersion = float(counts.var() / counts.mean())
        if dispersion < CHANCE_DISPERSION:
            within[name] = dispersion
    return within


def means_within_chance(sample: UserSample) -> dict[str, float]:
    """The clustered means of a measure whose spread over users is no more than chance gives,
    with the ratio: the variance of the users' means over the mean variance a user's mean has by
    chance (its values' variance over their number), over the users with two values or more.
    About 1 when every user's values are drawn alike: KuaiRec's users all watch the same videos,
    so their mean video length differed by 0.4%, and scaled to unit variance that noise weighed
    as much as how much of each video they watched."""
    within = {}
    for name in sample.mean_values.columns:
        counts = sample.mean_values[name]
        repeat = counts >= 2
        if repeat.sum() < FEWEST_REPEAT_USERS or name not in sample.per_user.columns:
            continue
        chance = float((sample.mean_variances[name][repeat] / counts[repeat]).mean())
        spread = float(sample.per_user[name][repeat].astype(float).var())
        if chance > 0 and spread / chance < CHANCE_DISPERSION:
            within[name] = spread / chance
    return within


def profiled_only_columns(
    per_user: pd.DataFrame, users: int, noise: frozenset[str] = frozenset()
) -> dict[str, str]:
    """The columns of ``per_user`` (one row per user, or a sample of them, as `sampled_per_user`
    gives; the columns in the order of how much they say) better profiled than clustered, each
    with why; ``users`` is how many users the rows stand for. A user table's scaffold calls it
    with its numeric columns.

    A column on which fewer than FEWEST_DIFFERING_USERS users (a quarter of a log's users when
    fewer than 40) differ from the most common value (standard scaling turns those few into
    outliers: 39 Fitbit users whose log ends on the last day and one a day earlier made a
    segment of that one user; a rare purchase made by 4% of many users stays), then one that
    moves with an earlier kept column (Spearman's rank correlation at least
    REDUNDANT_CORRELATION, either sign). At least one stays clustered. The ``noise`` columns
    (profiled already: users differ on them no more than chance) are not judged, but a column
    that moves with one is noise too (KuaiRec's total video length, events times a mean every
    user shares)."""
    names = list(per_user.columns)
    if len(names) < 2:
        return {}
    correlations = per_user.rank().corr(method="pearson").abs().fillna(0.0)
    judged = [name for name in names if name not in noise]
    kept: list[str] = []
    profiled: dict[str, str] = {}
    for position, name in enumerate(judged):
        clustered_later = len(judged) - position - 1
        if not kept and not clustered_later:
            kept.append(name)
            break
        values = per_user[name].dropna()
        mode_share = values.value_counts(normalize=True).max() if len(values) else 1.0
        moving_with = [
            (other, float(correlations.loc[name, other])) for other in [*kept, *sorted(noise)]
            if other in correlations.columns
        ]  # fmt: skip
        strongest = max(moving_with, key=lambda pair: pair[1], default=None)
        differing = round((1 - mode_share) * users)
        # A log of a dozen users is all small groups: there, a quarter of them.
        if differing < min(FEWEST_DIFFERING_USERS, max(2, users // 4)):
            value = f" ({values.mode().iloc[0]:g})" if len(values) else ""
            profiled[name] = (
                f"every user has the same value{value}: it tells no one apart"
                if differing == 0
                else f"all but {differing} users have one value{value}: scaled, those few would "
                "weigh as outliers and could make a segment of their own"
            )
        elif strongest and strongest[1] >= REDUNDANT_CORRELATION:
            profiled[name] = (
                f"it moves with {strongest[0]} (rank correlation {strongest[1]:.2f} "
                + (
                    "over users), on which users differ no more than chance"
                    if strongest[0] in noise
                    else "over users), which the clustering weighs already"
                )
            )
        else:
            kept.append(name)
    return profiled


#: A mean whose values over users are skewed beyond this (and never negative) is clustered as its
#: log1p, as a user table's skewed measure is (tools.scaffold.SKEWED).
SKEWED_MEAN = 1.0


def right_skewed_means(per_user: pd.DataFrame, features: list[dict[str, Any]]) -> dict[str, float]:
    """The clustered means of a measure (not shares of a flag or a category, which live in 0-1)
    whose per-user values are never negative and right-skewed beyond SKEWED_MEAN, with their
    skewness: Airbnb hosts' mean prices ran from $40 to $665, and unlogged the luxury hosts
    merged with the private rooms. ``per_user``: the sample of `sampled_per_user`."""
    means = [
        feature["name"]
        for feature in features
        if feature["aggregate"] == "mean" and feature.get("cluster", True)
        and feature.get("transform", "none") == "none" and feature.get("unit") != "share"
        and not str(feature.get("of", "")).lower().startswith("case ")
        and feature["name"] in per_user.columns
    ]  # fmt: skip
    skewed = {}
    for name in means:
        values = per_user[name].dropna().astype(float)
        # A share of a flag lives in 0-1 (log1p would barely move it), whatever its name.
        if (
            len(values) > 2
            and values.min() >= 0
            and values.max() > 1
            and values.skew() > SKEWED_MEAN
        ):
            skewed[name] = float(values.skew())
    return skewed
