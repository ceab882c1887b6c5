"""An event's length, from the time it started and the time it ended: a bike trip's started_at
and ended_at (Citi Bike's starttime and stoptime), a taxi's pickup and dropoff, a hospital stay's
admittime and dischtime, a session's login and logout. How long a user's trips or sessions last
tells users apart where their count does not; the end time was a text column kept for filters.

The build reads the end column with `derive: minutes_after_event` (the minutes from the event's
timestamp to it, parsed with the same timestamp_format) and quarantines an end before its start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from user_segmentation.serving.sql_text import quote_identifier
from user_segmentation.tools.timestamp_formats import timestamp_sql

#: A word that starts a span in a column's name, and the words that end it, tried in this order
#: (started before start: started_at pairs with ended_at).
SPAN_WORDS = (
    ("started", ("ended", "stopped", "finished")),
    ("start", ("end", "stop", "finish")),
    ("begin", ("end",)),
    ("pickup", ("dropoff",)),
    ("pick_up", ("drop_off",)),
    ("checkin", ("checkout",)),
    ("check_in", ("check_out",)),
    ("login", ("logout",)),
    ("log_in", ("log_out",)),
    ("admission", ("discharge",)),
    ("admit", ("disch", "discharge")),
    ("opened", ("closed",)),
    ("open", ("close",)),
    ("rental", ("return",)),
    ("departure", ("arrival",)),
)
#: The share of the events with an end that must end at or after they start: a log where more
#: end before (a column of due dates, a planned end) has no lengths to read.
ORDERED_SHARE = 0.99
DURATION_NAME = "duration_minutes"


@dataclass(frozen=True)
class EndTime:
    """The column that says when an event ended, and what its lengths look like."""

    column: str
    median_minutes: float

    @property
    def reason(self) -> str:
        return (
            f"when the event ended: read as its length, the minutes from its timestamp to this "
            f"time (derive: minutes_after_event; median {self.median_minutes:.3g} minutes); an "
            "end that does not parse or is before the start is quarantined"
        )


def paired_end_names(start: str) -> list[str]:
    """The names an end time paired with the start time ``start`` may have (in lower case)."""
    lowered = start.lower()
    for start_word, end_words in SPAN_WORDS:
        if start_word in lowered:
            return [lowered.replace(start_word, end_word, 1) for end_word in end_words]
    return []


def end_time(
    connection: duckdb.DuckDBPyConnection,
    columns: list[str],
    timestamp: str,
    timestamp_format: str | None,
) -> EndTime | None:
    """The column of ``columns`` that ends the span the timestamp starts, when it parses with the
    timestamp's format and ends at or after the start in nearly every event of the table ``t``
    on ``connection``; None otherwise."""
    by_name = {column.lower(): column for column in columns if column != timestamp}
    for candidate in paired_end_names(timestamp):
        if candidate not in by_name:
            continue
        end = by_name[candidate]
        minutes = minutes_sql(timestamp, end, timestamp_format)
        median = _median_ordered_length(connection, minutes, quote_identifier(end))
        if median:
            return EndTime(end, median)
    return None


def _median_ordered_length(
    connection: duckdb.DuckDBPyConnection, length: str, has_end: str = "span_length"
) -> float | None:
    """The median of the SQL ``length`` (``span_length``) over the events of table ``t`` when it
    is at least 0 in ORDERED_SHARE of the events that have an end (``has_end`` is not null: an
    end time that does not parse counts against it), else None."""
    ended, ordered, median = connection.execute(
        f"select count({has_end}), count(case when span_length >= 0 then 1 end), "
        "median(case when span_length >= 0 then span_length end) "
        f"from (select *, {length} as span_length from t)"
    ).fetchall()[0]
    return float(median) if ended and ordered >= ORDERED_SHARE * ended and median else None


def minutes_sql(timestamp: str, end: str, timestamp_format: str | None) -> str:
    """DuckDB SQL for the minutes from the timestamp column to the end column, both read as the
    build reads the timestamp."""
    started = timestamp_sql(quote_identifier(timestamp), timestamp_format)
    ended = timestamp_sql(quote_identifier(end), timestamp_format)
    return f"date_diff('second', {started}, {ended}) / 60.0"


def duration_features(taken_names: set[str]) -> list[tuple[dict[str, Any], str]]:
    """A user's mean and total event length in minutes (log1p: lengths are right-skewed)."""
    return _mean_and_total(
        DURATION_NAME,
        DURATION_NAME,
        "duration",
        {"unit": "minutes"},
        (
            "how long a user's events last (a trip, a stay, a session)",
            "how much time a user's events take in all",
        ),
        taken_names,
    )


def _mean_and_total(
    prefix: str,
    of: str,
    label: str,
    extra: dict[str, str],
    reasons: tuple[str, str],
    taken_names: set[str],
) -> list[tuple[dict[str, Any], str]]:
    """A user's mean and total of ``of`` (log1p), named ``prefix``_mean and ``prefix``_total
    unless taken, with their reasons."""
    features = []
    for (aggregate, suffix, word), why in zip(
        (("mean", "mean", "Mean"), ("sum", "total", "Total")), reasons, strict=True
    ):
        name = f"{prefix}_{suffix}"
        if name in taken_names:
            continue
        feature = {
            "name": name,
            "aggregate": aggregate,
            "of": of,
            "transform": "log1p",
            "label": f"{word} {label}",
            **extra,
        }
        features.append((feature, f"{why} (log1p: lengths are right-skewed)"))
    return features


@dataclass(frozen=True)
class NumericSpan:
    """Two numeric columns that start and end each event (Twitch's time_start and time_stop,
    indices of 10-minute slots): their difference is the event's length, in their unit."""

    start: str
    end: str
    median_length: float

    @property
    def reason(self) -> str:
        return (
            f"{self.end} - {self.start}: how long each event lasts, in their unit (median "
            f"{self.median_length:g}); the two columns are kept for filters, not summed"
        )


def numeric_span(
    connection: duckdb.DuckDBPyConnection, measures: list[str], number_sql
) -> NumericSpan | None:
    """The first pair of measure columns named as a span's start and end whose end is at or
    after the start in nearly every event of the table ``t``; ``number_sql(column)`` reads a
    column as a number, as the build does."""
    by_name = {column.lower(): column for column in measures}
    for start in measures:
        for candidate in paired_end_names(start):
            end = by_name.get(candidate)
            if end is None or end == start:
                continue
            median = _median_ordered_length(connection, f"{number_sql(end)} - {number_sql(start)}")
            if median:
                return NumericSpan(start, end, median)
    return None


def span_length_features(
    span: NumericSpan, start_name: str, end_name: str, taken_names: set[str]
) -> list[tuple[dict[str, Any], str]]:
    """A user's mean and total event length, ``end_name - start_name`` (their feature names)."""
    return _mean_and_total(
        "length", f"{end_name} - {start_name}", "length", {}, (span.reason, span.reason),
        taken_names,
    )  # fmt: skip
