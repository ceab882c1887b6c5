"""Generated malformed inputs for the fuzz suite, and what the build must do with each.

A case is a file (or files) written from clean rows plus planted faults, with the answer key:
which rows must be quarantined and on which column, or which file-level fault must stop the
build with a message naming the file. The runner builds only the input models of one shape in
a shared work folder (same vars every case, so dbt's partial parse is reused).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from conftest import DBT, PROFILES_CSV, PROJECT_DIR, dbt_environment

PROFILE_HEADER = next(csv.reader(PROFILES_CSV.open()))
PROFILE_ROWS = list(csv.DictReader(PROFILES_CSV.open()))[:40]

#: Row faults of the flat CSV: kind -> (CSV column, raw value, quarantine column).
PROFILE_ROW_FAULTS: dict[str, tuple[str, str, str]] = {
    "missing_user_id": ("User ID", "", "user_id"),
    "malformed_user_id": ("User ID", "12a", "user_id"),
    "negative_user_id": ("User ID", "-4", "user_id"),
    "unknown_age_band": ("Age", "17-", "age_band"),
    "unknown_income_band": ("Income Level", "999k+", "income_band"),
    "missing_value": ("Likes and Reactions", "", "likes_reactions"),
    "non_numeric_value": ("Followed Accounts", "many", "followed_accounts"),
    "non_finite_value": ("Ad Interaction Time (sec)", "NaN", "ad_interaction_s"),
    "infinite_value": ("Conversion Rates", "inf", "conversion_rate"),
    "rate_out_of_range": ("Click-Through Rates (CTR)", "1.5", "ctr"),
    "negative_rate": ("Conversion Rates", "-0.2", "conversion_rate"),
    "impossible_hours_per_day": ("Time Spent Online (hrs/weekend)", "30", "weekend_hours"),
    "impossible_weekday_hours": ("Time Spent Online (hrs/weekday)", "24.5", "weekday_hours"),
    "negative_count": ("Likes and Reactions", "-7", "likes_reactions"),
    "quote_in_text": ("Location", 'Sub"urban', None),  # odd but valid: kept
    "delimiter_in_text": ("Top Interests", "Art, Music; Food", None),  # valid: kept
    "unicode_text": ("Location", "Zürich – Öst", None),  # valid: kept
}

#: File faults every shape can get: each must stop the build naming the file.
FILE_FAULTS = ("missing_column", "header_only", "empty_file", "latin1_bytes")


@dataclass
class Case:
    """One generated input: what was written and what the build must do with it."""

    shape: str
    rows_written: int
    #: per data row (1-based, file order): the quarantine column expected, or None (accepted)
    expected_columns: dict[int, str | None] = field(default_factory=dict)
    #: a file-level fault: the build must stop with a clear message
    file_fault: str | None = None
    kinds: list[str] = field(default_factory=list)


def write_csv(path: Path, header: list[str], rows: list[list[str]], style: dict) -> None:
    """Write rows as CSV with the style's delimiter, line ending, encoding and BOM."""
    if style.get("file_fault") == "empty_file":
        path.write_bytes(b"")
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style["delimiter"], lineterminator=style["newline"])
    writer.writerow(header)
    if style.get("file_fault") != "header_only":
        writer.writerows(rows)
    text = buffer.getvalue()
    if style.get("file_fault") == "latin1_bytes":  # not UTF-8: a byte DuckDB cannot decode
        path.write_bytes(
            (text + style["delimiter"].join(["Bärlin"] * len(header))).encode("latin-1")
        )
        return
    encoding = "utf-8-sig" if style["bom"] else "utf-8"
    path.write_bytes(text.encode(encoding))


def profile_case(path: Path, draw_rows: list[tuple[int, str]], style: dict) -> Case:
    """A flat-profiles CSV of the given (clean row index, fault kind) rows, and its answer key.

    ``fault kind`` is a key of `PROFILE_ROW_FAULTS`, ``"duplicate_id"`` (the id of the previous
    row) or ``"clean"``.
    """
    header = list(PROFILE_HEADER)
    rows, faults = [], []
    for position, (source_index, kind) in enumerate(draw_rows):
        row = dict(PROFILE_ROWS[source_index % len(PROFILE_ROWS)])
        row["User ID"] = str(1000 + position)
        if kind == "duplicate_id" and position > 0:
            row["User ID"] = rows[position - 1]["User ID"]
        elif kind in PROFILE_ROW_FAULTS:
            column, value, _ = PROFILE_ROW_FAULTS[kind]
            row[column] = value
        rows.append(row)
        faults.append(kind if kind != "duplicate_id" or position > 0 else "clean")
    if style.get("extra_column"):
        header.append("Notes")
        for row in rows:
            row["Notes"] = "free text, with a comma"
    if style.get("file_fault") == "missing_column":
        header.remove("Conversion Rates")
    write_csv(path, header, [[row[column] for column in header] for row in rows], style)
    case = Case("profiles_csv", len(rows), file_fault=style.get("file_fault"), kinds=faults)
    if case.file_fault:
        return case
    bad_ids = {PROFILE_ROW_FAULTS[kind][1] for kind in PROFILE_ROW_FAULTS if "user_id" in kind}
    first_passing_ids: set[str] = set()
    for position, (row, kind) in enumerate(zip(rows, faults, strict=True), start=1):
        column = PROFILE_ROW_FAULTS[kind][2] if kind in PROFILE_ROW_FAULTS else None
        if row["User ID"] in bad_ids:
            column = "user_id"  # a copy of a missing or malformed id
        if column is None and row["User ID"] in first_passing_ids:
            column = "user_id"  # a later copy of a usable id
        if column is None:
            first_passing_ids.add(row["User ID"])
        case.expected_columns[position] = column
    return case


#: Row faults of a user table (id column customer_id, numeric spend and visits, text plan).
TABLE_HEADER = ["customer_id", "spend", "visits", "plan"]
TABLE_ROW_FAULTS: dict[str, tuple[str, str, bool]] = {
    # kind -> (column, raw value, whether the build must stop)
    "missing_value": ("spend", "", False),  # filled by `missing: median`
    "negative_value": ("spend", "-12.5", False),  # a user table may hold negatives
    "empty_category": ("plan", "", False),
    "empty_id": ("customer_id", "", True),
    "text_id": ("customer_id", "C-17", True),
    "text_in_numeric": ("visits", "seven", True),
    "nan_in_numeric": ("spend", "NaN", True),
    "infinite_in_numeric": ("visits", "-inf", True),
}


def table_case(path: Path, draw_rows: list[tuple[int, str]], style: dict) -> Case:
    """A user table CSV and its answer key: stops (with the column) or every row kept."""
    rows, kinds = [], []
    for position, (seed, kind) in enumerate(draw_rows):
        row = {
            "customer_id": str(500 + position),
            "spend": f"{(seed * 37) % 900 / 3:.2f}",
            "visits": str((seed * 11) % 40),
            "plan": ["basic", "plus", "pro"][seed % 3],
        }
        if kind == "duplicate_id" and position > 0:
            row["customer_id"] = rows[position - 1]["customer_id"]
        elif kind in TABLE_ROW_FAULTS:
            column, value, _ = TABLE_ROW_FAULTS[kind]
            row[column] = value
        rows.append(row)
        kinds.append(kind if kind != "duplicate_id" or position > 0 else "clean")
    header = list(TABLE_HEADER)
    if style.get("extra_column"):
        header.append("comment")
        for row in rows:
            row["comment"] = "n/a"
    if style.get("file_fault") == "missing_column":
        header.remove("visits")
    write_csv(path, header, [[row[column] for column in header] for row in rows], style)
    stopping = [
        kind
        for kind in kinds
        if kind == "duplicate_id" or TABLE_ROW_FAULTS.get(kind, ("", "", 0))[2]
    ]
    if any(kind in ("empty_id", "text_id") for kind in kinds):
        stopping.append("duplicate_id")  # the checks name the id column first
    case = Case("table", len(rows), file_fault=style.get("file_fault"), kinds=kinds)
    if not case.file_fault and stopping:
        case.file_fault = "bad_rows:" + ",".join(sorted(set(stopping)))
    return case


TABLE_VARS = {
    "user_source": "table",
    "user_table": {
        "id_column": "customer_id",
        "numeric_features": [
            {"column": "spend", "label": "Spend", "missing": "median"},
            {"column": "visits", "label": "Visits", "missing": "zero"},
        ],
        "categorical_features": [{"column": "plan", "label": "Plan"}],
    },
    "segmentation_overrides": {"k": 2},
}

#: What the build of each shape selects: the input models and their tests, nothing downstream.
SELECTIONS = {
    "profiles_csv": ["+input_reconciliation", "+input_quarantine"],
    "table": ["+int_user_features_from_table"],
}


@dataclass
class Outcome:
    returncode: int
    output: str


class FuzzRunner:
    """Builds one shape's input models on a fixed path in a shared work folder."""

    def __init__(self, work: Path, shape: str, variables: dict):
        self.work = work
        self.shape = shape
        self.database = work / "fuzz.duckdb"
        self.variables = variables
        self.environment = dbt_environment(self.database)

    def build(self) -> Outcome:
        if self.database.exists():
            os.remove(self.database)
        command = [
            DBT,
            "build",
            "--select",
            *SELECTIONS[self.shape],
            "--indirect-selection",
            "cautious",
            "--vars",
            json.dumps(self.variables),
        ]
        completed = subprocess.run(
            command,
            cwd=PROJECT_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            check=False,
        )
        return Outcome(completed.returncode, completed.stdout + completed.stderr)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(sql).fetchall()


FIX_WORDS = re.compile(
    r"Export the data again|Rename the columns|save the file|point var|Fix the export|fix the export|set user_table|re-save|UTF-8"
)


def assert_clear_error(outcome: Outcome, path: Path, column: str | None = None) -> None:
    """The build stopped with a message naming the file (and column) and a fix; no traceback."""
    text = " ".join(outcome.output.split())
    assert outcome.returncode != 0, "the build passed although the input is unusable"
    assert "Traceback" not in outcome.output, outcome.output[-3000:]
    assert str(path) in text, f"the error does not name {path}: {text[-2000:]}"
    if column:
        assert column in text, f"the error does not name column {column}: {text[-2000:]}"
    assert FIX_WORDS.search(text), f"the error names no fix: {text[-2000:]}"
