"""Health of the input as asset checks: freshness and the quarantine thresholds.

The dbt build already warns about both (test ``warn_when_events_are_stale``, the quarantine
test and macro); these checks put the verdict and the numbers on the assets in the UI:

- ``input_is_fresh`` on ``input_freshness``: WARN when the newest event is older than
  ``stale_after_days`` at build time.
- ``quarantine_below_thresholds`` on ``input_reconciliation``: WARN above
  ``quarantine_warn_share``, ERROR above ``quarantine_error_share``. It is blocking, so an ERROR
  skips publish, export and report.
"""

from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    asset_check,
)

from user_segmentation.orchestration.run_metadata import input_freshness, quarantine_by_source
from user_segmentation.orchestration.settings import SegmentationWarehouse

FRESHNESS_MART, RECONCILIATION_MART = "input_freshness", "input_reconciliation"


def quarantine_verdict(
    shares: dict[str, float], warn_share: float, error_share: float
) -> tuple[bool, AssetCheckSeverity, str]:
    """Whether the quarantined shares pass, the severity if not, and a sentence saying why.

    Parameters
    ----------
    shares : dict
        Quarantined share of rows per source.
    warn_share, error_share : float
        Above ``warn_share`` the check warns; above ``error_share`` it fails.

    Returns
    -------
    tuple
        ``(passed, severity, description)``.
    """
    worst_source = max(shares, key=shares.get, default=None)
    worst = shares.get(worst_source, 0.0) if worst_source else 0.0
    if worst > error_share:
        return (
            False,
            AssetCheckSeverity.ERROR,
            (
                f"{worst_source}: {worst:.2%} of rows quarantined, above quarantine_error_share "
                f"({error_share:.2%})."
            ),
        )
    if worst > warn_share:
        return (
            False,
            AssetCheckSeverity.WARN,
            (
                f"{worst_source}: {worst:.2%} of rows quarantined, above quarantine_warn_share "
                f"({warn_share:.2%})."
            ),
        )
    return (
        True,
        AssetCheckSeverity.WARN,
        (f"Every source at or below quarantine_warn_share ({warn_share:.2%})."),
    )


def build_health_checks(models: set[str]) -> list[AssetChecksDefinition]:
    """The health checks whose mart the manifest has (input_freshness needs events input)."""
    checks = []
    if FRESHNESS_MART in models:
        checks.append(_freshness_check())
    if RECONCILIATION_MART in models:
        checks.append(_quarantine_check())
    return checks


def _freshness_check() -> AssetChecksDefinition:
    @asset_check(
        asset=AssetKey(FRESHNESS_MART),
        name="input_is_fresh",
        description="WARN when the newest event was older than stale_after_days at build time.",
    )
    def input_is_fresh(warehouse: SegmentationWarehouse) -> AssetCheckResult:
        row = input_freshness(Path(warehouse.database))
        if row is None:
            return AssetCheckResult(
                passed=False,
                severity=AssetCheckSeverity.WARN,
                description="input_freshness is empty or missing.",
            )
        days = int(row["days_since_newest_event"])
        return AssetCheckResult(
            passed=not row["is_stale"],
            severity=AssetCheckSeverity.WARN,
            description=(
                f"The newest event ({row['newest_event_at']:%Y-%m-%d %H:%M}) was {days} days old "
                f"at build time (stale after {row['stale_after_days']})."
            ),
            metadata={
                "newest_event_at": str(row["newest_event_at"]),
                "as_of_date": str(row["as_of_date"]),
                "days_since_newest_event": days,
                "stale_after_days": int(row["stale_after_days"]),
            },
        )

    return input_is_fresh


def _quarantine_check() -> AssetChecksDefinition:
    @asset_check(
        asset=AssetKey(RECONCILIATION_MART),
        name="quarantine_below_thresholds",
        blocking=True,
        description="WARN above quarantine_warn_share of a source's rows quarantined; ERROR (which "
        "skips publish, export and report) above quarantine_error_share.",
    )
    def quarantine_below_thresholds(warehouse: SegmentationWarehouse) -> AssetCheckResult:
        sources = quarantine_by_source(Path(warehouse.database))
        # The share the build's limits apply to (input_reconciliation.checked_share): with
        # missing_user_id_share_limit set, anonymous rows are not counted against them.
        shares = {row["source_name"]: float(row["checked_share"] or 0.0) for row in sources}
        warn_share = float(warehouse.project_var("quarantine_warn_share"))
        error_share = float(warehouse.project_var("quarantine_error_share"))
        passed, severity, description = quarantine_verdict(shares, warn_share, error_share)
        return AssetCheckResult(
            passed=passed,
            severity=severity,
            description=description,
            metadata={
                "quarantine_warn_share": warn_share,
                "quarantine_error_share": error_share,
                **{f"quarantined_share/{name}": share for name, share in shares.items()},
                **{
                    f"quarantined_rows/{row['source_name']}": int(row["rows_quarantined"])
                    for row in sources
                },
            },  # fmt: skip
        )

    return quarantine_below_thresholds
