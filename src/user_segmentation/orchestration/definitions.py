"""The whole code location from a few settings: dbt assets, checks, serving assets, automation."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from dagster import DailyPartitionsDefinition, Definitions

from user_segmentation.orchestration.automation import (
    build_daily_job,
    build_daily_schedule,
    build_new_events_sensor,
)
from user_segmentation.orchestration.dbt_build import build_dbt_assets, model_key
from user_segmentation.orchestration.dbt_cli import InstalledDbtCliResource
from user_segmentation.orchestration.health_checks import build_health_checks
from user_segmentation.orchestration.project import dbt_executable, prepare_project
from user_segmentation.orchestration.serving_assets import build_serving_assets
from user_segmentation.orchestration.settings import SegmentationWarehouse

#: Tables publish reads besides the marts (its per-user lookup joins them).
PUBLISHED_INTERMEDIATES = ("int_user_segments_scored", "int_user_features_joined")


def as_of_date_partitions(first: str, last: str | None = None) -> DailyPartitionsDefinition:
    """One partition per as-of date from ``first`` to ``last`` (default: yesterday, UTC).

    Parameters
    ----------
    first, last : str
        Dates ``YYYY-MM-DD``; both are partitions.
    """
    end = None
    if last is not None:
        import datetime

        end = (datetime.date.fromisoformat(last) + datetime.timedelta(days=1)).isoformat()
    return DailyPartitionsDefinition(start_date=first, end_date=end)


def build_definitions(
    warehouse: SegmentationWarehouse,
    partitions_def: DailyPartitionsDefinition,
    *,
    reparse: bool = False,
) -> Definitions:
    """The code location of the project on one warehouse.

    Parameters
    ----------
    warehouse : SegmentationWarehouse
        Project, warehouse file, input folder and output folders.
    partitions_def : DailyPartitionsDefinition
        The as-of dates (`as_of_date_partitions`).
    reparse : bool
        Run `dbt parse` even when the manifest is current.

    Returns
    -------
    Definitions
        Every dbt model and seed as an asset with its data tests as checks, the health checks,
        publish, export and report, the daily job, its schedule and the new-events sensor.
    """
    project = prepare_project(Path(warehouse.project_dir), warehouse.dbt_vars(), reparse=reparse)
    dbt_build = build_dbt_assets(project, partitions_def)
    models = _model_names(project.manifest_path)
    marts = [model_key(name) for name in sorted(models["marts"] | _present(models["all"]))]
    job = build_daily_job()
    return Definitions(
        assets=[dbt_build, *build_serving_assets(partitions_def, marts)],
        asset_checks=build_health_checks(models["all"]),
        jobs=[job],
        schedules=[build_daily_schedule(job)],
        sensors=[build_new_events_sensor(job, partitions_def)],
        resources={
            "dbt": InstalledDbtCliResource(
                project_dir=project,
                dbt_executable=warehouse.dbt_executable or dbt_executable(),
                target=warehouse.dbt_target or None,
            ),
            "warehouse": warehouse,
        },
    )


def _present(models: set[str]) -> set[str]:
    return {name for name in PUBLISHED_INTERMEDIATES if name in models}


def _model_names(manifest_path: Path) -> dict[str, set[str]]:
    manifest = json.loads(Path(manifest_path).read_text())
    nodes = [node for node in manifest["nodes"].values() if node["resource_type"] == "model"]
    return {
        "all": {node["name"] for node in nodes},
        "marts": {node["name"] for node in nodes if node["fqn"][1] in ("marts", "segmentation")},
    }


def definitions_from_environment(environment: dict[str, str] | None = None) -> Definitions:
    """The code location configured by environment variables (what ``make orchestrate`` sets).

    ``DBT_PROJECT_DIR`` (default: the working directory), ``DUCKDB_PATH``
    (``data/warehouse.duckdb``), ``RAW_DATA_PATH`` (``data/demo``), ``PUBLISH_DIR``,
    ``EXPORT_DIR``, ``REPORT_DIR``, ``USER_SEGMENTATION_DBT_VARS`` (JSON), ``DBT_TARGET``,
    ``USER_SEGMENTATION_DBT_EXECUTABLE``,
    ``USER_SEGMENTATION_FIRST_AS_OF_DATE`` (``2026-10-25``) and
    ``USER_SEGMENTATION_LAST_AS_OF_DATE`` (default: yesterday). The manifest is parsed again
    when a project file is newer (edit a model, then *Reload definitions*).
    """
    env: dict[str, Any] = dict(os.environ if environment is None else environment)
    project_dir = Path(env.get("DBT_PROJECT_DIR", ".")).resolve()

    def path(name: str, default: str) -> str:
        return str((project_dir / env.get(name, default)).resolve())

    warehouse = SegmentationWarehouse(
        project_dir=str(project_dir),
        database=path("DUCKDB_PATH", "data/warehouse.duckdb"),
        raw_data_path=env.get("RAW_DATA_PATH", "data/demo"),
        publish_dir=path("PUBLISH_DIR", "data/published"),
        export_dir=path("EXPORT_DIR", "data/exports"),
        report_dir=path("REPORT_DIR", "reports"),
        dbt_vars_json=env.get("USER_SEGMENTATION_DBT_VARS", "{}"),
        dbt_target=env.get("DBT_TARGET", ""),
        dbt_executable=env.get("USER_SEGMENTATION_DBT_EXECUTABLE", ""),
    )
    partitions = as_of_date_partitions(
        env.get("USER_SEGMENTATION_FIRST_AS_OF_DATE", "2026-10-25"),
        env.get("USER_SEGMENTATION_LAST_AS_OF_DATE") or None,
    )
    return build_definitions(warehouse, partitions)
