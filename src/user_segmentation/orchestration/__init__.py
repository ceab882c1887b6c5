"""The project as Dagster assets, one partition per as-of date (optional extra ``orchestration``).

Parts:

- ``settings``: `SegmentationWarehouse`, the resource with the project, warehouse and folders.
- ``project``: the dbt project and its manifest (parsed before the assets load).
- ``dbt_build``: every dbt model and seed as an asset, data tests as checks; a partition's
  materialization runs ``dbt build`` with that ``as_of_date``, with run metadata on the assets.
- ``dbt_cli``: the dbt CLI resource, without dagster-dbt's per-run version probe and adapter.
- ``run_metadata``: what the UI shows (users, k, silhouette, fit decision, quarantined rows).
- ``health_checks``: freshness and quarantine thresholds as asset checks.
- ``serving_assets``: publish, export and report, downstream of the marts.
- ``automation``: the daily job, its schedule and the new-event-files sensor.
- ``definitions``: all of it as one `dagster.Definitions`; ``code_location`` is the module
  ``dagster dev`` loads (``make orchestrate``).
"""

from user_segmentation.orchestration.definitions import (
    as_of_date_partitions,
    build_definitions,
    definitions_from_environment,
)
from user_segmentation.orchestration.health_checks import quarantine_verdict
from user_segmentation.orchestration.project import ManifestError, prepare_project
from user_segmentation.orchestration.settings import SegmentationWarehouse

__all__ = [
    "ManifestError",
    "SegmentationWarehouse",
    "as_of_date_partitions",
    "build_definitions",
    "definitions_from_environment",
    "prepare_project",
    "quarantine_verdict",
]
