"""The period an event log covers, without its stray dates.

A log's first and last timestamps are often not its period: a 1970-01-01 (an epoch zero), a
test event dated years ahead, a device clock reset. Taken as they are, one such row made the
scaffold propose a 22,281-day feature window, or moved the as-of date years past every other
event so that the window held one user. The period here is where the events are dense: the
dates between the 0.1% and 99.9% quantiles of the events, widened outwards over every date
that is at most a gap away from the next one, so a quiet weekend or a slow first month stays in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

#: Events this far into either tail may be strays; the dates between are the core.
TAIL_SHARE = 0.001
#: A date further than this from the nearest date of the period (and than 1% of its length) is
#: stray.
MIN_GAP_DAYS = 7


@dataclass(frozen=True)
class EventSpan:
    """The dense period of a log's dates and the events outside it."""

    first: date
    last: date
    earliest: date
    latest: date
    events_before: int
    events_after: int

    @property
    def days(self) -> int:
        """Days from the first to the last date of the period, both counted."""
        return (self.last - self.first).days + 1


def event_span(day_counts: list[tuple[date, int]]) -> EventSpan | None:
    """The dense period of ``day_counts`` (date, events on it; any order); None without events."""
    days = sorted((day, count) for day, count in day_counts if count > 0)
    if not days:
        return None
    total = sum(count for _, count in days)
    cumulative, start, end = 0, None, 0
    for index, (_, count) in enumerate(days):
        if start is None and cumulative + count > TAIL_SHARE * total:
            start = index
        if cumulative < (1 - TAIL_SHARE) * total:
            end = index
        cumulative += count
    start = min(start or 0, end)
    gap = max(MIN_GAP_DAYS, math.ceil(0.01 * (days[end][0] - days[start][0]).days))
    while start > 0 and (days[start][0] - days[start - 1][0]).days <= gap:
        start -= 1
    while end < len(days) - 1 and (days[end + 1][0] - days[end][0]).days <= gap:
        end += 1
    return EventSpan(
        first=days[start][0],
        last=days[end][0],
        earliest=days[0][0],
        latest=days[-1][0],
        events_before=sum(count for _, count in days[:start]),
        events_after=sum(count for _, count in days[end + 1 :]),
    )
