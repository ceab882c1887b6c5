"""Where a log's users are on the clock: the time zone their quietest hours put them in.

Epoch numbers and times written with an offset are instants; the build reads them as UTC, so the
hour of day and the weekday of a log whose users live eight hours east (Taobao's epoch seconds)
are eight hours off: its "night" was Beijing's morning. People are least active in the small
hours of their own night, so the five hours with the fewest events place the log's clock: a log
whose quietest hours are 18-23h UTC is at UTC+8. The scaffold proposes that fixed offset as an
``Etc/GMT`` zone (whose sign is reversed: Etc/GMT-8 is UTC+8) and says to replace it with the
users' own zone; a log whose events are spread over the day, or whose quiet hours are already
the small hours of UTC (within two hours), gets none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from user_segmentation.serving.sql_text import quote_identifier

#: Hours in the window of the fewest events, and their weights when finding its middle (a
#: triangle: one noisy hour at its edge does not move it).
QUIET_HOURS = 5
QUIET_KERNEL = (1, 2, 3, 4, 3, 2, 1)
#: The local hour in the middle of that window in people's days (web and shop traffic is lowest
#: at 4-5h local).
LOCAL_QUIET_MIDDLE = 4
#: The window must hold under this share of what a day of evenly spread events gives it (Taobao's
#: quietest hours hold about a fifth), and the hours twelve hours later more than that day's: a
#: day of people, not a group of night owls on top of an even day.
MAX_QUIET_SHARE = 0.4
MIN_BUSY_SHARE = 1.0
#: An offset of at most this many hours from UTC is left alone: Europe's logs are close enough.
MIN_OFFSET_HOURS = 3
#: Events with a time needed, and hours of the day that have some.
MIN_TIMED_EVENTS = 1000
MIN_HOURS_SEEN = 18
#: Text that ends with an offset or a zone: an instant (ISO's Z, +08:00, REES46's " UTC").
OFFSET_SUFFIX = re.compile(r"(Z|UTC|GMT|[+-]\d{2}:?\d{2})$")
INSTANT_FORMATS = ("epoch_seconds", "epoch_milliseconds", "epoch_microseconds")
#: A column of each event's offset from UTC (Foursquare's timezoneOffset, Twitter's utc_offset).
OFFSET_NAME = re.compile(r"(time[\s_-]*zone|tz|utc)[\s_-]*offset", re.I)
#: The largest offset from UTC in each unit (UTC+14, Kiribati), largest unit first.
OFFSET_UNITS = (("hours", 14), ("minutes", 14 * 60), ("seconds", 14 * 3600))


@dataclass(frozen=True)
class LocalClock:
    """The zone a log's quiet hours place it in, and the hours (UTC) that tell."""

    offset_hours: int
    quiet_middle_utc: int
    quiet_share: float

    @property
    def zone(self) -> str:
        """The fixed-offset zone's IANA name (Etc/GMT-8 for UTC+8)."""
        return f"Etc/GMT{-self.offset_hours:+d}"

    @property
    def note(self) -> str:
        """Why the config sets this zone, for its comment."""
        start = (self.quiet_middle_utc - QUIET_HOURS // 2) % 24
        end = (start + QUIET_HOURS) % 24
        return (
            f"the events are fewest from {start}h to {end}h UTC "
            f"({self.quiet_share:.0%} of an even day's share), the small hours of "
            f"UTC{self.offset_hours:+d}: hours, days and weekends are read on that clock. Replace "
            "it with the users' own zone (e.g. Asia/Shanghai, America/New_York) if you know it"
        )


def offset_unit(name: str, values: list[str]) -> str | None:
    """The unit of a column of offsets from UTC (hours, minutes or seconds, by the largest of its
    frequent values), or None when the name or the values say it is none."""
    if not OFFSET_NAME.search(name):
        return None
    try:
        largest = max(abs(float(value)) for value in values if value.strip())
    except ValueError:
        return None
    return next((unit for unit, most in OFFSET_UNITS if largest <= most), None)


def is_instant(timestamp_format: str | None, values: list[str]) -> bool:
    """Whether the times are instants (epoch numbers, or text with its offset), not a wall
    clock written where the events happened."""
    if timestamp_format in INSTANT_FORMATS:
        return True
    if timestamp_format is not None:
        return "%z" in timestamp_format or "%Z" in timestamp_format
    return bool(values) and all(OFFSET_SUFFIX.search(value.strip()) for value in values)


def local_clock(hour_counts: dict[int, int]) -> LocalClock | None:
    """The clock of a log from its events per UTC hour (0-23), or None when the hours do not
    tell (too few events, a flat day, quiet hours near UTC's own small hours)."""
    total = sum(hour_counts.values())
    seen = sum(1 for count in hour_counts.values() if count)
    if total < MIN_TIMED_EVENTS or seen < MIN_HOURS_SEEN:
        return None
    counts = [hour_counts.get(hour, 0) for hour in range(24)]
    reach = len(QUIET_KERNEL) // 2
    weighted = [
        sum(w * counts[(middle + i - reach) % 24] for i, w in enumerate(QUIET_KERNEL))
        for middle in range(24)
    ]
    middle = min(range(24), key=lambda hour: (weighted[hour], hour))

    def window_share(centre: int) -> float:
        hours = range(centre - QUIET_HOURS // 2, centre + QUIET_HOURS // 2 + 1)
        return sum(counts[hour % 24] for hour in hours) / (total * QUIET_HOURS / 24)

    quiet_share, busy_share = window_share(middle), window_share(middle + 12)
    offset = (LOCAL_QUIET_MIDDLE - middle + 12) % 24 - 12
    if quiet_share >= MAX_QUIET_SHARE or busy_share <= MIN_BUSY_SHARE:
        return None
    if abs(offset) < MIN_OFFSET_HOURS:
        return None
    return LocalClock(offset, middle, quiet_share)


def events_per_utc_hour(
    connection: duckdb.DuckDBPyConnection, parsed: str, table: str = "t"
) -> dict[int, int]:
    """Events per hour of the UTC day, of the timestamps ``parsed`` (SQL) reads from ``table``."""
    rows = connection.execute(
        f"select hour({parsed}) as h, count(*) from {table} where {parsed} is not null group by h"
    ).fetchall()
    return {int(hour): count for hour, count in rows}


def zoned_sql(parsed: str, zone: str | dict[str, str] | None) -> str:
    """DuckDB SQL of a timestamp holding the UTC wall clock as ``zone``'s wall clock (or plus
    each row's offset, for a zone of an offset column), as the build's local_wall_clock reads it."""
    if not zone:
        return parsed
    if isinstance(zone, dict):
        [(key, column)] = zone.items()
        offset = f"try_cast(cast({quote_identifier(column)} as varchar) as double)"
        seconds = {"offset_hours": 3600, "offset_minutes": 60, "offset_seconds": 1}[key]
        return f"({parsed} + to_seconds(cast(coalesce(round({offset} * {seconds}), 0) as bigint)))"
    quoted = zone.replace("'", "''")
    return f"timezone('{quoted}', timezone('UTC', {parsed}))"
