"""SLA clocks on the business calendar (pure).

A clock starts at the first business moment after the ticket was created and
counts business seconds, minus the business time spent pending customer. It
stops when its goal is met (first response, resolution). Once the elapsed
business time passes the target the clock is breached for good: elapsed time
never decreases, so pausing a breached ticket leaves it breached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.business_calendar import BusinessCalendar


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    PAUSED = "paused"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class SlaPolicy:
    """Targets for one priority, in business minutes; amber at ``amber_percent`` left."""

    priority: str
    first_response_minutes: int
    resolution_minutes: int
    amber_percent: int = 25


#: Defaults written by the migration and used when the table has no row.
DEFAULT_POLICIES = (
    SlaPolicy("urgent", 30, 240),
    SlaPolicy("high", 60, 480),
    SlaPolicy("normal", 240, 960),
    SlaPolicy("low", 480, 2400),
)


@dataclass(frozen=True)
class ClockState:
    """What is stored about one clock (all business time in seconds)."""

    started_at: datetime
    target_minutes: int
    paused_seconds: int = 0
    paused_since: datetime | None = None
    stopped_at: datetime | None = None


@dataclass(frozen=True)
class ClockReading:
    elapsed_seconds: int
    left_seconds: int  # negative once past the target
    due_at: datetime | None  # None while paused or stopped
    light: Light

    @property
    def breached(self) -> bool:
        return self.light in (Light.RED, Light.MISSED) or self.left_seconds < 0


def elapsed_seconds(cal: BusinessCalendar, clock: ClockState, now: datetime) -> int:
    """Business seconds counted so far (pauses subtracted)."""
    end = clock.stopped_at or now
    total = cal.business_seconds_between(clock.started_at, end) - clock.paused_seconds
    if clock.paused_since is not None:
        total -= cal.business_seconds_between(clock.paused_since, end)
    return max(0, total)


def read_clock(
    cal: BusinessCalendar, clock: ClockState, now: datetime, amber_percent: int = 25
) -> ClockReading:
    """Time left, due moment and colour of ``clock`` at ``now``."""
    target = clock.target_minutes * 60
    elapsed = elapsed_seconds(cal, clock, now)
    left = target - elapsed
    if clock.stopped_at is not None:
        return ClockReading(elapsed, left, None, Light.MET if left >= 0 else Light.MISSED)
    if left < 0 or (left == 0 and target > 0):
        return ClockReading(elapsed, left, None, Light.RED)
    if clock.paused_since is not None:
        return ClockReading(elapsed, left, None, Light.PAUSED)
    due = cal.add_business_seconds(max(now, clock.started_at), left)
    amber = left * 100 <= target * amber_percent
    return ClockReading(elapsed, left, due, Light.AMBER if amber else Light.GREEN)


def due_at(
    cal: BusinessCalendar, clock: ClockState, now: datetime, previous: datetime | None
) -> datetime | None:
    """The due moment to store (the queues sort on it).

    None while stopped or paused (nothing to chase). Once breached it stays what
    it was (``previous``, the moment the target passed), whatever pauses follow.
    """
    if clock.stopped_at is not None:
        return None
    left = clock.target_minutes * 60 - elapsed_seconds(cal, clock, now)
    if left <= 0:
        return previous or now
    if clock.paused_since is not None:
        return None
    return cal.add_business_seconds(max(now, clock.started_at), left)


def format_left(seconds: int) -> str:
    """'3h 05m', or '-0h 20m' past due (business time)."""
    sign = "-" if seconds < 0 else ""
    s = abs(seconds)
    return f"{sign}{s // 3600}h {(s % 3600) // 60:02d}m"
