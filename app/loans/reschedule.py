"""Rescheduling a loan: its open installments replaced by a new plan.

A reschedule is an event in the loan's history like a payment or a write-off: it
is stored (``loan_reschedules``), the loan is replayed and written back, and the
ledger receives one compensating entry (the plan's interest against the scheduled
interest it replaces). Because replay rebuilds the installments from the event,
later payments, reversals, backdated payments and the set-based end of day work on
the new installments and stay exact. The rule itself is in
:mod:`app.loans.reschedule_rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.amounts import amount_ceiling, check_entry
from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.loans.loan_state import PlanLine
from app.loans.payments import lock_loan
from app.loans.reschedule_rules import validate_plan, with_interest
from app.loans.sync import plan_json, replay_loan, sync_loan
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.loans import Installment, Loan, Reschedule


@dataclass(frozen=True)
class RescheduleInfo:
    id: int
    loan_id: int
    effective_date: date
    lines: tuple[PlanLine, ...]
    outstanding_principal: int
    new_installments: tuple[int, ...]  # installment numbers the plan became
    entry_id: int | None  # the compensating journal entry


def outstanding_principal(session: Session, loan: Loan, on: date) -> int:
    """Principal still owed on ``loan`` at the end of ``on`` (events up to that day)."""
    state = replay_loan(session, loan, on, until=on)
    return sum(i.out_principal for i in state.installments if not i.cancelled)


def plan_for(
    session: Session, loan: Loan, on: date, dated_principals: Sequence[tuple[date, int]]
) -> tuple[PlanLine, ...]:
    """A plan from dates and principals, with the loan's rate charged per line
    (:func:`app.loans.reschedule_rules.with_interest`), checked against the principal
    outstanding on ``on``."""
    outstanding = outstanding_principal(session, loan, on)
    lines = with_interest(dated_principals, outstanding, loan.annual_rate)
    validate_plan(lines, on, outstanding)
    return lines


def reschedule_loan(
    session: Session,
    ctx: ServiceContext,
    loan_id: int,
    lines: Sequence[PlanLine],
    effective_date: date | None = None,
    reason: str = "",
) -> RescheduleInfo:
    """Reschedule inside the caller's transaction (the caller has checked permission):
    validate the plan against the principal outstanding on the effective date, append
    the event, replay, write back and post the compensating entry."""
    loan = lock_loan(session, loan_id)
    if loan.status != "active":
        raise StateError(f"loan {loan.number} is {loan.status}; only an active loan is rescheduled")
    today = load_state(session).business_date
    on = effective_date or today
    if on > today:
        raise ValidationError("effective_date", f"cannot be after the business date {today}")
    if on < loan.disbursed_on:
        raise ValidationError(
            "effective_date", f"is before the disbursement on {loan.disbursed_on}"
        )
    latest = session.scalar(
        select(func.max(Reschedule.effective_date)).where(Reschedule.loan_id == loan.id)
    )
    if latest is not None and on < latest:
        raise ValidationError("effective_date", f"is before the last reschedule on {latest}")
    plan = tuple(lines)
    ceiling = amount_ceiling(session)
    for n, line in enumerate(plan, start=1):
        check_entry(session, line.principal, f"plan installment {n}", allow_zero=True,
                    maximum=ceiling)  # fmt: skip
    outstanding = outstanding_principal(session, loan, on)
    validate_plan(plan, on, outstanding)
    last_n = session.scalar(select(func.max(Installment.n)).where(Installment.loan_id == loan.id))
    last_n = last_n or 0
    before = {"dpd": loan.dpd, "bucket": loan.bucket, "recurring": loan.recurring_amount}
    loan.event_seq += 1
    row = Reschedule(
        loan_id=loan.id, effective_date=on, event_seq=loan.event_seq, plan_json=plan_json(plan),
        reason=reason.strip(), created_by=ctx.actor.user_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    synced = sync_loan(
        session, loan, today, "reschedule", actor_id=ctx.actor.user_id,
        memo=f"reschedule {row.id}" + (f": {row.reason}" if row.reason else ""),
    )  # fmt: skip
    new = tuple(i.n for i in synced.result.installments if i.n > last_n)
    audit.record(
        session, ctx.actor, "loan.rescheduled", "loan", loan.id, now=ctx.now(), before=before,
        after={
            "reschedule": row.id, "effective_date": on, "principal": outstanding,
            "installments": [[x.due_date, x.principal, x.interest] for x in plan],
            "entry": synced.entry_id, "dpd": loan.dpd,
        },
    )  # fmt: skip
    return RescheduleInfo(row.id, loan.id, on, plan, outstanding, new, synced.entry_id)


class RescheduleService:
    """Reschedule a loan directly (LOAN_RESCHEDULE); collections arrangements reach
    :func:`reschedule_loan` through their own four-eyes approval."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def reschedule(
        self,
        loan_id: int,
        plan: Sequence[PlanLine],
        effective_date: date | None = None,
        reason: str = "",
    ) -> RescheduleInfo:
        self.ctx.require(Permission.LOAN_RESCHEDULE)
        with self.ctx.transaction() as session:
            return reschedule_loan(session, self.ctx, loan_id, plan, effective_date, reason)

    def preview(
        self, loan_id: int, dated_principals: Sequence[tuple[date, int]]
    ) -> tuple[PlanLine, ...]:
        """The plan lines (with interest) the loan would get today; read only."""
        self.ctx.require(Permission.LOAN_VIEW)
        with self.ctx.sessions() as session:
            loan = session.get(Loan, loan_id)
            if loan is None:
                raise StateError(f"loan {loan_id} does not exist")
            return plan_for(session, loan, load_state(session).business_date, dated_principals)
