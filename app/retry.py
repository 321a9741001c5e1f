"""Retry a whole transaction that lost a lock race on a shared server.

PostgreSQL and MariaDB resolve a deadlock by failing one of the transactions
(PostgreSQL 40P01, MariaDB 1213), and fail a serializable one that conflicts (40001)
or one that waited too long for a row lock (MariaDB 1205). The failed transaction is
rolled back whole, so doing it again is correct exactly when the work is one
transaction, or a sequence of them that is safe to redo (an end-of-day step that
skips what it already stamped, an import chunk idempotent by reference). Callers
wrap only such units; everything else propagates at once.

The lock order (:func:`app.loans.locking.lock_loans`) makes these rare; the retry is
for what remains (a backend's own internal locks, a statement whose plan the order
does not reach).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: SQLSTATEs (PostgreSQL) and error numbers (MySQL/MariaDB) of a lost lock race.
PG_RETRYABLE = frozenset({"40P01", "40001"})
MYSQL_RETRYABLE = frozenset({1213, 1205})
ATTEMPTS = 5
BASE_DELAY = 0.05  # seconds; doubled per attempt, with jitter


def is_lock_conflict(exc: BaseException) -> bool:
    """True when ``exc`` is a deadlock, serialization failure or lock-wait timeout
    that rolled the transaction back (and only then)."""
    if not isinstance(exc, DBAPIError) or exc.orig is None:
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in PG_RETRYABLE:
        return True
    args: tuple[object, ...] = tuple(getattr(orig, "args", ()))
    return bool(args) and isinstance(args[0], int) and args[0] in MYSQL_RETRYABLE


def retrying(
    work: Callable[[], T],
    what: str,
    *,
    attempts: int = ATTEMPTS,
    base_delay: float = BASE_DELAY,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``work`` (one transaction, or a redo-safe sequence of them) and run it
    again after a lock conflict, up to ``attempts`` times in all, waiting a growing,
    jittered delay between tries. The last conflict propagates."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == attempts or not is_lock_conflict(exc):
                raise
            delay = base_delay * 2 ** (attempt - 1) * (0.5 + random.random())
            log.warning(
                "%s lost a lock race (attempt %d of %d); retrying in %.2fs",
                what, attempt, attempts, delay,
            )  # fmt: skip
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
