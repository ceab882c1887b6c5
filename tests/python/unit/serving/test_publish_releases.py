"""Publishing the marts as versioned Parquet releases, and reading them while a build runs, on
small stand-in warehouses (the check against a real build is in integration/test_publish.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from support import count_rows, read_run_ids
from user_segmentation.cli import main
from user_segmentation.serving.publish import (
    MART_TABLES,
    NothingPublishedError,
    PublishError,
    current_release,
    list_releases,
    open_published,
    publish_marts,
)

RELEASE_NAME = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-(?P<run_id>.+)$")


def make_warehouse(path, run_id: str, n_users: int = 30, k: int = 3):
    """A small stand-in for a finished build: every table publish reads, one run throughout."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("drop table if exists segmentation_runs")
        connection.execute(
            "create table segmentation_runs as select ? as run_id, 'test' as preset, ? as k, "
            "?::bigint as assigned_users, timestamp '2026-11-01 10:00:00' as computed_at",
            [run_id, k, n_users],
        )
        connection.execute(
            "create or replace table int_user_features_joined as "
            "select range as user_id, range * 0.5 as weekday_hours, "
            "['18-24', '25-34'][range % 2 + 1] as age_band from range(?)",
            [n_users],
        )
        connection.execute(
            "create or replace table int_user_segments_scored as "
            "select user_id, 'key-' || user_id as user_key from int_user_features_joined"
        )
        connection.execute(
            "create or replace table user_segments as select user_key, "
            "(user_id % ?)::integer + 1 as segment_id, 'segment ' || segment_id as segment_name, "
            "?::varchar as run_id, 0.1 * user_id as distance_to_centre "
            "from int_user_segments_scored",
            [k, run_id],
        )
        connection.execute(
            "create or replace table segment_profiles as select segment_id, "
            "any_value(segment_name) as segment_name, ?::varchar as run_id, "
            "count(*) as user_count from user_segments group by 1",
            [run_id],
        )
        connection.execute(
            "create or replace table segment_k_selection as select ?::varchar as run_id, "
            "range::integer as k, range = ? as is_selected from range(2, 6)",
            [run_id, k],
        )
        for table in ("segment_feature_stats", "segment_radar", "segment_category_mix"):
            connection.execute(
                f"create or replace table {table} as select segment_id, 'weekday_hours' as "
                "feature_name, avg(distance_to_centre) as mean_value from user_segments group by 1"
            )
        connection.execute(
            "create or replace table segment_interests as "
            "select segment_id, 'Gardening' as interest, 1 as interest_rank from segment_profiles"
        )
        record_green_build(connection)
    return path


def record_green_build(connection) -> None:
    """The row the project's on-run-end hook writes after a green `dbt build`."""
    connection.execute(
        "create or replace table build_invocations as select 'inv-1' as invocation_id, "
        "'build' as command, '' as selection, timestamp '2026-11-01 10:00:00' as started_at, "
        "timestamp '2026-11-01 10:01:00' as finished_at, 100 as nodes, 0 as failed_nodes, "
        "'' as failed_node_list, '' as warned_node_list, true as is_green"
    )


def test_publish_writes_a_versioned_release_and_points_current_at_it(tmp_path):
    database = make_warehouse(tmp_path / "build.duckdb", "run-a")
    publish_dir = tmp_path / "published"

    result = publish_marts(database, publish_dir)

    release = result.release
    assert release.path.parent == (publish_dir / "releases").resolve()
    assert RELEASE_NAME.match(release.name)["run_id"] == "run-a"
    assert (publish_dir / "current").is_symlink()
    assert (publish_dir / "current").resolve() == release.path
    manifest = json.loads((release.path / "manifest.json").read_text())
    assert manifest["run_id"] == "run-a"
    assert manifest["computed_at"] == "2026-11-01T10:00:00"
    assert manifest["published_at"].endswith("+00:00")
    assert set(manifest["tables"]) == set(MART_TABLES)
    for table, info in manifest["tables"].items():
        metadata = pq.ParquetFile(release.path / info["file"]).metadata
        assert metadata.num_rows == info["rows"], table
        assert metadata.row_group(0).column(0).compression == "ZSTD"
    with duckdb.connect(str(database), read_only=True) as build:
        for table in set(MART_TABLES) - {"user_lookup"}:
            assert manifest["tables"][table]["rows"] == count_rows(build, table), table
    assert manifest["tables"]["user_lookup"]["rows"] == 30


def test_a_reader_keeps_its_release_while_a_new_one_is_published(tmp_path):
    publish_dir = tmp_path / "published"
    first = publish_marts(make_warehouse(tmp_path / "a.duckdb", "run-a"), publish_dir)
    reader = open_published(publish_dir)
    assert read_run_ids(reader) == {"run-a"}

    second = publish_marts(make_warehouse(tmp_path / "b.duckdb", "run-b", n_users=40), publish_dir)

    assert current_release(publish_dir).run_id == "run-b"
    assert read_run_ids(reader) == {"run-a"}, "an open reader must stay on its release"
    assert count_rows(reader, "user_lookup") == 30
    assert reader.execute("select release from published_release").fetchall() == [
        (first.release.name,)
    ]
    reopened = open_published(publish_dir)
    assert read_run_ids(reopened) == {"run-b"}
    assert count_rows(reopened, "user_lookup") == 40
    assert reopened.execute("select run_id from published_release").fetchall() == [("run-b",)]
    assert second.release.path != first.release.path


def test_readers_never_see_a_missing_or_partial_release_during_publishes(tmp_path):
    publish_dir = tmp_path / "published"
    warehouses = [make_warehouse(tmp_path / f"{run}.duckdb", run) for run in ("run-a", "run-b")]
    publish_marts(warehouses[0], publish_dir)
    problems: list[str] = []
    seen: set[str] = set()
    done = threading.Event()

    def read_continuously() -> None:
        while not done.is_set():
            try:
                release = current_release(publish_dir)
                seen.add(release.run_id)
                missing = [
                    info["file"]
                    for info in release.manifest["tables"].values()
                    if not (release.path / info["file"]).is_file()
                ]
                if missing or set(release.manifest["tables"]) != set(MART_TABLES):
                    problems.append(f"{release.name}: missing {missing}")
            except Exception as error:  # any failure to read is what this test is about
                problems.append(repr(error))

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        for index in range(6):
            publish_marts(warehouses[index % 2], publish_dir)
    finally:
        done.set()
        reader.join(timeout=10)
    assert not problems, problems[:5]
    assert seen == {"run-a", "run-b"}
    leftovers = [p.name for p in publish_dir.rglob(".*") if p.name != ".write.lock"]
    assert leftovers == []


@pytest.mark.parametrize("keep", [1, 3])
def test_old_releases_are_pruned_keeping_the_newest(tmp_path, keep):
    database = make_warehouse(tmp_path / "build.duckdb", "run-a")
    publish_dir = tmp_path / "published"
    results = [publish_marts(database, publish_dir, keep=keep) for _ in range(5)]

    remaining = list_releases(publish_dir)
    assert [p.name for p in remaining] == [r.release.name for r in results[-keep:]]
    assert remaining[-1].resolve() == current_release(publish_dir).path
    pruned = [p.name for result in results for p in result.pruned]
    assert pruned == [r.release.name for r in results[:-keep]]


@pytest.mark.parametrize("state", ["missing folder", "empty folder"])
def test_reading_before_anything_is_published_fails_clearly(tmp_path, state):
    publish_dir = tmp_path / "published"
    if state == "empty folder":
        (publish_dir / "releases").mkdir(parents=True)

    with pytest.raises(NothingPublishedError, match="Nothing is published") as error:
        open_published(publish_dir)
    assert "user-segmentation publish" in str(error.value)


def test_publish_takes_the_current_run_of_a_warehouse_that_keeps_earlier_runs(tmp_path):
    database = make_warehouse(tmp_path / "build.duckdb", "run-b")
    with duckdb.connect(str(database)) as connection:  # as after a second build in one warehouse
        connection.execute(
            "alter table segmentation_runs add column is_current boolean default true"
        )
        connection.execute(
            "insert into segmentation_runs values "
            "('run-a', 'test', 3, 30, timestamp '2026-10-31 10:00:00', false)"
        )
        connection.execute(
            "insert into segment_k_selection "
            "select 'run-a', k, is_selected from segment_k_selection"
        )

    release = publish_marts(database, tmp_path / "published").release

    assert release.run_id == "run-b"
    assert release.row_counts["segmentation_runs"] == 2


def test_publish_refuses_marts_from_different_runs(tmp_path):
    database = make_warehouse(tmp_path / "build.duckdb", "run-a")
    with duckdb.connect(str(database)) as connection:  # as if the build stopped half-way
        connection.execute("update user_segments set run_id = 'run-b' where segment_id = 1")
    publish_dir = tmp_path / "published"

    with pytest.raises(PublishError, match="user_segments holds run"):
        publish_marts(database, publish_dir)
    assert list_releases(publish_dir) == []
    assert not os.path.lexists(publish_dir / "current")


def test_publish_refuses_a_build_whose_run_results_are_red(tmp_path):
    database = make_warehouse(tmp_path / "build.duckdb", "run-a")
    run_results = tmp_path / "run_results.json"
    results = [
        {"unique_id": "model.user_segmentation.user_segments", "status": "success"},
        {"unique_id": "test.user_segmentation.shares_sum_to_one", "status": "fail"},
    ]
    run_results.write_text(json.dumps({"results": results}))

    with pytest.raises(PublishError, match=r"not green: test\.user_segmentation\.shares_sum"):
        publish_marts(database, tmp_path / "published", run_results=run_results)

    results[1]["status"] = "pass"
    run_results.write_text(json.dumps({"results": results}))
    assert publish_marts(database, tmp_path / "published", run_results=run_results).run_id


def test_readers_keep_serving_while_a_writer_holds_the_build_file(tmp_path):
    database = make_warehouse(tmp_path / "build.duckdb", "run-a")
    publish_dir = tmp_path / "published"
    publish_marts(database, publish_dir)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"c = duckdb.connect({str(database)!r})\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException, match="lock"):  # what a BI tool on the file gets
            duckdb.connect(str(database), read_only=True)

        with pytest.raises(PublishError, match="being written"):
            publish_marts(database, publish_dir)
        connection = open_published(publish_dir)
        assert read_run_ids(connection) == {"run-a"}
        assert count_rows(connection, "user_lookup") == 30
        assert len(list_releases(publish_dir)) == 1
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert publish_marts(database, publish_dir).run_id == "run-a"  # works again once released


def test_cli_publish_prints_the_release_and_row_counts(tmp_path):
    database = make_warehouse(tmp_path / "build.duckdb", "run-a")
    publish_dir = tmp_path / "published"

    result = CliRunner().invoke(
        main, ["publish", "--database", str(database), "--publish-dir", str(publish_dir)]
    )

    assert result.exit_code == 0, result.output
    assert "Published run run-a" in result.output
    assert re.search(r"user_lookup\s+30 rows", result.output)
    assert f"current -> releases/{current_release(publish_dir).name}" in result.output


def test_cli_publish_reports_an_unfinished_build_as_an_error(tmp_path):
    database = make_warehouse(tmp_path / "build.duckdb", "run-a")
    with duckdb.connect(str(database)) as connection:
        connection.execute("drop table segment_profiles")

    result = CliRunner().invoke(
        main,
        ["publish", "--database", str(database), "--publish-dir", str(tmp_path / "published")],
    )

    assert result.exit_code == 1
    assert "has no segment_profiles: run a full `dbt build` first" in result.output
