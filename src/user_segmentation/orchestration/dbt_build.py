"""Every dbt model and seed as a Dagster asset, dbt data tests as asset checks, one partition per
as-of date.

Materializing a partition runs ``dbt build`` with ``--vars {"as_of_date": <partition date>}`` (unit
tests excluded, as in ``make build``): the same command a person would type, so a backfill of a
date range replays history with the same run ids as builds by hand with those dates.
"""

import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    BackfillPolicy,
    Failure,
    Output,
    PartitionsDefinition,
)
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from user_segmentation.orchestration.run_metadata import asset_metadata
from user_segmentation.orchestration.settings import SegmentationWarehouse

#: Models whose materialization carries the run summary (users, k, silhouette, fit decision,
#: quarantined rows).
SUMMARISED = frozenset({"segmentation_runs", "user_segments"})
#: Where the last build's run_results.json is kept for publish (relative to the warehouse folder).
RUN_RESULTS = Path("orchestration") / "run_results.json"
#: The step's name; dagster-dbt gives each run's dbt artifacts a folder ``<step>-<run>-<id>``.
STEP_NAME = "dbt_build"
#: How many of those folders (compiled SQL, manifest, logs: ~11 MB each) a new run leaves.
KEPT_RUN_TARGETS = 14


class SegmentationTranslator(DagsterDbtTranslator):
    """Asset keys are the dbt names (``user_segments``); groups are the project's folders."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        folders = dbt_resource_props["fqn"][1:-1]
        return folders[0] if folders else None


def last_run_results(warehouse: SegmentationWarehouse) -> Path:
    """The run_results.json of the last orchestrated `dbt build` on this warehouse."""
    return Path(warehouse.database).parent / RUN_RESULTS


def build_dbt_assets(project: DbtProject, partitions_def: PartitionsDefinition) -> AssetsDefinition:
    """The dbt project's models, seeds and data tests, partitioned by as-of date.

    Parameters
    ----------
    project : DbtProject
        The project, with its manifest parsed (`prepare_project`).
    partitions_def : PartitionsDefinition
        Daily partitions; a partition key is an as-of date ``YYYY-MM-DD``.

    Returns
    -------
    AssetsDefinition
        One multi-asset whose step runs ``dbt build`` for the selected models of one partition.
    """

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        name=STEP_NAME,
        partitions_def=partitions_def,
        dagster_dbt_translator=SegmentationTranslator(),
        # One run per day, and the instance runs one run at a time (dagster.yaml): each day is
        # built, published and exported before the next day's build starts.
        backfill_policy=BackfillPolicy.multi_run(max_partitions_per_run=1),
    )
    def dbt_build(
        context: AssetExecutionContext, dbt: DbtCliResource, warehouse: SegmentationWarehouse
    ) -> Iterator[Any]:
        variables = warehouse.dbt_vars(as_of_date=context.partition_key)
        arguments = [
            "build",
            "--exclude-resource-type",
            "unit_test",
            "--vars",
            json.dumps(variables),
        ]
        with warehouse.dbt_environment():
            invocation = dbt.cli(arguments, context=context, raise_on_error=False)
        yield from _stream_with_run_metadata(context, invocation, warehouse)

    return dbt_build


def _stream_with_run_metadata(
    context: AssetExecutionContext, invocation: Any, warehouse: SegmentationWarehouse
) -> Iterator[Any]:
    """Pass dbt's events on as they come until the first output that gets run metadata.

    The metadata is read from the warehouse, which dbt holds locked until it exits, and Dagster
    wants a multi-asset's outputs in dependency order: so from the first summarised output
    (``segmentation_runs``, late in the build) on, events wait for the end of the build. They are
    yielded whether the build passed or not (a failed check must show), then a failed build
    fails the step, which skips everything downstream (publish, export, report).
    """
    held: list[Any] = []
    for event in invocation.stream():
        if held or (isinstance(event, Output) and _model_name(context, event) in SUMMARISED):
            held.append(event)
        else:
            yield event
    run_results = invocation.target_path / "run_results.json"
    if run_results.exists():
        kept = last_run_results(warehouse)
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(run_results, kept)
    prune_run_targets(invocation.target_path.parent)
    metadata = asset_metadata(Path(warehouse.database)) if held else {}
    for event in held:
        if isinstance(event, Output):
            extra = metadata.get(_model_name(context, event), {})
            event = event.with_metadata({**event.metadata, **extra})
        yield event
    if not invocation.is_successful():
        raise Failure(_failure_summary(run_results))


def prune_run_targets(target_root: Path, keep: int = KEPT_RUN_TARGETS) -> list[Path]:
    """Delete all but the ``keep`` newest per-run artifact folders of the step in ``target_root``.

    A daily schedule would otherwise add a folder a day to the project's ``target/`` forever.

    Returns
    -------
    list of Path
        The folders deleted, oldest last.
    """
    folders = [path for path in target_root.glob(f"{STEP_NAME}-*") if path.is_dir()]
    folders.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for folder in folders[keep:]:
        shutil.rmtree(folder, ignore_errors=True)
    return folders[keep:]


def _failure_summary(run_results: Path) -> str:
    """Which dbt nodes errored or failed, from run_results.json (dbt's log has the details)."""
    if not run_results.exists():
        return "dbt build failed before it ran any node; see the step's dbt log."
    results = json.loads(run_results.read_text())["results"]
    bad = [r for r in results if r["status"] in ("error", "fail", "runtime error")]
    lines = [f"- {r['unique_id']}: {r['status']} ({(r.get('message') or '').strip()[:200]})"
             for r in bad]  # fmt: skip
    skipped = sum(r["status"] == "skipped" for r in results)
    return (
        f"dbt build failed: {len(bad)} node(s) failed and {skipped} were skipped, so publish, "
        "export and report do not run.\n" + "\n".join(lines)
    )


def _model_name(context: AssetExecutionContext, event: Output) -> str:
    return context.asset_key_for_output(event.output_name).path[-1]


def model_key(name: str) -> AssetKey:
    """The asset key of a dbt model or seed of this project."""
    return AssetKey([name])
