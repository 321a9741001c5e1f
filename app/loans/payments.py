"""Payments: posting (idempotent by external reference) and reversal.

A payment is appended to the loan's history and the loan is replayed
(:mod:`app.loans.sync`), so a backdated payment recomputes penalties, fees and
DPD from its value date, and a reversal leaves the loan exactly as if the
payment had never been posted; the ledger receives compensating lines, nothing
is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import NotFound, StateError, ValidationError
from app.loans.payment_guard import (
    booked,
    ceiling,
    check_amount,
    claim_reference,
    is_duplicate,
    owed,
)
from app.loans.queries import WaterfallLine
from app.loans.sync import sync_loan
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.loans import AllocationLine, Loan, Payment, WriteOff


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    loan_id: int
    external_ref: str
    amount: int
    value_date: date
    status: str
    prepaid: int
    credited: int
    lines: tuple[WaterfallLine, ...]
    loan_status: str
    duplicate: bool = False  # True when the reference had already been posted


def payment_result(session: Session, p: Payment, *, duplicate: bool = False) -> PaymentResult:
    lines = session.scalars(
        select(AllocationLine)
        .where(AllocationLine.payment_id == p.id, AllocationLine.superseded.is_(False))
        .order_by(AllocationLine.id)
    ).all()
    loan_status = session.scalar(select(Loan.status).where(Loan.id == p.loan_id)) or ""
    return PaymentResult(
        p.id, p.loan_id, p.external_ref, p.amount, p.value_date, p.status, p.prepaid,
        p.credited, tuple(WaterfallLine(x.installment_n, x.component, x.amount) for x in lines),
        loan_status, duplicate,
    )  # fmt: skip


def lock_loan(session: Session, loan_id: int) -> Loan:
    loan = session.get(Loan, loan_id, with_for_update=True, populate_existing=True)
    if loan is None:
        raise NotFound(f"loan {loan_id} does not exist")
    return loan


def _written_off_on(session: Session, loan_id: int) -> date | None:
    return session.scalar(
        select(WriteOff.decided_on).where(
            WriteOff.loan_id == loan_id, WriteOff.status == "approved"
        )
    )


class PaymentService:
    """Post and reverse borrower payments."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def post(
        self,
        loan_id: int,
        amount: int,
        external_ref: str,
        *,
        value_date: date | None = None,
        channel: str = "bank_transfer",
    ) -> PaymentResult:
        """Post a payment (PAYMENT_POST). The same ``external_ref`` posts once: a second
        attempt, even a concurrent one, returns the first result with ``duplicate``."""
        self.ctx.require(Permission.PAYMENT_POST)
        ref = external_ref.strip()
        if not ref or len(ref) > 64:
            raise ValidationError("external_ref", "a reference of 1 to 64 characters is required")
        if amount <= 0:
            raise ValidationError("amount", "a payment must be more than zero")
        try:
            with self.ctx.transaction() as session:
                return self._post(session, loan_id, amount, ref, value_date, channel)
        except IntegrityError:
            # A concurrent booking of the same reference (a posting or suspense) committed
            # first: return its result when it is the same payment, refuse it otherwise.
            with self.ctx.sessions() as session:
                if not booked(session, [ref]):
                    raise
                existing = self._check_repeat(session, ref, loan_id, amount, value_date)
                if existing is None:
                    raise
                return payment_result(session, existing, duplicate=True)

    def _post(
        self,
        session: Session,
        loan_id: int,
        amount: int,
        ref: str,
        value_date: date | None,
        channel: str,
        *,
        matching: int | None = None,
        field: str = "amount",
    ) -> PaymentResult:
        """Post inside the caller's transaction. ``matching`` is the suspense item this
        payment books (its reference is the item's own); ``field`` names the amount in
        a refusal (a file row passes its line)."""
        existing = self._check_repeat(session, ref, loan_id, amount, value_date, matching)
        if existing is not None:
            return payment_result(session, existing, duplicate=True)
        loan = lock_loan(session, loan_id)
        # Re-check under the lock: a concurrent post may have committed meanwhile.
        existing = self._check_repeat(session, ref, loan_id, amount, value_date, matching)
        if existing is not None:
            return payment_result(session, existing, duplicate=True)
        if loan.status == "reversed":
            raise StateError(
                f"the disbursement of loan {loan.number} was reversed; nothing is owed"
            )
        check_amount(amount, owed(session, [loan.id]).get(loan.id), ceiling(session), field)
        today = load_state(session).business_date
        on = value_date or today
        if on > today:
            raise ValidationError("value_date", f"cannot be after the business date {today}")
        if on < loan.disbursed_on:
            raise ValidationError(
                "value_date", f"is before the disbursement on {loan.disbursed_on}"
            )
        if loan.status == "paid_off" and on >= (loan.paid_off_on or on):
            raise StateError(f"loan {loan.number} is paid off; nothing is owed")
        written_off = _written_off_on(session, loan.id)
        if written_off is not None and on < written_off:
            raise ValidationError(
                "value_date", f"loan {loan.number} was written off on {written_off}; "
                "a recovery cannot be dated before that",
            )  # fmt: skip
        if matching is None:  # a matched suspense item booked the reference already
            claim_reference(session, ref, "payment", loan.number, amount, on)
        loan.event_seq += 1
        payment = Payment(
            loan_id=loan.id, external_ref=ref, channel=channel, amount=amount, value_date=on,
            posted_on=today, event_seq=loan.event_seq, status="posted",
            posted_by=self.ctx.actor.user_id,
        )  # fmt: skip
        session.add(payment)
        session.flush()  # the unique reference is enforced here
        kind = "recovery" if written_off is not None else "payment"
        sync_loan(session, loan, today, kind, actor_id=self.ctx.actor.user_id, memo=ref)
        audit.record(
            session, self.ctx.actor, f"{kind}.posted", "payment", payment.id, now=self.ctx.now(),
            after={
                "loan": loan.number, "amount": amount, "value_date": on, "reference": ref,
                "channel": channel, "prepaid": payment.prepaid, "credited": payment.credited,
            },
        )  # fmt: skip
        return payment_result(session, payment)

    @staticmethod
    def _check_repeat(
        session: Session,
        ref: str,
        loan_id: int,
        amount: int,
        value_date: date | None,
        matching: int | None = None,
    ) -> Payment | None:
        """The payment already booked under ``ref`` when it is this one again; None
        when ``ref`` is free; a refusal when it is booked to another payment or held
        in suspense (other than the item being matched)."""
        b = booked(session, [ref]).get(ref)
        if b is None or (b.kind == "suspense" and b.suspense_id == matching):
            return None
        if b.kind == "suspense":
            raise ValidationError("reference", b.describe())
        is_duplicate(b, loan_id=loan_id, contract_number=None, amount=amount, value_date=value_date)
        return session.scalar(
            select(Payment)
            .where(Payment.external_ref == ref)
            .execution_options(populate_existing=True)
        )

    def reverse(self, payment_id: int, reason: str) -> PaymentResult:
        """Reverse a bounced payment (PAYMENT_REVERSE): the loan is replayed without it."""
        self.ctx.require(Permission.PAYMENT_REVERSE)
        if not reason.strip():
            raise ValidationError("reason", "say why the payment is reversed")
        with self.ctx.transaction() as session:
            p = session.get(Payment, payment_id)
            if p is None:
                raise NotFound(f"payment {payment_id} does not exist")
            loan = lock_loan(session, p.loan_id)
            session.refresh(p, with_for_update=True)
            if p.status != "posted":
                raise StateError(f"payment {p.external_ref} is already reversed")
            written_off = _written_off_on(session, loan.id)
            if written_off is not None and p.value_date < written_off:
                raise StateError(
                    f"payment {p.external_ref} precedes the write-off of {loan.number} "
                    f"on {written_off}; it cannot be reversed any more"
                )
            today = load_state(session).business_date
            p.status, p.reversed_on, p.reversal_reason = "reversed", today, reason.strip()
            p.reversed_by = self.ctx.actor.user_id
            session.flush()
            sync_loan(
                session, loan, today, "reversal", actor_id=self.ctx.actor.user_id,
                memo=f"reversal of {p.external_ref}",
            )  # fmt: skip
            audit.record(
                session, self.ctx.actor, "payment.reversed", "payment", p.id, now=self.ctx.now(),
                before={"status": "posted"},
                after={"status": "reversed", "reason": reason.strip(), "loan": loan.number},
            )  # fmt: skip
            return payment_result(session, p)
