"""Profile an event log and write a starter `event_log` config (`user-segmentation scaffold`).

The profile says which column looks like the user id, the timestamp, the event type (and its
values), the event id, which columns are numeric measures and which are text. The starter config
declares, with a comment saying why: per event type a count and active days (without an event
type, all events), per numeric measure a sum and a mean, and recency and tenure. It builds as
written; edit it to the features the team cares about (docs/event-logs.md).
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml
from anyascii import anyascii

from user_segmentation.segmentation.table_config import column_name
from user_segmentation.serving.sql_text import quote_identifier, quote_literal
from user_segmentation.tools.csv_dialect import (
    ENCODING_NOTES,
    NAMED_COLUMNS_NOTE,
    NO_HEADER_NOTE,
    csv_options,
    file_encoding,
    sniffed_dialect,
)
from user_segmentation.tools.event_durations import (
    DURATION_NAME,
    EndTime,
    NumericSpan,
    duration_features,
    end_time,
    minutes_sql,
    numeric_span,
    span_length_features,
)
from user_segmentation.tools.event_span import EventSpan, event_span
from user_segmentation.tools.input_formats import is_parquet
from user_segmentation.tools.list_columns import list_length_feature, list_separator
from user_segmentation.tools.ordered_scales import (
    first_spelling,
    non_answers,
    rank_sql,
    scale_order,
)
from user_segmentation.tools.profile_sample import (
    ProfiledRows,
    count_repeats_in_file,
    create_profiled_table,
)
from user_segmentation.tools.redundant_features import (
    counts_within_chance,
    means_within_chance,
    profiled_only_columns,
    right_skewed_means,
    sampled_per_user,
    shares_within_chance,
)
from user_segmentation.tools.scaffold import (
    ACTOR_NAME,
    CODE_NAME,
    NOT_THE_USER_NAME,
    UNNAMED_COLUMN,
    capped_k_range,
    feature_name,
    is_dataset_split,
    label_for,
    looks_like_a_token_id,
    named_like_a_category,
    outcomes_profiled,
    row_count_text,
)
from user_segmentation.tools.table_profile import (
    MISSING_VALUE_MARKERS,
    TableProfile,
    has_thousands_dots,
    is_nested_type,
    missing_as_null,
    number_sql,
    parsed_and_whole,
    whole_number_sql,
    written_number_format,
)
from user_segmentation.tools.time_zones import (
    LocalClock,
    events_per_utc_hour,
    is_instant,
    local_clock,
    offset_unit,
    zoned_sql,
)
from user_segmentation.tools.timestamp_formats import (
    TIME_NAME,
    ambiguity_note,
    detect_format,
    iso_timestamps_sql,
    timestamp_sql,
)

PARSE_SHARE = 0.95
#: A numeric column with more NaN or infinite values than this share is left out: the build
#: quarantines each such row (as for any input, a number must be finite).
NON_FINITE_SHARE = 0.02
MAX_EVENT_TYPES = 20
#: Share of users (with more than one event) with one value of a measure: a per-user attribute.
ATTRIBUTE_SHARE = 0.95
#: Olist's customer_unique_id is the person; its customer_id is new with every order, so the
#: unique one repeats more and wins the tier.
USER_ID_NAME = re.compile(
    r"(user|customer|client|account|member|visitor|person)[\s_-]*(unique[\s_-]*)?"
    r"(id|key|no|nr|uuid)?$",
    re.I,
)
#: Who the events are about in other fields (clinical visits, panels, fleets), after the names
#: above and e-mails: a ticket's `subject` text must not beat its customer or its sender.
ROLE_ID_NAME = re.compile(
    r"(patient|subject|participant|respondent|student|employee|player|driver|device|household"
    r"|subscriber|shopper|guest|patron)[\s_-]*(id|key|no|nr|uuid)?$",
    re.I,
)
#: The end of a column name that makes it an identifier (patient_id, device no).
ID_SUFFIX = re.compile(r"[\s_-]*(id|key|no|nr|uuid)$", re.I)
#: An e-mail address or a login identifies a person in SaaS and CRM logs that carry no user id.
PERSON_HANDLE_NAME = re.compile(
    r"(^|[\s_-])(e[\s_-]?mail([\s_-]?address)?|user[\s_-]?name|login|uid)$", re.I
)
EVENT_ID_NAME = re.compile(r"^(event|line|row|record|transaction|message)?[\s_-]*id$", re.I)
EVENT_TYPE_NAME = re.compile(
    # A word of its own: satisfaction, transaction and interaction end in "action" too.
    # Taobao's behavior_type and Steam's behavior (purchase, play) name what the user did too.
    r"(?:^|(?<=[\s_-])|(?<=[a-z])(?=[A-Z]))(?i:event|action|activity|behaviou?r)[\s_-]*(?i:type|name|kind)?$"
    r"|^(?i:type|kind)$"
)
#: Any column named like an id (a fallback for the user id when none is named like a user).
#: A number that places an event in time (flights' year, month, hour, dep_time as HHMM): typed for
#: filters (`where: "hour >= 18"`), never summed or averaged into a feature.
#: Also a number named like a date: a decimal year (txhousing: 2000.083), a spreadsheet serial.
CALENDAR_PART_NAME = re.compile(
    r"^(year|month|day|hour|minute|second|week|quarter|weekday|dow|doy|day_of_(week|month|year)"
    r"|date|datetime|timestamp|period)$|[\s_-]date$"
    # The end of a compound that can only be a part of a date (Instacart's order_dow and
    # order_hour_of_day were summed: "Total order hour of day").
    r"|[\s_-](dow|doy|day_of_(week|month|year)|hour_of_day|month_of_year|week_of_year)$",
    re.I,
)
#: A column of years named like this is a panel's time (wagepan's year, World Bank's Year).
YEAR_NAME = re.compile(r"^(year|yr|yyyy|fiscal[\s_]?year)$", re.I)
#: A column named like this holds a clock time when its numbers read as HHMM (dep_time 1517), and
#: a duration otherwise (air_time 227).
CLOCK_TIME_NAME = re.compile(r"(^|[\s_.-])(time|hhmm)$", re.I)
#: A name or a handle of someone or something other than the user (Twitch's streamer_username,
#: Last.fm's artname, a product_name): a user's distinct ones are counted, as an item_id's are
#: (how many streamers a viewer follows told binge viewers from channel surfers).
OTHER_PARTY_NAME = re.compile(
    r"(?i:(^|[\s_.-])(user[\s_-]?name|login|handle|title)$|[a-z]name$|[\s_.-]name$)"
)
#: Any id: `id` as a word (`id`, `tail_id`, `tailId`, `TailID`), not the end of a word (humid).
ANY_ID_NAME = re.compile(
    r"(?i:(^|[\s_.-])(id|uuid)$|^(key|code|symbol|ticker|name|nr)$|^id[\s_.-])"
    r"|[a-z0-9](Id|ID|Uuid|UUID)$"
)
#: An id of a thing or a place, not of who acted: never the user id of the fallback tier (Citi
#: Bike's start_station_id, 5 values, was the "user"; YOOCHOOSE's item_id beat its session_id).
THING_ID_NAME = re.compile(
    r"(station|store|shop|product|item|sku|article|location|venue|business|movie|film|song"
    r"|track|artist|album|game|page|url|category|brand|merchant|restaurant|hotel|route|stop"
    r"|asin|isbn|site)",
    re.I,
)
#: A key of a thing named without an id suffix (Retailrocket's itemid, Amazon's asin): a user's
#: distinct ones are counted (the items viewed), as an item_id's are.
THING_KEY_NAME = re.compile(
    r"(?i:^(item|product|movie|song|track|artist|book|article|page)[\s_.-]*id$|^(asin|isbn|sku)$)"
)
#: A number that labels a study's or a season's design, not an amount (french_fries' treatment
#: and rep, a clinical visit number, a player's stint, a match-day round): kept for filters.
DESIGN_CODE_NAME = re.compile(
    r"^(treatment|treat|rep|replicate|visit|wave|trial|round|block|arm|condition|cohort|stint"
    r"|phase|stage|litter|period|step)([\s_-]?(no|nr|number|id))?$",
    re.I,
)
#: A number that places an event on a map's grid (Chicago's pickup_census_tract, its community
#: area 1-77; Santander's cod_prov, a province): a code, as a postal code is, never summed or
#: averaged.
PLACE_CODE_NAME = re.compile(
    r"(?i:census|tract|community[\s_-]?area|precinct|(^|[\s_-])(beat|ward|fips|zip|zipcode)$"
    r"|(^|[\s_-])(cod|code)([\s_-]|$))"
)
#: A measure named as a level, not an amount (a price, a balance, a rating, a
#: coordinate): its mean says something, its sum over a user's events does not (PaySim's summed
#: balances named the segments; "Total price" added up unit prices).
LEVEL_NAME = re.compile(
    r"(balance|price|rating|review_?score|latitude|longitude|temperature|altitude|elevation|population"
    r"|percent)"
    r"|(^|_)(rates?|lat|lon|lng|long|temp|age|level|pct|speed|pop)(_|$)"
)
#: The dbt vars' defaults (dbt_project.yml).
DEFAULT_QUARANTINE_WARN_SHARE = 0.005
DEFAULT_QUARANTINE_ERROR_SHARE = 0.05
ROLES = ("user_id", "user_id_type", "timestamp", "timestamp_format", "event_type", "event_id")
IDENTIFIER_NAME = re.compile(
    r"(?i:(^|[\s_.-])(id|uuid|code|key|number|no|nr|invoice|sku|zip|zipcode|postcode|phone"
    r"|account|acct|iban)$"  # Berka's account: the other party's account number, not an amount"
    r"|^id[\s_.-]"  # OULAD's id_site
    r"|(product|order|store|item|session|event|transaction|visit|customer|user|account|device"
    r"|shop|line|invoice|stock|article|patient|subject|client|member|employee)"
    r"(id|no|nr|code|key|number)$)"
    r"|[a-z0-9](Id|ID|Code|Key|No|Nr|Number)$"
)


@dataclass
class LogColumn:
    """What one column of an event log holds, measured on its text."""

    column: str
    non_null: int
    distinct: int
    numeric_share: float
    integer_share: float
    timestamp_share: float
    values: list[str] = field(default_factory=list)
    #: A part of a date or a clock time (year, hour, dep_time as HHMM): not a measure.
    is_calendar_part: bool = False
    #: Share of the values that are NaN or infinite (a numeric column's rows the build would
    #: quarantine as non_finite_value).
    non_finite_share: float = 0.0
    #: How the timestamp parses when not as ISO text: a strptime format, epoch_seconds,
    #: epoch_milliseconds, epoch_microseconds or excel_serial (the config's timestamp_format).
    timestamp_format: str | None = None
    #: Set when the timestamps read as well with day and month swapped (see ambiguity_note).
    timestamp_note: str = ""
    #: How the numbers are written when not as plain numbers: grouped ($1,234.56, 10%) or
    #: decimal_comma (1.234,56), the numeric column's number_format.
    number_format: str | None = None
    #: When the profile read a sample and the column looks unique in it: its non-null and
    #: distinct values over every row (``distinct`` is then the file's share applied to the sample).
    non_null_in_file: int | None = None
    distinct_in_file: int | None = None
    #: The share of the non-null values that are the most frequent one (values[0]).
    top_share: float = 0.0
    #: The share of the non-null values that each of ``values`` holds.
    value_shares: list[float] = field(default_factory=list)
    #: For a measure with sentinel values (KKBox's total_secs of -9.2e15 among seconds in the
    #: thousands): the bounds of its plausible values and how many values lie beyond them.
    plausible_range: tuple[float | None, float | None] | None = None
    sentinel_values: int = 0
    #: A measure at or below 0 on (almost) every row: an amount given as a negative number
    #: (Dunnhumby's coupon discounts), summed and averaged as its negative.
    below_zero: bool = False


@dataclass
class LogProfile:
    """The profile of an event log: path, rows and every column, plus the timestamp span."""

    path: str
    delimiter: str | None
    rows: int
    columns: list[LogColumn]
    #: The file's rows and how many of them were profiled (a sample above PROFILE_SAMPLE_ROWS).
    profiled_rows: ProfiledRows
    span_days: int | None = None
    #: The dense period of the timestamps and the stray ones outside it (tools.event_span).
    span: EventSpan | None = None
    #: False when the first line is data (no header row): columns are column0, column1, ...
    header: bool = True
    #: Struct, list and map columns (GA4's event_params): not profiled, left out.
    nested_columns: list[str] = field(default_factory=list)
    #: The names the user gave the columns of a file without a header row (--column-names).
    column_names: list[str] | None = None
    #: The clock of a timestamp column of instants whose quiet hours are not UTC's small hours.
    local_clocks: dict[str, LocalClock] = field(default_factory=dict)
    #: A column of each event's offset from UTC and its unit (Foursquare's timezoneOffset).
    offset_column: tuple[str, str] | None = None

    @property
    def named(self) -> bool:
        """Whether the columns have names that say something (a header row, or column_names)."""
        return self.header or bool(self.column_names)

    def column(self, name: str) -> LogColumn:
        """The profile of the named column."""
        return next(c for c in self.columns if c.column == name)


def _reader(
    path: str, delimiter: str | None, header: bool = True, names: list[str] | None = None
) -> str:
    quoted = path.replace("'", "''")
    if is_parquet(path):
        return f"read_parquet('{quoted}')"
    return (
        f"read_csv('{quoted}', {csv_options(path, delimiter, header, names)}, all_varchar = true)"
    )


def profile_event_log(
    path: str | Path,
    delimiter: str | None = None,
    timestamp: str | None = None,
    column_names: list[str] | None = None,
) -> LogProfile:
    """Measure every column of an event file (CSV read as text, or Parquet).

    Parameters
    ----------
    path : str or Path
        The event file (a glob works).
    delimiter : str, optional
        CSV delimiter; DuckDB's sniffer decides when None.
    timestamp : str, optional
        The column the user named as the timestamp: its whole numbers may be epoch times
        whatever its name.
    column_names : list of str, optional
        The names of the columns of a file without a header row, in order.

    Returns
    -------
    LogProfile
        Per column: non-null and distinct counts, the share of values that parse as numbers,
        integers and timestamps, and its most frequent values.
    """
    path, named_timestamp = str(path), timestamp
    header = True
    if not is_parquet(path):
        delimiter, header = sniffed_dialect(path, delimiter, column_names)
    connection, rows = _open_log_sample(path, delimiter, header, column_names)
    columns, nested = [], []
    described = connection.execute("select column_name, column_type from (describe raw)")
    for name, data_type in described.fetchall():
        if is_nested_type(data_type):
            nested.append(name)
            continue
        quoted = quote_identifier(name)
        text = f"cast({quoted} as varchar)"
        non_null, distinct, numeric, integer, timestamp, non_finite = connection.execute(
            f"select count({quoted}), count(distinct {quoted}), "
            f"count(try_cast({text} as double)), count({whole_number_sql(text)}), "
            f"{iso_timestamps_sql(text)}, "
            f"count(case when not isfinite(try_cast({text} as double)) then 1 end) from t"
        ).fetchall()[0]
        counted = connection.execute(
            f"select {text} as v, count(*) as n from t where {quoted} is not null "
            f"group by 1 order by n desc, v limit {MAX_EVENT_TYPES + 1}"
        ).fetchall()
        values = [str(row[0]) for row in counted]
        columns.append(
            LogColumn(
                name,
                non_null,
                distinct,
                numeric / max(non_null, 1),
                integer / max(non_null, 1),
                timestamp / max(non_null, 1),
                values,
                is_calendar_part=_is_calendar_part(connection, name, text, numeric),
                non_finite_share=non_finite / max(non_null, 1),
                top_share=counted[0][1] / max(non_null, 1) if counted else 0.0,
                value_shares=[row[1] / max(non_null, 1) for row in counted],
            )
        )
    for column in columns:
        if column.timestamp_share < PARSE_SHARE and column.non_null:
            _detect_timestamp_format(connection, column, column.column == named_timestamp)
            # Whole numbers that read as dates (YYYYMMDD, epoch) are dates, not measures to sum.
            column.is_calendar_part |= column.timestamp_format is not None
        if column.non_null and max(column.numeric_share, column.timestamp_share) < PARSE_SHARE:
            _detect_number_format(connection, column, delimiter)
        elif column.numeric_share >= PARSE_SHARE and not column.is_calendar_part:
            text = f"cast({quote_identifier(column.column)} as varchar)"
            if has_thousands_dots(connection, text, delimiter):
                _set_number_format(connection, column, text, "decimal_comma")
        if column.numeric_share >= PARSE_SHARE and not column.is_calendar_part:
            _find_sentinels_and_sign(connection, column)
    profiled_rows = count_repeats_in_file(connection, rows, "every_row", columns)
    profile = LogProfile(
        path,
        delimiter,
        rows,
        columns,
        header=header,
        column_names=column_names or None,
        nested_columns=nested,
        profiled_rows=profiled_rows,
    )
    for column in columns:
        unit = (
            offset_unit(column.column, column.values)
            if column.numeric_share >= PARSE_SHARE
            else None
        )
        if unit is not None and profile.offset_column is None:
            # Each event's own clock: read with the timestamp, not summed.
            profile.offset_column, column.is_calendar_part = (column.column, unit), True
    timestamp = _timestamp_column(profile)
    if timestamp is not None:
        timestamp_format = profile.column(timestamp).timestamp_format
        parsed = timestamp_sql(quote_identifier(timestamp), timestamp_format)
        # Dates after today are quarantined by the build (future_event_at): not the log's period.
        day_counts = connection.execute(
            f"select x, count(*) from (select cast({parsed} as date) as x from t) "
            "where x <= current_date group by x"
        ).fetchall()
        profile.span = event_span(day_counts)
        profile.span_days = profile.span.days if profile.span else None
        if profile.offset_column is None and is_instant(
            timestamp_format, profile.column(timestamp).values
        ):
            clock = local_clock(events_per_utc_hour(connection, parsed))
            profile.local_clocks = {timestamp: clock} if clock else {}
    connection.close()
    return profile


def _time_roles(profile: LogProfile, timestamp: str | None) -> dict[str, tuple[str | None, str]]:
    """The timestamp and timestamp_format roles, with their reasons."""
    if timestamp is None:
        return {
            "timezone": (None, ""),
            "timestamp": (None, UNDATED_NOTE),
            "timestamp_format": (None, ""),
        }
    column = profile.column(timestamp)
    clock = profile.local_clocks.get(timestamp)
    zone: tuple[Any, str] = (clock.zone, clock.note) if clock else (None, "")
    if profile.offset_column:
        offset, unit = profile.offset_column
        zone = (
            {f"offset_{unit}": offset},
            f"{offset} is each event's offset from UTC in {unit}: hours, days and weekends are "
            "read on each event's own clock",
        )
    return {
        "timezone": zone,
        "timestamp": (
            timestamp,
            "parses as a timestamp" + (" and is named like one" if profile.named else ""),
        ),
        "timestamp_format": (
            column.timestamp_format,
            f"how the timestamp's values parse ({column.timestamp_share:.1%} of them)"
            + column.timestamp_note,
        ),
    }


#: Why a log is undated, in its config.
UNDATED_NOTE = (
    "no column reads as a date or time: an undated log (undated: true), whose every row counts, "
    "with no window and no feature that needs the events' times (active days, recency, tenure)"
)


def _is_calendar_part(
    connection: duckdb.DuckDBPyConnection, name: str, text: str, numbers: int
) -> bool:
    """Named like a part of a date (year, hour), or like a time with every number an HHMM."""
    if CALENDAR_PART_NAME.search(name.strip()):
        return True
    if not numbers or not CLOCK_TIME_NAME.search(name):
        return False
    number = f"try_cast({text} as double)"
    (clock_times,) = connection.execute(
        f"select count(case when {number} between 0 and 2400 and {number} % 100 < 60 "
        "then 1 end) from t"
    ).fetchall()[0]
    return clock_times == numbers


def _detect_timestamp_format(
    connection: duckdb.DuckDBPyConnection, column: LogColumn, named_as_time: bool = False
) -> None:
    """Set the column's timestamp_format and share when a known format parses almost every value
    (a panel's `year` column of years from 1800 to 2100 reads as %Y: 1 January of the year)."""
    if YEAR_NAME.search(column.column.strip()) and column.integer_share >= PARSE_SHARE:
        year = whole_number_sql(quote_identifier(column.column))
        low, high = connection.execute(f"select min({year}), max({year}) from t").fetchall()[0]
        if low is not None and 1800 <= low <= high <= 2100:
            column.timestamp_format, column.timestamp_share = "%Y", column.integer_share
            return
    fractional = column.numeric_share >= PARSE_SHARE and column.integer_share < PARSE_SHARE
    if column.numeric_share >= 0.5 and column.integer_share < PARSE_SHARE and not fractional:
        return
    found = detect_format(
        connection,
        "t",
        column.column,
        column.integer_share >= PARSE_SHARE,
        PARSE_SHARE,
        fractional_numbers=fractional,
        named_as_time=named_as_time,
    )
    if found is not None:
        column.timestamp_format = found[0]
        column.timestamp_note = ambiguity_note(connection, "t", column.column, found[0])
        column.timestamp_share = found[1] / max(column.non_null, 1)


#: A value this many times beyond the 5th-95th percentile span (at least 1 on each side) is a
#: sentinel, not a measurement: three orders of magnitude, which a lognormal amount with sigma 2
#: passes about once in 6 million values. Up to 5% of the values may be sentinels.
SENTINEL_FACTOR = 1000


#: A measure is an amount given as a negative number when this share of its values other than 0
#: are below 0, and at least MIN_BELOW_ZERO of them.
BELOW_ZERO_SHARE = 0.99
MIN_BELOW_ZERO = 20


def _find_sentinels_and_sign(connection: duckdb.DuckDBPyConnection, column: LogColumn) -> None:
    """Set the plausible range of a measure whose extreme values are three orders of magnitude
    beyond its 5th-95th percentiles (an export's -9223372036854775 for "unknown"): a segment of
    the users with one such row was the build's whole finding. The percentiles are of the values
    other than 0: a purchase's revenue on a log of views, 0 on 97% of its rows, is no sentinel.

    From the same scan, whether the measure is at or below 0 on almost every row (below_zero): a
    discount written as -0.60, whose "high" segment was the one given the least (the "low coupon
    disc" segment got 4.1 times the discount of the rest)."""
    number = number_sql(f"cast({quote_identifier(column.column)} as varchar)", column.number_format)
    values = f"(select {number} as x from t) where isfinite(x)"
    low_quantile, high_quantile, negative, positive = connection.execute(
        "select quantile_cont(x, 0.05), quantile_cont(x, 0.95), count(case when x < 0 then 1 end), "
        f"count(case when x > 0 then 1 end) from {values} and x <> 0"
    ).fetchall()[0]
    column.below_zero = negative >= MIN_BELOW_ZERO and negative >= BELOW_ZERO_SHARE * (
        negative + positive
    )
    if low_quantile is None:
        return
    # A round number (1, 2 or 5 times a power of ten): the config says total_secs >= -10000000,
    # not -1.30273e+07. Rounded down: rounded up to the next power of ten, Dunnhumby's cut of
    # 10000 let 246 of its 1,600 fuel lines (quantities of 8,000 to 20,000) through.
    span = _round_number_at_most(SENTINEL_FACTOR * max(abs(low_quantile), abs(high_quantile), 1.0))
    low, high = -span, span
    below, above = connection.execute(
        f"select count(case when x < {low} then 1 end), count(case when x > {high} then 1 end) "
        f"from {values}"
    ).fetchall()[0]
    if below or above:
        column.plausible_range = (low if below else None, high if above else None)
        column.sentinel_values = below + above


def _round_number_at_most(value: float) -> float:
    """The largest of 1, 2 and 5 times a power of ten that is at most ``value`` (> 0)."""
    power = 10.0 ** math.floor(math.log10(value))
    return max(step * power for step in (1, 2, 5) if step * power <= value)


def _detect_number_format(
    connection: duckdb.DuckDBPyConnection, column: LogColumn, delimiter: str | None
) -> None:
    """Set the column's number_format and numeric share when its values are numbers written with
    currency signs, % or thousands separators (as in a shop's or a spreadsheet's export)."""
    text = f"cast({quote_identifier(column.column)} as varchar)"
    number_format = written_number_format(connection, text, column.non_null, delimiter)
    if number_format is not None:
        _set_number_format(connection, column, text, number_format)


def _set_number_format(
    connection: duckdb.DuckDBPyConnection, column: LogColumn, text: str, number_format: str
) -> None:
    parsed, whole = parsed_and_whole(connection, number_sql(text, number_format))
    column.number_format = number_format
    column.numeric_share = parsed / column.non_null
    column.integer_share = whole / column.non_null


def _timestamp_column(profile: LogProfile) -> str | None:
    candidates = [
        c
        for c in profile.columns
        if c.timestamp_share >= PARSE_SHARE
        and (c.numeric_share < 0.5 or c.timestamp_format is not None)
    ]
    # A timestamp with a clock beats a date (GA4's event_timestamp in microseconds over its
    # event_date); between two dates (Superstore's Order Date and Ship Date) the first column wins.
    candidates.sort(
        key=lambda c: (not TIME_NAME.search(c.column), not _has_clock(c), -c.timestamp_share)
    )
    return candidates[0].column if candidates else None


#: A column of star ratings, where 0 means not rated (Goodreads' rating of a shelved book).
RATING_NAME = re.compile(r"rating|stars?$", re.IGNORECASE)


def _zero_is_no_rating(column: LogColumn) -> bool:
    """Whole-number ratings 0 to 5 with 0 among them: 0 is no rating (stars start at 1); or 0 to
    10 with 0 the most frequent (Book-Crossing's implicit ratings, 62% of its rows, are a book
    read or shelved, not rated)."""
    if not RATING_NAME.search(column.column) or not 3 <= column.distinct <= 11:
        return False
    try:
        values = {float(value) for value in column.values}
    except ValueError:
        return False
    if 0.0 not in values or not values <= {float(star) for star in range(11)}:
        return False
    if max(values) <= 5.0:
        return 5.0 in values
    return float(column.values[0]) == 0.0


def _has_clock(column: LogColumn) -> bool:
    """The timestamps carry a time of day: an epoch, a format with hours, or ISO text with one."""
    written = column.timestamp_format
    if written:
        return written.startswith("epoch") or "%H" in written or "%I" in written
    return any(":" in value for value in column.values)


def _user_id_column(profile: LogProfile, taken: set[str]) -> str | None:
    """The column the events belong to, by name, in tiers; in a tier, the most repeated wins.

    A user's name (user_id, customer_id: more than 2 values, a flag such as union_member is not
    a user); else an e-mail or login whose values repeat over a person's events; else a role
    (patient, device) or who acted (author, sender, cc_num: a comment's or a payment's own id is
    unique, and is its event id); else any id (id, symbol) whose values repeat, as a user's do;
    else, under a name that says nothing (KKBox's msno), the first text column of opaque keys
    (no spaces, digits or 16+ characters) with more values than event types, repeating. A file
    without a header row names no column: there the first column whose values repeat (logs put
    who acted before what they did).
    """
    if not profile.named:
        repeating_columns = [
            c
            for c in profile.columns
            if c.column not in taken and 2 < c.distinct < 0.9 * max(c.non_null, 1)
        ]
        return repeating_columns[0].column if repeating_columns else None

    def repeating(name: re.Pattern, fewest: int, repeats: bool) -> list[LogColumn]:
        return [
            c
            for c in profile.columns
            if c.column not in taken
            and name.search(c.column.strip())
            and c.distinct > fewest
            and (not repeats or c.distinct < 0.9 * max(c.non_null, 1))
            and (name is not ANY_ID_NAME or not THING_ID_NAME.search(c.column))
            # A bare role word whose few values are words is a category (a survey's device:
            # mobile, desktop, tablet), not who the events belong to (french_fries' subject 1-12).
            and (
                name is not ROLE_ID_NAME
                or ID_SUFFIX.search(c.column)
                or c.distinct > MAX_EVENT_TYPES
                or all(any(ch.isdigit() for ch in value) for value in c.values)
            )
        ]

    tiers = (
        (USER_ID_NAME, 2, False),
        (PERSON_HANDLE_NAME, 2, True),
        (ROLE_ID_NAME, 2, True),
        (ACTOR_NAME, MAX_EVENT_TYPES, True),
        (ANY_ID_NAME, 1, True),
    )
    for name, fewest, repeats in tiers:
        named = sorted(
            repeating(name, fewest, repeats), key=lambda c: c.distinct / max(c.non_null, 1)
        )
        if named:
            return named[0].column
    tokens = [
        c
        for c in profile.columns
        if c.column not in taken
        and c.numeric_share < PARSE_SHARE
        and c.timestamp_share < PARSE_SHARE
        and not THING_ID_NAME.search(c.column)
        and not NOT_THE_USER_NAME.search(c.column.strip())
        and looks_like_a_token_id(c.values)
        and MAX_EVENT_TYPES < c.distinct < 0.9 * max(c.non_null, 1)
    ]
    return tokens[0].column if tokens else None


def looks_like_event_log(profile: LogProfile) -> bool:
    """True when the file has a timestamp and a user id that repeats (many rows per user), and no
    column named as a person's id holds a different value in every row (a survey's
    respondent_id, a customer table's customer_id: one row per person, whatever its dates)."""
    timestamp = _timestamp_column(profile)
    if timestamp is None:
        return False
    if any(
        (
            USER_ID_NAME.search(c.column.strip())
            or ROLE_ID_NAME.search(c.column.strip())
            or ACTOR_NAME.match(c.column.strip())
        )
        and c.non_null >= 0.9 * profile.rows
        and c.distinct >= 0.99 * c.non_null
        for c in profile.columns
        if c.column != timestamp
    ):
        return False
    user_id = _user_id_column(profile, {timestamp})
    if user_id is None:
        return False
    column = profile.column(user_id)
    return column.distinct < 0.9 * max(column.non_null, 1)


@dataclass
class EventLogProposal:
    """A starter event_log config: the role of every column and the features, with reasons."""

    profile: LogProfile
    roles: dict[str, tuple[str | None, str]]
    numeric_columns: list[tuple[str, str]]
    text_columns: list[str]
    event_types: list[str]
    features: list[tuple[dict[str, Any], str]]
    window_days: int | None
    #: Columns with no value in any row: nothing to filter or aggregate, left out of the config.
    empty_columns: list[str] = field(default_factory=list)
    #: Unnamed columns of unique numbers (the row names R and pandas write): not a measure.
    row_number_columns: list[str] = field(default_factory=list)
    #: Numeric columns NaN or infinite in more than NON_FINITE_SHARE of their rows.
    non_finite_columns: list[str] = field(default_factory=list)
    #: Whole-number columns of a file without a header row, taken for keys (_is_headerless_key).
    headerless_keys: list[str] = field(default_factory=list)
    #: Text columns of answers on a scale (a rating "Very dissatisfied" .. "Very satisfied"), read
    #: as their rank in this order.
    scales: dict[str, list[str]] = field(default_factory=dict)
    #: The column that says when each event ended (a trip's ended_at): read as its length.
    end_time: EndTime | None = None

    def numeric_column(self, name: str) -> str | dict[str, str]:
        """A numeric_columns item: the column's name, with the name features use when its
        CamelCase is split (TotalSteps: total_steps, as a user table's would be) and its
        number_format when it has one."""
        if self.end_time and name == self.end_time.column:
            return {"column": name, "name": DURATION_NAME, "derive": "minutes_after_event"}
        item = _named_column(name)
        number_format = self.profile.column(name).number_format
        if number_format:
            item = {"column": name, "number_format": number_format} | (
                {"name": item["name"]} if isinstance(item, dict) else {}
            )
        if _zero_is_no_rating(self.profile.column(name)):
            item = (item if isinstance(item, dict) else {"column": name}) | {"missing_values": [0]}
        if name in self.scales:
            off_scale = non_answers(self.profile.column(name).values)
            item = (item if isinstance(item, dict) else {"column": name}) | {
                "order": self.scales[name]
            }
            if off_scale:
                item["missing_values"] = off_scale
        return item

    def event_log(self) -> dict[str, Any]:
        """The proposal as the `event_log` var (without the reasons)."""
        log: dict[str, Any] = {"path": self.profile.path}
        if encoding := file_encoding(self.profile.path):
            log["encoding"] = encoding
        if self.profile.delimiter and self.profile.delimiter != ",":
            log["delimiter"] = self.profile.delimiter
        if not self.profile.header:
            log["header"] = False
        if self.profile.column_names:
            log["column_names"] = self.profile.column_names
        for role in ROLES:
            if self.roles[role][0] is not None:
                log[role] = self.roles[role][0]
        if no_one := missing_user_ids(self.profile, self.roles["user_id"][0]):
            log["missing_user_ids"] = no_one
        if self.roles["timezone"][0]:
            log["timezone"] = self.roles["timezone"][0]
        if self.roles["timestamp"][0] is None:
            log["undated"] = True
        log["numeric_columns"] = [self.numeric_column(column) for column, _ in self.numeric_columns]
        log["text_columns"] = [_named_column(column) for column in self.text_columns]
        log["features"] = [feature for feature, _ in self.features]
        return log


def propose_event_log(
    profile: LogProfile,
    user_id: str | None = None,
    timestamp: str | None = None,
    undated: bool = False,
) -> EventLogProposal:
    """Decide the column roles and the starter features of an event log.

    ``user_id`` and ``timestamp`` name those columns instead of letting the profile guess.
    ``undated``: the log has no time column (encounters of patients, Instacart's orders); every
    row counts, and no feature needs the events' times (`undated: true`).

    Raises
    ------
    ValueError
        When no column parses as a timestamp or none looks like a user id, or a named column is
        not in the file or (the timestamp) does not parse.
    """
    names = [c.column for c in profile.columns]
    for role, name in (("--user-id", user_id), ("--timestamp", timestamp)):
        if name is not None and name not in names:
            raise ValueError(f"{profile.path}: {role} {name!r} is not a column; columns: {names}")
    if timestamp is not None and profile.column(timestamp).timestamp_share < PARSE_SHARE:
        share = profile.column(timestamp).timestamp_share
        raise ValueError(
            f"{profile.path}: column {timestamp!r} parses as a timestamp in {share:.0%} of its "
            "rows, in no known format (ISO text, YYYYMMDD, epoch seconds, milliseconds or "
            "microseconds, MM/DD/YYYY, ...); set event_log.timestamp_format (a strptime format) "
            "by hand (docs/event-logs.md)."
        )
    timestamp = None if undated else timestamp or _timestamp_column(profile)
    # Naming the user of a file without a time column (OULAD's id_student, whose day is a number
    # of days into the course) asks for an undated log: every row at the as-of date.
    if timestamp is None and not undated and user_id is None:
        raise ValueError(
            f"{profile.path}: no column parses as a timestamp in {PARSE_SHARE:.0%} of its rows "
            "(ISO text, YYYYMMDD, epoch seconds, milliseconds or microseconds, MM/DD/YYYY, ...); "
            "name it with --timestamp, or write the config by hand with timestamp_format "
            "(docs/event-logs.md); or name the user with --user-id for an undated log (every "
            "row at the as-of date)."
        )
    user_id = user_id or _user_id_column(profile, {timestamp})
    if user_id is None:
        raise ValueError(
            f"{profile.path}: no column is named like a user id (user_id, customer_id, id, ...); "
            "name it with --user-id, or write the config by hand (docs/event-logs.md)."
        )
    users = profile.column(user_id)
    user_id_type = "integer" if users.integer_share >= 0.99 else "text"
    roles: dict[str, tuple[str | None, str]] = {
        **_time_roles(profile, timestamp),
        "user_id": (
            user_id,
            f"repeats like a user id; {users.distinct_in_file or users.distinct} users over "
            f"{users.non_null_in_file or users.non_null} rows"
            + (
                f", {profile.rows - users.non_null} rows without one (quarantined)"
                if users.non_null < profile.rows
                else ""
            ),
        ),
        "user_id_type": (
            user_id_type,
            "every value is an integer"
            if user_id_type == "integer"
            else "not every value is an integer",
        ),
        "event_type": (None, "no text column named like an event type"),
        "event_id": (None, "no column named like an event id with (nearly) unique values"),
    }
    taken = {timestamp, user_id}
    ended = _end_time(profile, roles)
    if ended:
        taken.add(ended.column)
    for column in profile.columns:
        if column.column in taken or column.non_null == 0:
            continue
        unique_share = column.distinct / column.non_null
        if (
            roles["event_id"][0] is None
            # event_id, or any id unique to its row (Citi Bike's ride_id, Yelp's review_id)
            and (EVENT_ID_NAME.search(column.column) or ID_SUFFIX.search(column.column))
            and unique_share >= 0.99
            # An id most events lack (Retail Rocket's transactionid, set on purchases only)
            # identifies purchases, not events.
            and column.non_null >= PARSE_SHARE * profile.rows
        ):
            roles["event_id"] = (
                column.column,
                f"named like an event id, {unique_share:.1%} of values distinct "
                "(repeats are quarantined)",
            )
            taken.add(column.column)
    for column in profile.columns:
        if column.column in taken or column.numeric_share >= PARSE_SHARE:
            continue
        if EVENT_TYPE_NAME.search(column.column) and 1 < column.distinct <= MAX_EVENT_TYPES:
            roles["event_type"] = (
                column.column,
                f"named like an event type, {column.distinct} values: " + ", ".join(column.values),
            )
            taken.add(column.column)
            break
    numeric_columns, text_columns, empty_columns, row_number_columns = [], [], [], []
    non_finite_columns: list[str] = []
    headerless_keys: list[str] = []
    filters_only = set()  # numeric columns typed for filters, never summed into a feature
    codes = []  # whole numbers named like a code (a namespace, a region): shared like text
    for column in profile.columns:
        if column.column in taken:
            continue
        if column.non_null == 0:
            empty_columns.append(column.column)
        elif column.numeric_share >= PARSE_SHARE and column.non_finite_share > NON_FINITE_SHARE:
            non_finite_columns.append(column.column)
        elif profile.named and _is_row_names(column):
            row_number_columns.append(column.column)
        elif _is_headerless_key(profile, column):
            text_columns.append(column.column)
            headerless_keys.append(column.column)
        elif (
            column.numeric_share >= PARSE_SHARE
            and not IDENTIFIER_NAME.search(column.column)
            and not CODE_NAME.search(column.column)  # Olist's customer_zip_code_prefix
        ):
            written = {
                "grouped": " written with currency signs, % or thousands commas",
                "decimal_comma": " written with decimal commas (1.234,56 is 1234.56)",
            }.get(column.number_format or "", "")
            if column.is_calendar_part:
                filter_note = "; a part of the date or clock"
            elif DESIGN_CODE_NAME.search(column.column.strip()):
                filter_note = "; a code or sequence number of the design (visit 1-4, treatment 1-3)"
            elif column.integer_share >= PARSE_SHARE and (
                named_like_a_category(column.column) or PLACE_CODE_NAME.search(column.column)
            ):
                filter_note = "; whole numbers named like a code (a region, a type, a census tract)"
                codes.append(column.column)
            else:
                filter_note = ""
            if filter_note:
                filters_only.add(column.column)
                filter_note += ": kept for filters, not summed into a feature"
            elif _zero_is_no_rating(column):
                top = max(float(value) for value in column.values)
                filter_note = (
                    f"; 0 among ratings of 1 to {top:g} is no rating (a book shelved, not "
                    "rated): read as missing (missing_values), not averaged as one"
                )
            numeric_columns.append(
                (
                    column.column,
                    f"{column.numeric_share:.1%} of values are numbers{written} "
                    f"(the rest are quarantined){filter_note}",
                )
            )
        else:
            text_columns.append(column.column)
    if ended:
        numeric_columns.append((ended.column, ended.reason))
        filters_only.add(ended.column)  # its lengths are features of their own
    scales = {
        column: order
        for column in text_columns
        if (order := scale_order(profile.column(column).values))
    }
    for column, order in scales.items():
        text_columns.remove(column)
        numeric_columns.append(
            (column, f"answers on a scale, read as their rank: 1 ({first_spelling(order[0])}) "
                     f"to {len(order)} ({first_spelling(order[-1])})")
        )  # fmt: skip
    event_types = profile.column(roles["event_type"][0]).values if roles["event_type"][0] else []
    span = _numeric_span(profile, [n for n, _ in numeric_columns if n not in filters_only])
    if span:
        filters_only |= {span.start, span.end}
    measures = [(name, reason) for name, reason in numeric_columns if name not in filters_only]
    flags = {column for column, _ in measures if _is_flag(profile.column(column))}
    # A code of a few values shares a user's events as text does (Wikipedia's namespace: article
    # or talk-page edits), where it got no feature at all.
    few_valued = _few_valued_text_columns(profile, text_columns + codes)
    few_valued += _many_valued_categories(profile, text_columns, few_valued)
    # One pass over the log finds the per-user attributes among measures and text columns alike,
    # how many users have a value of each measure, and whether the log is a daily panel.
    clock = timestamp is not None and _has_clock(profile.column(timestamp))
    per_user = _per_user_columns(
        profile, user_id, [column for column, _ in measures] + few_valued,
        _event_time_sql(roles, clock), clock, may_be_panel=not event_types,
    )  # fmt: skip
    attributes, share_of_users = per_user.attributes, per_user.share_of_users
    order_level = _order_level_measures(
        profile, text_columns + [roles["event_id"][0] or ""],
        [column for column, _ in measures if column not in attributes | flags | set(scales)],
    )  # fmt: skip
    keys = [
        column
        for column in text_columns
        if (
            ANY_ID_NAME.search(column)
            or THING_KEY_NAME.search(column)
            or OTHER_PARTY_NAME.search(column)
            or column in headerless_keys
        )
        and profile.column(column).distinct > MAX_EVENT_TYPES
    ]
    features = _starter_features(
        roles, measures, event_types, flags, attributes, keys, _currencies(profile, text_columns),
        set(scales), daily_panel=per_user.panel,
        undated=timestamp is None, order_level=order_level,
        recency_note=_recency_profiled_note(profile, per_user),
        below_zero={column for column, _ in measures if profile.column(column).below_zero},
    )  # fmt: skip
    categories = [column for column in few_valued if column not in attributes]
    features += _category_shares(profile, categories, {f["name"] for f, _ in features})
    lists = _list_columns(profile, [c for c in text_columns if c not in keys + few_valued])
    for column, separator in lists:
        features += list_length_feature(
            column, separator, feature_name(column), {f["name"] for f, _ in features}
        )
    hour = None if clock else _hour_of_day_column(profile, filters_only)
    if (clock or hour) and not per_user.panel:
        features += _daypart_shares({f["name"] for f, _ in features}, hour)
    if timestamp is not None and not per_user.panel:
        features += _weekend_share({f["name"] for f, _ in features})
    if ended:
        features += duration_features({f["name"] for f, _ in features})
    if span:
        features += span_length_features(
            span, feature_name(span.start), feature_name(span.end), {f["name"] for f, _ in features}
        )
    features = _outcomes_profiled(features)
    features = _sparse_means_profiled(features, share_of_users)
    features = _without_sentinels(profile, features)
    features = _profile_redundant_features(
        profile, roles,
        measures + [(hour, "")] * bool(hour) + ([(span.start, ""), (span.end, "")] if span else []),
        keys + categories + [column for column, _ in lists], features, scales, ended,
    )  # fmt: skip
    # The whole log: a shorter window would leave out, unseen, every user whose events are older.
    window = (profile.span_days or None) if timestamp else None
    return EventLogProposal(
        profile, roles, numeric_columns, text_columns, event_types, features, window, empty_columns,
        row_number_columns, non_finite_columns, headerless_keys, scales, ended,
    )  # fmt: skip


def _list_columns(profile: LogProfile, columns: list[str]) -> list[tuple[str, str]]:
    """The text columns whose values are lists (tools.list_columns), with their separator."""
    if not columns:
        return []
    connection = _open_log(profile, as_table=False)
    try:
        found = [(column, list_separator(connection, column)) for column in columns]
    finally:
        connection.close()
    return [(column, separator) for column, separator in found if separator]


def _numeric_span(profile: LogProfile, measures: list[str]) -> NumericSpan | None:
    """The two measures that start and end each event (tools.event_durations), read as numbers
    as the build reads them."""
    if len(measures) < 2:
        return None
    connection = _open_log(profile, as_table=False)
    try:
        return numeric_span(
            connection,
            measures,
            lambda column: number_sql(
                f"cast({quote_identifier(column)} as varchar)", profile.column(column).number_format
            ),
        )
    finally:
        connection.close()


def _end_time(profile: LogProfile, roles: dict[str, tuple[str | None, str]]) -> EndTime | None:
    """The column that ends the span the timestamp starts (tools.event_durations), unless the
    log has a column of that name already."""
    timestamp = roles["timestamp"][0]
    names = [column.column for column in profile.columns]
    if timestamp is None or DURATION_NAME in {name.lower() for name in names}:
        return None
    connection = _open_log(profile, as_table=False)
    try:
        return end_time(connection, names, timestamp, roles["timestamp_format"][0])
    finally:
        connection.close()


def _currencies(profile: LogProfile, text_columns: list[str]) -> tuple[str, list[str]] | None:
    """A text column naming the currency of the amounts, with its values when it has several."""
    for column in text_columns:
        values = profile.column(column).values
        if CURRENCY_NAME.search(column) and 2 <= len(values) <= MAX_SHARED_CATEGORIES:
            return column, [str(value) for value in values]
    return None


#: A text column with at most this many values (not the event type) gets the share of a
#: user's events with each value but the most common one.
MAX_SHARED_CATEGORIES = 8
TRUTHY = frozenset({"true", "yes", "y", "t"})


def _few_valued_text_columns(profile: LogProfile, text_columns: list[str]) -> list[str]:
    """The text columns of a few values (a sales channel, a merchant category, a subreddit):
    those that vary within a user's events get shares (`_category_shares`); one the same on every
    event of a user (gender, city) is an attribute of the user, not how their activity divides."""
    # H&M's sales_channel_id (1 or 2) is a code of a channel, not an id: ids have more values.
    # Instacart's eval_set (prior, train, test) splits the dataset, not a user's activity.
    return [
        column
        for column in text_columns
        if 2 <= profile.column(column).distinct <= MAX_SHARED_CATEGORIES
        and not is_dataset_split(profile.column(column).values)
        # A post's body with line breaks is free text, not a category.
        and not any("\n" in value or "\r" in value for value in profile.column(column).values)
    ]


#: A text column named like a category with more values than MAX_SHARED_CATEGORIES (Foursquare's
#: 240 venue categories: a gym-goer and a bar-goer told apart only by theirs) gets the share of a
#: user's events in each of its TOP_CATEGORIES most frequent values that hold MIN_TOP_SHARE.
CATEGORY_NAME = re.compile(r"(categor|genre|department|aisle|cuisine|topic)", re.I)
MAX_MANY_CATEGORIES = 1000
TOP_CATEGORIES = 5
MIN_TOP_SHARE = 0.03


def _many_valued_categories(
    profile: LogProfile, text_columns: list[str], few_valued: list[str]
) -> list[str]:
    """The text columns named like a category of MAX_SHARED_CATEGORIES to MAX_MANY_CATEGORIES
    values, words rather than keys (a category's id is counted as a key)."""
    return [
        column
        for column in text_columns
        if column not in few_valued
        and CATEGORY_NAME.search(column)
        and not ANY_ID_NAME.search(column)
        and MAX_SHARED_CATEGORIES < profile.column(column).distinct <= MAX_MANY_CATEGORIES
        and not looks_like_a_token_id(profile.column(column).values)
        and not any("\n" in value for value in profile.column(column).values)
    ]


def _category_shares(
    profile: LogProfile, categories: list[str], taken_names: set[str]
) -> list[tuple[dict[str, Any], str]]:
    """Per few-valued text column that is no attribute, the share of a user's events with each
    value but the most common: how a user's activity divides (H&M's online or in store), which no
    count says; per category of many values, with each of its most frequent values."""
    features = []
    for column in categories:
        profiled = profile.column(column)
        name, label = feature_name(column), label_for(column)
        shared = profiled.values[1:]
        if profiled.distinct > MAX_SHARED_CATEGORIES:
            shared = [
                value
                for value, share in zip(profiled.values, profiled.value_shares, strict=False)
                if share >= MIN_TOP_SHARE
            ][:TOP_CATEGORIES]
        truthy = [value for value in profiled.values if value.strip().lower() in TRUTHY]
        if len(profiled.values) == 2 and len(truthy) == 1:
            shared = truthy  # edited true/false: the share edited, whichever is more common
        # A header repeated inside the file (exports joined with their headers) is no value:
        # the build quarantines its lines as repeated_header.
        for value in [value for value in shared if value.strip() != column.strip()]:
            share_name = column_name(f"{name}_{anyascii(value)}_share")
            if share_name in taken_names:
                continue
            taken_names.add(share_name)
            feature = {
                "name": share_name,
                "aggregate": "mean",
                "of": f"case when {name} = {quote_literal(value)} then 1.0 else 0.0 end",
                "label": f"Share {label.lower()} {value}",
                "unit": "share",
            }
            others = [other for other in profiled.values if other != value]
            why = f"the share of a user's events with {column} {value!r} " + (
                f"(one of its {len(shared)} most frequent of {profiled.distinct} values)"
                if profiled.distinct > MAX_SHARED_CATEGORIES
                else f"(the rest: {', '.join(others)})"
            )
            features.append((feature, why))
    return features


#: Parts of the day (hours from, to) whose share of a user's events is a feature; the afternoon
#: (12-18h) is the rest.
DAYPARTS = (
    ("night", 0, 6, "night owls", "rarely at night"),
    ("morning", 6, 12, "early birds", "rarely in the morning"),
    ("evening", 18, 24, "evening-heavy", "rarely in the evening"),
)


#: A whole number from 0 to 23 named like this is the hour of an event's day (Instacart's
#: order_hour_of_day, a taxi log's pickup_hour).
HOUR_OF_DAY_NAME = re.compile(r"(^|[\s_-])hour([\s_-]of[\s_-]day)?$", re.I)


def _hour_of_day_column(profile: LogProfile, filters_only: set[str]) -> str | None:
    """The column of the events' hours (0-23) among the date parts of a log whose times have no
    clock (a date, or none), or None."""
    for name in sorted(filters_only):
        column = profile.column(name)
        if not HOUR_OF_DAY_NAME.search(name.strip()) or column.integer_share < PARSE_SHARE:
            continue
        hours = {int(float(value)) for value in column.values}
        if len(hours) >= 12 and hours <= set(range(24)):
            return name
    return None


def _daypart_shares(
    taken_names: set[str], hour_column: str | None = None
) -> list[tuple[dict[str, Any], str]]:
    """The share of a user's events at night, in the morning and in the evening (the hours of the
    timestamps as the build reads them: UTC for times with an offset; or of ``hour_column``, in a
    log that gives the hour apart from a date): Last.fm's night listeners and daytime listeners
    played as much, and only when they played told them apart. A share no user differs on more
    than chance gives is profiled, not clustered (`shares_within_chance`)."""
    hour = feature_name(hour_column) if hour_column else "hour(event_at)"
    source = f" (the hour in {hour_column})" if hour_column else ""
    features = []
    for part, start, end, high, low in DAYPARTS:
        name = column_name(f"{part}_share")
        if name in taken_names:
            continue
        feature = {
            "name": name,
            "aggregate": "mean",
            "of": f"case when {hour} >= {start} and {hour} < {end} then 1.0 "
            + ("when " + hour + " is not null then 0.0 end" if hour_column else "else 0.0 end"),
            "label": f"Share of events in the {part} ({start}-{end}h)"
            if part != "night"
            else f"Share of events at night ({start}-{end}h)",
            "unit": "share",
            "high_phrase": high,
            "low_phrase": low,
        }
        features.append(
            (
                feature,
                f"when a user is active: the share of events from {start}h to {end}h{source}",
            )
        )
    return features


def _weekend_share(taken_names: set[str]) -> list[tuple[dict[str, Any], str]]:
    """The share of a user's events on Saturdays and Sundays: the notebook's weekday and weekend
    time online, for any dated log (a commuter's weekdays, a hobbyist's weekends). Profiled, not
    clustered, when users differ on it no more than chance does (`shares_within_chance`)."""
    name = column_name("weekend_share")
    if name in taken_names:
        return []
    feature = {
        "name": name,
        "aggregate": "mean",
        "of": "case when is_weekend_event then 1.0 else 0.0 end",
        "label": "Share of events at the weekend",
        "unit": "share",
        "high_phrase": "weekend-heavy",
        "low_phrase": "mostly on weekdays",
    }
    return [(feature, "when a user is active: the share of events on Saturdays and Sundays")]


def _outcomes_profiled(
    features: list[tuple[dict[str, Any], str]],
) -> list[tuple[dict[str, Any], str]]:
    """The features read from an outcome column (is_fraud's share of events), profiled only."""
    return outcomes_profiled(
        features, lambda feature: re.findall(r"[a-z_][a-z0-9_]*", str(feature.get("of") or ""))
    )


#: A measure that fewer users than this share have a value of (a purchase's revenue, empty for
#: users who never buy) has its per-user mean profiled, not clustered: most users would get the
#: filled median.
SPARSE_MEASURE_SHARE = 0.5


def _sparse_means_profiled(
    features: list[tuple[dict[str, Any], str]], share_of_users: dict[str, float]
) -> list[tuple[dict[str, Any], str]]:
    """The mean of a measure most users have no value of, profiled only: those users (1,268 of
    1,500 in a web log's purchase revenue) get the median filled in, and clustered that made
    non-buyers look like buyers of the median basket. Its total (0 for them) stays. Counted over
    users, not events: a game's session length is on a quarter of the events but every player's.
    ``share_of_users``: by the measure's feature name, the share of users with a value of it."""
    result = []
    for feature, reason in features:
        share = share_of_users.get(str(feature.get("of")))
        if (
            share is not None and share < SPARSE_MEASURE_SHARE
            and feature["aggregate"] == "mean" and feature.get("cluster", True)
        ):  # fmt: skip
            feature = {**feature, "cluster": False}
            reason += (
                f"; profiled, not clustered: only {share:.0%} of the users have a "
                f"{feature['of']}, so the others would get the median filled in"
            )
        result.append((feature, reason))
    return result


def _without_sentinels(
    profile: LogProfile, features: list[tuple[dict[str, Any], str]]
) -> list[tuple[dict[str, Any], str]]:
    """The features of a measure with sentinel values (`_find_sentinels_and_sign`) read only its
    plausible values: a `where` keeps the rest out of the sums and means."""
    plausible = {
        feature_name(column.column): column
        for column in profile.columns
        if column.plausible_range is not None
    }
    result = []
    for feature, reason in features:
        column = plausible.get(str(feature.get("of")))
        if column is not None:
            low, high = column.plausible_range
            name = feature["of"]
            bounds = [f"{name} >= {low:.0f}"] if low is not None else []
            bounds += [f"{name} <= {high:.0f}"] if high is not None else []
            condition = " and ".join(bounds)
            where = feature.get("where")
            feature = {**feature, "where": f"({where}) and {condition}" if where else condition}
            reason += (
                f"; {column.sentinel_values} value(s) of {column.column} lie three orders of "
                f"magnitude beyond the rest ({condition.replace(' and ', ', ')} keeps them out): "
                "a code for unknown or another unit (fuel in thousandths of a gallon), not "
                "comparable with the rest"
            )
        result.append((feature, reason))
    return result


def _profile_redundant_features(
    profile: LogProfile,
    roles: dict[str, tuple[str | None, str]],
    measures: list[tuple[str, str]],
    keys: list[str],
    features: list[tuple[dict[str, Any], str]],
    scales: dict[str, list[str]] | None = None,
    ended: EndTime | None = None,
) -> list[tuple[dict[str, Any], str]]:
    """The starter features with the nearly constant ones and each one that moves with an
    earlier one profiled only (cluster: false, tools.redundant_features), the reason saying why.
    ``scales``: the text columns of answers on a scale, compared as their rank; ``ended``: the
    end time whose minutes after the timestamp are the events' lengths."""
    connection = _open_log(profile, as_table=False)
    timestamp = (
        zoned_sql(
            timestamp_sql(quote_identifier(roles["timestamp"][0]), roles["timestamp_format"][0]),
            roles["timezone"][0],
        )
        if roles["timestamp"][0]
        else "current_date::timestamp"  # an undated log: every row at the as-of date
    )
    columns = [f"{quote_identifier(roles['user_id'][0])} as user_id", f"{timestamp} as event_at"]
    if roles["event_type"][0]:
        columns.append(
            f"trim(cast({quote_identifier(roles['event_type'][0])} as varchar)) as event_type"
        )
    for column, _ in measures:
        text = f"cast({quote_identifier(column)} as varchar)"
        if column in (scales or {}):
            number = rank_sql(text, scales[column])
        else:
            number = number_sql(text, profile.column(column).number_format)
            if _zero_is_no_rating(profile.column(column)):
                number = f"nullif({number}, 0)"  # as missing_values: [0] makes the build read it
        columns.append(f"{number} as {feature_name(column)}")
    for column in keys:
        columns.append(f"cast({quote_identifier(column)} as varchar) as {feature_name(column)}")
    if ended:
        minutes = minutes_sql(roles["timestamp"][0], ended.column, roles["timestamp_format"][0])
        columns.append(f"case when {minutes} >= 0 then {minutes} end as {DURATION_NAME}")
    connection.execute(
        # is_weekend_event as the build's is_weekend reads it, from the time parsed once.
        "create table staged as select *, isodow(event_at) >= 6 as is_weekend_event from "
        f"(select {', '.join(columns)} from t) where user_id is not null and event_at is not null"
    )
    sample = sampled_per_user(connection, [feature for feature, _ in features])
    connection.close()
    chance = shares_within_chance(sample, [feature for feature, _ in features])
    why = {
        name: f"users' shares differ no more than chance gives (dispersion {dispersion:.2f}, "
        "about 1 for a value drawn alike for every event): it tells no habit apart"
        for name, dispersion in chance.items()
    }
    for name, ratio in means_within_chance(sample).items():
        why[name] = (
            f"users' means differ no more than chance gives (their variance is {ratio:.2f} "
            "times what a mean of values drawn alike for every user has): it tells no habit apart"
        )
    for name, dispersion in counts_within_chance(sample, [f for f, _ in features]).items():
        why[name] = (
            f"users' counts differ no more than events at random give (dispersion "
            f"{dispersion:.2f}, about 1 when every user's events come alike): every user does "
            "about as much"
        )
    chance_names = list(why)
    why |= profiled_only_columns(sample.per_user, sample.users, frozenset(why))
    clusterable = [feature["name"] for feature, _ in features if feature.get("cluster", True)]
    if clusterable and all(name in why for name in clusterable):
        # The segments need one feature: the first that only chance ruled out (a tiny log of
        # six orders a user, whose every feature is within chance, still builds).
        del why[next((name for name in clusterable if name in chance_names), clusterable[0])]
    skewed = right_skewed_means(sample.per_user, [feature for feature, _ in features])
    ranked = {feature_name(column) for column in scales or {}}  # answers on a scale: ranks
    profiled = []
    for feature, reason in features:
        if feature["name"] in skewed and feature.get("of") not in ranked:
            feature = {**feature, "transform": "log1p"}
            reason += (
                f"; log1p: users' means are right-skewed (skewness {skewed[feature['name']]:.1f}) "
                "and never negative"
            )
        if feature["name"] in why:
            feature = {**feature, "cluster": False}
            reason += f"; profiled, not clustered: {why[feature['name']]}"
        profiled.append((feature, reason))
    return profiled


def _prefixed(word: str, label: str) -> str:
    """``word`` and the label in lower case, without saying the word twice ("Total steps" for a
    sum of TotalSteps, not "Total total steps")."""
    if label.lower().split(" ", 1)[0] == word.lower():
        return label[:1].upper() + label[1:]
    return f"{word} {label.lower()}"


def _is_headerless_key(profile: LogProfile, column: LogColumn) -> bool:
    """In a file without a header row, whole numbers with more values than event types are taken
    for a key (MovieLens' movie id: "mean column1" was a starter feature), not a measure: no name
    says otherwise. A quantity of whole numbers moves back with one line of the config."""
    return (
        not profile.named
        and column.integer_share >= PARSE_SHARE
        and not column.is_calendar_part
        and column.distinct > MAX_EVENT_TYPES
    )


def _is_row_names(column: LogColumn) -> bool:
    """An unnamed column of (nearly) unique numbers: the row names R's write.csv and pandas'
    to_csv write under an empty header, which DuckDB reads as ``column0``."""
    return (
        bool(UNNAMED_COLUMN.match(column.column))
        and column.numeric_share >= PARSE_SHARE
        and column.distinct >= 0.99 * column.non_null
    )


def _open_log(
    profile: LogProfile | TableProfile, *, as_table: bool = True
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the file as ``t``, missing-value markers as nulls.

    A table for the profile, which runs a few queries per column and per candidate format (each
    query on a view parsed the whole file again: a 1M-row CSV took minutes to profile); a view
    (``as_table=False``) for a single query, which then parses the file once instead of twice."""
    connection, blanked = _open_raw(
        profile.path, profile.delimiter, profile.header, profile.column_names
    )
    connection.execute(f"create {'table' if as_table else 'view'} t as select {blanked} from raw")
    return connection


def _open_log_sample(
    path: str, delimiter: str | None, header: bool, names: list[str] | None
) -> tuple[duckdb.DuckDBPyConnection, int]:
    """As _open_log, with ``t`` the rows the profile reads (tools.profile_sample) and the view
    ``every_row`` over all of them."""
    connection, blanked = _open_raw(path, delimiter, header, names)
    connection.execute(f"create view every_row as select {blanked} from raw")
    return connection, create_profiled_table(connection, blanked, "raw")


def _open_raw(
    path: str, delimiter: str | None, header: bool, names: list[str] | None = None
) -> tuple[duckdb.DuckDBPyConnection, str]:
    """A connection with the file as view ``raw``, and the select list reading it with the
    missing-value markers (NA, N/A, ...) as nulls, as the build reads them."""
    connection = duckdb.connect()
    connection.execute("set enable_progress_bar = false")
    connection.execute("set TimeZone = 'UTC'")  # dates as the build reads them (duckdb_plugin)
    connection.execute(
        f"create view raw as select * from {_reader(path, delimiter, header, names)}"
    )
    blanked = ", ".join(
        missing_as_null(quoted, quoted) + f" as {quoted}"
        for quoted in (
            quote_identifier(name)
            for (name,) in connection.execute("select column_name from (describe raw)").fetchall()
        )
    )
    return connection, blanked


#: A column naming the order (basket, invoice) an item line belongs to.
ORDER_ID_NAME = re.compile(
    r"(^|[\s_.-])(order|invoice|basket|cart|receipt|booking|purchase)[\s_.-]*"
    r"(id|no|nr|number|key|ref)?$",
    re.IGNORECASE,
)
#: An order's rows are item lines when at least this share of the orders have two or more ...
ORDER_LINES_SHARE = 0.05
#: ... and a measure is the order's when it is the same on all rows of this share of those orders.
ORDER_LEVEL_SHARE = 0.95


def _order_level_measures(
    profile: LogProfile, candidates: list[str], measures: list[str]
) -> dict[str, str]:
    """The measures the same on every item line of an order (a flat export of an order-items
    table joined to its orders' payments), each with the order's column: the first column named
    as an order (order_id, InvoiceNo) of which ORDER_LINES_SHARE of the values have two rows or
    more. Olist's payment_value repeated on each item line and its total was 1.58x the spend."""
    named = [column for column in candidates if column and ORDER_ID_NAME.search(column)]
    if not named or not measures:
        return {}
    order = named[0]
    connection = _open_log(profile, as_table=False)
    per_order = ["count(*) as lines"] + [
        f"count(distinct {quote_identifier(column)}) <= 1 as same{number}"
        for number, column in enumerate(measures)
    ]
    selected = ["avg(cast(lines > 1 as double))"] + [
        f"avg(cast(same{number} as double)) filter (where lines > 1)"
        for number in range(len(measures))
    ]
    row = connection.execute(
        f"select {', '.join(selected)} from (select {', '.join(per_order)} from t "
        f"where {quote_identifier(order)} is not null group by {quote_identifier(order)})"
    ).fetchall()[0]
    connection.close()
    if (row[0] or 0.0) < ORDER_LINES_SHARE:
        return {}
    return {
        column: order
        for column, share in zip(measures, row[1:], strict=True)
        if (share or 0.0) >= ORDER_LEVEL_SHARE
    }


@dataclass
class PerUserColumns:
    """What one pass over a log's users says of its columns (`_per_user_columns`)."""

    #: The columns that hold one value per user (an attribute).
    attributes: set[str] = field(default_factory=set)
    #: By feature name, the share of all users with a value of each column.
    share_of_users: dict[str, float] = field(default_factory=dict)
    #: What a panel's row stands for: "day" (a row per user per day, `DAILY_PANEL_SHARE`),
    #: "reading" (a row per user per clock time its users share: a smart meter's half hours), or
    #: "" for a log of events.
    panel: str = ""
    #: The median user's days from their first event to their last (None without times).
    median_active_days: float | None = None


def _per_user_columns(
    profile: LogProfile,
    user_id: str,
    columns: list[str],
    day: str | None = None,
    clock: bool = False,
    may_be_panel: bool = True,
) -> PerUserColumns:
    """In one pass over the log: the columns that hold one value per user (schooling, height in a
    panel: the same on every event of at least ATTRIBUTE_SHARE of the users with more than one
    event), by feature name the share of all users with a value of each column, and with ``day``
    (the SQL of an event's date, or with ``clock`` of its time) whether the log holds one row per
    user per day or per reading (a panel), not events: its row count is then how long a user
    logged (wear time, an install date), not activity, and a measure is a day's or a reading's
    (unless not ``may_be_panel``); with ``day``, also how many days the median user was active."""
    if not columns and day is None:
        return PerUserColumns()
    connection = _open_log(profile, as_table=False)
    user = quote_identifier(user_id)
    per_user = ["count(*) as events"] + [
        f"count(distinct {quote_identifier(column)}) as c{number}, "
        f"count({quote_identifier(column)}) > 0 as v{number}"
        for number, column in enumerate(columns)
    ]
    numbers = range(len(columns))
    selected = ["count(*) filter (where events > 1)"]
    selected += [f"avg(cast(c{n} <= 1 as double)) filter (where events > 1)" for n in numbers]
    selected += [f"avg(cast(v{n} as double))" for n in numbers]
    if day is not None:
        per_user += [
            f"count({day}) as dated",
            f"count(distinct {day}) as days",
            f"datediff('day', min(cast({day} as date)), max(cast({day} as date))) as active_days",
        ]
        selected += [
            "median(active_days)", "sum(dated)", "count(*) filter (where dated > 0)", "sum(days)"
        ]  # fmt: skip
    row = connection.execute(
        f"select {', '.join(selected)} from (select {', '.join(per_user)} from t "
        f"where {user} is not null group by {user})"
    ).fetchall()[0]
    repeat_users = row[0]
    constant_shares, valued_shares = row[1 : len(columns) + 1], row[len(columns) + 1 :]
    share_of_users = {
        feature_name(column): share or 0.0
        for column, share in zip(columns, valued_shares[: len(columns)], strict=True)
    }
    is_panel, median_active_days = False, None
    if day is not None:
        median_active_days = row[-4]
    if day is not None and may_be_panel:
        rows, users, user_days = (value or 0 for value in row[-3:])
        is_panel = (
            bool(rows)
            and rows >= DAILY_PANEL_DAYS * users
            and user_days >= DAILY_PANEL_SHARE * rows
        )
        if is_panel and clock:
            # Times with a clock: a panel only when its users read at the same times (a meter's
            # half hours), not when each event has a second of its own.
            [(times,)] = connection.execute(f"select count(distinct {day}) from t").fetchall()
            is_panel = times * SHARED_TIME_READINGS <= rows
        is_panel = is_panel and _reads_at_regular_intervals(connection, user, day)
    connection.close()
    by_column = zip(columns, constant_shares, strict=True)
    attributes = (
        {column for column, share in by_column if share >= ATTRIBUTE_SHARE}
        if repeat_users
        else set()
    )
    panel = ("reading" if clock else "day") if is_panel else ""
    return PerUserColumns(attributes, share_of_users, panel, median_active_days)


#: A log that spans more years than this, whose median user was active for less than
#: ARCHIVE_ACTIVE_SHARE of it, is an archive of cohorts (MovieLens: 19 years of ratings, most
#: users' within a week): when a user was last or first active says when they joined.
ARCHIVE_SPAN_DAYS = 5 * 365
ARCHIVE_ACTIVE_SHARE = 0.05
#: A log shorter than this (MIND's six days of news impressions) has no one lapsing: the days
#: since a user's first or last event say which day they came, and split one-visit newcomers.
SHORT_LOG_DAYS = 14


def _recency_profiled_note(profile: LogProfile, per_user: PerUserColumns) -> str:
    """Why recency and tenure are profiled, not clustered, in an archive of cohorts
    (`ARCHIVE_SPAN_DAYS`) or a short log (`SHORT_LOG_DAYS`), or "" for any other log."""
    span, active = profile.span_days, per_user.median_active_days
    if span and span < SHORT_LOG_DAYS:
        return (
            f"; profiled, not clustered: the log spans {span} days, so the days since a user's "
            "first or last event say which day they came, not whether they are new or lapsing"
        )
    if not span or span <= ARCHIVE_SPAN_DAYS or active is None:
        return ""
    if active >= ARCHIVE_ACTIVE_SHARE * span:
        return ""
    return (
        f"; profiled, not clustered: the log spans {span / 365:.0f} years and the median user "
        f"was active for {active:g} days of it, so the days since a user's first or last event "
        "say when they joined, not whether they are lapsing"
    )


#: A panel's rows follow each other at one interval (a day, half an hour) this often.
REGULAR_GAP_SHARE = 0.8


def _reads_at_regular_intervals(connection, user: str, time: str) -> bool:
    """Whether a user's consecutive rows are most often one interval apart, the same for all (a
    day for Fitbit, half an hour for a smart meter): a panel. Amazon's reviews, dated to the day
    and one a day per user, fit the other rules of a daily panel, at random gaps."""
    [(regular,)] = connection.execute(
        f"with gaps as (select {time} - lag({time}) over (partition by {user} order by {time}) "
        f"as gap from t where {user} is not null and {time} is not null), "
        "modal as (select mode(gap) as gap from gaps where gap is not null) "
        "select avg(cast(gaps.gap = modal.gap as double)) from gaps, modal "
        "where gaps.gap is not null"
    ).fetchall()
    return (regular or 0.0) >= REGULAR_GAP_SHARE


def _is_flag(column: LogColumn) -> bool:
    """A 0/1 column (a panel's union member, a promo flag): its mean is a share of events."""
    try:
        return column.distinct == 2 and {float(value) for value in column.values} == {0.0, 1.0}
    except ValueError:
        return False


#: An event type that gives an amount back (a refund, a chargeback, a returned order, a cancelled
#: or voided payment): its amounts are not more spending.
REVERSAL_NAME = re.compile(
    r"refund|chargeback|charge_back|reversal|reversed|cancel|void|(^|[._\s-])returns?$|returned",
    re.IGNORECASE,
)
#: A measure of money, which a reversal event gives back (not a duration or a count).
MONEY_NAME = re.compile(
    r"amount|amt|revenue|price|total|value|payment|paid|charge|fee|cost|spend|sales|gmv|refund|"
    r"balance|usd|eur|gbp|cents|money|income|profit|subtotal|tax|discount",
    re.IGNORECASE,
)
#: A column naming the currency of the log's amounts.
CURRENCY_NAME = re.compile(r"currency|(^|_)(curr|ccy)($|_)", re.IGNORECASE)


def _reversal_filter(filters: list[tuple[str, str]]) -> tuple[list[str], str | None]:
    """The event types that give amounts back, and the `where` that selects their events."""
    reversals = [value for value, _ in filters if REVERSAL_NAME.search(value)]
    if not reversals:
        return [], None
    listed = ", ".join(quote_literal(value.lower()) for value in reversals)
    return reversals, f"lower(event_type) in ({listed})"


def _event_type_filters(event_types: list[str]) -> list[tuple[str, str]]:
    """Each event type once, with the `where` that selects its events. The build trims event
    types, so spaces around one are no other type; spellings that differ only in case
    (``LEVEL_COMPLETE``, ``level_complete``) are one type too, selected whatever the case (as
    separate types, the 20 users with an upper-case row made a segment of their own)."""
    spellings: dict[str, list[str]] = {}
    for value in event_types:
        spellings.setdefault(value.strip().lower(), []).append(value.strip())
    filters = []
    for folded, written in spellings.items():
        if len(set(written)) == 1:
            filters.append((written[0], f"event_type = {quote_literal(written[0])}"))
        else:
            filters.append((written[0], f"lower(event_type) = {quote_literal(folded)}"))
    return filters


def _daily_measure(
    unique, column: str, name: str, label: str, period: str = "day"
) -> list[tuple[dict[str, Any], str]]:
    """A panel's measure: the user's mean per day (per reading) clustered, the total profiled;
    for readings at clock times also the mean per reading at night, in the morning and in the
    evening (a household's evening use against its daytime use: same day's total)."""
    measures = [
        (
            {
                "name": unique(f"{name}_per_{period}"),
                "aggregate": "mean",
                "of": name,
                "winsorize": [0.01, 0.99],
                "label": f"{label} per {period}",
            },
            f"a panel: {column} is a {period}'s, so its mean is the user's typical {period} "
            "(clipped to the 1st-99th percentile)",
        ),
        (
            {**_total(unique, name, label), "cluster": False},
            f"the sum of {column} over the {period}s logged: profiled, not clustered, as it grows "
            f"with the {period}s a user logged, not with what a {period} holds",
        ),
    ]
    if period != "reading":
        return measures
    for part, start, end, *_ in DAYPARTS:
        measures.append(
            (
                {
                    "name": unique(f"{name}_{part}_mean"),
                    "aggregate": "mean",
                    "of": name,
                    "where": f"hour(event_at) >= {start} and hour(event_at) < {end}",
                    "winsorize": [0.01, 0.99],
                    "label": f"{label} {'at night' if part == 'night' else 'in the ' + part} "
                    f"({start}-{end}h)",
                },
                f"when a user's {column} is high: its mean per reading from {start}h to {end}h",
            )
        )
    return measures


def _total(unique, name: str, label: str) -> dict[str, Any]:
    """A measure's total per user: log1p and clipped, as totals are right-skewed."""
    return {
        "name": unique(f"{name}_total"),
        "aggregate": "sum",
        "of": name,
        "transform": "log1p",
        "winsorize": [0.01, 0.99],
        "label": _prefixed("Total", label),
    }


def _event_type_words(value: str) -> str:
    """An event type as words for labels and names: remove_from_cart reads "remove from cart",
    GitHub's PullRequestEvent "PullRequest" ("Pull request events", not "Pullrequestevent
    events"): CamelCase is split, and a last word "Event" that every such type ends in dropped."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", value)
    words = re.sub(r"[_\s]+", " ", spaced).strip() or value
    if spaced != value:
        words = words[:1] + words[1:].lower()
        words = re.sub(r"(?<=\S) event$", "", words)
    return words


#: A log of dates without a time of day in which at least this share of rows is a user's only
#: row of its day is a daily panel (Fitbit's dailyActivity: a row per user per day), when
#: users have DAILY_PANEL_DAYS rows on average.
DAILY_PANEL_SHARE = 0.95
DAILY_PANEL_DAYS = 3
#: A panel of readings with clock times: at least this many readings per distinct time.
SHARED_TIME_READINGS = 10


def _event_time_sql(roles: dict[str, tuple[str | None, str]], clock: bool) -> str | None:
    """The SQL of an event's time when the log's times have a ``clock`` (a log that may be a panel
    of readings), else of its date (one that may be a daily panel), or None without a time."""
    timestamp = roles["timestamp"][0]
    if timestamp is None:
        return None
    parsed = zoned_sql(
        timestamp_sql(quote_identifier(timestamp), roles["timestamp_format"][0]),
        roles["timezone"][0],
    )
    return parsed if clock else f"cast({parsed} as date)"


def _starter_features(
    roles,
    numeric_columns,
    event_types,
    flags=frozenset(),
    attributes=frozenset(),
    keys=(),
    currencies: tuple[str, list[str]] | None = None,
    scales: frozenset[str] | set[str] = frozenset(),
    daily_panel: str = "",
    undated: bool = False,
    order_level: dict[str, str] | None = None,
    recency_note: str = "",
    below_zero: frozenset[str] | set[str] = frozenset(),
) -> list[tuple[dict[str, Any], str]]:
    """``currencies``: a column naming the currency of the amounts, and its values, when there are
    several (amounts are then added across currencies, which the comments say). ``daily_panel``:
    what a panel's row stands for, "day" or "reading" (`PerUserColumns.panel`), "" for events: a
    measure's mean per day or reading is clustered, its total, the rows and the first day (which
    grow with how long a user logged) are profiled. ``undated``: no feature that needs the
    events' times (active days, recency, tenure). ``order_level``: the
    measures repeated on every row of an order, each with the order's column
    (`_order_level_measures`). ``recency_note``: why recency and tenure are profiled in an
    archive of cohorts or a short log (`_recency_profiled_note`), "" to cluster them.
    ``below_zero``: the measures given as negative numbers (discounts), summed as their negative."""
    features = _starter_features_at_any_time(
        roles, numeric_columns, event_types, flags, attributes, keys, currencies, scales,
        daily_panel, order_level or {}, below_zero,
    )  # fmt: skip
    if recency_note:
        features = [
            ({**feature, "cluster": False}, reason + recency_note)
            if feature["aggregate"] in ("recency", "tenure") and feature.get("cluster", True)
            else (feature, reason)
            for feature, reason in features
        ]
    if undated:
        return [
            (feature, reason)
            for feature, reason in features
            if feature["aggregate"] not in ("active_days", "recency", "tenure")
        ]
    return features


def _starter_features_at_any_time(
    roles,
    numeric_columns,
    event_types,
    flags,
    attributes,
    keys,
    currencies,
    scales,
    daily_panel,
    order_level,
    below_zero=frozenset(),
) -> list[tuple[dict[str, Any], str]]:
    """The starter features of `_starter_features`, those that need the events' times too."""
    features: list[tuple[dict[str, Any], str]] = []
    names: set[str] = set()
    type_filters = _event_type_filters(event_types)
    reversals, reversal_where = _reversal_filter(type_filters)
    money_note = ""
    if currencies:
        column, values = currencies
        money_note = (
            f"; amounts in {', '.join(values)} ({column}) are added as they are: convert them to "
            f"one currency first, or add where: {column} = {quote_literal(values[0])}"
        )

    def unique(name: str) -> str:
        name = column_name(name)  # order_ + _total: order_total
        candidate, n = name, 2
        while candidate in names:
            candidate, n = f"{name}_{n}", n + 1
        names.add(candidate)
        return candidate

    if event_types:
        for value, where in type_filters:
            words = _event_type_words(value)
            slug = column_name(anyascii(words.replace(" ", "_")))
            features.append(
                (
                    {
                        "name": unique(f"{slug}_events"),
                        "aggregate": "count",
                        "where": where,
                        "transform": "log1p",
                        "label": f"{words} events".capitalize(),
                        "unit": "count",
                    },
                    f"how often a user does '{value}' (log1p: counts are right-skewed)",
                )
            )
            features.append(
                (
                    {
                        "name": unique(f"{slug}_active_days"),
                        "aggregate": "active_days",
                        "where": where,
                        "label": f"Days with {words}",
                        "unit": "days",
                    },
                    f"on how many days a user does '{value}': habit, not bursts",
                )
            )
    elif daily_panel == "reading":
        features.append(
            (
                {
                    "name": unique("readings"),
                    "aggregate": "count",
                    "label": "Readings",
                    "unit": "count",
                    "cluster": False,
                },
                "a panel of readings (a row per user per reading time, shared by the users): its "
                "rows count how long a user's meter or device has read (an install date), not "
                "what it measured: profiled, not clustered",
            )
        )
    elif daily_panel:
        features.append(
            (
                {
                    "name": unique("days_logged"),
                    "aggregate": "count",
                    "label": "Days logged",
                    "unit": "days",
                    "cluster": False,
                },
                "a daily panel (a row per user per day): its rows count the days a user logged "
                "(how long a device was worn, a diary kept), not what the user did: profiled, "
                "not clustered",
            )
        )
    else:
        features.append(
            (
                {
                    "name": unique("events"),
                    "aggregate": "count",
                    "transform": "log1p",
                    "label": "Events",
                    "unit": "count",
                },
                "how much a user does (no event type column: all events; log1p: right-skewed)",
            )
        )
        features.append(
            (
                {
                    "name": unique("active_days"),
                    "aggregate": "active_days",
                    "label": "Active days",
                    "unit": "days",
                },
                "on how many days a user is active: habit, not bursts",
            )
        )
    for column, _ in numeric_columns:
        name = feature_name(column)
        label = label_for(column)
        if column in flags:
            features.append(
                (
                    {
                        "name": unique(f"{name}_share"),
                        "aggregate": "mean",
                        "of": name,
                        "label": f"Share with {label.lower()}",
                    },
                    f"{column} is a 0/1 flag: its mean is the share of a user's events with it "
                    "(a sum would count events again)",
                )
            )
            continue
        if column in scales:
            features.append(
                (
                    {
                        "name": unique(f"{name}_mean"),
                        "aggregate": "mean",
                        "of": name,
                        "label": f"Mean {label.lower()}",
                    },
                    f"{column} is an answer on a scale: the mean rank of a user's answers",
                )
            )
            continue
        if column in attributes or column in order_level or LEVEL_NAME.search(name):
            if column in attributes:
                why = (
                    f"{column} is the same on every event of a user (an attribute, as schooling "
                    "in a panel): its mean is the value; a sum would count the user's events again"
                )
            elif LEVEL_NAME.search(name):
                why = (
                    f"{column} is a level (a price, a balance, a rating, a coordinate), not an "
                    "amount: its mean says something, a sum over a user's events does not"
                )
            else:
                why = (
                    f"{column} repeats on every row of an order ({order_level[column]}: an "
                    "order's value on each of its item lines): a sum would count it once per "
                    "line, so only its mean per row"
                )
            features.append(
                (
                    {
                        "name": unique(f"{name}_mean"),
                        "aggregate": "mean",
                        "of": name,
                        "winsorize": [0.01, 0.99],
                        "label": label,
                    },
                    why,
                )
            )
            continue
        if daily_panel:
            features += _daily_measure(unique, column, name, label, daily_panel)
            continue
        # A ticket's cancellation gives no response minutes back: only money is reversed.
        reversed_here = reversal_where if MONEY_NAME.search(name) else None
        without_reversals = {"where": f"not ({reversed_here})"} if reversed_here else {}
        reversal_note = (
            f"; {', '.join(reversals)} events are left out: they give {column} back (their "
            f"sum is {name}_reversed)"
            if reversed_here
            else ""
        )
        # A discount written as -0.60: its negative, so that "high" is the most given.
        of = f"-{name}" if column in below_zero else name
        sign_note = (
            f"; {column} is below 0 on {BELOW_ZERO_SHARE:.0%}+ of its rows that are not 0 (an "
            "amount given as a negative number), so its negative is added: high means more"
            if column in below_zero
            else ""
        )
        features.append(
            (
                {**_total(unique, name, label), "of": of, **without_reversals},
                f"how much {column} a user adds up to (log1p and clipped: totals are skewed)"
                + reversal_note
                + sign_note
                + (money_note if MONEY_NAME.search(name) else ""),
            )
        )
        features.append(
            (
                {
                    "name": unique(f"{name}_mean"),
                    "aggregate": "mean",
                    "of": of,
                    **without_reversals,
                    "winsorize": [0.01, 0.99],
                    "label": _prefixed("Mean", label),
                },
                f"the typical {column} per event (clipped to the 1st-99th percentile)"
                + reversal_note
                + sign_note
                + (money_note if MONEY_NAME.search(name) else ""),
            )
        )
        if reversed_here:
            features.append(
                (
                    {
                        "name": unique(f"{name}_reversed"),
                        "aggregate": "sum",
                        "of": name,
                        "where": reversed_here,
                        "transform": "log1p",
                        "winsorize": [0.01, 0.99],
                        "label": _prefixed("Total", label) + f" of {', '.join(reversals)}",
                    },
                    f"how much {column} a user's {', '.join(reversals)} events gave back",
                )
            )
    for column in keys:
        name = feature_name(column)
        features.append(
            (
                {
                    "name": unique(f"distinct_{name}s"),
                    "aggregate": "distinct_count",
                    "of": name,
                    "transform": "log1p",
                    "label": f"Distinct {name.rstrip('_').replace('_', ' ')}s",
                    "unit": "count",
                },
                f"how many different {column} values a user's events have (the movies a user "
                "rated, the items bought; log1p: counts are right-skewed)",
            )
        )
    features.append(
        (
            {
                "name": unique("days_since_last_event"),
                "aggregate": "recency",
                "label": "Days since last event",
                "unit": "days",
                "high_phrase": "lapsing",
                "low_phrase": "recently active",
            },
            "recency: days from the last event to the as-of date",
        )
    )
    features.append(
        (
            {
                "name": unique("days_since_first_event"),
                "aggregate": "tenure",
                "label": "Days since first event",
                "unit": "days",
                "high_phrase": "long-standing",
                "low_phrase": "newcomers",
                **({"cluster": False} if daily_panel else {}),
            },
            "tenure: days from the first event in the window to the as-of date"
            + (
                "; profiled, not clustered: in a panel it is when a user's device began to log "
                "(a smart meter installed a week later read as a newcomer), not what it logged"
                if daily_panel
                else ""
            ),
        )
    )
    return features


#: A user id that stands for nobody in particular: Reddit's [deleted] author (12% of comments),
#: a shop's "guest". Taken for a missing id when it is the most frequent value.
PLACEHOLDER_USER = re.compile(
    r"^[\[(<]?(deleted|removed|unknown|anonymous|anon|guest|nobody|none|n/?a|null)[\])>]?$"
    r"|^(-?0+|-1)$",
    re.I,
)
#: ... and holds at least this share of the rows that have an id.
PLACEHOLDER_SHARE = 0.01
#: An id that is no word but holds this share of the rows and this many times the next one's,
#: among thousands of users, is a default no one chose (Avazu's device a99f214a: 82% of the
#: clicks, segmented as one user with 60,000 events), not a person.
DOMINANT_SHARE = 0.05
DOMINANT_RATIO = 20
DOMINANT_MIN_USERS = 1000


#: A user id of an automated account (GitHub's dependabot[bot], a -bot suffix): its volume, tens
#: of thousands of events, made a segment's mean 5.5 times its people's.
BOT_USER = re.compile(r"\[bot\]$|(^|[\s_.-])bot$|^bot[\s_.-]", re.IGNORECASE)


def bot_users(profile: LogProfile, user_id: str) -> list[tuple[str, float]]:
    """The most frequent user ids that name automated accounts, with their share of the rows
    that have an id."""
    column = profile.column(user_id)
    return [
        (value.strip(), share)
        for value, share in zip(column.values, column.value_shares, strict=False)
        if BOT_USER.search(value.strip())
    ]


def placeholder_user(profile: LogProfile, user_id: str) -> str | None:
    """The user id value that stands for no one (``[deleted]``), when it is the most frequent;
    or any most frequent value that dwarfs every user's (`_is_dominant`)."""
    column = profile.column(user_id)
    if not column.values or column.top_share < PLACEHOLDER_SHARE:
        return None
    top = column.values[0].strip()
    return top if PLACEHOLDER_USER.match(top) or _is_dominant(column) else None


def _is_dominant(column: LogColumn) -> bool:
    """Whether the most frequent value holds DOMINANT_SHARE of the rows and DOMINANT_RATIO times
    the next value's share, in a column of at least DOMINANT_MIN_USERS values."""
    users = column.distinct_in_file or column.distinct
    shares = column.value_shares
    return (
        users >= DOMINANT_MIN_USERS
        and len(shares) > 1
        and shares[0] >= DOMINANT_SHARE
        and shares[0] >= DOMINANT_RATIO * shares[1]
    )


def missing_user_ids(profile: LogProfile, user_id: str) -> list[str]:
    """The ids of no one: the placeholder (unless a missing-value marker already) and the bots,
    for event_log.missing_user_ids, whose rows the build quarantines as missing_user_id."""
    placeholder = placeholder_user(profile, user_id)
    kept = [placeholder] if placeholder not in (None, *MISSING_VALUE_MARKERS) else []
    return kept + [bot for bot, _ in bot_users(profile, user_id)]


def _placeholder_lines(profile: LogProfile, user_id: str) -> list[str]:
    """Why the placeholder and the bots are in event_log.missing_user_ids (a [deleted] author was
    segmented as one prolific user)."""
    placeholder = placeholder_user(profile, user_id)
    if placeholder in MISSING_VALUE_MARKERS:
        placeholder = None
    bots = bot_users(profile, user_id)
    if placeholder is None and not bots:
        return []
    lines = []
    column = profile.column(user_id)
    if placeholder is not None and not PLACEHOLDER_USER.match(placeholder):
        lines += _comment(
            f"The {user_id} {placeholder!r} is on {column.top_share:.1%} of the rows that name "
            f"one, {column.top_share / column.value_shares[1]:.0f} times the next most frequent: "
            "a default no one chose (a placeholder device, a shared test account), not one "
            "user with all their events, so it is quarantined as missing_user_id (remove it from "
            "event_log.missing_user_ids to segment it as one user)."
        )
    elif placeholder is not None:
        lines += _comment(
            f"The {user_id} {placeholder!r} is on {column.top_share:.1%} of the "
            "rows that name one: no one in particular (a deleted account, a guest), so it is a "
            "missing value, quarantined as missing_user_id, not one user with all their events."
        )
    if bots:
        named = ", ".join(repr(bot) for bot, _ in bots)
        share = sum(share for _, share in bots)
        lines += _comment(
            f"The {user_id} {'values ' if len(bots) > 1 else ''}{named} "
            f"{'hold' if len(bots) > 1 else 'holds'} {share:.1%} of the rows that name one: "
            "automated accounts, not people, "
            "whose volume would make their segment's means theirs; quarantined as "
            "missing_user_id (remove them from event_log.missing_user_ids to segment them)."
        )
    return lines


def _quarantine_share_lines(profile: LogProfile, user_id: str) -> list[str]:
    """A limit of its own for the rows without a user id when there are many (a shop's guest
    lines: a quarter of Online Retail's), which the build quarantines as missing_user_id: with the
    defaults (warn above 0.5%, stop above 5% quarantined) such a log could never build. The
    quarantine limits then apply to the rows with a user id. Raising them instead (to 1.00 for a
    log of 95% anonymous traffic) let half the identified events fail to parse in a green build."""
    column = profile.column(user_id)
    without_id = (profile.rows - column.non_null) / max(profile.rows, 1)
    if placeholder_user(profile, user_id) is not None:
        without_id += column.top_share * column.non_null / max(profile.rows, 1)
    without_id += (
        sum(share for _, share in bot_users(profile, user_id))
        * column.non_null
        / max(profile.rows, 1)
    )
    if without_id <= DEFAULT_QUARANTINE_WARN_SHARE:
        return []
    limit = min(1.0, math.ceil((without_id + 0.05) * 100) / 100)
    return [
        *_comment(
            f"{without_id:.1%} of rows have no {user_id} (guest, anonymous or automated events): "
            "the build "
            "quarantines them as missing_user_id and stops when more than "
            "missing_user_id_share_limit of the rows lack one; quarantine_warn_share and "
            "quarantine_error_share then apply to the other reasons, as a share of the rows that "
            "have a user id."
        ),
        f"missing_user_id_share_limit: {limit:.2f}",
    ]


def _untimed_row_lines(profile: LogProfile, timestamp: str | None) -> list[str]:
    """What the build does with the rows whose time is empty or does not parse, when more than
    the share the build warns at: it quarantines them (missing_event_at, unparseable_event_at),
    and above quarantine_error_share it stops, so the config raises that limit to build."""
    if timestamp is None:
        return []
    column = profile.column(timestamp)
    empty = (profile.rows - column.non_null) / max(profile.rows, 1)
    unparsed = column.non_null * (1 - column.timestamp_share) / max(profile.rows, 1)
    if empty + unparsed <= DEFAULT_QUARANTINE_WARN_SHARE:
        return []
    parts = [
        f"{share:.1%} of rows {what} (quarantined as {reason})"
        for share, what, reason in (
            (empty, f"have no {timestamp}", "missing_event_at"),
            (unparsed, f"have a {timestamp} that does not parse", "unparseable_event_at"),
        )
        if share
    ]
    text = " and ".join(parts) + ": their users are segmented on their other events."
    if empty + unparsed <= DEFAULT_QUARANTINE_ERROR_SHARE:
        return _comment(text + " The build warns about them.")
    limit = min(1.0, math.ceil((empty + unparsed + 0.05) * 100) / 100)
    return [
        *_comment(
            text + f" The build stops above quarantine_error_share "
            f"({DEFAULT_QUARANTINE_ERROR_SHARE:.0%} by default), so it is raised here; lower it "
            "again once the times are filled in."
        ),
        f"quarantine_error_share: {limit:.2f}",
    ]


def _comment(text: str) -> list[str]:
    """``text`` as YAML comment lines of at most 100 characters."""
    return ["# " + line for line in textwrap.wrap(_one_line(text), width=98)]


def _one_line(text: str) -> str:
    """``text`` without line breaks, for a comment: a value quoted from a file may hold one, and
    the lines after it broke out of the comment (the config was no YAML)."""
    return " ".join(text.splitlines())


def _named_column(column: str) -> str | dict[str, str]:
    """A column of the config as itself, or with the name the build gives it when splitting its
    CamelCase differs from the build's default (TotalSteps: total_steps, not totalsteps)."""
    name = feature_name(column)
    return column if name == column_name(column) else {"column": column, "name": name}


def _flow(item: Any) -> str:
    if isinstance(item, str):
        return json.dumps(item)
    return yaml.safe_dump(
        item, default_flow_style=True, sort_keys=False, width=10_000, allow_unicode=True
    ).strip()


def render_event_log_config(proposal: EventLogProposal, k_range: tuple[int, int] = (2, 8)) -> str:
    """The proposal as commented YAML: the dbt vars of `user_source: event_log`.

    The file is valid as ``dbt build --vars "$(cat config.yml)"``.
    """
    profile = proposal.profile
    lines = [
        f"# Starter config for {profile.path} ({row_count_text(profile.profiled_rows.in_file)}), "
        "written by",
        "# `user-segmentation scaffold`. Check every line, then run:",
        '#   dbt build --vars "$(cat this-file.yml)"',
        *profile.profiled_rows.note_lines(),
        "# Features are aggregates of each user's events over the feature window",
        "# (docs/event-logs.md); every feature is clustered unless it says cluster: false.",
        "# In `of` and `where`, the user id, timestamp, event type and event id are user_id,",
        "# event_at, event_type and event_id.",
        "user_source: event_log",
    ]
    span = profile.span
    if span and span.events_after:
        lines += _comment(
            f"as_of_date: the log's newest date but for {span.events_after} stray event(s) up to "
            f"{span.latest}, far past the rest; they are quarantined (event_at_after_as_of_date). "
            "Delete this line to end the window at the newest event instead."
        )
        lines.append(f"as_of_date: {json.dumps(span.last.isoformat())}")
    if proposal.window_days and span:
        before = (
            f"; {span.events_before} stray event(s) from {span.earliest} on lie before it and "
            "are left out"
            if span.events_before
            else ""
        )
        lines += _comment(
            f"The window covers the whole log ({span.days} days, {span.first} to {span.last}), so "
            f"every user with a usable event is segmented{before}. Set as_of_date to fix the end."
        )
        lines.append(f"feature_window_days: {proposal.window_days}")
    lines += _placeholder_lines(profile, proposal.roles["user_id"][0])
    lines += _quarantine_share_lines(profile, proposal.roles["user_id"][0])
    lines += _untimed_row_lines(profile, proposal.roles["timestamp"][0])
    k_range, note = capped_k_range(k_range, profile.column(proposal.roles["user_id"][0]).distinct)
    lines += [
        *([note] if note else []),
        f"segmentation_overrides: {{k_range: [{k_range[0]}, {k_range[1]}]}}",
        "event_log:",
    ]
    log = proposal.event_log()
    lines.append(f"  path: {_flow(log['path'])}")
    if "encoding" in log:
        lines.append(f"  encoding: {log['encoding']}  # {ENCODING_NOTES[log['encoding']]}")
    if "delimiter" in log:
        lines.append(f"  delimiter: {_flow(log['delimiter'])}")
    if "column_names" in log:
        lines.append(f"  header: false  # {NAMED_COLUMNS_NOTE}")
        lines.append(f"  column_names: {_flow(log['column_names'])}")
    elif "header" in log:
        lines.append(f"  header: false  # {NO_HEADER_NOTE}")
    for role in ROLES:
        value, reason = proposal.roles[role]
        if value is None and role == "timestamp_format":
            continue
        if value is None and role == "timestamp":
            lines.append(f"  undated: true  # {_one_line(reason)}")
        elif value is None:
            lines.append(f"  # {role}: none ({reason})")
        else:
            lines.append(f"  {role}: {_flow(value)}  # {_one_line(reason)}")
    if "missing_user_ids" in log:
        lines.append(
            f"  missing_user_ids: {_flow(log['missing_user_ids'])}  # no one: see the comment above"
        )
    if proposal.roles["timezone"][0]:
        lines.append(
            f"  timezone: {_flow(proposal.roles['timezone'][0])}  # {proposal.roles['timezone'][1]}"
        )
    lines.append("  # Numeric columns features read: a value that is not a number is quarantined.")
    lines.append("  numeric_columns:")
    for column, reason in proposal.numeric_columns:
        lines.append(f"    - {_flow(proposal.numeric_column(column))}  # {_one_line(reason)}")
    if not proposal.numeric_columns:
        lines[-1] = "  numeric_columns: []"
    lines.append("  # Text columns kept for feature filters (where: \"country = 'France'\").")
    lines.append(f"  text_columns: {_flow(log['text_columns'])}")
    if proposal.headerless_keys:
        lines.append(
            "  # Whole numbers with many values in a file without a header row, taken for keys "
            "(an item id), not measures: " + ", ".join(proposal.headerless_keys) + ". Move a "
            "quantity to numeric_columns."
        )
    if proposal.empty_columns:
        lines.append(f"  # Left out, empty in every row: {', '.join(proposal.empty_columns)}.")
    if proposal.non_finite_columns:
        shares = ", ".join(
            f"{column} ({profile.column(column).non_finite_share:.0%})"
            for column in proposal.non_finite_columns
        )
        lines.append(
            "  # Left out, NaN or infinite in many rows (the build would quarantine each such row "
            f"as non_finite_value; write a missing value as null or an empty field): {shares}."
        )
    if profile.nested_columns:
        lines.append(
            "  # Left out, nested (a struct, list or map: flatten it into columns to use it): "
            + ", ".join(profile.nested_columns)
            + "."
        )
    if proposal.row_number_columns:
        lines.append(
            "  # Left out, the file's row numbers (an unnamed column of unique numbers): "
            + ", ".join(proposal.row_number_columns)
            + "."
        )
    lines.append("  features:")
    for feature, reason in proposal.features:
        lines.append(f"    # {_one_line(reason)}")
        lines.append(f"    - {_flow(feature)}")
    return "\n".join(lines) + "\n"


def scaffold_event_log(
    path: str | Path, delimiter: str | None = None, k_range: tuple[int, int] = (2, 8)
) -> str:
    """Profile an event log and return the starter config as YAML text."""
    return render_event_log_config(propose_event_log(profile_event_log(path, delimiter)), k_range)


def scaffold_undated_event_log(
    path: str | Path,
    delimiter: str | None,
    k_range: tuple[int, int],
    user_id: str,
    column_names: list[str] | None = None,
) -> str:
    """The starter config of a log without a time column whose rows belong to ``user_id``."""
    profile = profile_event_log(path, delimiter, column_names=column_names)
    return render_event_log_config(propose_event_log(profile, user_id, undated=True), k_range)


#: A table is monthly (weekly, yearly) snapshots of its customers when a date column has at most
#: this many dates ...
MAX_SNAPSHOT_DATES = 120
#: ... and a key column, at least this many values, is unique per date but for this share of rows.
FEWEST_SNAPSHOT_KEYS = 20
SNAPSHOT_REPEAT_SHARE = 0.005
#: ... and a date holds this share of the keys on average.
SNAPSHOT_KEYS_SHARE = 0.5


def snapshot_columns(table: TableProfile) -> tuple[str, str] | None:
    """The key and the snapshot date of a table of snapshots (a customer's row each month, as in
    Santander's product data: ncodpers once per fecha_dato), else None. The key repeats (two rows
    or more per value on average, no more than there are dates) and is unique within each date;
    the first such date column and the first key column in the file's order are taken. Read as a
    table, each of 1,500 customers' six months was segmented as a user of its own."""
    rows = table.profiled_rows.in_file if table.profiled_rows else table.rows
    dates = [
        column for column in table.columns
        if column.is_date and 2 <= column.distinct <= MAX_SNAPSHOT_DATES and not column.nulls
    ]  # fmt: skip
    keys = [
        column for column in table.columns
        if not column.is_date and (column.is_integer or not column.is_numeric)
        and not column.nulls and FEWEST_SNAPSHOT_KEYS <= column.distinct <= column.rows / 2
    ]  # fmt: skip
    # Each snapshot holds most keys (a customer table's zip codes, two customers each, are not
    # snapshots of zip codes by signup day: a day holds a few of them).
    pairs = [
        (key, date)
        for date in dates
        for key in keys
        if 2 * key.distinct <= key.rows <= key.distinct * date.distinct
        and date.rows >= SNAPSHOT_KEYS_SHARE * key.distinct * date.distinct
    ]
    if not pairs:
        return None
    connection = _open_log(table, as_table=False)
    try:
        for key, date in pairs:
            key_sql, date_sql = quote_identifier(key.column), quote_identifier(date.column)
            [(repeated,)] = connection.execute(
                f"select coalesce(sum(n - 1), 0) from (select count(*) as n from t "
                f"group by {key_sql}, {date_sql} having count(*) > 1)"
            ).fetchall()
            if repeated <= SNAPSHOT_REPEAT_SHARE * rows:
                return key.column, date.column
    finally:
        connection.close()
    return None


def scaffold_event_log_if_it_is_one(
    path: str | Path,
    delimiter: str | None = None,
    k_range: tuple[int, int] = (2, 8),
    force: bool = False,
    user_id: str | None = None,
    timestamp: str | None = None,
    column_names: list[str] | None = None,
) -> str | None:
    """The starter event_log config when the file looks like an event log (or ``force``), else None.

    Naming the ``user_id`` or ``timestamp`` column forces an event log. ``column_names``: the
    names of the columns of a file without a header row.

    Raises
    ------
    ValueError
        With ``force``, when the file has no timestamp or user id column.
    """
    profile = profile_event_log(path, delimiter, timestamp, column_names)
    force = force or user_id is not None or timestamp is not None
    if not force and not looks_like_event_log(profile):
        return None
    return render_event_log_config(propose_event_log(profile, user_id, timestamp), k_range)
