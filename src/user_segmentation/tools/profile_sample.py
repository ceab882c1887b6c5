"""The rows the scaffold profiles: every row of a file up to PROFILE_SAMPLE_ROWS, else a uniform
sample of that many. Each column costs a handful of queries (casts, patterns, distinct counts,
top values), about a second per column per million rows, so profiling every row of a 10M-row
file took minutes; kinds, formats, quantiles and frequent values read the same from a sample.

What a sample cannot tell is how often a value repeats: a user id with a few events per user
looks almost unique in a 2% sample of its rows. So the distinct counts of the columns that look
unique in the sample are counted again over every row (`count_in_file`), in the scan that counts
the file's rows."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from user_segmentation.serving.sql_text import quote_identifier

PROFILE_SAMPLE_ROWS = 200_000
SAMPLE_SEED = 42
#: A column whose values are distinct in at least this share of the sampled rows is counted again
#: over every row: an id, a user id with few rows per user, a timestamp.
RECOUNT_DISTINCT_SHARE = 0.5


@dataclass(frozen=True)
class ProfiledRows:
    """How many rows the file has and how many of them the profile read."""

    in_file: int
    profiled: int

    @property
    def is_sample(self) -> bool:
        return self.profiled < self.in_file

    def note(self) -> str:
        """The config comment of a sampled profile (empty when every row was read)."""
        if not self.is_sample:
            return ""
        return (
            f"Profiled on a uniform sample of {self.profiled:,} of its {self.in_file:,} rows: "
            "the row counts in the comments below are the sample's."
        )


def create_profiled_table(
    connection: duckdb.DuckDBPyConnection, select_list: str, source: str, table: str = "t"
) -> int:
    """Create ``table`` as ``select {select_list} from {source}``, from a uniform sample of
    PROFILE_SAMPLE_ROWS rows when the source has more (the same rows on every run); return its
    rows. When that is PROFILE_SAMPLE_ROWS, `count_in_file` says how many the file has."""
    connection.execute(
        f"create table {table} as select {select_list} from {source} "
        f"using sample reservoir({PROFILE_SAMPLE_ROWS} rows) repeatable ({SAMPLE_SEED})"
    )
    [(profiled,)] = connection.execute(f"select count(*) from {table}").fetchall()
    return profiled


def may_be_a_sample(profiled: int) -> bool:
    """Whether a table of ``profiled`` rows made by `create_profiled_table` may hold a sample
    (the file may have more rows: `count_in_file`)."""
    return profiled >= PROFILE_SAMPLE_ROWS


def count_in_file(
    connection: duckdb.DuckDBPyConnection, source: str, columns: list[str]
) -> tuple[int, dict[str, tuple[int, int]]]:
    """The rows of ``source`` and, per column, its non-null and distinct values, in one scan."""
    counts = "".join(
        f", count({quoted}), count(distinct {quoted})"
        for quoted in (quote_identifier(column) for column in columns)
    )
    row = connection.execute(f"select count(*){counts} from {source}").fetchall()[0]
    return row[0], {column: (row[1 + 2 * i], row[2 + 2 * i]) for i, column in enumerate(columns)}


def looks_unique(distinct: int, non_null: int) -> bool:
    """Whether a sampled column's values are distinct often enough to count them again over
    every row (RECOUNT_DISTINCT_SHARE)."""
    return distinct >= RECOUNT_DISTINCT_SHARE * max(non_null, 1)


def distinct_scaled_to_sample(sampled_non_null: int, non_null_in_file: int, distinct: int) -> int:
    """The distinct count the sample would show if it repeated values as often as the file:
    the file's share of distinct values applied to the sample's non-null rows."""
    if not non_null_in_file:
        return 0
    return round(sampled_non_null * distinct / non_null_in_file)
