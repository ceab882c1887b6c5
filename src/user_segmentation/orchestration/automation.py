"""When runs start: a daily schedule for the newest as-of date, and a sensor on new event files."""

import hashlib
from pathlib import Path
from typing import Any

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    PartitionsDefinition,
    RunRequest,
    ScheduleDefinition,
    SensorDefinition,
    SensorEvaluationContext,
    SkipReason,
    build_schedule_from_partitioned_job,
    define_asset_job,
    sensor,
)

from user_segmentation.orchestration.settings import SegmentationWarehouse

JOB_NAME = "daily_segmentation"


def build_daily_job() -> Any:
    """Every asset of the code location (build, checks, publish, export, report) for one day.

    Its partitions are the assets' (one per as-of date).

    Returns
    -------
    dagster's unresolved asset job (resolved when the `Definitions` load).
    """
    return define_asset_job(
        JOB_NAME,
        selection=AssetSelection.all(),
        description="dbt build with the partition's as_of_date, then publish, export and report.",
    )


def build_daily_schedule(job: Any, hour_of_day: int = 6) -> ScheduleDefinition:
    """Each day at ``hour_of_day`` UTC, run the job for the newest partition (yesterday)."""
    return build_schedule_from_partitioned_job(
        job,
        name="daily_segmentation_schedule",
        hour_of_day=hour_of_day,
        default_status=DefaultScheduleStatus.STOPPED,
        description="Build, publish, export and report the newest as-of date every morning.",
    )


def event_files_fingerprint(raw_data_path: Path, events_glob: str = "events/*.parquet") -> str:
    """A hash of the event files' names, sizes and modification times (empty string if none)."""
    files = sorted(Path(raw_data_path).glob(events_glob))
    if not files:
        return ""
    listing = "\n".join(
        f"{path.relative_to(raw_data_path)}\t{path.stat().st_size}\t{path.stat().st_mtime_ns}"
        for path in files
    )
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


def build_new_events_sensor(job: Any, partitions_def: PartitionsDefinition) -> SensorDefinition:
    """Start a run of the newest partition when the event files in ``raw_data_path`` change."""

    @sensor(
        name="new_event_files_sensor",
        job=job,
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.STOPPED,
        description="Runs the newest as-of date when event files are added or replaced in "
        "raw_data_path/events/.",
    )
    def new_event_files(context: SensorEvaluationContext, warehouse: SegmentationWarehouse):
        raw_data_path = Path(warehouse.project_dir) / warehouse.raw_data_path
        events_glob = warehouse.project_var("events_glob")
        fingerprint = event_files_fingerprint(raw_data_path, events_glob)
        if not fingerprint:
            return SkipReason(f"No event files match {raw_data_path}/{events_glob}.")
        if fingerprint == context.cursor:
            return SkipReason("No new event files since the last run.")
        newest = partitions_def.get_last_partition_key()
        if newest is None:
            return SkipReason("The partitions have no as-of date yet.")
        context.update_cursor(fingerprint)
        return RunRequest(run_key=f"{newest}-{fingerprint}", partition_key=newest)

    return new_event_files
