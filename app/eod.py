"""The end-of-day run: advances the business date one day at a time.

Each feature contributes steps (``default_steps``). A step does set-based work
for one business date, commits in chunks itself and returns how many rows it
changed; it must be safe to run again after a crash part-way (restartable). The
runner records every finished (date, step) in ``eod_runs``, so a rerun of a
finished day changes nothing, and missed days are caught up in order. A lock bound
to the runner's session (:mod:`app.locks`) lets only one workstation run at a time.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import locks
from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.platform import load_state
from app.retry import retrying
from app.security import audit
from app.security.permissions import Permission
from app.settings import get_setting
from db.models.platform import EodRun


@dataclass(frozen=True)
class EodStep:
    """One named piece of nightly work: ``run(sessions, business_date) -> rows changed``."""

    name: str
    run: Callable[[sessionmaker[Session], date], int]


def default_steps() -> list[EodStep]:
    """Every feature's steps, in the order they must run each day."""
    steps: list[EodStep] = []
    from app.loans.eod import loan_steps

    steps.extend(loan_steps())
    from app.kyc.eod import kyc_steps  # KYC: expire items, then refresh the queue

    steps.extend(kyc_steps())
    from app.origination.eod import origination_steps  # applications: expire stale ones

    steps.extend(origination_steps())
    from app.collections.eod import collection_steps  # after the loans: needs DPD

    steps.extend(collection_steps())
    from app.servicedesk.breaches import sla_steps  # desk: stamp and escalate SLA breaches

    steps.extend(sla_steps())
    return steps


@dataclass(frozen=True)
class DayResult:
    business_date: date
    rows_by_step: dict[str, int]
    skipped_steps: tuple[str, ...]  # already done on an earlier run

    @property
    def rows_changed(self) -> int:
        return sum(self.rows_by_step.values())


@dataclass(frozen=True)
class EodResult:
    start_date: date
    end_date: date
    days: tuple[DayResult, ...]

    @property
    def rows_changed(self) -> int:
        return sum(d.rows_changed for d in self.days)


Progress = Callable[[date, str, int, int], None]


def _acquire(ctx: ServiceContext, holder: str) -> tuple[list[locks.HeldLock], date]:
    """Take the runner lock (bound to this process's session) and mark the run.

    ``eod_holder`` in the state row only says who runs and since when (and tells
    payment writes a run is closing a day); the lock itself is the session lock,
    so a crashed holder frees it at once and a live one cannot be taken over.
    """
    engine = locks.engine_of(ctx.sessions)
    held: list[locks.HeldLock] = []
    try:
        held.append(locks.acquire(engine, "eod", holder))
    except locks.LockBusy as exc:
        raise StateError(_busy_message(ctx, exc)) from exc
    try:
        held.append(locks.acquire(engine, "writers", holder, shared=True))
        with ctx.transaction() as session:
            state = load_state(session, for_update=True)
            state.eod_holder = holder
            state.eod_started_at = ctx.now()
            return held, state.business_date
    except BaseException:
        for lock in reversed(held):
            lock.release()
        raise


def _busy_message(ctx: ServiceContext, exc: locks.LockBusy) -> str:
    if exc.holder:
        return f"End of day is running on {exc.holder}."
    with ctx.sessions() as session:
        state = load_state(session)
        if state.eod_holder:
            started = state.eod_started_at
            when = started.isoformat(timespec="minutes") if started else "an unknown time"
            return f"End of day is running on {state.eod_holder} since {when}."
    return "End of day is running on another workstation."


def _release(ctx: ServiceContext, held: list[locks.HeldLock]) -> None:
    try:
        with ctx.transaction() as session:
            state = load_state(session, for_update=True)
            state.eod_holder = None
            state.eod_started_at = None
    finally:
        for lock in reversed(held):
            lock.release()


def refuse_far_future(ctx: ServiceContext, target: date) -> None:
    """Days never go back: a user-entered date more than ``eod.max_days_ahead`` days
    past the wall clock needs an explicit yes (the CLI's ``--allow-future``). Callers
    that take a date from a person call this before :func:`run_eod`."""
    with ctx.sessions() as session:
        limit = int(get_setting(session, "eod.max_days_ahead"))
    today = ctx.now().date()
    if target > today + timedelta(days=limit):
        raise ValidationError(
            "--date",
            f"{target} is more than {limit} days after today ({today}) and end of day "
            "cannot be undone; pass --allow-future if that is really meant",
        )


def _done_steps(session: Session, day: date) -> set[str]:
    return set(
        session.scalars(
            select(EodRun.step).where(EodRun.business_date == day, EodRun.status == "done")
        )
    )


def run_eod(
    ctx: ServiceContext,
    target: date,
    *,
    steps: Sequence[EodStep] | None = None,
    progress: Progress | None = None,
    host: str | None = None,
) -> EodResult:
    """Run end of day for every day after the business date up to ``target``.

    With ``target`` equal to the business date, finishes any step of that day a
    crashed run left undone (and otherwise changes nothing).
    """
    ctx.require(Permission.EOD_RUN)
    steps = list(default_steps() if steps is None else steps)
    holder = f"{host or socket.gethostname()} ({ctx.actor.username})"
    held, current = _acquire(ctx, holder)
    try:
        if target < current:
            raise ValidationError(
                "--date", f"{target} is before the business date {current}; days never go back"
            )
        days: list[DayResult] = []
        day = current if target == current else current + timedelta(days=1)
        total = (target - day).days + 1
        index = 0
        while day <= target:
            days.append(_run_day(ctx, day, steps, holder, progress, index, total))
            index += 1
            day += timedelta(days=1)
        return EodResult(current, target, tuple(days))
    finally:
        _release(ctx, held)


def _run_day(
    ctx: ServiceContext,
    day: date,
    steps: Sequence[EodStep],
    holder: str,
    progress: Progress | None,
    index: int,
    total: int,
) -> DayResult:
    with ctx.sessions() as session:
        done = _done_steps(session, day)
    rows: dict[str, int] = {}
    skipped: list[str] = []
    for step in steps:
        if progress is not None:
            progress(day, step.name, index, total)
        if step.name in done:
            skipped.append(step.name)
            continue
        started: datetime = ctx.now()
        # A step is restartable (it skips what it already stamped), so one that lost a
        # lock race to a concurrent writer is simply run again (issue 20 #12).
        changed = retrying(
            partial(step.run, ctx.sessions, day), f"end of day step {step.name} for {day}"
        )
        with ctx.transaction() as session:
            session.add(
                EodRun(
                    business_date=day,
                    step=step.name,
                    status="done",
                    rows_changed=changed,
                    host=holder,
                    started_at=started,
                    finished_at=ctx.now(),
                )
            )
        rows[step.name] = changed
    with ctx.transaction() as session:
        state = load_state(session, for_update=True)
        if state.business_date < day:
            before = state.business_date
            state.business_date = day
            audit.record(
                session,
                ctx.actor,
                "eod.day_closed",
                "platform",
                "business_date",
                now=ctx.now(),
                before={"business_date": before},
                after={"business_date": day, "rows": rows},
            )
    return DayResult(day, rows, tuple(skipped))
