"""Starter features of an event log that repeat an earlier one (tools.redundant_features)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from user_segmentation.tools.redundant_features import (
    _reads_the_time,
    counts_within_chance,
    feature_sql,
    means_within_chance,
    profiled_only_columns,
    sampled_per_user,
    shares_within_chance,
)


def profiled_only_features(connection, features) -> dict[str, str]:
    """The clustered features of the staged log better profiled than clustered, with why."""
    sample = sampled_per_user(connection, features)
    return profiled_only_columns(sample.per_user, sample.users)


def staged_log() -> duckdb.DuckDBPyConnection:
    """300 users: page views and days with page views move together; purchases do not."""
    rng = np.random.default_rng(5)
    rows = []
    for user in range(300):
        days = 1 + user % 20
        for day in range(days):
            rows += [(user, f"2026-01-{1 + day:02d} 10:00:00", "page_view", 1.0)] * 3
        rows += [(user, "2026-01-05 12:00:00", "purchase", float(rng.integers(1, 50)))] * int(
            rng.integers(0, 4)
        )
    frame = pd.DataFrame(rows, columns=["user_id", "event_at", "event_type", "value"])
    frame["event_at"] = pd.to_datetime(frame["event_at"])
    connection = duckdb.connect()
    connection.execute("create table staged as select * from frame")
    return connection


FEATURES = [
    {"name": "page_view_events", "aggregate": "count", "where": "event_type = 'page_view'"},
    {
        "name": "page_view_active_days",
        "aggregate": "active_days",
        "where": "event_type = 'page_view'",
    },
    {"name": "purchase_events", "aggregate": "count", "where": "event_type = 'purchase'"},
    {"name": "value_share", "aggregate": "ratio", "numerator": "a", "denominator": "b"},
    {"name": "value_total", "aggregate": "sum", "of": "value", "cluster": False},
]


def test_a_feature_moving_with_an_earlier_one_is_named_with_it():
    profiled = profiled_only_features(staged_log(), FEATURES)
    assert list(profiled) == ["page_view_active_days"]
    assert profiled["page_view_active_days"].startswith(
        "it moves with page_view_events (rank correlation 1.00 over users)"
    )


def test_a_feature_on_which_fewer_than_ten_users_differ_is_profiled():
    # Fitbit: 39 users' logs end on the last day, one a day earlier; scaled, that user alone
    # made a segment. A purchase count that many users differ on stays clustered.
    rng = np.random.default_rng(2)
    rows = [
        (user, pd.Timestamp("2026-01-01") + pd.Timedelta(days=day), kind)
        for user in range(300)
        for day in range(10 if user >= 5 else 9)
        for kind in ["page_view"] * int(rng.integers(1, 5)) + ["purchase"] * int(rng.integers(0, 2))
    ]
    connection = duckdb.connect()
    connection.register("rows", pd.DataFrame(rows, columns=["user_id", "event_at", "event_type"]))
    connection.execute("create table staged as select * from rows")
    recency = {"name": "days_since_last_event", "aggregate": "recency"}
    profiled = profiled_only_features(connection, [FEATURES[0], FEATURES[2], recency])
    assert list(profiled) == ["days_since_last_event"]
    assert profiled["days_since_last_event"].startswith("all but 5 users have one value (0)")


def test_a_feature_every_user_has_the_same_value_of_says_so():
    # The scaffold wrote "all but 0 users have one value" in ten configs.
    per_user = pd.DataFrame({"spend": np.arange(40.0), "flag": np.ones(40)})
    profiled = profiled_only_columns(per_user, 40)
    assert profiled == {"flag": "every user has the same value (1): it tells no one apart"}


def test_ratios_and_profiled_features_are_not_compared():
    assert feature_sql(FEATURES[3]) is None
    assert profiled_only_features(staged_log(), FEATURES[3:]) == {}


def test_a_log_of_a_dozen_users_keeps_features_a_few_of_them_differ_on():
    # 12 users: 3 make purchases. With the fixed 10-user rule every feature but one would be
    # profiled only; a quarter of the users is the bar there.
    rows = [
        (user, pd.Timestamp("2026-01-01") + pd.Timedelta(days=day), kind)
        for user in range(12)
        for day in range(1 + user % 4)
        for kind in ["page_view"] * (1 + user % 5) + ["purchase"] * (user < 3)
    ]
    connection = duckdb.connect()
    connection.register("rows", pd.DataFrame(rows, columns=["user_id", "event_at", "event_type"]))
    connection.execute("create table staged as select * from rows")
    profiled = profiled_only_features(connection, [FEATURES[0], FEATURES[2]])
    assert profiled == {}


def test_a_sum_over_matching_events_is_zero_for_a_user_without_one_as_the_build_fills_it():
    # A refund total repeats the refund count, but only if users without a refund count as 0:
    # as nulls the rank correlation over users read 0.24 and both stayed clustered.
    purchases_per_user = [(user, "purchase") for user in range(300) for _ in range(1 + user % 3)]
    refunds = [(user, "refund") for user in range(0, 300, 3)]
    frame = pd.DataFrame(purchases_per_user + refunds, columns=["user_id", "event_type"])
    frame["event_at"] = pd.Timestamp("2026-01-05")
    frame["value"] = np.where(frame["event_type"] == "refund", 30.0, 10.0)
    connection = duckdb.connect()
    connection.execute("create table staged as select * from frame")
    features = [
        {"name": "purchase_events", "aggregate": "count", "where": "event_type = 'purchase'"},
        {"name": "refund_events", "aggregate": "count", "where": "event_type = 'refund'"},
        {
            "name": "value_reversed",
            "aggregate": "sum",
            "of": "value",
            "where": "event_type = 'refund'",
        },
    ]
    profiled = profiled_only_features(connection, features)
    assert profiled["value_reversed"].startswith("it moves with refund_events")


def channel_log(habit: float, users: int = 400) -> duckdb.DuckDBPyConnection:
    """Users of 1-8 orders, each online or in store: with probability ``habit`` a user's own
    channel, else a coin flip per order."""
    rng = np.random.default_rng(11)
    rows = []
    for user in range(users):
        own = rng.choice(["online", "store"])
        for _ in range(1 + user % 8):
            habitual = rng.random() < habit
            rows.append((user, own if habitual else rng.choice(["online", "store"])))
    frame = pd.DataFrame(rows, columns=["user_id", "channel"])
    frame["event_at"] = pd.Timestamp("2026-01-05") + pd.to_timedelta(frame.index, "min")
    connection = duckdb.connect()
    connection.execute("create table staged as select * from frame")
    return connection


CHANNEL_SHARE = {
    "name": "channel_store_share",
    "aggregate": "mean",
    "of": "case when channel = 'store' then 1.0 else 0.0 end",
    "unit": "share",
}


def test_a_category_share_drawn_alike_for_every_event_is_chance_not_a_habit():
    # Wikipedia editors' random comments made four segments of who happened to type one.
    noise = sampled_per_user(channel_log(habit=0.0), [CHANNEL_SHARE])
    assert shares_within_chance(noise, [CHANNEL_SHARE]) == {
        "channel_store_share": pytest.approx(1.0, abs=0.2)
    }
    habit = sampled_per_user(channel_log(habit=0.6), [CHANNEL_SHARE])
    assert shares_within_chance(habit, [CHANNEL_SHARE]) == {}


def test_the_lines_of_one_order_are_one_draw_of_chance():
    # An order's lines share its time and its status: counted as many draws, a status drawn at
    # random per order looked like a habit (dispersion about the lines per order).
    connection = channel_log(habit=0.0)
    connection.execute(
        "create or replace table staged as select staged.* from staged, range(3) as lines(line)"
    )
    sample = sampled_per_user(connection, [CHANNEL_SHARE])
    assert shares_within_chance(sample, [CHANNEL_SHARE]) == {
        "channel_store_share": pytest.approx(1.0, abs=0.2)
    }


def test_users_of_one_event_do_not_make_a_share_chance():
    # One order each: a customer's payment type is all there is to know, as in a user table.
    sample = sampled_per_user(
        channel_log(habit=0.0).execute(
            "create or replace table staged as select * from staged qualify "
            "row_number() over (partition by user_id) = 1"
        ),
        [CHANNEL_SHARE],
    )
    assert (sample.events == 1).all()
    assert shares_within_chance(sample, [CHANNEL_SHARE]) == {}


@pytest.mark.parametrize(
    ("of", "reads_the_time"),
    [
        ("case when hour(event_at) >= 18 and hour(event_at) < 24 then 1.0 else 0.0 end", True),
        ("case when is_weekend_event then 1.0 else 0.0 end", True),
        ("case when channel = 'online' then 1.0 else 0.0 end", False),
        ("case when hour(event_at) >= 18 and amount > 0 then 1.0 else 0.0 end", False),
    ],
)
def test_a_share_of_a_part_of_the_time_is_told_from_a_share_of_a_category(of, reads_the_time):
    # A share of the evening draws once per day in the evening or out of it: a session of plays
    # at 20h is one evening, not twenty.
    assert _reads_the_time({"name": "s", "aggregate": "mean", "of": of, "unit": "share"}) is (
        reads_the_time
    )


def _every_user_watches_the_same_videos() -> duckdb.DuckDBPyConnection:
    """KuaiRec's fully observed matrix: 300 users each watch 113-120 of the same 120 videos, so
    their counts and mean video lengths differ by chance; how much of each video they watch is
    each user's own (a third watch a tenth of it, a third all of it, a third twice over)."""
    rng = np.random.default_rng(21)
    lengths = rng.lognormal(9, 0.6, 120)
    rows = []
    for user in range(300):
        depth = (0.1, 1.0, 2.0)[user % 3]
        for video in rng.choice(120, int(rng.integers(113, 121)), replace=False):
            played = lengths[video] * depth * rng.uniform(0.8, 1.2)
            rows.append((user, pd.Timestamp("2020-07-05") + pd.Timedelta(minutes=int(video)),
                         lengths[video], played))  # fmt: skip
    frame = pd.DataFrame(rows, columns=["user_id", "event_at", "video_duration", "play_duration"])
    connection = duckdb.connect()
    connection.register("frame", frame)
    connection.execute("create table staged as select * from frame")
    return connection


def test_counts_and_means_that_differ_between_users_by_chance_alone_are_noise():
    features = [
        {"name": "events", "aggregate": "count"},
        {"name": "video_duration_mean", "aggregate": "mean", "of": "video_duration"},
        {"name": "play_duration_mean", "aggregate": "mean", "of": "play_duration"},
        {"name": "video_duration_total", "aggregate": "sum", "of": "video_duration"},
    ]
    sample = sampled_per_user(_every_user_watches_the_same_videos(), features)
    assert set(counts_within_chance(sample, features)) == {"events"}
    assert set(means_within_chance(sample)) == {"video_duration_mean"}
    noise = frozenset(["events", "video_duration_mean"])
    profiled = profiled_only_columns(sample.per_user, sample.users, noise)
    # The total is the count times a mean every user shares: noise too, and said so.
    assert "on which users differ no more than chance" in profiled["video_duration_total"]
    assert "play_duration_mean" not in profiled


def test_counts_and_means_of_people_s_own_doing_are_not_noise():
    # The staged log's page views (1 to 20 days of them) and purchase values differ by user.
    features = [
        {"name": "events", "aggregate": "count"},
        {
            "name": "value_mean",
            "aggregate": "mean",
            "of": "value",
            "where": "event_type = 'purchase'",
        },
    ]
    sample = sampled_per_user(staged_log(), features)
    assert counts_within_chance(sample, features) == {}
    assert means_within_chance(sample) == {}
