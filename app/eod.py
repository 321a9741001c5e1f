"""The end-of-day run: advances the business date one day at a time.

Each feature contributes steps (``default_steps``). A step does set-based work
for one business date, commits in chunks itself and returns how many rows it
changed; it must be safe to run again after a crash part-way (restartable). The
runner records every finished (date, step) in ``eod_runs``, so a rerun of a
finished day changes nothing, and missed days are caught up in order. A lock in
``platform_state`` lets only one workstation run at a time.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.platform import EodRun

STALE_LOCK = timedelta(hours=6)


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


def _acquire(ctx: ServiceContext, holder: str, force: bool) -> date:
    with ctx.transaction() as session:
        state = load_state(session, for_update=True)
        now = ctx.now()
        if state.eod_holder and not force:
            started = state.eod_started_at
            if started is None or now - started < STALE_LOCK:
                when = started.isoformat(timespec="minutes") if started else "an unknown time"
                raise StateError(f"End of day is running on {state.eod_holder} since {when}.")
        state.eod_holder = holder
        state.eod_started_at = now
        return state.business_date


def _release(ctx: ServiceContext) -> None:
    with ctx.transaction() as session:
        state = load_state(session, for_update=True)
        state.eod_holder = None
        state.eod_started_at = None


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
    force_lock: bool = False,
    host: str | None = None,
) -> EodResult:
    """Run end of day for every day after the business date up to ``target``.

    With ``target`` equal to the business date, finishes any step of that day a
    crashed run left undone (and otherwise changes nothing).
    """
    ctx.require(Permission.EOD_RUN)
    steps = list(default_steps() if steps is None else steps)
    holder = f"{host or socket.gethostname()} ({ctx.actor.username})"
    current = _acquire(ctx, holder, force_lock)
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
        _release(ctx)


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
        changed = step.run(ctx.sessions, day)
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
