"""Wall-clock time, injectable so tests control it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, aware UTC, whole microseconds (what every backend keeps)."""
    return datetime.now(UTC)
