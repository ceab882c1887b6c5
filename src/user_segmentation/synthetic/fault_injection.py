"""Messy copies of clean inputs with an answer key: which rows are bad and for which rule.

``inject_row_faults`` turns a demo data folder (``events/``, ``users/``) into a messy one: every
column is written as text (as CSV-born exports often are), and about ``bad_row_share`` extra rows
of mixed kinds are mixed in at random positions. Each bad row breaks exactly one quarantine rule,
so the staging models must put it in quarantine with that reason; every original row must still be
accepted. ``inject_profile_faults`` does the same for the notebook's flat CSV. The answer key
(``ground_truth/injected_faults.parquet``) lists each bad row by file and row number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = [
    "EVENT_FAULTS",
    "PROFILE_FAULTS",
    "USER_FAULTS",
    "inject_profile_faults",
    "inject_row_faults",
]

# reason code -> (column, raw value); None = the column is null. Values are text, as in the file.
EVENT_FAULTS: dict[str, tuple[str, str | None]] = {
    "missing_event_id": ("event_id", None),
    "malformed_event_id": ("event_id", "evt-0042"),
    "missing_user_id": ("user_id", None),
    "malformed_user_id": ("user_id", "user#17"),
    "missing_event_at": ("event_at", None),
    "unparseable_event_at": ("event_at", "31/10/2026 25:61"),
    "future_event_at": ("event_at", "2099-01-01 00:00:00"),
    "unknown_event_type": ("event_type", "share"),
    "non_numeric_duration": ("duration_s", "ten minutes"),
    "non_finite_duration": ("duration_s", "NaN"),
    "negative_duration": ("duration_s", "-42.5"),
    "impossible_duration": ("duration_s", "90000"),  # longer than a day
    "duplicate_event_id": ("event_id", None),  # an exact copy of an earlier row
    "unknown_user": ("user_id", None),  # an id that is not in the users file
}
USER_FAULTS: dict[str, tuple[str, str | None]] = {
    "missing_user_id": ("user_id", None),
    "malformed_user_id": ("user_id", "U-0007"),
    "non_numeric_birth_year": ("birth_year", "nineteen-eighty"),
    "impossible_birth_year": ("birth_year", "1850"),
    "unknown_income_band": ("income_band", "666666"),
    "duplicate_user_id": ("user_id", None),  # an exact copy of an earlier row
}
PROFILE_FAULTS: dict[str, tuple[str, str | None]] = {
    "missing_user_id": ("User ID", None),
    "malformed_user_id": ("User ID", "12a"),
    "unknown_age_band": ("Age", "17-"),
    "unknown_income_band": ("Income Level", "666666"),
    "missing_value": ("Time Spent Online (hrs/weekday)", None),
    "non_numeric_value": ("Likes and Reactions", "lots"),
    "non_finite_value": ("Ad Interaction Time (sec)", "inf"),
    "rate_out_of_range": ("Click-Through Rates (CTR)", "1.7"),
    "negative_value": ("Followed Accounts", "-3"),
    "impossible_hours_per_day": ("Time Spent Online (hrs/weekend)", "30"),
    "duplicate_user_id": ("User ID", None),  # an exact copy of an earlier row
}
# Rules whose quarantine column differs from the column the generator corrupts.
_REPORTED_COLUMN = {
    "missing_value": "weekday_hours",
    "non_numeric_value": "likes_reactions",
    "non_finite_value": "ad_interaction_s",
    "rate_out_of_range": "ctr",
    "negative_value": "followed_accounts",
    "impossible_hours_per_day": "weekend_hours",
    "unknown_age_band": "age_band",
    "unknown_income_band": "income_band",
    "missing_user_id": "user_id",
    "malformed_user_id": "user_id",
    "duplicate_user_id": "user_id",
}
ANSWER_KEY_SCHEMA = pa.schema(
    [
        ("source_name", pa.string()),
        ("source_file", pa.string()),
        ("source_row_number", pa.int64()),
        ("quarantine_reason", pa.string()),
        ("quarantine_column", pa.string()),
    ]
)


def inject_row_faults(
    clean_dir: Path, out_dir: Path, bad_row_share: float = 0.01, seed: int = 7
) -> pa.Table:
    """Write a messy copy of a demo data folder and return the answer key.

    Parameters
    ----------
    clean_dir : Path
        Folder with ``events/*.parquet`` and ``users/*.parquet`` (as ``generate_demo_data`` writes).
    out_dir : Path
        Where ``events/part-00000.parquet``, ``users/users.parquet`` (all columns text) and
        ``ground_truth/injected_faults.parquet`` are written.
    bad_row_share : float
        Bad rows added per source, as a share of its clean rows (at least one of each kind).
    seed : int
        Seed of the positions and the rows copied.

    Returns
    -------
    pyarrow.Table
        The answer key: source_name, source_file, source_row_number, quarantine_reason,
        quarantine_column, one row per injected bad row.
    """
    if not 0 <= bad_row_share < 1:
        raise ValueError(f"bad_row_share must be in [0, 1), got {bad_row_share}")
    rng = np.random.default_rng(seed)
    clean_dir, out_dir = Path(clean_dir), Path(out_dir)
    events = _as_text(pq.read_table(sorted((clean_dir / "events").glob("*.parquet"))))
    users = _as_text(pq.read_table(sorted((clean_dir / "users").glob("*.parquet"))))
    n_users = len(users)
    event_ids = pc.cast(events["event_id"], pa.int64())
    next_event_id = int(pc.max(event_ids).as_py()) + 1
    keys = []
    for source_name, table, faults, path in (
        ("app.events", events, EVENT_FAULTS, out_dir / "events" / "part-00000.parquet"),
        ("app.users", users, USER_FAULTS, out_dir / "users" / "users.parquet"),
    ):
        n_bad = max(len(faults), round(bad_row_share * len(table)))
        reasons = [list(faults)[i % len(faults)] for i in range(n_bad)]
        rows, after = [], []
        for number, reason in enumerate(reasons):
            copied = int(rng.integers(len(table)))
            row = table.slice(copied, 1).to_pylist()[0]
            column, value = faults[reason]
            if source_name == "app.events":
                row["event_id"] = str(next_event_id + number)
                if reason == "unknown_user":
                    value = str(n_users + 1_000_000 + number)
            else:
                row["user_id"] = str(n_users + 1_000_000 + number)
            if reason.startswith("duplicate_"):
                row = table.slice(copied, 1).to_pylist()[0]
            else:
                row[column] = value
            rows.append(row)
            after.append(copied if reason.startswith("duplicate_") else -1)
        bad = pa.Table.from_pylist(rows, table.schema)
        written, positions = _interleave(table, bad, after, rng)
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob("*.parquet"):
            stale.unlink()
        pq.write_table(written, path, compression="zstd")
        keys.append(_answer_key(source_name, path, positions, reasons, faults))
    answer_key = pa.concat_tables(keys)
    truth = out_dir / "ground_truth"
    truth.mkdir(parents=True, exist_ok=True)
    pq.write_table(answer_key, truth / "injected_faults.parquet")
    return answer_key


def inject_profile_faults(
    clean_csv: Path,
    out_csv: Path,
    *,
    bom: bool = True,
    crlf: bool = True,
    extra_column: bool = True,
    delimiter: str = "\t",
    seed: int = 7,
) -> pa.Table:
    """Write a messy copy of the flat profiles CSV (one bad row of each kind) and its answer key.

    The copy also has a UTF-8 BOM, Windows line endings, an extra column and tabs for commas
    (as Kaggle-style tools export) when asked: those are handled (not quarantined), so only the bad
    rows may be missing from the accepted rows.
    """
    rng = np.random.default_rng(seed)
    with open(clean_csv, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for row in reader]
    highest_id = max(int(row[0]) for row in rows)
    bad, after = [], []
    for number, (reason, (column, value)) in enumerate(PROFILE_FAULTS.items()):
        copied = int(rng.integers(len(rows)))
        row = list(rows[copied])
        if not reason.startswith("duplicate_"):
            row[0] = str(highest_id + 1 + number)
            row[header.index(column)] = "" if value is None else value
        bad.append(row)
        after.append(copied if reason.startswith("duplicate_") else -1)
    order = _interleaved_order(len(rows), after, rng)
    all_rows = rows + bad
    out_header = [*header, "Exported By"] if extra_column else header
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(out_header)
    for index in order:
        writer.writerow([*all_rows[index], "crm-export"] if extra_column else all_rows[index])
    out_csv = Path(out_csv)
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    out_csv.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
    positions = [int(np.flatnonzero(order == len(rows) + i)[0]) + 1 for i in range(len(bad))]
    return _answer_key(
        "flat_profiles.user_profiles", out_csv, positions, list(PROFILE_FAULTS), PROFILE_FAULTS
    )


def _as_text(table: pa.Table) -> pa.Table:
    return pa.table({name: pc.cast(table[name], pa.string()) for name in table.column_names})


def _interleaved_order(n_clean: int, after: list[int], rng: np.random.Generator) -> np.ndarray:
    """Row order of clean rows then bad rows, bad rows at random places (copies after originals)."""
    sort_keys = np.concatenate(
        [
            np.arange(n_clean, dtype=np.float64),
            [
                rng.uniform(copied + 0.5, n_clean) if copied >= 0 else rng.uniform(-0.5, n_clean)
                for copied in after
            ],
        ]
    )
    return np.argsort(sort_keys, kind="stable")


def _interleave(clean: pa.Table, bad: pa.Table, after: list[int], rng: np.random.Generator):
    order = _interleaved_order(len(clean), after, rng)
    written = pa.concat_tables([clean, bad]).take(pa.array(order))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    positions = [int(rank[len(clean) + i]) + 1 for i in range(len(bad))]
    return written, positions


def _answer_key(source_name, path, positions, reasons, faults) -> pa.Table:
    columns = [_REPORTED_COLUMN.get(reason, faults[reason][0]) for reason in reasons]
    if source_name != "flat_profiles.user_profiles":
        columns = [faults[reason][0] for reason in reasons]
    return pa.table(
        {
            "source_name": [source_name] * len(reasons),
            "source_file": [str(path)] * len(reasons),
            "source_row_number": positions,
            "quarantine_reason": reasons,
            "quarantine_column": columns,
        },
        schema=ANSWER_KEY_SCHEMA,
    )
