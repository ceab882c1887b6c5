"""Read commands (summary, report) on a warehouse whose build did not get as far as the marts.

A failed `dbt build` leaves the file without the segment marts (a first build) or with the last
good build's marts (a later one). Reading the first gave DuckDB's "Table ... does not exist"
traceback; the second printed old segments as if they were new. Both now say what happened.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from user_segmentation.serving.build_gate import BuildRecord, failed_nodes_text, last_build


class MartsMissingError(RuntimeError):
    """The warehouse has none of the segment marts a read command needs."""


def require_marts(database: Path, tables: tuple[str, ...]) -> str | None:
    """Raise MartsMissingError naming the last build when a table in ``tables`` is missing;
    return a note when the marts are there but the last recorded build was not green (they are
    an earlier build's), else None."""
    with duckdb.connect(str(database), read_only=True) as connection:
        present = {
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables"
            ).fetchall()
        }
        record = last_build(connection)
    missing = [table for table in tables if table not in present]
    if missing:
        raise MartsMissingError(
            f"{database} has no {missing[0]} table: {_last_build_text(record)} Fix what the "
            "build reported and rerun `dbt build`; this reads its segment marts."
        )
    if record is not None and not record.is_green:
        return (
            f"the last dbt {record.command} of {database} (finished {record.finished_at} UTC) was "
            f"not green (failed: {failed_nodes_text(record, 3, short=True)}): these segments "
            "are from an earlier, green build."
        )
    return None


def _last_build_text(record: BuildRecord | None) -> str:
    if record is None:
        return "no dbt build of this project is recorded in it."
    if record.is_green:
        return (
            f"its last dbt {record.command} (finished {record.finished_at} UTC) did not build "
            "the segment marts (a --select?)."
        )
    return (
        f"its last dbt {record.command} (finished {record.finished_at} UTC) stopped before the "
        f"segment marts (failed: {failed_nodes_text(record, 3, short=True)})."
    )
