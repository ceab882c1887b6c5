"""What the UI shows on an asset without opening the warehouse: read from the build file.

Read after `dbt build` has finished, since DuckDB allows no reader while the build writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

RUN_COLUMNS = ("run_id", "preset", "algorithm", "k", "assigned_users", "silhouette", "fit_decision")


def _has_table(connection: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = connection.execute(
        "select count(*) from duckdb_tables() where table_name = ?", [table]
    ).fetchone()
    return bool(found[0])


def current_run(database: Path) -> dict[str, Any] | None:
    """The current row of `segmentation_runs` (run id, k, users, silhouette, fit decision)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        if not _has_table(connection, "segmentation_runs"):
            return None
        row = connection.execute(
            f"select {', '.join(RUN_COLUMNS)} from segmentation_runs where is_current"
        ).fetchone()
    return dict(zip(RUN_COLUMNS, row, strict=True)) if row else None


def quarantine_by_source(database: Path) -> list[dict[str, Any]]:
    """One dict per source of `input_reconciliation`: rows read, quarantined, share, the share the
    quarantine limits apply to (`checked_share`), reasons."""
    columns = ("source_name", "rows_read", "rows_quarantined", "quarantined_share", "checked_share",
               "top_reasons")  # fmt: skip
    with duckdb.connect(str(database), read_only=True) as connection:
        if not _has_table(connection, "input_reconciliation"):
            return []
        rows = connection.execute(
            f"select {', '.join(columns)} from input_reconciliation order by source_name"
        ).fetchall()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def input_freshness(database: Path) -> dict[str, Any] | None:
    """The one row of `input_freshness` (newest event, its age at build time, is_stale)."""
    columns = ("newest_event_at", "as_of_date", "days_since_newest_event", "stale_after_days",
               "is_stale")  # fmt: skip
    with duckdb.connect(str(database), read_only=True) as connection:
        if not _has_table(connection, "input_freshness"):
            return None
        row = connection.execute(f"select {', '.join(columns)} from input_freshness").fetchone()
    return dict(zip(columns, row, strict=True)) if row else None


def asset_metadata(database: Path) -> dict[str, dict[str, Any]]:
    """Metadata per dbt model name, for the models the UI should summarise.

    Returns
    -------
    dict
        ``segmentation_runs`` and ``user_segments``: run id, users, k, silhouette, fit decision,
        quarantined input rows in total and per source (empty before the first run).
    """
    run = current_run(database)
    if run is None:
        return {}
    summary = {
        "run_id": run["run_id"],
        "users": int(run["assigned_users"]),
        "k": int(run["k"]),
        "fit_decision": run["fit_decision"],
        "preset": run["preset"],
        "algorithm": run["algorithm"],
    }
    if run["silhouette"] is not None:  # undefined for a single segment
        summary["silhouette"] = round(float(run["silhouette"]), 4)
    sources = quarantine_by_source(database)
    summary["quarantined_rows"] = sum(int(source["rows_quarantined"]) for source in sources)
    for source in sources:
        summary[f"quarantined_rows/{source['source_name']}"] = int(source["rows_quarantined"])
    return {"segmentation_runs": summary, "user_segments": summary}
