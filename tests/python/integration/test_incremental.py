"""Incremental per-user-day aggregates: a new day of events, then a full refresh, same result."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from support import SKIP_UNIT_TESTS, run_dbt
from user_segmentation.synthetic.demo_data import generate_demo_data

# The models up to the feature table, with their unit tests the first time (data tests run in the
# full builds).
BUILD = ["build", "--select", "+int_user_features_joined", "--exclude-resource-type", "test"]


def _table(database, name: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        frame = connection.sql(f"select * from {name}").df()
    return frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)


def _build(database, raw, *extra: str) -> None:
    variables = {"raw_data_path": str(raw), "daily_aggregates": True}
    result = run_dbt([*BUILD, *extra], database, variables)
    assert result.returncode == 0, result.output[-5000:]


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """Events of a tiny demo split into a first load and a later load one day later.

    The later load holds the last two days plus events of an earlier day that arrived late
    (within `late_arriving_days`), as a real daily export would.
    """
    source = tmp_path_factory.mktemp("source")
    generate_demo_data(source, n_users=400, days=10, jobs=1)
    events = pq.read_table(source / "events")
    day = pc.cast(pc.cast(events["event_at"], "timestamp[us]"), "date32")
    last = pc.max(day).as_py()
    late_day = last - pd.Timedelta(days=2)
    is_late = pc.and_(pc.equal(day, late_day), pc.equal(pc.bit_wise_and(events["user_id"], 1), 1))
    is_new = pc.or_(pc.greater(day, late_day), is_late)
    raw = tmp_path_factory.mktemp("raw")
    (raw / "events").mkdir()
    shutil.copytree(source / "users", raw / "users")
    pq.write_table(events.filter(pc.invert(is_new)), raw / "events" / "part-00000.parquet")
    return raw, events.filter(is_new)


def test_a_new_day_updates_the_daily_aggregates_like_a_full_refresh(batches, tmp_path):
    raw, later_events = batches
    database = tmp_path / "incremental" / "warehouse.duckdb"
    database.parent.mkdir()
    _build(database, raw)
    days_before = _table(database, "int_user_days_aggregated")

    pq.write_table(later_events, raw / "events" / "part-00001.parquet")
    _build(database, raw, *SKIP_UNIT_TESTS)
    incremental_days = _table(database, "int_user_days_aggregated")
    incremental_features = _table(database, "int_user_features_joined")

    refreshed = tmp_path / "refreshed" / "warehouse.duckdb"
    refreshed.parent.mkdir()
    _build(refreshed, raw, "--full-refresh", *SKIP_UNIT_TESTS)
    pd.testing.assert_frame_equal(incremental_days, _table(refreshed, "int_user_days_aggregated"))
    pd.testing.assert_frame_equal(
        incremental_features, _table(refreshed, "int_user_features_joined")
    )
    assert len(incremental_days) > len(days_before)
    assert incremental_days["event_date"].max() > days_before["event_date"].max()
