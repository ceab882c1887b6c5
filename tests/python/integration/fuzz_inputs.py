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
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from support import PROFILES_CSV, PROJECT_DIR, DbtResult, dbt_environment, invoke_dbt

PROFILE_HEADER = next(csv.reader(PROFILES_CSV.open()))
PROFILE_ROWS = list(csv.DictReader(PROFILES_CSV.open()))[:40]

#: Row faults of the flat CSV: kind -> (CSV column, raw value, quarantine column).
PROFILE_ROW_FAULTS: dict[str, tuple[str, str, str]] = {
    "missing_user_id": ("User ID", "", "user_id"),
    "malformed_user_id": ("User ID", "12a", "user_id"),
    "negative_user_id": ("User ID", "-4", "user_id"),
    # Not rounded to 12 (a plain try_cast to bigint would merge it with user 12).
    "fractional_user_id": ("User ID", "12.5", "user_id"),
    # A spreadsheet's rounding of an id: not user 1200.
    "exponent_user_id": ("User ID", "1.2e3", "user_id"),
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


def write_csv(
    path: Path,
    header: list[str],
    rows: list[dict],
    style: dict,
    *,
    extra_column: tuple[str, str],
    missing_column: str,
) -> None:
    """Write rows as CSV with the style's delimiter, line ending, encoding and BOM.

    The style's ``extra_column`` adds `extra_column` (name, value) to every row; the file fault
    ``missing_column`` leaves `missing_column` out.
    """
    extra_name, extra_value = extra_column
    header = list(header)
    if style.get("extra_column"):
        header.append(extra_name)
    if style.get("file_fault") == "missing_column":
        header.remove(missing_column)
    cells = [[{**row, extra_name: extra_value}[column] for column in header] for row in rows]
    if style.get("file_fault") == "empty_file":
        path.write_bytes(b"")
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style["delimiter"], lineterminator=style["newline"])
    writer.writerow(header)
    if style.get("file_fault") != "header_only":
        writer.writerows(cells)
    text = buffer.getvalue()
    if style.get("file_fault") == "latin1_bytes":  # not UTF-8: a byte DuckDB cannot decode
        path.write_bytes(
            (text + style["delimiter"].join(["Bärlin"] * len(header))).encode(
                "latin-1", errors="replace"
            )
        )
        return
    encoding = "utf-8-sig" if style["bom"] else "utf-8"
    path.write_bytes(text.encode(encoding))


def profile_case(path: Path, draw_rows: list[tuple[int, str]], style: dict) -> Case:
    """A flat-profiles CSV of the given (clean row index, fault kind) rows, and its answer key.

    ``fault kind`` is a key of `PROFILE_ROW_FAULTS`, ``"duplicate_id"`` (the id of the previous
    row) or ``"clean"``.
    """
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
    write_csv(
        path, PROFILE_HEADER, rows, style,
        extra_column=("Notes", "free text, with a comma"), missing_column="Conversion Rates",
    )  # fmt: skip
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


#: Row faults of a user table (id column customer_id, numeric spend and visits, text plan):
#: kind -> (CSV column, raw value, quarantine column or None when the row is kept).
TABLE_HEADER = ["customer_id", "spend", "visits", "plan"]
TABLE_ROW_FAULTS: dict[str, tuple[str, str, str | None]] = {
    "missing_value": ("spend", "", None),  # filled by `missing: median`
    "negative_value": ("spend", "-12.5", None),  # a user table may hold negatives
    "empty_category": ("plan", "", None),
    "empty_id": ("customer_id", "", "user_id"),
    "text_id": ("customer_id", "C-17", None),  # the ids become text ids: kept
    "fractional_id": ("customer_id", "501.5", None),  # a text id too, not user 501 or 502
    "summary_row": ("customer_id", " Total ", "user_id"),  # a spreadsheet's total, not a user
    "text_in_numeric": ("visits", "seven", "visits"),
    "nan_in_numeric": ("spend", "NaN", "spend"),
    "infinite_in_numeric": ("visits", "-inf", "visits"),
}


#: var summary_row_labels: a text id that is one of these (any case) is quarantined as summary_row.
SUMMARY_ROW_LABELS = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
    "summary_row_labels"
]


def table_case(path: Path, draw_rows: list[tuple[int, str]], style: dict) -> Case:
    """A user table CSV and its answer key: the quarantine column of each bad row."""
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
    write_csv(
        path, TABLE_HEADER, rows, style, extra_column=("comment", "n/a"), missing_column="visits"
    )
    case = Case("table", len(rows), file_fault=style.get("file_fault"), kinds=kinds)
    first_passing_ids: set[str] = set()
    for position, (row, kind) in enumerate(zip(rows, kinds, strict=True), start=1):
        column = None
        if row["customer_id"] == "" or row["customer_id"].strip().lower() in SUMMARY_ROW_LABELS:
            column = "user_id"
        elif kind in TABLE_ROW_FAULTS and TABLE_ROW_FAULTS[kind][2] not in (None, "user_id"):
            column = TABLE_ROW_FAULTS[kind][2]
        elif row["customer_id"] in first_passing_ids:
            column = "user_id"  # a later copy of a usable id
        else:
            first_passing_ids.add(row["customer_id"])
        case.expected_columns[position] = column
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
    "events": ["+input_reconciliation", "+input_quarantine"],
    "table": ["+input_reconciliation", "+input_quarantine"],
}


class FuzzRunner:
    """Builds one shape's input models in-process (dbt's Python API) on fixed paths and vars.

    In-process runs skip dbt's start-up (~4 s a case on this machine); the project is parsed
    once, on the first case, and every case runs on that manifest without writing it or the run
    results back (together ~1.7 s of a case's ~2.5 s). Every case rebuilds every selected node,
    so a case never reads the previous one's tables after a green build. Set FUZZ_CASE_LOG to
    append one line per case (shape, outcome and fault kinds): `make fuzz` counts them.
    """

    def __init__(self, work: Path, shape: str, variables: dict):
        self.work = work
        self.shape = shape
        self.database = work / "fuzz.duckdb"
        self.variables = variables
        self.manifest = None

    def build(self, case: Case | None = None) -> DbtResult:
        environment = dbt_environment(self.database)
        environment.update(DUCKDB_TEMP_DIR=str(self.work / "tmp"))
        if self.manifest is None:
            parsed = invoke_dbt(["parse", "--vars", json.dumps(self.variables)], environment)
            assert parsed.returncode == 0, parsed.output[-4000:]
            self.manifest = parsed.result
        arguments = [
            "build",
            "--no-write-json",
            "--select",
            *SELECTIONS[self.shape],
            "--indirect-selection",
            "cautious",
            "--exclude-resource-type",
            "unit_test",
            "--vars",
            json.dumps(self.variables),
        ]
        result = invoke_dbt(arguments, environment, with_log=True, manifest=self.manifest)
        outcome = DbtResult(min(result.returncode, 1), result.output)
        if case is not None and os.environ.get("FUZZ_CASE_LOG"):
            with open(os.environ["FUZZ_CASE_LOG"], "a") as log:
                status = "passed" if outcome.returncode == 0 else "refused"
                kinds = sorted(set(case.kinds) - {"clean"})
                log.write(f"{self.shape}\t{status}\t{case.file_fault or ''}\t{','.join(kinds)}\n")
        return outcome

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(sql).fetchall()


FIX_WORDS = re.compile(
    r"Export the data again|Rename the columns|[Ss]ave the file|point var|[Ff]ix the export|"
    r"set user_table|Write every file with the same schema"
)


def assert_clear_error(outcome: DbtResult, path: Path, column: str | None = None) -> None:
    """The build stopped with a message naming the file (and column) and a fix; no traceback."""
    text = " ".join(outcome.output.split())
    assert outcome.returncode != 0, "the build passed although the input is unusable"
    assert "Traceback" not in outcome.output, outcome.output[-3000:]
    assert str(path) in text, f"the error does not name {path}: {text[-2000:]}"
    if column:
        assert column in text, f"the error does not name column {column}: {text[-2000:]}"
    assert FIX_WORDS.search(text), f"the error names no fix: {text[-2000:]}"


# Events + users Parquet ---------------------------------------------------------------------

#: Event row faults: kind -> (column, raw value, quarantine reason). Text values make the column a
#: text column in that file (as exports with mixed values are).
EVENT_ROW_FAULTS: dict[str, tuple[str, object, str]] = {
    "missing_event_id": ("event_id", None, "missing_event_id"),
    "text_event_id": ("event_id", "evt-9", "malformed_event_id"),
    "missing_user_id": ("user_id", None, "missing_user_id"),
    "text_user_id": ("user_id", "u#3", "malformed_user_id"),
    "zero_user_id": ("user_id", 0, "malformed_user_id"),
    "exponent_user_id": ("user_id", "5.2e8", "malformed_user_id"),
    "missing_event_at": ("event_at", None, "missing_event_at"),
    "text_event_at": ("event_at", "31/11/2026 25:61", "unparseable_event_at"),
    "future_event_at": ("event_at", "2099-01-01 00:00:00", "future_event_at"),
    "unknown_event_type": ("event_type", "share", "unknown_event_type"),
    "text_duration": ("duration_s", "ten", "non_numeric_duration"),
    "nan_duration": ("duration_s", float("nan"), "non_finite_duration"),
    "infinite_duration": ("duration_s", float("inf"), "non_finite_duration"),
    "negative_duration": ("duration_s", -5.0, "negative_duration"),
    "impossible_duration": ("duration_s", 90_000.0, "impossible_duration"),
    "unknown_user": ("user_id", 999_999, "unknown_user"),
}
USER_ROW_FAULTS: dict[str, tuple[str, object, str]] = {
    "missing_user_id": ("user_id", None, "missing_user_id"),
    "text_user_id": ("user_id", "U-7", "malformed_user_id"),
    "text_birth_year": ("birth_year", "nineteen", "non_numeric_birth_year"),
    "impossible_birth_year": ("birth_year", 1850, "impossible_birth_year"),
    "future_birth_year": ("birth_year", 2090, "impossible_birth_year"),
    "unknown_income_band": ("income_band", "666666", "unknown_income_band"),
}
EVENT_FILE_FAULTS = ("missing_column", "no_rows", "mixed_types")
EVENT_TYPES = ["session", "like", "reaction", "ad_impression", "ad_click", "conversion", "follow"]


def _column(values: list) -> list:
    """A column as written: all text when any value is text, else as given."""
    if any(isinstance(value, str) for value in values):
        return [None if value is None else str(value) for value in values]
    return values


def events_case(raw: Path, user_kinds: list[str], event_rows: list[tuple[int, str]], style: dict):
    """events/part-0.parquet and users/part-0.parquet from planted faults, and the answer key.

    Returns the Case with expected reasons keyed by (source, row) in ``expected_columns``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    for folder in ("events", "users"):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for old in (raw / folder).glob("*.parquet"):
            old.unlink()
    users = []
    for position, kind in enumerate(user_kinds):
        row = {
            "user_id": position + 1,
            "birth_year": 1960 + position * 3,
            "gender": ["Female", "Male"][position % 2],
            "income_band": ["20k-40k", "40k-60k"][position % 2],
            "location": "Urban",
            "language": "English",
            "education": "Bachelor",
            "device": "Mobile Only",
            "interests": "Art, Music",
        }
        if kind == "duplicate_user_id" and position > 0:
            row["user_id"] = users[position - 1]["user_id"]
        elif kind in USER_ROW_FAULTS:
            column, value, _ = USER_ROW_FAULTS[kind]
            row[column] = value
        users.append(row)
    user_reasons, accepted_users = {}, set()
    for position, (row, kind) in enumerate(zip(users, user_kinds, strict=True), start=1):
        reason = USER_ROW_FAULTS[kind][2] if kind in USER_ROW_FAULTS else None
        if kind == "duplicate_user_id" and position > 1:  # judged by the id it copied
            if row["user_id"] is None:
                reason = "missing_user_id"
            elif isinstance(row["user_id"], str):
                reason = "malformed_user_id"
        if reason is None and row["user_id"] in accepted_users:
            reason = "duplicate_user_id"
        if reason is None:
            accepted_users.add(row["user_id"])
        user_reasons[position] = reason

    events = []
    for position, (seed, kind) in enumerate(event_rows):
        event_type = EVENT_TYPES[seed % len(EVENT_TYPES)]
        row = {
            "event_id": 10_000 + position,
            "user_id": (seed % len(users)) + 1,
            "event_at": f"2026-11-{1 + seed % 20:02d} {seed % 24:02d}:{seed % 60:02d}:00",
            "event_type": event_type,
            "duration_s": float(30 + seed) if event_type in ("session", "ad_impression") else None,
        }
        if kind == "duplicate_event_id" and position > 0:
            row["event_id"] = events[position - 1]["event_id"]
        elif kind in EVENT_ROW_FAULTS:
            column, value, _ = EVENT_ROW_FAULTS[kind]
            row[column] = value
        events.append(row)
    event_reasons, usable_event_ids = {}, set()
    event_kinds = [kind for _, kind in event_rows]
    for position, (row, kind) in enumerate(zip(events, event_kinds, strict=True), start=1):
        # Row rules first; a repeated id is judged among rows passing them; unknown users last.
        reason = EVENT_ROW_FAULTS[kind][2] if kind in EVENT_ROW_FAULTS else None
        if reason == "unknown_user":
            reason = None
        if kind == "duplicate_event_id" and position > 1:  # judged by the id it copied
            if row["event_id"] is None:
                reason = "missing_event_id"
            elif isinstance(row["event_id"], str):
                reason = "malformed_event_id"
        if reason is None:
            if row["event_id"] in usable_event_ids:
                reason = "duplicate_event_id"
            else:
                usable_event_ids.add(row["event_id"])
                if row["user_id"] not in accepted_users:
                    reason = "unknown_user"
        event_reasons[position] = reason

    def table(rows: list[dict], drop: str | None = None, extra: bool = False) -> pa.Table:
        columns = {name: _column([row[name] for row in rows]) for name in rows[0]}
        if "event_at" in columns and all(
            value is None or isinstance(value, str) for value in columns["event_at"]
        ):
            parsed = _timestamps(columns["event_at"])
            if parsed is not None:
                columns["event_at"] = parsed
        if drop:
            columns.pop(drop)
        if extra:
            columns["comment"] = ["x"] * len(rows)
        return pa.table(columns)

    fault = style.get("file_fault")
    users_table = table(users, extra=style.get("extra_column", False))
    pq.write_table(users_table, raw / "users" / "part-0.parquet")
    events_table = table(events, drop="duration_s" if fault == "missing_column" else None)
    if fault == "mixed_types" and events_table["event_id"].null_count == len(events_table):
        fault = None  # an all-null id column has no type to mix (found by make fuzz)
    if fault == "no_rows":
        events_table = events_table.slice(0, 0)
    pq.write_table(events_table, raw / "events" / "part-0.parquet")
    if fault == "mixed_types":
        # The same rows with event_id of the other physical type (text vs integer).
        ids = events_table["event_id"]
        retyped = (
            pa.array([None] * len(ids), type=pa.int64())
            if pa.types.is_string(ids.type)
            else pa.array([None if v is None else str(v) for v in ids.to_pylist()])
        )
        other = events_table.set_column(0, "event_id", retyped)
        pq.write_table(other, raw / "events" / "part-1.parquet")
    case = Case("events", len(events) + len(users), file_fault=fault)
    case.expected_columns = {
        **{("app.users", row): reason for row, reason in user_reasons.items() if reason},
        **{("app.events", row): reason for row, reason in event_reasons.items() if reason},
    }
    case.kinds = [*user_kinds, *[kind for _, kind in event_rows]]
    return case


def _timestamps(values: list):
    """Timestamps when every value parses (a clean column is a real timestamp column), else None."""
    import datetime

    import pyarrow as pa

    parsed = []
    for value in values:
        if value is None:
            parsed.append(None)
            continue
        try:
            parsed.append(datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S"))
        except ValueError:
            return None
    return pa.array(parsed, type=pa.timestamp("us"))
