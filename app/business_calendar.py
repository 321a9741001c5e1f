"""The business calendar: work days, business hours, holidays, one time zone.

Ticket SLAs (and review SLAs) count business time on it. Each business day has
one window ``[start, end)`` in the calendar's local time; the window is turned
into UTC per date, so daylight-saving changes move it correctly. All inputs
and outputs are aware datetimes; results are UTC.

Spans are O(1) in their length, not O(days): the one or two local days at each
end are walked window by window; the whole days in between are counted
arithmetically (work days per full week, the partial week's days one by one),
minus the holidays in range (a bisect over the sorted holidays), plus the few
days whose UTC window is not ``end - start`` long because a UTC-offset change
falls inside it (computed exactly, per zone and year, from the same
conversion :meth:`window` uses, and cached). The results equal a day-by-day
walk exactly; ``tests/unit/test_business_calendar_fast.py`` checks that.

Pure functions only: no I/O, no wall clock.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

__all__ = ["BusinessCalendar"]

#: Search at most this many days for the next window (ten years); a calendar
#: with no open day at all is refused at construction, so this only guards loops.
_MAX_DAYS = 3660

#: Local days at each end of a span that are walked window by window; the days
#: between are whole windows inside the span (a UTC offset moves a window by
#: hours, never by two days).
_EDGE = 2

#: Entries kept in a calendar's memo of windows and spans.
_MEMO_SIZE = 4096

#: Memo lookups use one ``get`` (not ``in`` then ``[]``): a calendar may be shared by
#: the pages of several threads, and another thread may clear a full memo in between.
_MISSING = object()

_ZERO = timedelta()
_ONE_US = timedelta(microseconds=1)


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("naive datetime given; the business calendar needs aware times")
    return at.astimezone(UTC)


def _wall_length(start: time, end: time) -> timedelta:
    day = date(2000, 1, 1)
    return datetime.combine(day, end) - datetime.combine(day, start)


@lru_cache(maxsize=512)
def _irregular_days(
    timezone: str, start: time, end: time, year: int
) -> tuple[tuple[date, timedelta], ...]:
    """Days of ``year`` whose window is not ``end - start`` long, with the difference.

    The window of day ``d`` is ``combine(d, start/end, zone)`` in UTC, i.e. the
    wall length plus ``offset(start) - offset(end)`` (fold 0, as :meth:`window`
    converts), and none when that is not positive. Only days with an offset
    change inside the window differ: a couple a year in a DST zone.
    """
    zone = ZoneInfo(timezone)
    wall = _wall_length(start, end)
    out: list[tuple[date, timedelta]] = []
    day = date(year, 1, 1)
    one = timedelta(days=1)
    while day.year == year:
        off_start = zone.utcoffset(datetime.combine(day, start)) or _ZERO
        off_end = zone.utcoffset(datetime.combine(day, end)) or _ZERO
        if off_start != off_end:
            length = max(_ZERO, wall + off_start - off_end)
            if length != wall:
                out.append((day, length - wall))
        if day.month == 12 and day.day == 31:
            break
        day += one
    return tuple(out)


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

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def _wall(self) -> timedelta:
        """Length of a window on a day without an offset change."""
        return _wall_length(self.start, self.end)

    @cached_property
    def _work_holidays(self) -> tuple[date, ...]:
        """Holidays that fall on a work day, sorted (the others change nothing)."""
        return tuple(sorted(d for d in self.holidays if d.weekday() in self.work_days))

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.work_days and day not in self.holidays

    @cached_property
    def _memo(self) -> dict[object, object]:
        """Windows and spans already computed (a queue page asks for the same "now"
        side and the same start days over and over); bounded, cleared when full."""
        return {}

    def _remember(self, key: object, value: object) -> None:
        memo = self._memo
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = value

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The UTC window of local ``day``, or None when the desk is closed that day."""
        found = self._memo.get(day, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        if not self.is_business_day(day):
            w = None
        else:
            zone = self.zone
            opens = datetime.combine(day, self.start, zone).astimezone(UTC)
            closes = datetime.combine(day, self.end, zone).astimezone(UTC)
            w = opens, closes
        self._remember(day, w)
        return w

    def _windows_from(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Windows of the local day containing ``at`` and every later day."""
        day = at.astimezone(self.zone).date()
        for offset in range(_MAX_DAYS):
            w = self.window(day + timedelta(days=offset))
            if w is not None:
                yield w
        raise ValueError("no business day within ten years; check the holidays")

    def _whole_days(self, first: date, last: date) -> timedelta:
        """Business time in the windows of local days ``first`` … ``last`` (inclusive)."""
        if last < first:
            return _ZERO
        key = (first, last)
        found = self._memo.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        total = self._count_whole_days(first, last)
        self._remember(key, total)
        return total

    def _count_whole_days(self, first: date, last: date) -> timedelta:
        work_days = self.work_days
        weeks, rest = divmod((last - first).days + 1, 7)
        count = weeks * len(work_days)
        weekday = first.weekday()
        for i in range(rest):  # the partial week at the end
            if (weekday + i) % 7 in work_days:
                count += 1
        holidays = self._work_holidays
        count -= bisect_right(holidays, last) - bisect_left(holidays, first)
        total = self._wall * count
        for year in range(first.year, last.year + 1):
            for day, delta in _irregular_days(self.timezone, self.start, self.end, year):
                if first <= day <= last and self.is_business_day(day):
                    total += delta
        return total

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

        The first local days are walked; then whole weeks are skipped while they
        certainly end before the result, and the last days are walked again.
        """
        if seconds < 0:
            raise ValueError("business time to add cannot be negative")
        at = _aware(at)
        if seconds == 0:
            return at
        remaining = timedelta(seconds=seconds)
        first = at.astimezone(self.zone).date()
        weekly = self._wall * len(self.work_days)
        one = timedelta(days=1)
        day, offset = first, 0
        while True:
            if offset >= _MAX_DAYS:
                raise ValueError("no business day within ten years; check the holidays")
            if offset >= _EDGE:
                weeks = (remaining - _ONE_US) // weekly
                if weeks > 0:
                    span = self._whole_days(day, day + timedelta(days=7 * weeks - 1))
                    if span < remaining:  # the result lies after these weeks
                        remaining -= span
                        day += timedelta(days=7 * weeks)
                        offset += 7 * weeks
                        continue
            w = self.window(day)
            if w is not None:
                opens, closes = w
                begin = max(at, opens)
                if begin < closes:
                    available = closes - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            day += one
            offset += 1

    def add_business_minutes(self, at: datetime, minutes: int) -> datetime:
        return self.add_business_seconds(at, minutes * 60)

    def _clipped(self, day: date, a: datetime, b: datetime) -> timedelta:
        w = self.window(day)
        if w is None:
            return _ZERO
        begin, finish = max(a, w[0]), min(b, w[1])
        return finish - begin if finish > begin else _ZERO

    def business_seconds_between(self, a: datetime, b: datetime) -> int:
        """Business seconds in ``[a, b)``; zero when ``b`` is not after ``a``."""
        a, b = _aware(a), _aware(b)
        if b <= a:
            return 0
        key = (a, b)
        found = self._memo.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        seconds = self._between(a, b)
        self._remember(key, seconds)
        return seconds

    def _between(self, a: datetime, b: datetime) -> int:
        zone = self.zone
        first = a.astimezone(zone).date()
        last = b.astimezone(zone).date()
        days = (last - first).days
        if days >= _MAX_DAYS - 2 * _EDGE:
            return self._walk_between(a, b)  # keeps the ten-year guard's behaviour
        one = timedelta(days=1)
        if days <= 2 * _EDGE:
            total = _ZERO
            day = first
            while day <= last + one:
                total += self._clipped(day, a, b)
                day += one
            return int(total.total_seconds())
        total = self._whole_days(first + timedelta(days=_EDGE), last - timedelta(days=_EDGE))
        for i in range(_EDGE):
            total += self._clipped(first + timedelta(days=i), a, b)
        for i in range(-_EDGE + 1, 2):
            total += self._clipped(last + timedelta(days=i), a, b)
        return int(total.total_seconds())

    def _walk_between(self, a: datetime, b: datetime) -> int:
        """Day-by-day walk of ``[a, b)`` (aware UTC inputs, ``a < b``)."""
        total = _ZERO
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
