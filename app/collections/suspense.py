"""Payment suspense: bank-file money whose contract is unknown, until a supervisor
matches it to a loan. The cash is held on the ledger's SUSPENSE account meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.context import ServiceContext
from app.errors import NotFound, StateError
from app.loans import accounts as acc
from app.loans.ledger import Line, post_entry
from app.loans.payment_guard import booked, ceiling, check_amount, claim_reference, is_duplicate
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.collections import SuspensePayment

if TYPE_CHECKING:
    from app.loans.payment_file import FileRow


@dataclass(frozen=True)
class SuspenseRow:
    id: int
    reference: str
    contract_number: str
    amount: int
    value_date: date
    payer_name: str
    status: str


def park(ctx: ServiceContext, row: FileRow, source: str) -> bool:
    """Hold one unknown-contract row in suspense; False when the same row is already
    booked (parked, or matched and posted); a refusal naming the reference when it is
    booked as another payment (a reference is used once across suspense and postings)."""
    try:
        with ctx.transaction() as session:
            b = booked(session, [row.reference]).get(row.reference)
            if b is not None and is_duplicate(
                b, loan_id=None, contract_number=row.contract_number, amount=row.amount,
                value_date=row.value_date,
            ):  # fmt: skip
                return False
            check_amount(row.amount, None, ceiling(session), "amount")
            claim_reference(
                session, row.reference, "suspense", row.contract_number, row.amount,
                row.value_date,
            )  # fmt: skip
            item = SuspensePayment(
                reference=row.reference,
                contract_number=row.contract_number,
                amount=row.amount,
                value_date=row.value_date,
                payer_name=row.payer_name,
                source_file=source[:260],
                line_no=row.line,
            )
            session.add(item)
            session.flush()
            day = load_state(session).business_date
            post_entry(
                session,
                "suspense_in",
                day,
                [
                    Line(acc.BANK, row.amount, "suspense"),
                    Line(acc.SUSPENSE, -row.amount, "suspense"),
                ],
                memo=f"unmatched {row.reference} ({row.contract_number})",
                created_by=ctx.actor.user_id,
            )
            audit.record(
                session,
                ctx.actor,
                "payment.suspense_parked",
                "payment_suspense",
                item.id,
                now=ctx.now(),
                after={"reference": row.reference, "amount": row.amount, "file": source},
            )
            return True
    except IntegrityError:  # a concurrent import parked the same reference first
        with ctx.sessions() as session:
            b = booked(session, [row.reference]).get(row.reference)
            if b is None:
                raise
            return not is_duplicate(
                b, loan_id=None, contract_number=row.contract_number, amount=row.amount,
                value_date=row.value_date,
            )  # fmt: skip


def open_suspense(ctx: ServiceContext) -> list[SuspenseRow]:
    ctx.require(Permission.COLLECTIONS_VIEW)
    with ctx.transaction() as session:
        items = session.scalars(
            select(SuspensePayment)
            .where(SuspensePayment.status == "open")
            .order_by(SuspensePayment.id)
            .limit(500)
        ).all()
        return [
            SuspenseRow(
                s.id, s.reference, s.contract_number, s.amount, s.value_date, s.payer_name, s.status
            )
            for s in items
        ]


def match(ctx: ServiceContext, suspense_id: int, loan_id: int) -> int:
    """A supervisor matches a suspense item to a loan, in one transaction: the
    payment posts to the loan under the item's reference (the loan receives it; the
    ledger books the cash to the loan) and the money leaves the suspense account.
    A reference booked to another payment is refused and the item stays open.
    Returns the payment id."""
    from app.loans.payments import PaymentService

    ctx.require(Permission.COLLECTIONS_SUPERVISE)
    ctx.require(Permission.PAYMENT_POST)
    with ctx.transaction() as session:
        item = session.get(SuspensePayment, suspense_id, with_for_update=True)
        if item is None:
            raise NotFound(f"suspense item {suspense_id} does not exist")
        if item.status != "open":
            raise StateError(f"suspense item {item.reference} is already matched")
        ref, amount, value_date = item.reference, item.amount, item.value_date
        result = PaymentService(ctx)._post(
            session, loan_id, amount, ref, value_date, "bank_file", matching=item.id
        )
        if result.duplicate or result.loan_id != loan_id:  # pragma: no cover - refused above
            raise StateError(f"reference {ref} is already booked; the item stays open")
        item.status, item.matched_loan_id = "matched", loan_id
        item.matched_by, item.matched_at = ctx.actor.user_id, ctx.now()
        post_entry(
            session,
            "suspense_out",
            load_state(session).business_date,
            [Line(acc.SUSPENSE, amount, "suspense"), Line(acc.BANK, -amount, "suspense")],
            loan_id=loan_id,
            memo=f"matched {ref}",
            created_by=ctx.actor.user_id,
        )
        session.flush()
        audit.record(
            session,
            ctx.actor,
            "payment.suspense_matched",
            "payment_suspense",
            item.id,
            now=ctx.now(),
            after={"loan_id": loan_id, "payment": result.payment_id},
        )
        return result.payment_id
