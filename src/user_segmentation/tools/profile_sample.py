"""The rows the scaffold profiles: every row of a file up to PROFILE_SAMPLE_ROWS, else a uniform
sample of that many. Each column costs a handful of queries (casts, patterns, distinct counts,
top values), about a second per column per million rows, so profiling every row of a 10M-row
file took minutes; kinds, formats, quantiles and frequent values read the same from a sample.

What a sample cannot tell is how often a value repeats: a user id with a few events per user
looks almost unique in a 2% sample of its rows. So the distinct counts of the columns that look
unique in the sample are counted again over every row (`count_repeats_in_file`), in the scan that
counts the file's rows."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

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

    def note_lines(self) -> list[str]:
        """The config's comment lines saying the profile read a sample (none when every row was
        read)."""
        if not self.is_sample:
            return []
        note = (
            f"Profiled on a uniform sample of {self.profiled:,} of its {self.in_file:,} rows: "
            "the row counts in the comments below are the sample's."
        )
        return [f"# {line}" for line in textwrap.wrap(note, 96)]


class SampledColumn(Protocol):
    """What `count_repeats_in_file` reads and sets on a column's profile (a user table's
    ColumnProfile, an event log's LogColumn)."""

    column: str
    distinct: int
    non_null_in_file: int | None
    distinct_in_file: int | None

    @property
    def non_null(self) -> int: ...


def create_profiled_table(
    connection: duckdb.DuckDBPyConnection, select_list: str, source: str, table: str = "t"
) -> int:
    """Create ``table`` as ``select {select_list} from {source}``, from a uniform sample of
    PROFILE_SAMPLE_ROWS rows when the source has more (the same rows on every run); return its
    rows (`count_repeats_in_file` then says how many the file has)."""
    connection.execute(
        f"create table {table} as select {select_list} from {source} "
        f"using sample reservoir({PROFILE_SAMPLE_ROWS} rows) repeatable ({SAMPLE_SEED})"
    )
    [(profiled,)] = connection.execute(f"select count(*) from {table}").fetchall()
    return profiled


def count_repeats_in_file(
    connection: duckdb.DuckDBPyConnection,
    profiled: int,
    source: str,
    columns: Sequence[SampledColumn],
) -> ProfiledRows:
    """The rows of the file (``source``: every row, read as the profiled table was) and of its
    profile. When the profile may be a sample, the columns whose values are distinct in at least
    RECOUNT_DISTINCT_SHARE of their sampled rows are counted again over every row, in the same
    scan: their ``non_null_in_file`` and ``distinct_in_file`` are set, and ``distinct`` becomes
    the count the sample would show if it repeated values as often as the file does."""
    if profiled < PROFILE_SAMPLE_ROWS:
        return ProfiledRows(profiled, profiled)
    recounted = [c for c in columns if c.distinct >= RECOUNT_DISTINCT_SHARE * max(c.non_null, 1)]
    counts = "".join(
        f", count({quoted}), count(distinct {quoted})"
        for quoted in (quote_identifier(column.column) for column in recounted)
    )
    row = connection.execute(f"select count(*){counts} from {source}").fetchall()[0]
    for number, column in enumerate(recounted):
        non_null, distinct = row[1 + 2 * number], row[2 + 2 * number]
        column.non_null_in_file, column.distinct_in_file = non_null, distinct
        column.distinct = round(column.non_null * distinct / non_null) if non_null else 0
    return ProfiledRows(row[0], profiled)
