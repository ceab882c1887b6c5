"""The steps after the build as assets downstream of the marts: publish, export, report.

Each is partitioned like the dbt assets and refuses to run on a warehouse (or release) built for
another as-of date than its partition, so a day's files always come from that day's build.
"""

from collections.abc import Sequence
from pathlib import Path

import duckdb
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    BackfillPolicy,
    Failure,
    MaterializeResult,
    PartitionsDefinition,
    asset,
)

from user_segmentation.orchestration.dbt_build import last_run_results
from user_segmentation.orchestration.settings import SegmentationWarehouse
from user_segmentation.reporting.report import build_report
from user_segmentation.serving import (
    ExportError,
    PublishError,
    export_segments,
    open_published,
    publish_marts,
)

SERVING_GROUP = "serving"
ONE_DAY_PER_RUN = BackfillPolicy.multi_run(max_partitions_per_run=1)
PUBLISH, EXPORT, REPORT = AssetKey("publish"), AssetKey("export"), AssetKey("report")


def built_as_of_date(database: Path) -> str:
    """The as-of date of the segments in the warehouse (``YYYY-MM-DD``)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        (as_of_date,) = connection.execute(
            "select cast(max(as_of_date) as varchar) from user_segments"
        ).fetchone()
    return as_of_date


def published_as_of_date(publish_dir: Path) -> str:
    """The as-of date of the segments in the current release (``YYYY-MM-DD``)."""
    connection = open_published(publish_dir)
    try:
        (as_of_date,) = connection.execute(
            "select cast(max(as_of_date) as varchar) from user_segments"
        ).fetchone()
    finally:
        connection.close()
    return as_of_date


def _require_build_of(context: AssetExecutionContext, warehouse: SegmentationWarehouse) -> None:
    as_of_date = built_as_of_date(Path(warehouse.database))
    if as_of_date != context.partition_key:
        raise Failure(
            f"The warehouse {warehouse.database} holds the build as of {as_of_date}, not "
            f"{context.partition_key}: materialize the dbt assets of partition "
            f"{context.partition_key} in the same run."
        )


def build_serving_assets(
    partitions_def: PartitionsDefinition, marts: Sequence[AssetKey]
) -> list[AssetsDefinition]:
    """Publish, export and report, partitioned by as-of date.

    Parameters
    ----------
    partitions_def : PartitionsDefinition
        The dbt assets' partitions.
    marts : sequence of AssetKey
        The dbt models publish and report read, and the models whose blocking checks must pass
        first (``input_reconciliation``): their failure skips all three.

    Returns
    -------
    list of AssetsDefinition
    """

    @asset(
        key=PUBLISH,
        deps=list(marts),
        partitions_def=partitions_def,
        backfill_policy=ONE_DAY_PER_RUN,
        group_name=SERVING_GROUP,
        description="Copy the marts of a green build to a new Parquet release and make it current "
        "(user_segmentation.serving.publish_marts). Refuses unless every dbt node of the last "
        "build passed.",
    )
    def publish(context: AssetExecutionContext, warehouse: SegmentationWarehouse):
        _require_build_of(context, warehouse)
        try:
            result = publish_marts(
                Path(warehouse.database),
                Path(warehouse.publish_dir),
                run_results=last_run_results(warehouse),
            )
        except PublishError as error:
            raise Failure(str(error)) from error
        return MaterializeResult(
            metadata={
                "run_id": result.run_id,
                "release": result.release.name,
                "path": str(result.release.path),
                **{f"rows/{table}": rows for table, rows in result.row_counts.items()},
            }
        )

    @asset(
        key=EXPORT,
        deps=[PUBLISH],
        partitions_def=partitions_def,
        backfill_policy=ONE_DAY_PER_RUN,
        group_name=SERVING_GROUP,
        description="Every user's segment and the changes since the previous export, from the "
        "current release (user_segmentation.serving.export_segments).",
    )
    def export(context: AssetExecutionContext, warehouse: SegmentationWarehouse):
        published = published_as_of_date(Path(warehouse.publish_dir))
        if published != context.partition_key:
            raise Failure(
                f"The current release in {warehouse.publish_dir} is as of {published}, not "
                f"{context.partition_key}: publish the partition's build first."
            )
        try:
            result = export_segments(Path(warehouse.publish_dir), Path(warehouse.export_dir))
        except ExportError as error:
            raise Failure(str(error)) from error
        manifest = result.manifest
        segments = manifest["segments"]
        return MaterializeResult(
            metadata={
                "snapshot": manifest["snapshot"],
                "written": result.written,
                "model_version": manifest["model_version"],
                "previous_snapshot": manifest["previous_snapshot"] or "none (first export)",
                "users": sum(row["users"] for row in segments),
                "entered": sum(row["entered"] for row in segments),
                "left": sum(row["left"] for row in segments),
            }
        )

    @asset(
        key=REPORT,
        deps=list(marts),
        partitions_def=partitions_def,
        backfill_policy=ONE_DAY_PER_RUN,
        group_name=SERVING_GROUP,
        description="The HTML report (and chart PNGs) of the partition's build, in "
        "<report_dir>/<as-of date>/ (user_segmentation.reporting.report.build_report).",
    )
    def report(context: AssetExecutionContext, warehouse: SegmentationWarehouse):
        _require_build_of(context, warehouse)
        out_dir = Path(warehouse.report_dir) / context.partition_key
        result = build_report(Path(warehouse.database), out_dir, png=warehouse.report_png)
        return MaterializeResult(
            metadata={
                "html": str(result.html_path),
                "pngs": len(result.png_paths),
                "seconds": round(result.seconds, 1),
            }
        )

    return [publish, export, report]
