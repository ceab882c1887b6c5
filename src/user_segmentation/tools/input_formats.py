"""Which files the scaffold and the build read: CSV (any delimiter, gzipped too) and Parquet.

A JSON or spreadsheet file read as CSV gives hundreds of "malformed lines" (a JSON object's commas
look like fields) or a sniffing error that points at the delimiter, so the format is named with
the conversion instead (the build's macro require_supported_format says the same).
"""

from __future__ import annotations

from pathlib import PurePath

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods")


def is_parquet(path: str | PurePath) -> bool:
    """Whether the path (or glob) names Parquet files, in any case (``.PARQUET`` too)."""
    return str(path).lower().endswith(".parquet")


def unsupported_format_message(path: str | PurePath) -> str | None:
    """What to do with a JSON or spreadsheet file, or None for a file the build reads."""
    lowered = str(path).lower()
    if lowered.endswith(JSON_SUFFIXES):
        command = (
            f"python -c \"import duckdb; duckdb.sql(\\\"copy (select * from read_json('{path}')) "
            "to 'converted.parquet'\\\")\""
        )
        return (
            f"{path} is JSON: the scaffold and the build read CSV (any delimiter) and Parquet "
            f"files. Convert it to Parquet once (nested fields stay structs; flatten the ones "
            f"you need), e.g.\n  {command}\nthen scaffold converted.parquet."
        )
    if lowered.endswith(SPREADSHEET_SUFFIXES):
        return (
            f"{path} is a spreadsheet: the scaffold and the build read CSV (any delimiter) and "
            "Parquet files. Save the sheet as CSV (UTF-8) and scaffold that file."
        )
    return None
