"""Reversing a disbursement on its own business day, under four eyes (issue 13 #6).

One user asks with a reason (DISBURSE); a different person approves
(DISBURSE_REVERSE): not the one who asked, nor the one who disbursed the loan.
Approval, in one transaction under the loan's row lock, posts one journal entry
that reverses every line the loan has (the disbursement's, since nothing else may
have been posted), so the investors' cash, the bank, the fee income and the risk
reserve are back to the cent; cancels the schedule, empties the holdings, marks the
loan ``reversed`` and puts its application back to funded with its commitments as
they were. Nothing is deleted: the loan row, its installments and both journal
entries stay for the record.

A reversal is refused, saying what blocks it, once the business day has moved on or
once anything else was posted on the loan (a payment, a fee, a penalty, an end-of-day
accrual, a reschedule or a write-off). A payment takes the same row lock, so a
payment and an approval never both happen: whichever locks second sees the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.context import Actor, ServiceContext
from app.errors import NotFound, PermissionDenied, StateError, ValidationError
from app.loans.ledger import Line, loan_balances, post_entry
from app.loans.payments import lock_loan
from app.platform import STATE_ID, load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.customers import Customer
from db.models.ledger import JournalEntry, LedgerLine
from db.models.loans import (
    DisbursementReversal,
    Holding,
    Installment,
    Investor,
    Loan,
    Payment,
    Reschedule,
    WriteOff,
)
from db.models.origination import Application
from db.models.platform import PlatformState

DISBURSEMENT = "disbursement"
REVERSAL = "disbursement_reversal"
ENTITY = "loan"

#: What a journal entry's kind is called in a refusal.
_POSTED = {
    "accrual": "an end-of-day accrual",
    "payment": "a payment",
    "recovery": "a recovery",
    "reversal": "a payment reversal",
    "writeoff": "a write-off",
    "reschedule": "a reschedule",
}


@dataclass(frozen=True)
class InvestorPart:
    investor_id: int
    name: str
    amount: int


@dataclass(frozen=True)
class ReversalPreview:
    """What a reversal of ``loan_id`` would undo, and what blocks it now (None: nothing)."""

    loan_id: int
    loan_number: str
    application_id: int | None
    application_number: str | None
    customer_name: str
    principal: int
    origination_fee: int
    reserve_amount: int
    disbursed_on: date
    business_date: date
    investors: tuple[InvestorPart, ...]
    blocker: str | None
    pending: ReversalInfo | None


@dataclass(frozen=True)
class ReversalInfo:
    id: int
    loan_id: int
    loan_number: str
    application_id: int | None
    application_number: str | None
    customer_name: str
    principal: int
    status: str
    reason: str
    business_date: date
    requested_by: int | None
    requested_by_name: str
    requested_at: datetime
    decided_by_name: str | None
    decision_note: str | None
    entry_id: int | None
    disbursed_by: int | None
    version: int


def _info(session: Session, r: DisbursementReversal) -> ReversalInfo:
    loan = session.get(Loan, r.loan_id)
    assert loan is not None
    customer = session.get(Customer, loan.customer_id)
    number = (
        session.scalar(select(Application.number).where(Application.id == r.application_id))
        if r.application_id is not None
        else None
    )
    return ReversalInfo(
        r.id, r.loan_id, loan.number, r.application_id, number,
        customer.name if customer is not None else "", loan.principal, r.status, r.reason,
        r.business_date, r.requested_by, r.requested_by_name, r.requested_at,
        r.decided_by_name, r.decision_note, r.entry_id, loan.created_by, r.version,
    )  # fmt: skip


def _disbursement_entry(session: Session, loan_id: int) -> JournalEntry | None:
    return session.scalars(
        select(JournalEntry)
        .where(JournalEntry.loan_id == loan_id, JournalEntry.kind == DISBURSEMENT)
        .order_by(JournalEntry.id)
        .limit(1)
    ).first()


def blocker(session: Session, loan: Loan) -> str | None:
    """Why ``loan``'s disbursement cannot be reversed now, in a sentence; None when it
    can. Read under the loan's row lock when it decides."""
    if loan.status == "reversed":
        return f"The disbursement of {loan.number} is already reversed."
    if loan.status != "active":
        return f"Loan {loan.number} is {loan.status.replace('_', ' ')}; it cannot be reversed."
    today, holder = session.execute(
        select(PlatformState.business_date, PlatformState.eod_holder).where(
            PlatformState.id == STATE_ID
        )
    ).one()
    entry = _disbursement_entry(session, loan.id)
    booked = entry.business_date if entry is not None else loan.disbursed_on
    if loan.disbursed_on != today or booked != today:
        return (
            f"{loan.number} was disbursed on {loan.disbursed_on}; only a disbursement of the "
            f"business day ({today}) can be reversed."
        )
    if holder is not None:
        return "End of day is running; a disbursement cannot be reversed meanwhile."
    payment = session.scalar(
        select(Payment.external_ref).where(Payment.loan_id == loan.id).order_by(Payment.id)
    )
    if payment is not None:
        return (
            f"Payment {payment} was posted on {loan.number}; its disbursement cannot be reversed."
        )
    later = session.execute(
        select(JournalEntry.id, JournalEntry.kind)
        .join(LedgerLine, LedgerLine.entry_id == JournalEntry.id)
        .where(LedgerLine.loan_id == loan.id, JournalEntry.id != (entry.id if entry else -1))
        .order_by(JournalEntry.id)
        .limit(1)
    ).first()
    if later is not None:
        what = _POSTED.get(later[1], f"a {later[1].replace('_', ' ')} entry")
        return (
            f"{what[0].upper()}{what[1:]} (journal entry {later[0]}) was posted on "
            f"{loan.number} since it was disbursed; it cannot be reversed."
        )
    if session.scalar(select(Reschedule.id).where(Reschedule.loan_id == loan.id)) is not None:
        return f"{loan.number} was rescheduled; its disbursement cannot be reversed."
    if session.scalar(select(WriteOff.id).where(WriteOff.loan_id == loan.id)) is not None:
        return f"{loan.number} has a write-off proposal; its disbursement cannot be reversed."
    return None


def _pending(session: Session, loan_id: int) -> DisbursementReversal | None:
    return session.scalars(
        select(DisbursementReversal).where(
            DisbursementReversal.loan_id == loan_id, DisbursementReversal.status == "requested"
        )
    ).first()


class DisbursementReversalService:
    """Request, approve and reject same-day disbursement reversals."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading ---------------------------------------------------------------------
    def preview(self, loan_id: int) -> ReversalPreview:
        """The loan, what a reversal would undo, what blocks it and any open request."""
        self.ctx.require(Permission.LOAN_VIEW)
        with self.ctx.sessions() as session:
            loan = session.get(Loan, loan_id)
            if loan is None:
                raise NotFound(f"loan {loan_id} does not exist")
            app = session.scalars(select(Application).where(Application.loan_id == loan.id)).first()
            customer = session.get(Customer, loan.customer_id)
            parts = session.execute(
                select(Holding.investor_id, Investor.name, Holding.amount)
                .join(Investor, Investor.id == Holding.investor_id)
                .where(Holding.loan_id == loan.id)
                .order_by(Holding.investor_id)
            ).all()
            pending = _pending(session, loan.id)
            return ReversalPreview(
                loan.id, loan.number, app.id if app else None, app.number if app else None,
                customer.name if customer is not None else "", loan.principal,
                loan.origination_fee, loan.reserve_amount, loan.disbursed_on,
                load_state(session).business_date,
                tuple(InvestorPart(int(i), n, int(a)) for i, n, a in parts),
                blocker(session, loan), _info(session, pending) if pending else None,
            )  # fmt: skip

    def pending(self) -> list[ReversalInfo]:
        """Requests waiting for a second person, oldest first (a short list)."""
        self.ctx.require(Permission.LOAN_VIEW)
        with self.ctx.sessions() as session:
            rows = session.scalars(
                select(DisbursementReversal)
                .where(DisbursementReversal.status == "requested")
                .order_by(DisbursementReversal.id)
                .limit(200)
            ).all()
            return [_info(session, r) for r in rows]

    # -- writing ---------------------------------------------------------------------
    def request(self, loan_id: int, reason: str) -> ReversalInfo:
        """Ask for the reversal of ``loan_id``'s disbursement (DISBURSE), with a reason."""
        self.ctx.require(Permission.DISBURSE)
        reason = reason.strip()
        if not reason:
            raise ValidationError("reason", "say why the disbursement should be reversed")
        with self.ctx.transaction() as session:
            loan = lock_loan(session, loan_id)
            why = blocker(session, loan)
            if why is not None:
                raise StateError(why)
            if _pending(session, loan.id) is not None:
                raise StateError(
                    f"A reversal of {loan.number} is already waiting for a second person."
                )
            app_id = session.scalar(select(Application.id).where(Application.loan_id == loan.id))
            r = DisbursementReversal(
                loan_id=loan.id, application_id=app_id, status="requested", reason=reason,
                business_date=load_state(session).business_date,
                requested_by=self.ctx.actor.user_id, requested_by_name=self.ctx.actor.username,
                requested_at=self.ctx.now(),
            )  # fmt: skip
            session.add(r)
            session.flush()
            audit.record(
                session, self.ctx.actor, "loan.reversal_requested", ENTITY, loan.id,
                now=self.ctx.now(),
                after={"reversal": r.id, "reason": reason, "application": app_id},
            )  # fmt: skip
            return _info(session, r)

    def approve(self, reversal_id: int, expected_version: int | None = None) -> ReversalInfo:
        """Approve (DISBURSE_REVERSE) as a second person: reverse the ledger, cancel the
        schedule and put the application back to funded, in one transaction."""
        self.ctx.require(Permission.DISBURSE_REVERSE)
        with self.ctx.transaction() as session:
            r = session.get(DisbursementReversal, reversal_id)
            if r is None:
                raise NotFound(f"disbursement reversal {reversal_id} does not exist")
            loan = lock_loan(session, r.loan_id)  # a payment waits for this lock, or we for it
            session.refresh(r, with_for_update=True)
            self._check_decidable(r, loan, expected_version, approving=True)
            why = blocker(session, loan)
            if why is not None:
                raise StateError(why)
            today = load_state(session).business_date
            entry_id = self._reverse(session, loan, r)
            app = self._reopen_application(session, loan, r)
            r.status, r.entry_id = "approved", entry_id
            self._decided(r)
            session.flush()
            audit.record(
                session, self.ctx.actor, "loan.disbursement_reversed", ENTITY, loan.id,
                now=self.ctx.now(),
                before={"status": "active", "principal": loan.principal},
                after={
                    "status": "reversed", "reversal": r.id, "entry": entry_id,
                    "requested_by": r.requested_by_name, "reason": r.reason,
                    "application": app, "business_date": today,
                },
            )  # fmt: skip
            return _info(session, r)

    def reject(
        self, reversal_id: int, note: str = "", expected_version: int | None = None
    ) -> ReversalInfo:
        """Turn a request down (DISBURSE_REVERSE); the loan stays as it is."""
        self.ctx.require(Permission.DISBURSE_REVERSE)
        with self.ctx.transaction() as session:
            r = session.get(DisbursementReversal, reversal_id, with_for_update=True)
            if r is None:
                raise NotFound(f"disbursement reversal {reversal_id} does not exist")
            loan = session.get(Loan, r.loan_id)
            assert loan is not None
            self._check_decidable(r, loan, expected_version, approving=False)
            r.status, r.decision_note = "rejected", note.strip() or None
            self._decided(r)
            session.flush()
            audit.record(
                session, self.ctx.actor, "loan.reversal_rejected", ENTITY, loan.id,
                now=self.ctx.now(), after={"reversal": r.id, "note": r.decision_note},
            )  # fmt: skip
            return _info(session, r)

    # -- the parts ---------------------------------------------------------------------
    def _decided(self, r: DisbursementReversal) -> None:
        r.decided_by, r.decided_by_name = self.ctx.actor.user_id, self.ctx.actor.username
        r.decided_at = self.ctx.now()

    def _check_decidable(
        self, r: DisbursementReversal, loan: Loan, expected: int | None, *, approving: bool
    ) -> None:
        if r.status != "requested":
            raise StateError(f"The reversal of {loan.number} is already {r.status}.")
        if expected is not None and r.version != expected:
            raise StateError(
                f"The reversal of {loan.number} was changed by someone else; reload it."
            )
        me = self.ctx.actor
        asked = r.requested_by == me.user_id if r.requested_by is not None else (
            r.requested_by_name == me.username
        )  # fmt: skip
        if asked and approving:
            raise PermissionDenied(
                f"Four eyes: you ({me.username}) asked for this reversal; "
                "another person approves it."
            )
        if approving and me.user_id is not None and loan.created_by == me.user_id:
            raise PermissionDenied(
                f"Four eyes: you ({me.username}) disbursed {loan.number}; another person "
                "approves its reversal."
            )

    def _reverse(self, session: Session, loan: Loan, r: DisbursementReversal) -> int:
        """Post the mirror of every balance the loan has in the ledger (its
        disbursement, nothing else having been posted), then empty the loan."""
        balances = loan_balances(session, loan.id)
        lines = [
            Line(account, -amount, tag, loan.id, investor)
            for (account, investor, tag), amount in sorted(
                balances.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2])
            )
        ]
        entry_id = post_entry(
            session, REVERSAL, r.business_date, lines, loan_id=loan.id,
            memo=f"reversal of {loan.number}: {r.reason}", created_by=self.ctx.actor.user_id,
        )  # fmt: skip
        if entry_id is None:  # a loan with nothing in the ledger cannot have been disbursed
            raise StateError(f"{loan.number} has nothing in the ledger to reverse.")
        session.execute(
            update(Installment)
            .where(Installment.loan_id == loan.id)
            .values(status="cancelled")
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Holding)
            .where(Holding.loan_id == loan.id)
            .values(outstanding=0)
            .execution_options(synchronize_session=False)
        )
        loan.status, loan.dpd, loan.bucket = "reversed", 0, "current"
        loan.credit_balance, loan.recurring_amount = 0, 0
        loan.event_seq += 1
        session.flush()
        return entry_id

    def _reopen_application(
        self, session: Session, loan: Loan, r: DisbursementReversal
    ) -> int | None:
        """The application that was disbursed goes back to funded, its investors'
        commitments untouched, so it can be disbursed again or left to expire."""
        app = session.scalars(
            select(Application).where(Application.loan_id == loan.id).with_for_update()
        ).first()
        if app is None:
            return None
        from app.origination.records import move  # origination builds on loans, not back
        from app.origination.status import Status

        app.loan_id = None
        move(
            session, self.ctx, app, Status.FUNDING, "application.disbursement_reversed",
            loan_id=loan.id, loan_number=loan.number, reason=r.reason, reversal=r.id,
        )  # fmt: skip
        return app.id


def expire_requests(sessions: sessionmaker[Session], day: date) -> int:
    """End of day: a request still waiting when its business day closes can no longer
    be approved (the day has moved on), so it leaves the waiting list as ``expired``,
    audited under the system actor. Set-based; a rerun finds nothing left."""
    actor = Actor.system("eod")
    now = datetime.now(UTC)
    with sessions.begin() as session:
        rows = session.scalars(
            select(DisbursementReversal)
            .where(
                DisbursementReversal.status == "requested",
                DisbursementReversal.business_date < day,
            )
            .order_by(DisbursementReversal.id)
            .with_for_update()
        ).all()
        for r in rows:
            r.status, r.decided_at = "expired", now
            r.decision_note = f"not decided on {r.business_date.isoformat()}"
        session.flush()
        for r in rows:
            audit.record(
                session, actor, "loan.reversal_expired", ENTITY, r.loan_id, now=now,
                after={"reversal": r.id, "business_date": r.business_date, "closed_on": day},
            )  # fmt: skip
        return len(rows)
