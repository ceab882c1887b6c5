"""Find how a column's dates or timestamps are written, as exports write them.

The build reads a timestamp with ``try_parse_utc_timestamp`` (ISO text by default, or a strptime
format, ``epoch_seconds``, ``epoch_milliseconds``, ``epoch_microseconds``); the scaffolds use
:func:`detect_format` to propose that format for a column that does not cast as ISO text:
CDNOW's ``19970101``, Online Retail's ``12/1/2010 8:26``, a marketing table's ``04-09-2012``, R's
``Jan 1 2000``, GA4's event_timestamp in microseconds.
"""

from __future__ import annotations

import re

import duckdb

from user_segmentation.serving.sql_text import quote_identifier, quote_literal

#: A column named like this may hold dates as whole numbers (YYYYMMDD, epoch).
TIME_NAME = re.compile(
    r"(time|date|day|_at$|^at$|_on$|timestamp|ts$|^dt_|_dt$|_ms$|_us$"
    r"|(^|[\s_.-])(start|end|created|updated|modified|epoch)([\s_.-]|$))",
    re.I,
)
#: Text formats tried (DuckDB strptime), month-first before day-first: a tie goes to the first.
TEXT_FORMATS = (
    "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y",
    "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y", "%m-%d-%Y", "%d-%m-%y", "%m-%d-%y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%b %d %Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%d-%b-%y",
    "%m %d, %Y",  # Amazon reviews' reviewTime (09 13, 2009): read as the number 9,132,009
    "%m/%d/%y %H:%M", "%m/%d/%y", "%d/%m/%y", "%d.%m.%y", "%Y%m%d %H:%M:%S", "%Y%m%d",
    # Twitter's and Goodreads' created_at (Mon Aug 01 13:41:57 -0700 2011), and RFC 2822 (email,
    # RSS: Mon, 01 Aug 2011 13:41:57 +0000): their offset is applied, as ISO text's is.
    "%a %b %d %H:%M:%S %z %Y", "%a, %d %b %Y %H:%M:%S %z",
)  # fmt: skip
#: Formats that strptime also reads from other text, taken only in this exact shape: a German
#: 01.02.12 is a date, an app version 3.2.1 or 2.9.14 is not.
FORMAT_SHAPES = {
    "%d.%m.%y": "[0-9]{2}[.][0-9]{2}[.][0-9]{2}",
    # Netflix's Join Date 15-01-22 (15 January 2022), which a plain cast read as the year 15.
    "%d-%m-%y": "[0-9]{1,2}-[0-9]{1,2}-[0-9]{2}",
    "%m-%d-%y": "[0-9]{1,2}-[0-9]{1,2}-[0-9]{2}",
}
#: Whole-number formats: (format, lowest, highest value) for dates from 1900 (YYYYMMDD) or 1990
#: (epoch: MovieLens' ratings from 1996 on) to 2100.
NUMBER_FORMATS = (
    ("%Y%m%d", 19000101, 21001231),
    # Berka's bank transactions: YYMMDD as a number (930101 is 1 January 1993), six digits.
    ("%y%m%d", 100_101, 991_231),
    ("epoch_seconds", 631_152_000, 4_102_444_800),
    ("epoch_milliseconds", 631_152_000_000, 4_102_444_800_000),
    ("epoch_microseconds", 631_152_000_000_000, 4_102_444_800_000_000),
    # A spreadsheet's day number (Excel, LibreOffice: days since 1899-12-30), 1950 to 2100.
    ("excel_serial", 18_264, 73_051),
    # Avazu's hour, YYMMDDHH (14102100 is 21 October 2014, 0h), from 2010: after %Y%m%d, which
    # wins a tie (20120315 reads both ways; a day above 23 reads only as %Y%m%d).
    ("%y%m%d%H", 10_010_100, 99_123_123),
)
#: A whole-number column named so may hold hours as YYMMDDHH (Avazu's hour).
HOUR_NAME = re.compile(r"(^|[\s_.-])hour$", re.I)
#: A file without a header row names its columns column0, column1, ... (column00, ... from ten):
#: no name says which holds times, so whole numbers in a date range are dates there.
HEADERLESS_COLUMN = re.compile(r"column\d+")
SAMPLE_ROWS = 2000


def timestamp_sql(quoted: str, timestamp_format: str | None) -> str:
    """DuckDB SQL reading a column as a timestamp as the build does (try_parse_utc_timestamp)."""
    if timestamp_format is None:
        # As the build's try_cast_utc_timestamp: an offset (-05:00, Z) is applied, not dropped.
        return f"make_timestamp(epoch_us(try_cast(cast({quoted} as varchar) as timestamptz)))"
    if timestamp_format == "epoch_seconds":
        return f"make_timestamp(epoch_us(to_timestamp(try_cast({quoted} as double))))"
    if timestamp_format == "epoch_milliseconds":
        return f"epoch_ms(try_cast({quoted} as bigint))"
    if timestamp_format == "epoch_microseconds":
        return f"make_timestamp(try_cast({quoted} as bigint))"
    if timestamp_format == "excel_serial":
        # 25569 days from 1899-12-30 (a spreadsheet's day 0) to 1970-01-01.
        return (
            f"make_timestamp(cast(round((try_cast({quoted} as double) - 25569) * 86400000000) "
            "as bigint))"
        )
    parsed = f"try_strptime(cast({quoted} as varchar), {quote_literal(timestamp_format)})"
    if "%z" in timestamp_format or "%Z" in timestamp_format:
        return f"make_timestamp(epoch_us({parsed}))"  # as the build's utc_timestamp
    return parsed


def detect_format(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    whole_numbers: bool,
    min_share: float,
    fractional_numbers: bool = False,
    named_as_time: bool = False,
) -> tuple[str, int] | None:
    """The format that parses at least ``min_share`` of the column's non-null values, and how
    many of them it parses; None when no known format does.

    ``whole_numbers``: the column holds whole numbers; they are read as dates only when the
    column is named like a time (an id of 8 digits is not a day). ``fractional_numbers``: it
    holds numbers with fractions, read only as epoch seconds or milliseconds ("1710034200.123")
    and only when so named. ``named_as_time``: the user named it the timestamp (--timestamp),
    as good as a name; so is a headerless file's column0, column1, ... The formats are tried on a
    sample; the best is counted on every row.
    """
    quoted = quote_identifier(column)
    if whole_numbers or fractional_numbers:
        named = named_as_time or TIME_NAME.search(column) or HOUR_NAME.search(column)
        if not (named or HEADERLESS_COLUMN.fullmatch(column)):
            return None
        # The 1st and 99th percentiles, not the extremes: one clock-skewed 0 among Taobao's epoch
        # seconds ruled every format out, and the log was read as undated.
        number = f"try_cast(cast({quoted} as varchar) as double)"
        low, high = connection.execute(
            f"select quantile_disc({number}, 0.01), quantile_disc({number}, 0.99) from {table}"
        ).fetchall()[0]
        if low is None:
            return None
        candidates = [
            fmt
            for fmt, lowest, highest in NUMBER_FORMATS
            if lowest <= low <= high <= highest
            and (whole_numbers or fmt.startswith("epoch") or fmt == "excel_serial")
        ]
    else:
        candidates = list(TEXT_FORMATS)
    # The sample is drawn once: as a subquery, every candidate format scanned the whole column
    # again to draw it.
    connection.execute(
        f"create or replace temp table format_sample as select {quoted} from {table} "
        f"where {quoted} is not null using sample {SAMPLE_ROWS} rows (reservoir, 42)"
    )
    sample = "format_sample as sample"
    best, best_share = None, 0.0
    for timestamp_format in candidates:
        parsed_value = _plausible(timestamp_sql(quoted, timestamp_format), quoted, timestamp_format)
        parsed, total = connection.execute(
            f"select count({parsed_value}), count(*) from {sample}"
        ).fetchall()[0]
        if total and parsed / total > best_share:
            best, best_share = timestamp_format, parsed / total
    if best is None or best_share < min_share:
        return None
    parsed, present = connection.execute(
        f"select count({_plausible(timestamp_sql(quoted, best), quoted, best)}), "
        f"count({quoted}) from {table}"
    ).fetchall()[0]
    return (best, parsed) if parsed >= min_share * present else None


def iso_timestamps_sql(text: str) -> str:
    """SQL counting the values of ``text`` that a plain cast reads as a timestamp of a plausible
    year: the cast reads 15-01-22 (Netflix's 15 January 2022) as 22 January of the year 15."""
    return f"count({_plausible(f'try_cast({text} as timestamp)')})"


def _plausible(timestamp: str, column: str = "", timestamp_format: str = "") -> str:
    """The timestamp when its year is 1900-2100 (and its text has the format's FORMAT_SHAPES
    shape), else null: an app version 3.2.1 parses with %d.%m.%Y as 3 February of the year 1
    (and was proposed as days since a date)."""
    condition = f"year({timestamp}) between 1900 and 2100"
    if timestamp_format in FORMAT_SHAPES:
        shape = FORMAT_SHAPES[timestamp_format]
        condition += f" and regexp_full_match(cast({column} as varchar), '{shape}')"
    return f"case when {condition} then {timestamp} end"


def ambiguity_note(
    connection: duckdb.DuckDBPyConnection, table: str, column: str, timestamp_format: str | None
) -> str:
    """A note for the config when every value reads as well with day and month swapped (no day
    above 12: 03/04/2020 is 4 March in the US and 3 April elsewhere), else the empty text."""
    if not timestamp_format or "%d" not in timestamp_format or "%m" not in timestamp_format:
        return ""
    swapped = re.sub("%[dm]", lambda part: {"%d": "%m", "%m": "%d"}[part.group()], timestamp_format)
    quoted = quote_identifier(column)
    as_given, as_swapped = connection.execute(
        f"select count({timestamp_sql(quoted, timestamp_format)}), "
        f"count({timestamp_sql(quoted, swapped)}) from {table}"
    ).fetchall()[0]
    if as_swapped < as_given:
        return ""
    return f" (every value also reads as {swapped}: no day above 12; check which the file uses)"
