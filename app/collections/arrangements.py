"""Payment arrangements: an agent proposes a plan, a different supervisor approves,
and the loan engine reschedules the loan.

A plan is a list of (due date, principal): the principals must add up to the
principal still outstanding. On approval the engine adds one month's interest at
the loan's rate to each line, carries the overdue interest, fees and penalties into
the first one and replaces the open installments (:mod:`app.loans.reschedule`);
the ledger records the change. If a payment arrived between proposal and approval,
the plan no longer adds up and approval says so: the agent proposes again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.amounts import amount_ceiling, check_entry
from app.calendar import add_months
from app.collections.service import load_case
from app.context import ServiceContext
from app.errors import ConflictError, NotFound, PermissionDenied, StateError, ValidationError
from app.loans.reschedule import outstanding_principal, plan_for, reschedule_loan
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from app.security.redact import redact_pii
from db.models.collections import CollectionCase, PaymentArrangement
from db.models.customers import Customer
from db.models.loans import Installment, Loan


@dataclass(frozen=True)
class ArrangementInfo:
    id: int
    case_id: int
    status: str
    plan: tuple[tuple[date, int], ...]  # (due date, principal)
    total: int
    reason: str
    proposed_by: str
    version: int


def _info(a: PaymentArrangement) -> ArrangementInfo:
    plan = tuple((date.fromisoformat(d), int(m)) for d, m in json.loads(a.plan_json))
    return ArrangementInfo(
        a.id, a.case_id, a.status, plan, a.total, a.reason, a.proposed_by_name, a.version
    )


@dataclass(frozen=True)
class PendingArrangement:
    """A row of the supervisor's approval list: who and what, not an internal id."""

    info: ArrangementInfo
    customer_name: str
    customer_number: str
    contract: str  # the loan number
    dpd: int
    overdue_amount: int


class ArrangementState(StrEnum):
    """What the agent sees: waiting, decided, and once approved kept or broken."""

    PENDING = "pending"
    APPROVED = "approved"  # approved, installments still running on time
    REJECTED = "rejected"
    BROKEN = "broken"  # an installment of the plan is unpaid past its grace days
    KEPT = "kept"  # every installment of the plan is paid


@dataclass(frozen=True)
class ArrangementView:
    info: ArrangementInfo
    state: ArrangementState
    decided_by: str | None
    decision_note: str | None


def arrangement_state(session: Session, a: PaymentArrangement, today: date) -> ArrangementState:
    """Derived from the loan's installments: an approved plan became installments
    due on the plan's dates; all paid is kept, one unpaid past its grace days broken."""
    if a.status == "proposed":
        return ArrangementState.PENDING
    if a.status != "approved":
        return ArrangementState.REJECTED
    loan = session.get(Loan, a.loan_id)
    dates = [d for d, _ in _info(a).plan]
    rows = session.execute(
        select(Installment.due_date, Installment.status).where(
            Installment.loan_id == a.loan_id,
            Installment.due_date.in_(dates),
            Installment.status != "cancelled",
        )
    ).all()
    if not rows:
        return ArrangementState.APPROVED
    if len(rows) >= len(dates) and all(status == "paid" for _, status in rows):
        return ArrangementState.KEPT
    grace = timedelta(days=loan.grace_days if loan is not None else 0)
    if any(status != "paid" and due + grace < today for due, status in rows):
        return ArrangementState.BROKEN
    return ArrangementState.APPROVED


def case_arrangements(session: Session, case_id: int, today: date) -> tuple[ArrangementView, ...]:
    """The case's arrangements, newest first, with their state (for the case view)."""
    from db.models.security import User

    rows = session.execute(
        select(PaymentArrangement, User.username)
        .outerjoin(User, User.id == PaymentArrangement.decided_by)
        .where(PaymentArrangement.case_id == case_id)
        .order_by(PaymentArrangement.id.desc())
        .limit(20)
    ).all()
    return tuple(
        ArrangementView(_info(a), arrangement_state(session, a, today), who, a.decision_note)
        for a, who in rows
    )


def validate_plan(plan: list[tuple[date, int]], today: date) -> None:
    if not plan:
        raise ValidationError("plan", "needs at least one installment")
    if len(plan) > 36:
        raise ValidationError("plan", "may have at most 36 installments")
    dates = [d for d, _ in plan]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise ValidationError("plan", "dates must be in order and different")
    if dates[0] <= today:
        raise ValidationError("plan", f"the first date must be after today ({today})")
    for n, (_, amount) in enumerate(plan, start=1):
        if amount < 0 or (amount == 0 and n == len(plan)):
            raise ValidationError(f"plan installment {n}", "principal must be more than zero")


def even_plan(outstanding: int, first_due: date, count: int) -> list[tuple[date, int]]:
    """``count`` monthly lines from ``first_due`` splitting ``outstanding`` evenly; the
    last line absorbs the residue so the principals add up exactly."""
    if count < 1:
        raise ValidationError("installments", "at least one")
    share = outstanding // count
    lines = [(add_months(first_due, k), share) for k in range(count)]
    lines[-1] = (lines[-1][0], outstanding - share * (count - 1))
    return lines


class ArrangementService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def propose(self, case_id: int, plan: list[tuple[date, int]], reason: str) -> ArrangementInfo:
        self.ctx.require(Permission.COLLECTIONS_WORK)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id, lock=True)
            if not case.is_open:
                raise StateError(f"case {case.id} is {case.status}")
            today = load_state(session).business_date
            validate_plan(plan, today)
            ceiling = amount_ceiling(session)
            for n, (_d, amount) in enumerate(plan, start=1):
                check_entry(session, amount, f"plan installment {n}", allow_zero=True,
                            maximum=ceiling)  # fmt: skip
            loan = session.get(Loan, case.loan_id)
            if loan is None or loan.status != "active":
                raise StateError("the case's loan is not active; there is nothing to reschedule")
            plan_for(session, loan, today, plan)  # the principals must add up
            pending = session.scalar(
                select(PaymentArrangement.id).where(
                    PaymentArrangement.case_id == case_id,
                    PaymentArrangement.status == "proposed",
                )
            )
            if pending is not None:
                raise StateError("this case already has an arrangement waiting for approval")
            a = PaymentArrangement(
                case_id=case.id,
                loan_id=case.loan_id,
                status="proposed",
                plan_json=json.dumps([[d.isoformat(), m] for d, m in plan]),
                total=sum(m for _, m in plan),
                reason=reason.strip(),
                proposed_by=self.ctx.actor.user_id,
                proposed_by_name=self.ctx.actor.username,
                proposed_at=self.ctx.now(),
            )
            session.add(a)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.arrangement_proposed",
                "collection_case",
                case.id,
                now=self.ctx.now(),
                after={"arrangement": a.id, "total": a.total, "installments": len(plan)},
            )
            return _info(a)

    def outstanding(self, case_id: int) -> int:
        """The principal a plan for this case must spread (today); read only."""
        self.ctx.require(Permission.COLLECTIONS_VIEW)
        with self.ctx.sessions() as session:
            case = load_case(session, case_id)
            loan = session.get(Loan, case.loan_id)
            if loan is None:
                raise NotFound(f"loan {case.loan_id} does not exist")
            return outstanding_principal(session, loan, load_state(session).business_date)

    def pending(self) -> list[ArrangementInfo]:
        self.ctx.require(Permission.COLLECTIONS_VIEW)
        with self.ctx.transaction() as session:
            rows = session.scalars(
                select(PaymentArrangement)
                .where(PaymentArrangement.status == "proposed")
                .order_by(PaymentArrangement.id)
                .limit(500)
            ).all()
            return [_info(a) for a in rows]

    def waiting(self) -> list[PendingArrangement]:
        """The approval list: each proposal with its customer, contract, days past
        due and overdue amount (oldest proposal first)."""
        self.ctx.require(Permission.COLLECTIONS_VIEW)
        with self.ctx.transaction() as session:
            rows = session.execute(
                select(
                    PaymentArrangement,
                    Customer.name,
                    Customer.number,
                    Loan.number,
                    CollectionCase.dpd,
                    CollectionCase.overdue_amount,
                )
                .join(CollectionCase, CollectionCase.id == PaymentArrangement.case_id)
                .join(Loan, Loan.id == PaymentArrangement.loan_id)
                .join(Customer, Customer.id == CollectionCase.customer_id)
                .where(PaymentArrangement.status == "proposed")
                .order_by(PaymentArrangement.id)
                .limit(500)
            ).all()
            return [
                PendingArrangement(_info(a), name, number, contract, dpd, overdue)
                for a, name, number, contract, dpd, overdue in rows
            ]

    def decide(self, arrangement_id: int, version: int, approve: bool, note: str = "") -> None:
        """Approve (the loan is rescheduled to the plan) or reject; never by the
        proposer (four eyes)."""
        self.ctx.require(Permission.COLLECTIONS_SUPERVISE)
        with self.ctx.transaction() as session:
            a = session.get(PaymentArrangement, arrangement_id, with_for_update=True)
            if a is None:
                raise NotFound(f"arrangement {arrangement_id} does not exist")
            if a.version != version:
                raise ConflictError("The arrangement was changed by someone else; reload it.")
            if a.status != "proposed":
                raise StateError(f"arrangement {a.id} is already {a.status}")
            if a.proposed_by is not None and a.proposed_by == self.ctx.actor.user_id:
                raise PermissionDenied(
                    f"{self.ctx.actor.username} proposed this arrangement; "
                    "a second person must decide (four eyes)"
                )
            a.status = "approved" if approve else "rejected"
            a.decided_by, a.decided_at = self.ctx.actor.user_id, self.ctx.now()
            a.decision_note = redact_pii(note.strip()) or None
            rescheduled = None
            if approve:
                rescheduled = self._reschedule(session, a)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                f"collections.arrangement_{a.status}",
                "collection_case",
                a.case_id,
                now=self.ctx.now(),
                before={"status": "proposed"},
                after={
                    "arrangement": a.id,
                    "status": a.status,
                    "note": a.decision_note,
                    "reschedule": rescheduled,
                },
            )

    def _reschedule(self, session: Session, a: PaymentArrangement) -> int:
        loan = session.get(Loan, a.loan_id)
        if loan is None:
            raise NotFound(f"loan {a.loan_id} does not exist")
        today = load_state(session).business_date
        try:
            lines = plan_for(session, loan, today, list(_info(a).plan))
        except ValidationError as exc:
            raise StateError(
                f"The plan no longer fits loan {loan.number} ({exc}); reject it and "
                "ask for a new one."
            ) from None
        reason = f"arrangement {a.id}" + (f": {a.reason}" if a.reason else "")
        return reschedule_loan(session, self.ctx, loan.id, lines, today, reason).id
