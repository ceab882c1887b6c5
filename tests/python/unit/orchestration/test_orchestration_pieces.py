"""The pure pieces of the Dagster code location: partitions, vars, thresholds, the sensor."""

from __future__ import annotations

import datetime
import importlib.metadata
import os
from pathlib import Path

import pytest

dagster = pytest.importorskip("dagster", reason="needs the orchestration extra")

from user_segmentation.orchestration import (  # noqa: E402
    SegmentationWarehouse,
    as_of_date_partitions,
    quarantine_verdict,
)
from user_segmentation.orchestration.automation import (  # noqa: E402
    build_daily_job,
    build_daily_schedule,
    build_new_events_sensor,
)

PROJECT_DIR = Path(__file__).resolve().parents[4]


def warehouse(tmp_path: Path, **overrides) -> SegmentationWarehouse:
    settings = dict(
        project_dir=str(PROJECT_DIR),
        database=str(tmp_path / "warehouse.duckdb"),
        raw_data_path=str(tmp_path / "raw"),
        publish_dir=str(tmp_path / "published"),
        export_dir=str(tmp_path / "exports"),
        report_dir=str(tmp_path / "reports"),
    )
    return SegmentationWarehouse(**{**settings, **overrides})


def test_partitions_are_the_as_of_dates_from_first_to_last_inclusive():
    partitions = as_of_date_partitions("2026-10-29", "2026-10-31")
    assert partitions.get_partition_keys() == ["2026-10-29", "2026-10-30", "2026-10-31"]


def test_partitions_without_a_last_date_end_yesterday():
    partitions = as_of_date_partitions("2026-10-29")
    today = datetime.datetime.now(datetime.UTC).date()
    assert partitions.get_last_partition_key() == (today - datetime.timedelta(days=1)).isoformat()


def test_a_partition_builds_with_its_date_over_the_configured_vars(tmp_path):
    settings = warehouse(tmp_path, dbt_vars_json='{"segmentation_preset": "notebook"}')
    assert settings.dbt_vars(as_of_date="2026-10-30") == {
        "segmentation_preset": "notebook",
        "raw_data_path": str(tmp_path / "raw"),
        "as_of_date": "2026-10-30",
    }


def test_thresholds_come_from_the_vars_or_the_project_defaults(tmp_path):
    settings = warehouse(tmp_path, dbt_vars_json='{"quarantine_error_share": 0.2}')
    assert settings.project_var("quarantine_error_share") == 0.2
    assert settings.project_var("quarantine_warn_share") == 0.005  # dbt_project.yml


@pytest.mark.parametrize(
    ("shares", "passed", "severity", "phrase"),
    [
        ({"app.events": 0.0, "app.users": 0.004}, True, "WARN", "at or below"),
        ({"app.events": 0.01, "app.users": 0.0}, False, "WARN", "app.events: 1.00%"),
        ({"app.events": 0.01, "app.users": 0.06}, False, "ERROR", "app.users: 6.00%"),
        ({}, True, "WARN", "at or below"),
    ],
)
def test_quarantine_above_the_warn_share_warns_and_above_the_error_share_fails(
    shares, passed, severity, phrase
):
    verdict = quarantine_verdict(shares, warn_share=0.005, error_share=0.05)
    assert verdict[0] is passed
    if not passed:
        assert verdict[1] == getattr(dagster.AssetCheckSeverity, severity)
    assert phrase in verdict[2]


def test_the_sensor_runs_the_newest_partition_once_per_new_set_of_event_files(tmp_path):
    events = tmp_path / "raw" / "events"
    events.mkdir(parents=True)
    partitions = as_of_date_partitions("2026-10-29", "2026-10-31")
    sensor = build_new_events_sensor(build_daily_job(), partitions)
    resources = {"warehouse": warehouse(tmp_path)}

    def evaluate(cursor):
        context = dagster.build_sensor_context(cursor=cursor, resources=resources)
        return sensor(context), context.cursor

    nothing, cursor = evaluate(None)
    assert isinstance(nothing, dagster.SkipReason) and "No event files" in nothing.skip_message

    (events / "part-0.parquet").write_bytes(b"x" * 10)
    first, cursor = evaluate(cursor)
    assert isinstance(first, dagster.RunRequest)
    assert first.partition_key == "2026-10-31"

    same, same_cursor = evaluate(cursor)
    assert isinstance(same, dagster.SkipReason) and same_cursor == cursor

    (events / "part-1.parquet").write_bytes(b"y" * 10)
    second, _ = evaluate(cursor)
    assert isinstance(second, dagster.RunRequest)
    assert second.run_key != first.run_key


def test_the_sensor_sees_a_file_replaced_in_place(tmp_path):
    events = tmp_path / "raw" / "events"
    events.mkdir(parents=True)
    part = events / "part-0.parquet"
    part.write_bytes(b"x" * 10)
    partitions = as_of_date_partitions("2026-10-29", "2026-10-31")
    sensor = build_new_events_sensor(build_daily_job(), partitions)
    resources = {"warehouse": warehouse(tmp_path)}
    context = dagster.build_sensor_context(resources=resources)
    first = sensor(context)
    part.write_bytes(b"x" * 20)
    os.utime(part, ns=(1, 1))
    second = sensor(dagster.build_sensor_context(cursor=context.cursor, resources=resources))
    assert isinstance(first, dagster.RunRequest) and isinstance(second, dagster.RunRequest)


def test_the_daily_schedule_runs_yesterdays_as_of_date_each_morning():
    partitions = as_of_date_partitions("2026-10-29")

    @dagster.asset(partitions_def=partitions)
    def a_daily_asset() -> None:
        """Stands in for the project's assets (all share the daily partitions)."""

    job = build_daily_job()
    definitions = dagster.Definitions(
        assets=[a_daily_asset], jobs=[job], schedules=[build_daily_schedule(job, hour_of_day=6)]
    )
    schedule = definitions.resolve_schedule_def("daily_segmentation_schedule")
    assert schedule.cron_schedule == "0 6 * * *"
    morning = datetime.datetime(2026, 11, 1, 6, tzinfo=datetime.UTC)
    context = dagster.build_schedule_context(scheduled_execution_time=morning)
    (request,) = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2026-10-31"


def test_the_dbt_resource_knows_the_installed_dbt_version_without_running_dbt(monkeypatch):
    import dagster_dbt.core.resource

    from user_segmentation.orchestration.dbt_cli import InstalledDbtCliResource
    from user_segmentation.orchestration.project import dbt_executable

    def no_child_process(command):
        raise AssertionError(f"ran {command}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", no_child_process)
    resource = InstalledDbtCliResource(
        project_dir=str(PROJECT_DIR), dbt_executable=dbt_executable()
    )
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_another_dbt_executable_is_asked_its_version(monkeypatch, tmp_path):
    import dagster_dbt.core.resource

    from user_segmentation.orchestration.dbt_cli import InstalledDbtCliResource

    asked = []

    def fake_version(command):
        asked.append(command)
        return b"Core:\n  - installed: 1.10.3\n"

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", fake_version)
    other = tmp_path / "dbt"
    other.write_text("#!/bin/sh\n")
    other.chmod(0o755)
    resource = InstalledDbtCliResource(project_dir=str(PROJECT_DIR), dbt_executable=str(other))
    assert str(resource._cli_version) == "1.10.3"
    assert asked == [[str(other), "--version"]]


def test_only_the_newest_run_target_folders_are_kept(tmp_path):
    from user_segmentation.orchestration.dbt_build import KEPT_RUN_TARGETS, prune_run_targets

    runs = []
    for day in range(KEPT_RUN_TARGETS + 3):
        folder = tmp_path / f"dbt_build-run{day:04d}-abcdef0"
        (folder / "compiled").mkdir(parents=True)
        (folder / "run_results.json").write_text("{}")
        os.utime(folder, (1_700_000_000 + day * 86_400,) * 2)
        runs.append(folder)
    unrelated = tmp_path / "orchestration"
    unrelated.mkdir()
    os.utime(unrelated, (1_600_000_000,) * 2)

    removed = prune_run_targets(tmp_path)

    assert removed == runs[2::-1]  # the three oldest, newest first
    assert sorted(path for path in tmp_path.iterdir()) == sorted([*runs[3:], unrelated])
