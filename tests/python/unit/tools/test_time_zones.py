"""The time zone a log's quiet hours place its users in (tools.time_zones)."""

from __future__ import annotations

import math

import pytest

from user_segmentation.tools.time_zones import is_instant, local_clock


def day_of_people(offset_hours: int, events: int = 24_000) -> dict[int, int]:
    """Events per UTC hour of people at UTC+offset_hours, least active at 4h and most at 16h
    of their own day."""
    counts = {}
    for utc_hour in range(24):
        local = (utc_hour + offset_hours) % 24
        weight = 1 + 0.9 * math.cos(2 * math.pi * (local - 16) / 24)
        counts[utc_hour] = round(events / 24 * weight)
    return counts


@pytest.mark.parametrize(
    ("offset", "zone"), [(8, "Etc/GMT-8"), (-5, "Etc/GMT+5"), (-8, "Etc/GMT+8"), (9, "Etc/GMT-9")]
)
def test_the_quietest_hours_place_the_log_at_its_users_offset(offset, zone):
    clock = local_clock(day_of_people(offset))
    assert clock is not None
    assert (clock.offset_hours, clock.zone) == (offset, zone)
    assert f"UTC{offset:+d}" in clock.note


@pytest.mark.parametrize("offset", [0, 1, 2, -2])
def test_a_log_whose_quiet_hours_are_near_utc_s_small_hours_keeps_utc(offset):
    assert local_clock(day_of_people(offset)) is None


def test_events_spread_over_the_day_or_at_midnight_only_give_no_clock():
    assert local_clock({hour: 1000 + 30 * (hour % 3) for hour in range(24)}) is None
    assert local_clock({0: 50_000}) is None  # dates written as epoch seconds at 00:00 UTC
    assert local_clock({hour: 20 for hour in range(24)} | {17: 0, 18: 0}) is None  # too few


def test_epoch_numbers_and_times_with_an_offset_are_instants_and_wall_clocks_are_not():
    assert is_instant("epoch_seconds", ["1511544070"])
    assert is_instant("%a %b %d %H:%M:%S %z %Y", ["Mon Aug 01 13:41:57 -0700 2011"])
    assert is_instant(None, ["2019-10-01 00:00:00 UTC", "2019-10-01 00:00:04 UTC"])
    assert is_instant(None, ["2024-03-01T10:00:00Z", "2024-03-01T10:00:00+08:00"])
    assert not is_instant(None, ["2024-03-01 10:00:00", "2024-03-01T10:00:00Z"])
    assert not is_instant("%m/%d/%Y %H:%M", ["12/1/2010 8:26"])


def test_night_owls_on_top_of_an_even_day_are_no_time_zone():
    # Half of Last.fm's lookalike listens only from 0h to 6h UTC, the rest at any hour: the
    # other hours are quiet, but no quieter than an even day's half, and nothing peaks after them.
    counts = {hour: 125 + (500 if hour < 6 else 0) for hour in range(24)}
    assert local_clock(counts) is None


def test_an_offset_column_s_unit_is_read_from_its_largest_values():
    from user_segmentation.tools.time_zones import offset_unit

    assert offset_unit("timezoneOffset", ["-240", "-300", "540"]) == "minutes"
    assert offset_unit("utc_offset", ["-18000", "3600", ""]) == "seconds"  # Twitter's
    assert offset_unit("tz_offset", ["-5", "5.5", "9"]) == "hours"
    assert offset_unit("offset", ["-240"]) is None  # a page offset, a paging cursor
    assert offset_unit("timezoneOffset", ["-99999999"]) is None
