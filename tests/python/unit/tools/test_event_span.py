"""The dense period of an event log's dates (tools.event_span)."""

from __future__ import annotations

from datetime import date, timedelta

from user_segmentation.tools.event_span import event_span

START = date(2019, 10, 1)


def october(events_per_day: int = 1_000) -> list[tuple[date, int]]:
    return [(START + timedelta(days=day), events_per_day) for day in range(31)]


def test_a_log_without_strays_spans_its_first_to_its_last_date():
    span = event_span(october())
    assert (span.first, span.last, span.days) == (START, date(2019, 10, 31), 31)
    assert (span.events_before, span.events_after) == (0, 0)


def test_an_epoch_zero_and_a_date_years_ahead_are_strays():
    span = event_span([(date(1970, 1, 1), 1), *october(), (date(2026, 3, 15), 2)])
    assert (span.first, span.last) == (START, date(2019, 10, 31))
    assert (span.earliest, span.latest) == (date(1970, 1, 1), date(2026, 3, 15))
    assert (span.events_before, span.events_after) == (1, 2)


def test_quiet_days_and_a_thin_first_week_stay_in_the_period():
    # Under 0.1% of the events on each of the first days, and a five-day outage mid-month:
    # each date is within a gap of the next, so none is a stray.
    days = [(START - timedelta(days=7 - day), 3) for day in range(7)]
    days += [(day, count) for day, count in october() if not 10 <= day.day <= 14]
    span = event_span(days)
    assert (span.first, span.last) == (START - timedelta(days=7), date(2019, 10, 31))
    assert (span.events_before, span.events_after) == (0, 0)


def test_a_log_with_a_single_day_spans_that_day():
    span = event_span([(START, 5)])
    assert (span.first, span.last, span.days) == (START, START, 1)
    assert event_span([]) is None
