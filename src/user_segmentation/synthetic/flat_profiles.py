"""The notebook's flat profiles CSV at any number of users, for benchmarks at the user grain.

Each written row copies the categories of a row of the notebook's 1,000-row CSV (picked by a hash
of the new id, so the same ``seed`` gives the same file) and jitters its numbers by up to ±20 %,
kept inside the column's valid range (rates in 0-1, hours per day at most 24). Every row is valid:
the file measures speed, not validation (the fault tests plant bad rows).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[3]
NOTEBOOK_CSV = PROJECT_DIR / "data" / "profiles" / "user_profiles_for_ads.csv"

# Header of the notebook CSV -> how a copied value is jittered (None: copied as is).
_INTEGER = "cast(round({value} * {factor}) as bigint)"
_HOURS = "round(least({value} * {factor}, 24.0), 1)"
_RATE = "round(least({value} * {factor}, 1.0), 3)"
JITTER = {
    "Likes and Reactions": _INTEGER,
    "Followed Accounts": _INTEGER,
    "Time Spent Online (hrs/weekday)": _HOURS,
    "Time Spent Online (hrs/weekend)": _HOURS,
    "Click-Through Rates (CTR)": _RATE,
    "Conversion Rates": _RATE,
    "Ad Interaction Time (sec)": _INTEGER,
}


def write_flat_profiles_csv(
    out: Path, n_users: int, seed: int = 42, source: Path = NOTEBOOK_CSV
) -> Path:
    """Write ``n_users`` rows shaped like the notebook CSV (same header, ids 1..n_users)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial.csv")
    with duckdb.connect() as connection:
        header = connection.execute(
            f"select * from read_csv('{source}', all_varchar = true) limit 0"
        ).fetchdf()
        columns = list(header.columns)
        selected = []
        for position, name in enumerate(columns):
            quoted = f'"{name}"'
            if position == 0:
                selected.append(f"ids.i + 1 as {quoted}")
            elif name in JITTER:
                # A factor in [0.8, 1.2) from a hash of (id, column, seed): reproducible per row.
                factor = f"(0.8 + 0.4 * (hash(ids.i, {position}, {seed}) % 1000000) / 1e6)"
                value = f"cast(template.{quoted} as double)"
                selected.append(f"{JITTER[name].format(value=value, factor=factor)} as {quoted}")
            else:
                selected.append(f"template.{quoted}")
        connection.execute(
            f"""
            copy (
                with template as (
                    select *, row_number() over () - 1 as template_row
                    from read_csv('{source}', all_varchar = true)
                )
                select {", ".join(selected)}
                from range({n_users}) as ids(i)
                join template on template.template_row = hash(ids.i, {seed}) % 1000
                order by ids.i
            ) to '{partial}' (header, delimiter ',')
            """
        )
    partial.replace(out)
    return out
