"""summary and report on a warehouse whose last build failed: one line, not a traceback."""

from __future__ import annotations

import duckdb
from click.testing import CliRunner

from user_segmentation.cli import main

FAILED = (
    "model.user_segmentation.stg_event_log__events_typed (error); "
    "model.user_segmentation.int_users_event_log_aggregated (skipped)"
)


def warehouse(path, *, green: bool, with_marts: bool):
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "create table build_invocations as select 'inv-1' as invocation_id, "
            "'build' as command, '' as selection, timestamp '2026-11-01 10:00:00' as started_at, "
            "timestamp '2026-11-01 10:01:00' as finished_at, 100 as nodes, "
            f"{0 if green else 2} as failed_nodes, ? as failed_node_list, "
            "'' as warned_node_list, ? as is_green",
            ["" if green else FAILED, green],
        )
        if with_marts:
            connection.execute(
                "create table segmentation_runs as select 'run-a' as run_id, 'default' as preset, "
                "2 as k, 30 as assigned_users, 0.61 as silhouette, 'fixed k' as selection_rule, "
                "'strong structure' as structure_verdict, true as is_current"
            )
            connection.execute(
                "create table segment_profiles as select range + 1 as segment_id, "
                "'Segment ' || range as segment_name, 15 as user_count, 0.5 as user_share "
                "from range(2)"
            )
    return path


def test_a_warehouse_whose_first_build_failed_is_named_with_the_failure(tmp_path):
    database = warehouse(tmp_path / "w.duckdb", green=False, with_marts=False)
    for command in (["summary"], ["report", "--no-png", "--out", str(tmp_path / "r")]):
        result = CliRunner().invoke(main, [*command, "--database", str(database)])
        assert result.exit_code == 1, result.output
        message = " ".join(result.output.split())
        assert f"{database} has no segmentation_runs table" in message
        assert "stopped before the segment marts (failed: stg_event_log__events_typed (error)" in (
            message
        )
        assert "Traceback" not in result.output


def test_marts_of_an_earlier_green_build_are_shown_with_a_note(tmp_path):
    database = warehouse(tmp_path / "w.duckdb", green=False, with_marts=True)
    result = CliRunner().invoke(main, ["summary", "--database", str(database)])
    assert result.exit_code == 0, result.output
    assert "was not green" in result.output
    assert "these segments are from an earlier, green build" in result.output
    assert "Segment 0" in result.output


def test_a_green_build_is_summarised_without_a_note(tmp_path):
    database = warehouse(tmp_path / "w.duckdb", green=True, with_marts=True)
    result = CliRunner().invoke(main, ["summary", "--database", str(database)])
    assert result.exit_code == 0, result.output
    assert "Note:" not in result.output
