"""The end-of-day runner on every backend: catch-up, idempotence, the lock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.eod import EodStep, run_eod
from app.errors import PermissionDenied, StateError, ValidationError
from app.platform import load_state
from app.security.permissions import Role
from db.models.platform import EodRun
from tests.support import TestDB


class CountingStep:
    def __init__(self, fail_on: date | None = None) -> None:
        self.days: list[date] = []
        self.fail_on = fail_on

    def __call__(self, sessions: sessionmaker[Session], day: date) -> int:
        if day == self.fail_on:
            self.fail_on = None
            raise RuntimeError("power cut")
        self.days.append(day)
        return 2


def _business_date(db: TestDB) -> date:
    with db.sessions() as s:
        return load_state(s).business_date


def test_catch_up_one_day_at_a_time_and_rerun_changes_nothing(db: TestDB) -> None:
    start = _business_date(db)
    step = CountingStep()
    ctx = db.system()
    seen: list[tuple[date, str]] = []
    result = run_eod(
        ctx,
        start + timedelta(days=3),
        steps=[EodStep("count", step)],
        progress=lambda d, s, i, n: seen.append((d, s)),
    )
    assert step.days == [start + timedelta(days=k) for k in (1, 2, 3)]
    assert result.rows_changed == 6
    assert [d for d, _ in seen] == step.days
    assert _business_date(db) == start + timedelta(days=3)
    again = run_eod(ctx, start + timedelta(days=3), steps=[EodStep("count", step)])
    assert again.rows_changed == 0 and again.days[0].skipped_steps == ("count",)
    assert len(step.days) == 3
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(EodRun)) == 3


def test_crash_mid_day_is_finished_by_the_next_run(db: TestDB) -> None:
    start = _business_date(db)
    first = CountingStep()
    second = CountingStep(fail_on=start + timedelta(days=2))
    steps = [EodStep("first", first), EodStep("second", second)]
    with pytest.raises(RuntimeError):
        run_eod(db.system(), start + timedelta(days=2), steps=steps)
    assert _business_date(db) == start + timedelta(days=1)
    run_eod(db.system(), start + timedelta(days=2), steps=steps)
    assert first.days == [start + timedelta(days=1), start + timedelta(days=2)]
    assert second.days == [start + timedelta(days=1), start + timedelta(days=2)]
    assert _business_date(db) == start + timedelta(days=2)


def test_lock_refuses_a_second_runner(db: TestDB) -> None:
    start = _business_date(db)
    ctx = db.system()
    holder_msgs: list[str] = []

    def nested(sessions: sessionmaker[Session], day: date) -> int:
        with pytest.raises(StateError) as info:
            run_eod(ctx, day, steps=[], host="desk-2")
        holder_msgs.append(str(info.value))
        return 0

    run_eod(ctx, start + timedelta(days=1), steps=[EodStep("nested", nested)], host="desk-1")
    assert "running on desk-1" in holder_msgs[0] and "since" in holder_msgs[0]
    with db.sessions() as s:
        assert load_state(s).eod_holder is None  # released after the run


def test_dates_never_go_back_and_only_admins_run(db: TestDB) -> None:
    start = _business_date(db)
    with pytest.raises(ValidationError, match="never go back"):
        run_eod(db.system(), start - timedelta(days=1), steps=[])
    with pytest.raises(PermissionDenied):
        run_eod(db.user(Role.COLLECTIONS_AGENT), start + timedelta(days=1), steps=[])
