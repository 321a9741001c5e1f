"""The lock-race retry (issue 20 #12): a deadlock is retried, anything else is not."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app.retry import is_lock_conflict, retrying


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _pg(sqlstate: str) -> OperationalError:
    return OperationalError("UPDATE loans ...", {}, _PgError(sqlstate))


def _mysql(code: int) -> OperationalError:
    return OperationalError("UPDATE loans ...", {}, Exception(code, "Deadlock found"))


@pytest.mark.parametrize("error", [_pg("40P01"), _pg("40001"), _mysql(1213), _mysql(1205)])
def test_a_deadlock_once_is_retried_and_the_work_finishes(error: OperationalError) -> None:
    calls: list[int] = []
    waits: list[float] = []

    def work() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise error
        return "done"

    assert is_lock_conflict(error)
    assert retrying(work, "test step", sleep=waits.append) == "done"
    assert len(calls) == 2 and len(waits) == 1 and 0 < waits[0] < 1


def test_other_errors_propagate_at_once() -> None:
    calls: list[int] = []
    failure = IntegrityError("INSERT", {}, _PgError("23505"))

    def work() -> None:
        calls.append(1)
        raise failure

    with pytest.raises(IntegrityError):
        retrying(work, "test step", sleep=lambda _s: None)
    assert calls == [1] and not is_lock_conflict(failure) and not is_lock_conflict(ValueError())


def test_the_retries_are_bounded_and_back_off() -> None:
    waits: list[float] = []

    def work() -> None:
        raise _mysql(1213)

    with pytest.raises(OperationalError):
        retrying(work, "test step", attempts=4, base_delay=0.1, sleep=waits.append)
    assert len(waits) == 3
    assert all(0.05 * 2**k <= w <= 0.15 * 2**k for k, w in enumerate(waits))
