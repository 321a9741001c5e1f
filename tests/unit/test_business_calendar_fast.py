"""The O(1) business-time arithmetic equals a plain day-by-day walk.

``_reference_*`` below are the calendar's former implementations (every local
day's window from the start, one by one). The fast functions must give exactly
the same results over random calendars, holidays and time zones, DST ones
included, and spans of up to two years.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.business_calendar import BusinessCalendar

_MAX_DAYS = 3660


def _reference_windows_from(
    cal: BusinessCalendar, at: datetime
) -> Iterator[tuple[datetime, datetime]]:
    day = at.astimezone(cal.zone).date()
    for offset in range(_MAX_DAYS):
        w = cal.window(day + timedelta(days=offset))
        if w is not None:
            yield w
    raise ValueError("no business day within ten years; check the holidays")


def _reference_add_business_seconds(cal: BusinessCalendar, at: datetime, seconds: int) -> datetime:
    at = at.astimezone(UTC)
    if seconds == 0:
        return at
    remaining = timedelta(seconds=seconds)
    for opens, closes in _reference_windows_from(cal, at):
        begin = max(at, opens)
        if begin >= closes:
            continue
        available = closes - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    raise AssertionError("unreachable")


def _reference_business_seconds_between(cal: BusinessCalendar, a: datetime, b: datetime) -> int:
    a, b = a.astimezone(UTC), b.astimezone(UTC)
    if b <= a:
        return 0
    total = timedelta()
    for opens, closes in _reference_windows_from(cal, a):
        if opens >= b:
            break
        begin, finish = max(a, opens), min(b, closes)
        if finish > begin:
            total += finish - begin
    return int(total.total_seconds())


ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Shanghai",
    "UTC",
    "Australia/Lord_Howe",  # half-hour DST
    "America/Sao_Paulo",  # DST until 2019, changes at midnight
    "Pacific/Apia",  # skipped 2011-12-30 entirely
]

# Minutes of the day; DST changes happen at 00:00-03:00, so the window edges are
# drawn often from that range to put changes inside the window.
_minute = st.one_of(st.integers(0, 24 * 60 - 1), st.integers(0, 4 * 60))


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    zone = draw(st.sampled_from(ZONES))
    work_days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    lo, hi = sorted(draw(st.lists(_minute, min_size=2, max_size=2, unique=True)))
    second = draw(st.sampled_from([0, 0, 0, 30]))
    start = time(lo // 60, lo % 60)
    end = time(hi // 60, hi % 60, second)
    holidays = draw(st.frozensets(st.dates(date(2010, 1, 1), date(2030, 12, 31)), max_size=60))
    return BusinessCalendar(zone, work_days, start, end, holidays)


def _near_holidays(cal: BusinessCalendar, centre: datetime) -> BusinessCalendar:
    """The calendar with extra holidays around ``centre`` (the random ones are sparse)."""
    base = centre.date()
    extra = frozenset(base + timedelta(days=k) for k in (-3, 1, 5, 12, 13, 14, 40, 200, 400))
    return BusinessCalendar(cal.timezone, cal.work_days, cal.start, cal.end, cal.holidays | extra)


moments = st.datetimes(
    min_value=datetime(2010, 1, 1), max_value=datetime(2029, 1, 1), timezones=st.just(UTC)
)
spans = st.one_of(
    st.timedeltas(timedelta(0), timedelta(days=3)),
    st.timedeltas(timedelta(0), timedelta(days=731)),
)


@settings(max_examples=400, deadline=None)
@given(calendars(), moments, spans, st.booleans())
def test_between_equals_the_day_walk(
    cal: BusinessCalendar, a: datetime, span: timedelta, dense: bool
) -> None:
    if dense:
        cal = _near_holidays(cal, a)
    b = a + span
    assert cal.business_seconds_between(a, b) == _reference_business_seconds_between(cal, a, b)
    assert cal.business_seconds_between(b, a) == 0


@settings(max_examples=400, deadline=None)
@given(calendars(), moments, st.integers(0, 2 * 365 * 24 * 3600), st.booleans())
def test_add_equals_the_day_walk(
    cal: BusinessCalendar, at: datetime, seconds: int, dense: bool
) -> None:
    if dense:
        cal = _near_holidays(cal, at)
    # Up to two years of calendar time: cap the business time at what two years hold.
    seconds = min(seconds, _reference_business_seconds_between(cal, at, at + timedelta(days=731)))
    assert cal.add_business_seconds(at, seconds) == _reference_add_business_seconds(
        cal, at, seconds
    )


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
@pytest.mark.parametrize(
    ("start", "end"), [(time(8), time(16)), (time(1, 30), time(3, 30)), (time(0), time(23, 59))]
)
def test_dst_years_walk_exactly(zone: str, start: time, end: time) -> None:
    """Every day of 2025-2026 as a start, into and across both DST changes."""
    cal = BusinessCalendar(zone, frozenset(range(7)), start, end, frozenset({date(2026, 3, 29)}))
    first = datetime(2025, 1, 1, 12, tzinfo=UTC)
    for k in range(0, 730, 3):
        a = first + timedelta(days=k, hours=k % 24)
        for b in (a + timedelta(days=5), a + timedelta(days=200), a + timedelta(days=500)):
            assert cal.business_seconds_between(a, b) == _reference_business_seconds_between(
                cal, a, b
            )
        seconds = 137 * 3600 + k
        assert cal.add_business_seconds(a, seconds) == _reference_add_business_seconds(
            cal, a, seconds
        )


def test_ten_year_guard_still_refuses() -> None:
    cal = BusinessCalendar("UTC", frozenset({0}), time(8), time(9))
    at = datetime(2026, 1, 5, 8, tzinfo=UTC)
    with pytest.raises(ValueError):
        cal.add_business_seconds(at, 600 * 3600)
    assert cal.add_business_seconds(at, 500 * 3600) == _reference_add_business_seconds(
        cal, at, 500 * 3600
    )
