"""Calendar arithmetic for schedules: month steps and day counts.

Due dates step by whole months from the loan's start and are clamped to the last day
of a shorter month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year). Each due date
is counted from the start, never chained from the previous one, so a loan starting on
the 31st returns to the 31st whenever the month has one.

The business calendar (work days, business hours, holidays, time zones) used by ticket
and review SLAs belongs in this module too; it is added by a later issue.

Pure functions only: no I/O, no wall clock.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date

__all__ = ["add_months", "days_between", "due_dates"]


def add_months(d: date, k: int) -> date:
    """Return ``d`` moved by ``k`` whole months (``k`` may be negative or zero).

    The day is clamped to the target month's last day. Raises ValueError when the
    result falls outside the years ``date`` supports.
    """
    month_index = d.year * 12 + (d.month - 1) + k
    year, month0 = divmod(month_index, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"{d.isoformat()} plus {k} months is outside the supported years")
    month = month0 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def due_dates(start: date, term: int) -> list[date]:
    """Due dates of a monthly schedule: due ``k`` is ``add_months(start, k)``, k = 1..term.

    The dates strictly increase. Raises ValueError when ``term`` is below 1.
    """
    if term < 1:
        raise ValueError(f"term must be at least 1, not {term}")
    return [add_months(start, k) for k in range(1, term + 1)]


def days_between(a: date, b: date) -> int:
    """Calendar days from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
    return (b - a).days
