"""Day-to-day runs on real dbt builds: reproducible as-of rebuilds, sticky segments across days,
the rule-based baseline, activation exports with diffs, and the staleness warning."""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from support import (
    SKIP_DATA_TESTS,
    SKIP_UNIT_TESTS,
    build_or_fail,
    copy_over,
    query,
    rows_differing_per_table,
    run_dbt,
)
from user_segmentation.cli import main
from user_segmentation.pseudonyms import salt_from_environment, user_key
from user_segmentation.serving.activation import ExportResult, export_segments
from user_segmentation.serving.publish import publish_marts
from user_segmentation.synthetic.demo_data import generate_demo_data

FIRST_DAY, SECOND_DAY = "2026-10-29", "2026-10-31"


@dataclass
class TwoDays:
    """A warehouse built on one day's data and then on a later day's, published and exported."""

    data_dir: Path
    database: Path
    first_build: Path
    rebuilt: Path
    second_build_output: str
    publish_dir: Path
    export_dir: Path
    exports: list[ExportResult]


@pytest.fixture(scope="module")
def two_days(tmp_path_factory) -> TwoDays:
    data_dir = tmp_path_factory.mktemp("small_demo")
    generate_demo_data(data_dir, n_users=3_000)
    work = tmp_path_factory.mktemp("two_days")
    database, publish_dir, export_dir = work / "w.duckdb", work / "published", work / "exports"
    first = {"raw_data_path": str(data_dir), "as_of_date": FIRST_DAY}

    # Data tests write no tables: the rebuild that is compared table by table skips them. It runs
    # first, at the path of the build it is compared with, so that build reuses its parse (dbt's
    # partial parse holds only for one DuckDB path); both start from an empty file.
    build_or_fail(database, first, *SKIP_UNIT_TESTS, *SKIP_DATA_TESTS)
    rebuilt = shutil.move(database, work / "rebuilt.duckdb")
    # The events shape's dbt unit tests run in the demo build; these builds skip them.
    build_or_fail(database, first, *SKIP_UNIT_TESTS, artifacts=True)
    first_build = shutil.copy(database, work / "first_build.duckdb")
    exports = [publish_and_export(database, publish_dir, export_dir)]
    # The second day also turns on expose_user_id, as a team would for a CRM that needs ids.
    second_day = {**first, "as_of_date": SECOND_DAY, "expose_user_id": True}
    second = run_dbt(["build", *SKIP_UNIT_TESTS], database, second_day, artifacts=True)
    assert second.returncode == 0, second.output[-5000:]
    exports.append(publish_and_export(database, publish_dir, export_dir))
    return TwoDays(
        data_dir, database, Path(first_build), Path(rebuilt), second.output, publish_dir,
        export_dir, exports,
    )  # fmt: skip


def publish_and_export(database: Path, publish_dir: Path, export_dir: Path) -> ExportResult:
    run_results = database.parent / "target" / "run_results.json"
    publish_marts(database, publish_dir, run_results=run_results)
    return export_segments(publish_dir, export_dir)


def test_rebuilding_with_the_same_as_of_date_reproduces_every_table(two_days):
    differing_tables, compared = rows_differing_per_table(two_days.first_build, two_days.rebuilt)
    assert differing_tables == {}, "rows that differ between the two builds, per table"
    assert {"segmentation_model", "user_segments", "segment_profiles", "segment_names"} <= set(
        compared
    )
    assert len(compared) >= 20


def spell_open_on(alias: str, as_of_date: str) -> str:
    """SQL condition: the history spell `alias` was the user's segment on `as_of_date`."""
    return (
        f"{alias}.opened_as_of_date <= date '{as_of_date}' and "
        f"({alias}.closed_as_of_date is null or {alias}.closed_as_of_date > date '{as_of_date}')"
    )


def test_a_later_as_of_date_keeps_segment_ids_and_names(two_days):
    database = two_days.database
    runs = query(database, "select run_id, is_current from segmentation_runs order by computed_at")
    assert len(runs) == 2
    first_run, second_run = runs["run_id"]
    # Each day's segment from the validity intervals: the spell open on that as-of date.
    history = query(
        database,
        "select a.segment_id as first_segment, b.segment_id as second_segment "
        "from user_segment_history a join user_segment_history b using (user_key) "
        f"where {spell_open_on('a', FIRST_DAY)} and {spell_open_on('b', SECOND_DAY)}",
    )
    assert len(history) == 3_000
    assert set(runs["run_id"]) == set(
        query(database, "select run_id from segment_history_runs")["run_id"]
    )
    kept = (history["first_segment"] == history["second_segment"]).mean()
    assert 0.95 <= kept < 1.0
    names = query(database, "select run_id, segment_id, segment_name from segment_names")
    first = names[names["run_id"] == first_run].set_index("segment_id")["segment_name"]
    second = names[names["run_id"] == second_run].set_index("segment_id")["segment_name"]
    assert first.to_dict() == second.to_dict()
    lineage = query(database, f"select * from segment_lineage where run_id = '{second_run}'")
    assert set(lineage["lineage_status"]) == {"matched"}
    transitions = query(database, "select * from segment_transitions")
    stayed = transitions.loc[transitions["is_same_segment"], "users"].sum()
    assert stayed / transitions["users"].sum() == pytest.approx(kept)


def test_every_user_gets_a_rule_segment_next_to_the_ml_segment(two_days):
    rules = query(two_days.database, "select * from user_rule_segments")
    users = query(two_days.database, "select user_key, segment_id from user_segments")
    assert len(rules) == len(users) == 3_000
    assert rules["rule_segment_id"].notna().all()
    merged = rules.merge(users, on="user_key", suffixes=("", "_ml"))
    assert (merged["segment_id"] == merged["segment_id_ml"]).all()
    by_rule = rules.groupby("rule_segment_id")[["active_days", "interactions", "recency_score"]]
    means = by_rule.mean()
    assert means.loc["champions", "active_days"] > means.loc["hibernating", "active_days"]
    assert means.loc["champions", "interactions"] > means.loc["hibernating", "interactions"]
    assert means.loc["champions", "recency_score"] >= 4 > means.loc["hibernating", "recency_score"]
    assert rules.loc[rules["rule_segment_id"] == "inactive", "active_days"].eq(0).all()


@pytest.fixture(scope="module")
def first_build_copy_path(tmp_path_factory) -> Path:
    """One path for the copies of the first day's build that tests change (see `copy_over`)."""
    return tmp_path_factory.mktemp("first_build_copy") / "w.duckdb"


@pytest.mark.parametrize(
    "planted",
    [
        "insert into user_rule_segments select * from user_rule_segments limit 1",
        "delete from user_rule_segments where user_key = (select min(user_key) from user_segments)",
        "update user_rule_segments set user_key = 'no such user' "
        "where user_key = (select min(user_key) from user_segments)",
        "update user_rule_segments set rule_segment_id = null "
        "where user_key = (select min(user_key) from user_segments)",
        "update user_rule_segments set rule_segment_id = 'no such rule' "
        "where user_key = (select min(user_key) from user_segments)",
    ],
    ids=["user_twice", "user_missing", "key_of_no_user", "no_rule", "rule_not_in_the_seed"],
)
def test_every_user_has_exactly_one_rule_segment_fails_on_a_repeated_or_missing_user(
    two_days, first_build_copy_path, planted
):
    # The check compares counts and hash fingerprints of the keys, and looks for rows without a
    # rule or with a rule outside the seed: each defect must fail it.
    database = copy_over(two_days.first_build, first_build_copy_path)
    variables = {"raw_data_path": str(two_days.data_dir), "as_of_date": FIRST_DAY}
    check = "assert_every_user_has_exactly_one_rule_segment"
    assert run_dbt(["test", "--select", check], database, variables).returncode == 0
    with duckdb.connect(str(database)) as connection:
        # A view of the scored table on DuckDB: the defect is planted in a table copy of it, as
        # other engines (and a copy a BI tool keeps) store it.
        connection.execute("create table rules_copy as select * from user_rule_segments")
        connection.execute("drop view user_rule_segments")
        connection.execute("alter table rules_copy rename to user_rule_segments")
        connection.execute(planted)
    result = run_dbt(["test", "--select", check], database, variables)
    assert result.returncode == 1, result.output[-3000:]
    assert f"FAIL 1 {check}" in result.output


def test_rule_crosstab_counts_every_user_once_and_shows_what_clustering_adds(two_days):
    crosstab = query(two_days.database, "select * from segment_rule_crosstab")
    assert crosstab["users"].sum() == 3_000
    shares = {"segment_id": "share_of_segment", "rule_segment_id": "share_of_rule_segment"}
    for key, column in shares.items():
        assert crosstab.groupby(key)[column].sum().to_numpy() == pytest.approx(1.0)
    # Counts and lift recounted from the user-level rows, not from the crosstab's own columns.
    users = query(two_days.database, "select segment_id, rule_segment_id from user_rule_segments")
    pairs = users.value_counts(["segment_id", "rule_segment_id"]).rename("expected_users")
    segment_size = users["segment_id"].value_counts()
    expected = pairs.reset_index()
    # Cells under min_cell_size are folded into the rule segment `other` (with, where needed, the
    # next smallest cells until `other` reaches the minimum): every other cell is a plain recount.
    kept = crosstab[crosstab["rule_segment_id"] != "other"]
    checked = kept.merge(expected, on=["segment_id", "rule_segment_id"], validate="1:1")
    assert len(checked) == len(kept)
    assert (checked["users"] == checked["expected_users"]).all()
    # Lift against the rule segment's published users (its cells left after folding).
    published_rule_size = checked.groupby("rule_segment_id")["expected_users"].sum()
    published_lift = (
        checked["expected_users"]
        / checked["segment_id"].map(segment_size)
        / (checked["rule_segment_id"].map(published_rule_size) / len(users))
    )
    assert checked["lift"].to_numpy() == pytest.approx(published_lift.to_numpy())
    folded = expected.merge(
        kept[["segment_id", "rule_segment_id"]], how="left", indicator=True
    ).query("_merge == 'left_only'")
    other = crosstab[crosstab["rule_segment_id"] == "other"].set_index("segment_id")["users"]
    assert folded.groupby("segment_id")["expected_users"].sum().to_dict() == other.to_dict()
    assert crosstab["users"].min() >= 10
    # The ML segments are not a relabelling of the rules: some mix several rule segments.
    rule_segments_per_segment = crosstab[crosstab["share_of_segment"] >= 0.1].groupby("segment_id")
    assert rule_segments_per_segment.size().max() >= 2


def test_first_export_lists_every_user_as_entered(two_days):
    first = two_days.exports[0]
    assert first.written and first.manifest["previous_snapshot"] is None
    segments = pd.read_parquet(first.path / "segments.parquet")
    changes = pd.read_parquet(first.path / "changes.parquet")
    assert len(segments) == 3_000 == len(changes)
    assert set(changes["change"]) == {"entered"}
    assert first.manifest["as_of_date"] == FIRST_DAY
    assert list(segments.columns) == [
        "user_key", "segment_id", "segment_name", "model_version", "as_of_date", "computed_at",
    ]  # fmt: skip


def test_second_export_holds_exactly_the_users_who_moved(two_days):
    first, second = two_days.exports
    assert second.manifest["previous_snapshot"] == first.manifest["snapshot"]
    assert second.manifest["as_of_date"] == SECOND_DAY
    before = pd.read_parquet(first.path / "segments.parquet").set_index("user_key")["segment_id"]
    after = pd.read_parquet(second.path / "segments.parquet").set_index("user_key")["segment_id"]
    moved = after.index[after != before.reindex(after.index)]
    assert 0 < len(moved) < 0.05 * len(after)

    changes = pd.read_parquet(second.path / "changes.parquet")
    entered = changes[changes["change"] == "entered"]
    left = changes[changes["change"] == "left"]
    assert sorted(entered["user_key"]) == sorted(left["user_key"]) == sorted(moved)
    assert entered.set_index("user_key")["segment_id"].to_dict() == after[moved].to_dict()
    assert left.set_index("user_key")["segment_id"].to_dict() == before[moved].to_dict()
    for row in second.manifest["segments"]:
        previous = (before == row["segment_id"]).sum()
        assert row["users"] == previous + row["entered"] - row["left"]


def test_exports_are_written_atomically_as_parquet_and_csv(two_days):
    export_dir = two_days.export_dir
    second = two_days.exports[1]
    assert (export_dir / "current").resolve() == second.path.resolve()
    assert not list(export_dir.rglob(".tmp-*"))
    for name in ("segments", "changes"):
        parquet = pd.read_parquet(second.path / f"{name}.parquet")
        csv = pd.read_csv(second.path / f"{name}.csv")
        assert len(csv) == len(parquet) == second.manifest["files"][name]["rows"]
        assert csv["user_key"].tolist() == parquet["user_key"].tolist()
    assert (two_days.exports[0].path / "segments.parquet").exists()  # older snapshots stay


def test_exporting_the_same_release_again_writes_nothing(two_days):
    again = export_segments(two_days.publish_dir, two_days.export_dir)
    assert not again.written
    assert again.manifest["snapshot"] == two_days.exports[1].manifest["snapshot"]


def test_cli_export_prints_the_changes_per_segment(two_days, tmp_path):
    result = CliRunner().invoke(
        main,
        ["export", "--publish-dir", str(two_days.publish_dir), "--export-dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "first export: every user entered" in result.output
    assert f"as of {SECOND_DAY}" in result.output
    assert (tmp_path / "current" / "segments.csv").is_file()


def test_cli_export_without_a_release_says_what_to_run(tmp_path):
    result = CliRunner().invoke(
        main, ["export", "--publish-dir", str(tmp_path / "none"), "--export-dir", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "publish" in result.output


def test_stale_events_give_a_build_warning_and_a_freshness_row(two_days):
    freshness = query(two_days.database, "select * from input_freshness").iloc[0]
    # Planted: the second day's data ends on SECOND_DAY, and the build ran on the day it
    # recorded; staleness counts whole calendar days between the two.
    built_on = freshness["computed_at"].date()
    planted_age = (built_on - datetime.date(2026, 10, 31)).days
    assert freshness["newest_event_at"].date() == datetime.date(2026, 10, 31)
    assert freshness["as_of_date"].date() == datetime.date(2026, 10, 31)
    assert freshness["days_since_newest_event"] == planted_age
    assert planted_age > 2, "these dates are in the past, so the default 2-day limit is crossed"
    assert freshness["stale_after_days"] == 2
    assert bool(freshness["is_stale"])
    assert "Stale input: the newest event" in two_days.second_build_output
    assert "WARN" in two_days.second_build_output


def test_dashboard_shows_only_the_published_run_of_a_warehouse_with_history(two_days):
    from user_segmentation.reporting.dashboard.app import load_marts
    from user_segmentation.serving.publish import open_published

    connection = open_published(two_days.publish_dir)
    try:
        marts = load_marts(connection)
    finally:
        connection.close()
    published_run = two_days.exports[1].manifest["model_version"]
    assert marts["run"]["run_id"].tolist() == [published_run]
    assert set(marts["k_selection"]["run_id"]) == {published_run}
    assert marts["k_selection"]["k"].is_unique


def test_marts_releases_and_exports_carry_only_the_user_key_by_default(two_days):
    first_release = two_days.exports[0].manifest["release"]
    release = two_days.publish_dir / "releases" / first_release
    for parquet in release.glob("*.parquet"):
        columns = set(pd.read_parquet(parquet).columns)
        assert "user_id" not in columns, parquet.name
    assert not (release / "user_key_map.parquet").exists()
    with duckdb.connect(str(two_days.first_build), read_only=True) as connection:
        mart_columns = connection.execute(
            "select table_name, column_name from duckdb_columns() where column_name = 'user_id' "
            "and table_name in ('user_segments', 'user_segment_history', 'user_rule_segments', "
            "'user_key_map')"
        ).fetchall()
        scored = connection.execute(
            "select user_id, user_key from int_user_segments_scored order by user_id limit 5"
        ).fetchall()
    assert mart_columns == []
    # The key is the documented hash, so the salt's owner can map ids to keys and nobody else can.
    assert [key for _, key in scored] == [user_key(uid) for uid, _ in scored]


def test_expose_user_id_publishes_the_id_map_and_exports_carry_ids(two_days):
    second = two_days.exports[1]
    release = two_days.publish_dir / "releases" / second.manifest["release"]
    id_map = pd.read_parquet(release / "user_key_map.parquet")
    assert len(id_map) == 3_000 and id_map["user_id"].is_unique
    segments = pd.read_parquet(second.path / "segments.parquet")
    assert list(segments.columns[:2]) == ["user_key", "user_id"]
    assert segments["user_key"].tolist() == [user_key(uid) for uid in segments["user_id"]]
    changes = pd.read_parquet(second.path / "changes.parquet")
    assert changes["user_id"].notna().all()


def test_the_salt_never_reaches_compiled_sql_or_logs(two_days):
    build_dir = two_days.database.parent
    written = [build_dir / "target" / "compiled", build_dir / "target" / "run", build_dir / "logs"]
    files = [path for folder in written for path in folder.rglob("*") if path.is_file()]
    assert len(files) > 50
    salt = salt_from_environment()
    assert [path for path in files if salt in path.read_text(errors="ignore")] == []
