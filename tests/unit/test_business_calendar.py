"""The business calendar and SLA clocks: the issue's vectors, weekends,
holidays, time zones, pauses, and properties of business-time arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.business_calendar import BusinessCalendar
from app.servicedesk.sla import ClockState, Light, due_at, read_clock

SH = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar("Asia/Shanghai", frozenset(range(5)), time(8), time(16))


def local(y: int, m: int, d: int, hh: int, mm: int = 0, zone: ZoneInfo = SH) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=zone)


# 2026-03-02 is a Monday; 2026-03-06 a Friday.
def test_sixteen_hour_target_spans_two_business_days() -> None:
    assert CAL.add_business_minutes(local(2026, 3, 2, 8), 16 * 60) == local(2026, 3, 3, 16)
    assert CAL.add_business_minutes(local(2026, 3, 2, 12), 16 * 60) == local(2026, 3, 4, 12)


def test_friday_15_00_with_two_hours_is_due_monday_09_00() -> None:
    assert CAL.add_business_minutes(local(2026, 3, 6, 15), 120) == local(2026, 3, 9, 9)


def test_weekend_start_begins_monday_morning() -> None:
    saturday = local(2026, 3, 7, 11)
    assert CAL.next_business_moment(saturday) == local(2026, 3, 9, 8)
    assert CAL.add_business_minutes(saturday, 60) == local(2026, 3, 9, 9)
    assert CAL.business_seconds_between(saturday, local(2026, 3, 9, 8)) == 0


def test_outside_hours_starts_at_next_business_minute() -> None:
    assert CAL.next_business_moment(local(2026, 3, 2, 7, 30)) == local(2026, 3, 2, 8)
    assert CAL.next_business_moment(local(2026, 3, 2, 16)) == local(2026, 3, 3, 8)
    assert CAL.next_business_moment(local(2026, 3, 2, 9, 15)) == local(2026, 3, 2, 9, 15)


def test_holidays_are_skipped() -> None:
    cal = BusinessCalendar(
        CAL.timezone,
        CAL.work_days,
        CAL.start,
        CAL.end,
        frozenset({date(2026, 3, 9), date(2026, 3, 10)}),
    )
    assert cal.add_business_minutes(local(2026, 3, 6, 15), 120) == local(2026, 3, 11, 9)
    assert not cal.is_open(local(2026, 3, 9, 10))


def test_time_zones_convert_the_window() -> None:
    # 08:00 Shanghai is 00:00 UTC; a UTC input is understood in the calendar's zone.
    start = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    assert CAL.add_business_minutes(start, 60) == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    berlin = BusinessCalendar("Europe/Berlin", frozenset(range(5)), time(8), time(16))
    # DST starts in Berlin on Sunday 2026-03-29: the Monday window is 06:00-14:00 UTC.
    friday = local(2026, 3, 27, 15, zone=ZoneInfo("Europe/Berlin"))
    due = berlin.add_business_minutes(friday, 120)
    assert due == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def test_pauses_are_subtracted_and_move_the_due_moment() -> None:
    start = local(2026, 3, 2, 8)
    clock = ClockState(start, target_minutes=240, paused_seconds=3600)
    now = local(2026, 3, 2, 10)
    reading = read_clock(CAL, clock, now)
    assert reading.elapsed_seconds == 3600
    assert reading.left_seconds == 3 * 3600
    assert reading.due_at == local(2026, 3, 2, 13)
    paused = ClockState(start, 240, 0, paused_since=local(2026, 3, 2, 9))
    later = read_clock(CAL, paused, local(2026, 3, 3, 15))
    assert later.light is Light.PAUSED
    assert later.elapsed_seconds == 3600
    assert due_at(CAL, paused, local(2026, 3, 3, 15), None) is None


def test_breached_then_paused_stays_breached() -> None:
    start = local(2026, 3, 2, 8)
    breached_at = local(2026, 3, 2, 10)
    clock = ClockState(start, target_minutes=60)
    assert read_clock(CAL, clock, breached_at).light is Light.RED
    previous = due_at(CAL, clock, breached_at, None)
    paused = ClockState(start, 60, paused_since=breached_at)
    reading = read_clock(CAL, paused, local(2026, 3, 4, 12))
    assert reading.light is Light.RED and reading.breached
    assert due_at(CAL, paused, local(2026, 3, 4, 12), previous) == previous


def test_amber_near_the_target_and_met_when_stopped() -> None:
    start = local(2026, 3, 2, 8)
    clock = ClockState(start, target_minutes=100)
    assert read_clock(CAL, clock, local(2026, 3, 2, 9)).light is Light.GREEN
    assert read_clock(CAL, clock, local(2026, 3, 2, 9, 30)).light is Light.AMBER
    stopped = ClockState(start, 100, stopped_at=local(2026, 3, 2, 9))
    assert read_clock(CAL, stopped, local(2026, 3, 5, 9)).light is Light.MET


def test_bad_calendars_are_refused() -> None:
    with pytest.raises(ValueError):
        BusinessCalendar(work_days=frozenset())
    with pytest.raises(ValueError):
        BusinessCalendar(start=time(16), end=time(8))
    with pytest.raises(ValueError):
        CAL.add_business_minutes(datetime(2026, 3, 2, 8), 5)  # naive


moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
minutes = st.integers(min_value=0, max_value=20 * 480)
holiday_sets = st.frozensets(st.dates(date(2025, 1, 1), date(2028, 6, 30)), max_size=40)
zones = st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"])


@settings(max_examples=150, deadline=None)
@given(moments, minutes, holiday_sets, zones)
def test_due_is_never_before_start_and_counts_exactly(
    start: datetime, m: int, holidays: frozenset[date], zone: str
) -> None:
    cal = BusinessCalendar(zone, frozenset(range(5)), time(8), time(16), holidays)
    due = cal.add_business_minutes(start, m)
    assert due >= start
    assert cal.business_seconds_between(start, due) == m * 60


@settings(max_examples=150, deadline=None)
@given(moments, minutes, minutes, holiday_sets)
def test_adding_is_additive_and_monotonic(
    start: datetime, a: int, b: int, holidays: frozenset[date]
) -> None:
    cal = BusinessCalendar("Asia/Shanghai", frozenset(range(5)), time(8), time(16), holidays)
    assert cal.add_business_minutes(cal.add_business_minutes(start, a), b) == (
        cal.add_business_minutes(start, a + b)
    )
    lo, hi = sorted((a, b))
    assert cal.add_business_minutes(start, lo) <= cal.add_business_minutes(start, hi)
    later = start + timedelta(minutes=a)
    assert cal.add_business_minutes(start, b) <= cal.add_business_minutes(later, b)
