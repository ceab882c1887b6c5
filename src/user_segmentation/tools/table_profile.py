"""Measure every column of a user table with DuckDB, the way the dbt build will read it.

The build reads a CSV as text and parses each configured column itself (``try_cast``), so one
non-numeric value in an income column breaks that row, not the column. The profile therefore
reads every value as text too and counts, per column, how many values parse as a whole number, a
number and a date: a column is numeric (or a date, or an id) when almost every row says so, and
the rows that do not are counted, since the build will quarantine them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from user_segmentation.serving.sql_text import quote_identifier, quote_literal
from user_segmentation.tools.csv_dialect import csv_options, sniffed_dialect
from user_segmentation.tools.input_formats import is_parquet
from user_segmentation.tools.profile_sample import (
    ProfiledRows,
    count_repeats_in_file,
    create_profiled_table,
)
from user_segmentation.tools.timestamp_formats import (
    ambiguity_note,
    detect_format,
    iso_timestamps_sql,
    timestamp_sql,
)

MAX_CATEGORIES = 30
#: Rows whose numeric values the profile keeps to compare columns (tools.redundant_features).
COMPARED_ROWS = 50_000
#: A column is numeric, a date or an id when at most this share of its values breaks the rule
#: (below the build's default quarantine_error_share of 0.05, so the build goes on).
BREAKING_SHARE = 0.02
# A text column whose values are numbers in at least this share of its rows is a numeric column
# with typos (too many to quarantine), not a category: the scaffold says so.
MOSTLY_NUMBERS_SHARE = 0.5
LEADING_ZERO = re.compile(r"^0\d")
#: Texts that mean "no value" (besides the empty text): the default of the dbt var
#: missing_value_markers, which the build reads the same way.
MISSING_VALUE_MARKERS = ("NA", "N/A", "n/a", "NULL", "null", "Null", "None", "#N/A", "-", "?")
#: Currency signs and ISO codes (1,499 USD), spaces and a percent sign around a number (dropped by
#: number_format; macro number_text drops the same).
NUMBER_DECORATION = (
    "[$€£¥%[:space:]]|(?i:usd|eur|gbp|jpy|chf|cad|aud|nzd|cny|inr|sek|nok|dkk|pln|brl|mxn|zar)"
)
#: Numbers tables use for "unknown" in a numeric column (survey codes, pdays = 999).
#: A column's largest value may be one of HIGH_CODES, its smallest one of LOW_CODES.
HIGH_CODES = (9, 99, 999, 9999, 99999, 999999)
LOW_CODES = (-1, -9, -99, -999, -9999)
#: A code must fill at least this share of the present values (and 3 rows) to be taken for one.
MIN_CODE_SHARE = 0.005
#: A largest whole number that is no such code is one still (Starbucks' age 118 for unknown,
#: 13% of rows, next to ages up to 101) when it holds at least SPIKE_SHARE of the rows,
#: SPIKE_RATIO times as many as any other value, and stands SPIKE_GAP of the range above the
#: next value: a top-coded income or a tenure cap sits next to the values below it.
SPIKE_SHARE = 0.02
SPIKE_RATIO = 3
SPIKE_GAP = 0.1
_MARKERS_SQL = "(" + ", ".join(quote_literal(m) for m in ("", *MISSING_VALUE_MARKERS)) + ")"


@dataclass
class ColumnProfile:
    """What DuckDB measured about one column.

    ``kind`` is what almost every value is: ``integer``, ``numeric``, ``date`` or ``text``;
    ``unparseable`` counts the non-empty values that are not of that kind.
    """

    column: str
    data_type: str
    rows: int
    nulls: int
    distinct: int
    kind: str = "text"
    unparseable: int = 0
    whole_numbers: int = 0
    negatives: int = 0
    has_leading_zeros: bool = False
    mean: float | None = None
    std: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    q01: float | None = None
    q25: float | None = None
    q75: float | None = None
    q99: float | None = None
    skewness: float | None = None
    newest_date: str | None = None
    #: How the dates are written when not as ISO text: a strptime format, epoch_seconds or
    #: epoch_milliseconds (the feature's `format`).
    timestamp_format: str | None = None
    #: Numbers that stand for "unknown" here (999, -1), and in how many rows; the other
    #: statistics leave it out.
    missing_codes: list[float] = field(default_factory=list)
    coded_rows: int = 0
    #: Set when the dates read as well with day and month swapped (see ambiguity_note).
    timestamp_note: str = ""
    #: How the numbers are written when not plain: grouped ($1,234.56, 10%) or decimal_comma
    #: (1.234,56) (the feature's `number_format`).
    number_format: str | None = None
    mean_length: float | None = None
    #: Values written as whole decimals (1.0, as pandas writes an id column with a gap): whole
    #: numbers, but an id only when the column is named like one (an income rounded to 40123.0
    #: is unique too).
    whole_decimals: int = 0
    values: list[str] = field(default_factory=list)
    #: Missing-value markers that are codes in this column (NA among country or region codes:
    #: Namibia, North America), read as values (the feature's `keep_values`).
    kept_markers: list[str] = field(default_factory=list)
    #: For a text column, the rows that read as plain numbers and a few values that do not: a
    #: numeric column with typos, not a category.
    number_rows: int = 0
    non_numbers: list[str] = field(default_factory=list)
    #: When the profile read a sample and the column looks unique in it: its non-null and
    #: distinct values over every row (``distinct`` is then the file's share applied to the
    #: sample; tools.profile_sample).
    non_null_in_file: int | None = None
    distinct_in_file: int | None = None

    @property
    def non_null(self) -> int:
        return self.rows - self.nulls

    @property
    def null_share(self) -> float:
        return self.nulls / self.rows if self.rows else 0.0

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("integer", "numeric")

    @property
    def is_integer(self) -> bool:
        return self.kind == "integer"

    @property
    def is_date(self) -> bool:
        return self.kind == "date"

    @property
    def repeated(self) -> int:
        """Rows whose value repeats an earlier row's (the copies an id column would quarantine)."""
        return self.rows - self.nulls - self.distinct


@dataclass
class TableProfile:
    """The profile of a table: where it came from, how it was read, and every column."""

    path: str
    delimiter: str | None
    rows: int
    columns: list[ColumnProfile]
    #: The file's rows and how many of them were profiled (a sample above PROFILE_SAMPLE_ROWS).
    profiled_rows: ProfiledRows
    #: False when the first line is data (no header row): columns are column0, column1, ...
    header: bool = True
    #: The numeric columns' values (parsed as the build parses them, codes for unknown as null)
    #: of up to COMPARED_ROWS profiled rows, to compare the columns with each other.
    numeric_values: pd.DataFrame | None = None
    #: The names the user gave the columns of a file without a header row (--column-names).
    column_names: list[str] | None = None

    @property
    def named(self) -> bool:
        """Whether the columns have names that say something (a header row, or column_names)."""
        return self.header or bool(self.column_names)


def _reader(
    path: str,
    delimiter: str | None,
    as_text: bool = False,
    header: bool = True,
    names: list[str] | None = None,
) -> str:
    quoted = path.replace("'", "''")
    if is_parquet(path):
        return f"read_parquet('{quoted}')"
    options = csv_options(path, delimiter, header, names) + (
        ", all_varchar = true" if as_text else ""
    )
    return f"read_csv('{quoted}', {options})"


def is_nested_type(data_type: str) -> bool:
    """A struct, list, map or union column (GA4's event_params): no single value to measure."""
    return data_type.upper().startswith(("STRUCT", "MAP", "UNION")) or data_type.endswith("]")


def missing_as_null(quoted: str, value: str) -> str:
    """SQL giving ``value`` for the column ``quoted``, null when its trimmed text is empty or a
    missing-value marker (as the build's macro text_or_null reads it)."""
    return f"case when trim(cast({quoted} as varchar)) in {_MARKERS_SQL} then null else {value} end"


def profile_table(
    path: str | Path, delimiter: str | None = None, column_names: list[str] | None = None
) -> TableProfile:
    """Measure every column of a CSV/TSV (delimiter sniffed unless given) or Parquet file.

    Parameters
    ----------
    path : str or Path
        The table file.
    delimiter : str, optional
        CSV delimiter; DuckDB's sniffer decides when None.
    column_names : list of str, optional
        The names of the columns of a file without a header row, in order.

    Returns
    -------
    TableProfile
    """
    path = str(path)
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")  # dates as the build reads them (duckdb_plugin)
    header = True
    if not is_parquet(path):
        delimiter, header = sniffed_dialect(path, delimiter, column_names)
    connection.execute(
        "create view sniffed as select * from "
        + _reader(path, delimiter, header=header, names=column_names)
    )
    schema = connection.execute("describe sniffed").fetchall()
    texts = ", ".join(
        missing_as_null(quoted, f"trim(cast({quoted} as varchar))") + f" as {quoted}"
        for quoted in (quote_identifier(name) for name, *_ in schema)
    )
    source = _reader(path, delimiter, as_text=True, header=header, names=column_names)
    rows = create_profiled_table(connection, texts, source)
    columns = [
        _profile_column(connection, name, data_type, rows, delimiter)
        for name, data_type, *_ in schema
    ]
    profiled_rows = count_repeats_in_file(
        connection, rows, f"(select {texts} from {source})", columns
    )
    numeric_values = _numeric_values(connection, columns)
    _find_markers_used_as_codes(connection, columns)
    connection.close()
    return TableProfile(
        path,
        None if is_parquet(path) else delimiter,
        rows,
        columns,
        profiled_rows,
        header,
        numeric_values,
        column_names or None,
    )


def _numeric_values(connection, columns: list[ColumnProfile]) -> pd.DataFrame:
    """The numeric columns' values of up to COMPARED_ROWS rows of ``t`` (the same rows on every
    run), one frame column per table column."""
    numeric = [column for column in columns if column.is_numeric]
    if not numeric:
        return pd.DataFrame()
    values = []
    for column in numeric:
        number = number_sql(quote_identifier(column.column), column.number_format)
        for code in column.missing_codes:
            number = f"nullif({number}, {code})"
        values.append(f"{number} as {quote_identifier(column.column)}")
    return connection.execute(
        f"select {', '.join(values)} from t "
        f"using sample reservoir({COMPARED_ROWS} rows) repeatable (42)"
    ).df()


def whole_number_sql(text: str) -> str:
    """DuckDB SQL reading a value as a bigint only when it is a whole number (as the build's
    try_cast_whole_number): try_cast to bigint alone rounds '59.37' to 59."""
    return (
        f"case when try_cast({text} as bigint) = try_cast({text} as double) "
        f"then try_cast({text} as bigint) end"
    )


def number_sql(text: str, number_format: str | None) -> str:
    """DuckDB SQL parsing a text column's numbers the way the build does (user_table_parsed_value):
    plain, grouped (currency signs, spaces, thousands commas and % dropped) or decimal_comma."""
    if number_format in ("grouped", "decimal_comma"):
        # An amount in parentheses is negative, as accounts write it: (1,328.83) is -1328.83.
        text = f"regexp_replace(trim({text}), '^[(](.*)[)]$', '-\\1')"
    if number_format == "grouped":
        return f"try_cast(regexp_replace({text}, '{NUMBER_DECORATION}|,', '', 'g') as double)"
    if number_format == "decimal_comma":
        return (
            f"try_cast(replace(regexp_replace({text}, '{NUMBER_DECORATION}|[.]', '', 'g'), "
            "',', '.') as double)"
        )
    return f"try_cast({text} as double)"


def parsed_and_whole(connection, number: str) -> tuple[int, int]:
    """How many rows of view t the number expression parses, and how many of those are whole."""
    return connection.execute(
        f"select count({number}), count(case when {number} = round({number}) then 1 end) from t"
    ).fetchall()[0]


def has_thousands_dots(connection, text: str, delimiter: str | None) -> bool:
    """Whether a column of a ';'-separated file writes thousands with dots and no decimals: every
    dotted value is 1.234 or 12.345.678 (never 0.125 or 3.14) and some values have no dot (those
    below 1000). Read as plain numbers, a German credit limit of 25.000 was 25, lower than 500."""
    if delimiter != ";":
        return False
    dotted, grouped, dotless = connection.execute(
        f"select count(case when contains({text}, '.') then 1 end), "
        f"count(case when regexp_full_match({text}, '[+-]?[1-9][0-9]{{0,2}}([.][0-9]{{3}})+') "
        "then 1 end), "
        f"count(case when {text} is not null and not contains({text}, '.') then 1 end) from t"
    ).fetchall()[0]
    return dotted > 0 and grouped == dotted and dotless > 0


def written_number_format(connection, text: str, present: int, delimiter: str | None):
    """grouped or decimal_comma when that reading parses almost every value of a column with a
    currency sign, % or comma, else None. A comma before one, two or four or more final digits is
    a decimal comma; 1,234.56 or 1,234,567 is grouping; a lone comma before three digits (4,857)
    is a decimal comma in a ';'-separated file (the convention where commas are decimals) and
    grouping otherwise."""
    # Most columns hold no sign, % or comma: one pattern over the column settles those.
    [(decorated,)] = connection.execute(
        f"select count(*) from t where regexp_matches({text}, '{NUMBER_DECORATION}|,|^[(]')"
    ).fetchall()
    if not decorated:
        return None
    commas, grouped, decimal, thousands, decimals, spaced = connection.execute(
        f"select count(case when contains({text}, ',') then 1 end), "
        f"count({number_sql(text, 'grouped')}), count({number_sql(text, 'decimal_comma')}), "
        f"count(case when regexp_matches({text}, ',[0-9]{{3}}([.][0-9]|,[0-9]{{3}})') then 1 end), "
        f"count(case when regexp_matches({text}, ',([0-9]{{1,2}}|[0-9]{{4,}})$') then 1 end), "
        f"count(case when regexp_matches({text}, ',\\s') then 1 end) "
        "from t"
    ).fetchall()[0]
    if spaced > commas / 2:
        return None  # a comma and a space part words or a date (09 13, 2009), never digits
    if not commas or thousands:
        reading = "grouped"
    elif decimals:
        reading = "decimal_comma"
    else:
        reading = "decimal_comma" if delimiter == ";" else "grouped"
    parsed = grouped if reading == "grouped" else decimal
    return reading if parsed >= (1 - BREAKING_SHARE) * present else None


#: The markers that read like a code of capitals (NA), and the shape of such codes.
CODE_SHAPE = re.compile("[A-Z]{2,3}")
CODE_LIKE_MARKERS = tuple(
    marker for marker in MISSING_VALUE_MARKERS if CODE_SHAPE.fullmatch(marker)
)


def _find_markers_used_as_codes(connection, columns: list[ColumnProfile]) -> None:
    """Set ``kept_markers`` on the text columns of capital-letter codes (ISO countries, regions)
    where a marker such as NA is written: there it is Namibia or North America, not a gap (the
    profile read it as missing, and so did the build: 48% of a SaaS table's regions were Unknown).
    One scan of the file for all such columns."""
    coded = [
        column
        for column in columns
        if len(column.values) >= 3 and all(CODE_SHAPE.fullmatch(value) for value in column.values)
    ]
    if not coded or not CODE_LIKE_MARKERS:
        return
    counts = ", ".join(
        f"count(case when trim(cast({quote_identifier(column.column)} as varchar)) = "
        f"{quote_literal(marker)} then 1 end)"
        for column in coded
        for marker in CODE_LIKE_MARKERS
    )
    found = iter(connection.execute(f"select {counts} from sniffed").fetchall()[0])
    for column in coded:
        column.kept_markers = [marker for marker in CODE_LIKE_MARKERS if next(found)]


def _profile_column(
    connection, name: str, data_type: str, rows: int, delimiter: str | None = None
) -> ColumnProfile:
    text = quote_identifier(name)
    (nulls, distinct, numbers, whole_numbers, dates, leading_zeros, whole_decimals) = (
        connection.execute(
            f"select count(*) - count({text}), count(distinct {text}), "
            f"count(try_cast({text} as double)), "
            # 1.0, 2.0: ids and counts as pandas and spreadsheets write them are whole numbers.
            f"count(case when regexp_full_match({text}, '[+-]?[0-9]+([.]0+)?') then 1 end), "
            f"{iso_timestamps_sql(text)}, "
            f"count(case when regexp_matches({text}, '{LEADING_ZERO.pattern}') then 1 end), "
            f"count(case when regexp_full_match({text}, '[+-]?[0-9]+[.]0+') then 1 end) from t"
        ).fetchall()[0]
    )
    profile = ColumnProfile(name, data_type, rows, nulls, distinct)
    profile.whole_decimals = whole_decimals
    present = rows - nulls
    tolerated = BREAKING_SHARE * present
    profile.whole_numbers = whole_numbers
    profile.has_leading_zeros = leading_zeros > 0
    is_numeric = present and present - numbers <= tolerated and numbers >= dates
    written_date = None
    if present and (present - dates > tolerated) and (not is_numeric or whole_numbers == numbers):
        written_date = detect_format(connection, "t", name, bool(is_numeric), 1 - BREAKING_SHARE)
    if is_numeric and written_date is None and has_thousands_dots(connection, text, delimiter):
        number = number_sql(text, "decimal_comma")
        profile.number_format = "decimal_comma"
        parsed, whole = parsed_and_whole(connection, number)
        profile.kind = "integer" if whole == parsed else "numeric"
        profile.unparseable = present - parsed
        _measure_numbers(connection, profile, number)
        _find_missing_code(connection, profile, number, present)
    elif is_numeric and written_date is None:
        profile.kind = "integer" if whole_numbers == numbers else "numeric"
        profile.unparseable = present - numbers
        _measure_numbers(connection, profile, f"try_cast({text} as double)")
        _find_missing_code(connection, profile, f"try_cast({text} as double)", present)
    elif present and (present - dates <= tolerated or written_date is not None):
        profile.kind = "date"
        if written_date is not None:
            profile.timestamp_format, dates = written_date
            profile.timestamp_note = ambiguity_note(connection, "t", name, profile.timestamp_format)
        profile.unparseable = present - dates
        newest = connection.execute(
            "select cast(max(cast("
            f"{timestamp_sql(text, profile.timestamp_format)} as date)) as varchar) from t"
        ).fetchall()[0][0]
        profile.newest_date = newest
    elif present and (number_format := written_number_format(connection, text, present, delimiter)):
        number = number_sql(text, number_format)
        profile.number_format = number_format
        parsed, whole = parsed_and_whole(connection, number)
        profile.kind = "integer" if whole == parsed else "numeric"
        profile.unparseable = present - parsed
        _measure_numbers(connection, profile, number)
    else:
        profile.mean_length = connection.execute(f"select avg(length({text})) from t").fetchall()[
            0
        ][0]
        profile.values = [
            str(row[0])
            for row in connection.execute(
                f"select {text} as v, count(*) as n from t where {text} is not null "
                f"group by 1 order by n desc, v limit {MAX_CATEGORIES + 1}"
            ).fetchall()
        ]
        profile.number_rows = numbers
        if numbers >= MOSTLY_NUMBERS_SHARE * present:
            profile.non_numbers = [
                str(row[0])
                for row in connection.execute(
                    f"select {text} as v, count(*) as n from t "
                    f"where {text} is not null and try_cast({text} as double) is null "
                    "group by 1 order by n desc, v limit 3"
                ).fetchall()
            ]
    return profile


def _find_missing_code(connection, profile: ColumnProfile, number: str, present: int) -> None:
    """Set missing_codes when the column's largest value is a code such as 999 (at least twice
    the next largest value) and/or its smallest a negative code such as -1 (every other value is
    at least 0), each in at least 0.5% of the rows (an age with -1 and 999 for two kinds of
    unknown); then measure the other values without them."""
    for code, codes, next_of_the_rest in (
        (profile.maximum, HIGH_CODES, "max"),
        (profile.minimum, LOW_CODES, "min"),
    ):
        if code not in codes:
            if next_of_the_rest == "max" and _is_a_spike_apart(
                connection, profile, number, present
            ):
                profile.missing_codes.append(float(code))
            continue
        coded, next_value = connection.execute(
            f"select count(case when x = {code} then 1 end), "
            f"{next_of_the_rest}(case when x <> {code} then x end) "
            f"from (select {number} as x from t) where isfinite(x)"
        ).fetchall()[0]
        if coded < max(3, MIN_CODE_SHARE * present) or next_value is None:
            continue
        stands_apart = next_value <= code / 2 if code > 0 else next_value >= 0
        if not stands_apart:
            continue
        profile.missing_codes.append(float(code))
        profile.coded_rows += coded
    if profile.missing_codes:
        without = number
        for code in profile.missing_codes:
            without = f"nullif({without}, {code})"
        _measure_numbers(connection, profile, without)


def _is_a_spike_apart(connection, profile: ColumnProfile, number: str, present: int) -> bool:
    """Whether the largest value is a code for unknown by its spike and gap (SPIKE_SHARE); adds
    its rows to coded_rows when it is."""
    if profile.kind != "integer" or (profile.distinct or 0) < 10:
        return False
    top = profile.maximum
    coded, next_value, most_of_another = connection.execute(
        f"select count(case when x = {top} then 1 end), max(case when x <> {top} then x end), "
        f"(select max(n) from (select count(*) as n from (select {number} as y from t) "
        f"where isfinite(y) and y <> {top} group by y)) "
        f"from (select {number} as x from t) where isfinite(x)"
    ).fetchall()[0]
    if next_value is None or coded < max(3, SPIKE_SHARE * present):
        return False
    apart = top - next_value >= SPIKE_GAP * (top - profile.minimum)
    if not apart or coded < SPIKE_RATIO * (most_of_another or 0):
        return False
    profile.coded_rows += coded
    return True


def _measure_numbers(connection, profile: ColumnProfile, number: str) -> None:
    (
        profile.distinct,
        profile.negatives,
        profile.mean,
        profile.std,
        profile.minimum,
        profile.maximum,
        profile.q01,
        profile.q25,
        profile.q75,
        profile.q99,
        profile.skewness,
    ) = connection.execute(
        "select count(distinct x), count(case when x < 0 then 1 end), avg(x), stddev_pop(x), "
        "min(x), max(x), quantile_cont(x, 0.01), quantile_cont(x, 0.25), quantile_cont(x, 0.75), "
        f"quantile_cont(x, 0.99), skewness(x) from (select {number} as x from t) "
        "where isfinite(x)"
    ).fetchall()[0]
