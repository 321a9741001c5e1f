"""The business calendar: work days, business hours, holidays, one time zone.

Ticket SLAs (and review SLAs) count business time on it. Each business day has
one window ``[start, end)`` in the calendar's local time; the window is turned
into UTC per date, so daylight-saving changes move it correctly. All inputs
and outputs are aware datetimes; results are UTC.

Pure functions only: no I/O, no wall clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = ["BusinessCalendar"]

#: Search at most this many days for the next window (ten years); a calendar
#: with no open day at all is refused at construction, so this only guards loops.
_MAX_DAYS = 3660


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("naive datetime given; the business calendar needs aware times")
    return at.astimezone(UTC)


@dataclass(frozen=True)
class BusinessCalendar:
    """Work days (0 = Monday … 6 = Sunday), one daily window, holidays, a time zone."""

    timezone: str = "Asia/Shanghai"
    work_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.work_days or not self.work_days <= set(range(7)):
            raise ValueError("work days must be a non-empty subset of 0..6")
        if self.start >= self.end:
            raise ValueError("business hours must start before they end")
        ZoneInfo(self.timezone)  # raises for an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.work_days and day not in self.holidays

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The UTC window of local ``day``, or None when the desk is closed that day."""
        if not self.is_business_day(day):
            return None
        zone = self.zone
        opens = datetime.combine(day, self.start, zone).astimezone(UTC)
        closes = datetime.combine(day, self.end, zone).astimezone(UTC)
        return opens, closes

    def _windows_from(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Windows of the local day containing ``at`` and every later day."""
        day = at.astimezone(self.zone).date()
        for offset in range(_MAX_DAYS):
            w = self.window(day + timedelta(days=offset))
            if w is not None:
                yield w
        raise ValueError("no business day within ten years; check the holidays")

    def is_open(self, at: datetime) -> bool:
        at = _aware(at)
        w = self.window(at.astimezone(self.zone).date())
        return w is not None and w[0] <= at < w[1]

    def next_business_moment(self, at: datetime) -> datetime:
        """``at`` itself when the desk is open, else the start of the next window."""
        at = _aware(at)
        for opens, closes in self._windows_from(at):
            if at < closes:
                return max(at, opens)
        raise AssertionError("unreachable")  # pragma: no cover

    def add_business_seconds(self, at: datetime, seconds: int) -> datetime:
        """The moment ``seconds`` of business time after ``at``.

        Zero returns ``at`` unchanged. A result that lands exactly on closing time
        stays there (08:00 + 8 h on an 08:00–16:00 day is 16:00 the same day), so
        adding is additive: ``add(add(t, a), b) == add(t, a + b)``.
        """
        if seconds < 0:
            raise ValueError("business time to add cannot be negative")
        at = _aware(at)
        if seconds == 0:
            return at
        remaining = timedelta(seconds=seconds)
        for opens, closes in self._windows_from(at):
            begin = max(at, opens)
            if begin >= closes:
                continue
            available = closes - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise AssertionError("unreachable")  # pragma: no cover

    def add_business_minutes(self, at: datetime, minutes: int) -> datetime:
        return self.add_business_seconds(at, minutes * 60)

    def business_seconds_between(self, a: datetime, b: datetime) -> int:
        """Business seconds in ``[a, b)``; zero when ``b`` is not after ``a``."""
        a, b = _aware(a), _aware(b)
        if b <= a:
            return 0
        total = timedelta()
        for opens, closes in self._windows_from(a):
            if opens >= b:
                break
            begin, finish = max(a, opens), min(b, closes)
            if finish > begin:
                total += finish - begin
        return int(total.total_seconds())

    @property
    def minutes_per_day(self) -> int:
        """Length of the daily window in minutes (ignoring DST shifts)."""
        s = self.start.hour * 60 + self.start.minute
        e = self.end.hour * 60 + self.end.minute
        return e - s
