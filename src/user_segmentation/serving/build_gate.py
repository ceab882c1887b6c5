"""The publish gate: was the last dbt invocation that wrote a warehouse green?

Every `dbt build` (and run, test, seed, snapshot) of this project appends one row to the table
``build_invocations`` inside the warehouse from its ``on-run-end`` hook (macro
``record_build_invocation``): the invocation id, the command, the nodes that did not pass and
``is_green``. dbt runs ``on-run-end`` after failing tests too, so a red build is recorded as red.
Unlike ``target/run_results.json``, which describes whatever dbt command ran last in that target
folder, the record travels with the file it describes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import duckdb

#: The table the on-run-end hook appends to.
BUILD_RECORD_TABLE = "build_invocations"
#: The warning of a segment with fewer users than ``min_cell_size``: a green build, not published
#: unless forced, since its profiles describe a handful of people.
SMALL_SEGMENT_TEST = "segment_has_at_least_min_cell_size_users"

logger = logging.getLogger(__name__)


class BuildNotGreenError(RuntimeError):
    """The warehouse's last recorded build had failures (or no build is recorded)."""


@dataclass(frozen=True)
class BuildRecord:
    """The newest row of ``build_invocations``: one dbt invocation that wrote the warehouse."""

    invocation_id: str
    command: str
    selection: str
    started_at: str
    finished_at: str
    nodes: int
    failed_nodes: list[str]
    warned_nodes: list[str]
    is_green: bool

    def as_manifest(self) -> dict[str, Any]:
        """The record as the release manifest stores it."""
        return {
            "invocation_id": self.invocation_id,
            "command": self.command,
            "selection": self.selection,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "nodes": self.nodes,
            "failed_nodes": self.failed_nodes,
            "is_green": self.is_green,
        }


def last_build(connection: duckdb.DuckDBPyConnection) -> BuildRecord | None:
    """The newest recorded dbt invocation of the warehouse, or None when none is recorded."""
    found = connection.execute(
        "select count(*) from information_schema.tables where table_name = ?", [BUILD_RECORD_TABLE]
    ).fetchone()
    if not found[0]:
        return None
    row = connection.execute(
        "select invocation_id, command, selection, started_at, finished_at, nodes, "
        "failed_node_list, warned_node_list, is_green "
        f"from {BUILD_RECORD_TABLE} order by finished_at desc, started_at desc limit 1"
    ).fetchone()
    if row is None:
        return None
    invocation_id, command, selection, started, finished, nodes, failed, warned, green = row
    return BuildRecord(
        invocation_id=invocation_id,
        command=command,
        selection=selection or "",
        started_at=started.isoformat(sep=" ", timespec="seconds"),
        finished_at=finished.isoformat(sep=" ", timespec="seconds"),
        nodes=int(nodes),
        failed_nodes=_split(failed),
        warned_nodes=_split(warned),
        is_green=bool(green),
    )


def check_last_build(
    connection: duckdb.DuckDBPyConnection, *, force: bool = False, reason: str | None = None
) -> tuple[BuildRecord | None, bool]:
    """Refuse a warehouse whose last recorded build is not green, unless forced with a reason.

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        A connection to the warehouse.
    force : bool
        Publish anyway; needs ``reason``, which is logged and goes into the release manifest.
    reason : str, optional
        Why a red (or unrecorded) build is published.

    Returns
    -------
    (BuildRecord or None, bool)
        The last build, and whether the gate was overridden (True only when it would have refused).

    Raises
    ------
    BuildNotGreenError
        If the last build had a failed, errored or skipped node, or a segment smaller than
        ``min_cell_size`` (its warning), or no build is recorded, and ``force`` is off.
    ValueError
        If ``force`` is on without a reason.
    """
    if force and not (reason and reason.strip()):
        raise ValueError("--force needs --reason: say why a build that was not green is published.")
    record = last_build(connection)
    problem = _problem(record)
    if problem is None:
        return record, False
    if not force:
        raise BuildNotGreenError(
            f"{problem} Nothing was published. {_remedy(record)}, or publish "
            "anyway with --force --reason '<why>' (recorded in the release manifest; "
            "`user-segmentation export` then refuses the release unless given --allow-forced)."
        )
    logger.warning("Publishing although the gate refused: %s Reason given: %s", problem, reason)
    return record, True


def _problem(record: BuildRecord | None) -> str | None:
    if record is None:
        return (
            f"The warehouse has no build record (table {BUILD_RECORD_TABLE}, written by this "
            "project's on-run-end hook), so nothing says its last build was green."
        )
    small = [node for node in record.warned_nodes if SMALL_SEGMENT_TEST in node]
    if record.is_green and small:
        return (
            f"The last dbt {record.command} of this warehouse (invocation {record.invocation_id}, "
            f"finished {record.finished_at} UTC) warned that a segment has fewer users than "
            f"min_cell_size ({small[0]}): its published profile would describe a handful of "
            "people."
        )
    if record.is_green:
        return None
    return (
        f"The last dbt {record.command} of this warehouse (invocation {record.invocation_id}, "
        f"finished {record.finished_at} UTC) was not green: {failed_nodes_text(record, 5)}."
    )


def failed_nodes_text(record: BuildRecord, shown: int, short: bool = False) -> str:
    """The first ``shown`` failed nodes and how many more; ``short`` drops the node type and
    project ("model.user_segmentation.stg_x (error)" -> "stg_x (error)")."""
    nodes = [node.split(".", 2)[-1] if short else node for node in record.failed_nodes]
    text = ", ".join(nodes[:shown])
    if len(nodes) > shown:
        text += f" and {len(nodes) - shown} more"
    return text


def _remedy(record: BuildRecord | None) -> str:
    if record is not None and record.is_green:
        return (
            "Segment more users, or lower k_range or min_cell_size if the readers may see "
            "segments that small, and rerun `dbt build`"
        )
    return "Fix the failures and rerun `dbt build`"


def _split(text: str | None) -> list[str]:
    return [part for part in (text or "").split("; ") if part]
