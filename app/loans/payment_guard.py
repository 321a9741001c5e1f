"""Guards every payment entry point shares: the amount ceiling and the reference
(idempotency key) bound to its payload.

* Ceiling: a payment may exceed what the loan still owes (every open installment's
  principal, interest, fees and penalty, less the credit balance already held) by at
  most the ``payments.overpay_tolerance`` setting; the engine's existing rules take
  the excess (a prepayment, and past the payoff a credit balance on the loan, see
  :mod:`app.loans.replay`). No amount may pass ``payments.max_amount``.
* References: one reference is booked once across postings *and* suspense. The
  same reference with the same payload (loan or contract, amount, value date) is an
  idempotent duplicate; with another payload it is refused, naming the reference and
  what it was booked as.

The checks read set-based (one query per table for a whole chunk of references or
loans), so the bulk file path adds no per-row query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.money import check_maximum, format_amount
from app.settings import get_setting
from db.bulk import among
from db.models.collections import SuspensePayment
from db.models.loans import Installment, Loan, Payment, PaymentReference


@dataclass(frozen=True)
class Ceiling:
    maximum: int
    tolerance: int


@dataclass(frozen=True)
class Booked:
    """What a reference is already booked as."""

    reference: str
    kind: str  # "payment" | "suspense"
    loan_id: int | None  # the payment's loan (or the suspense item's matched loan)
    contract_number: str
    amount: int
    value_date: date
    suspense_id: int | None = None
    parked_as: str | None = None  # the contract number the suspense item was parked under

    def describe(self) -> str:
        where = "suspense" if self.kind == "suspense" else f"loan {self.contract_number}"
        return (
            f"reference {self.reference} is already booked to {where} for "
            f"{format_amount(self.amount, True)} on {self.value_date}; a reference is "
            "used once, so this payment needs its own reference"
        )


def ceiling(session: Session) -> Ceiling:
    return Ceiling(
        int(get_setting(session, "payments.max_amount")),
        int(get_setting(session, "payments.overpay_tolerance")),
    )


def owed(session: Session, loan_ids: Sequence[int]) -> dict[int, int | None]:
    """What each loan still owes on its open installments, less its credit balance
    (one grouped query for all of them); None for a written-off loan, whose
    recoveries the maximum alone bounds."""
    if not loan_ids:
        return {}
    d = session.get_bind().dialect.name
    i = Installment
    out = (
        i.principal + i.interest + i.fees + i.penalty
        - i.paid_principal - i.paid_interest - i.paid_fees - i.paid_penalty
    )  # fmt: skip
    sums = dict(
        session.execute(
            select(i.loan_id, func.sum(out))
            .where(among(d, i.loan_id, list(loan_ids)), i.status == "open")
            .group_by(i.loan_id)
        ).all()
    )
    result: dict[int, int | None] = {}
    for lid, credit, written in session.execute(
        select(Loan.id, Loan.credit_balance, Loan.written_off_on).where(
            among(d, Loan.id, list(loan_ids))
        )
    ):
        total = int(sums.get(lid) or 0) - int(credit or 0)
        result[int(lid)] = None if written is not None else max(0, total)
    return result


def check_amount(amount: int, owed_now: int | None, limits: Ceiling, field: str) -> None:
    """Refuse ``amount`` above the hard maximum, or above ``owed_now`` plus the
    tolerance (``owed_now`` None: no loan to measure against, the maximum alone)."""
    check_maximum(amount, limits.maximum, field)
    if owed_now is not None and amount > owed_now + limits.tolerance:
        raise ValidationError(
            field,
            f"{format_amount(amount, True)} is more than the {format_amount(owed_now, True)} "
            f"owed plus the {format_amount(limits.tolerance, True)} allowed over it",
        )


def booked(session: Session, refs: Sequence[str]) -> dict[str, Booked]:
    """The references of ``refs`` already used by a payment or a suspense item (a
    payment wins: a matched suspense item's reference is its payment's)."""
    if not refs:
        return {}
    d = session.get_bind().dialect.name
    found: dict[str, Booked] = {}
    s = SuspensePayment
    for sid, ref, number, amount, day, matched in session.execute(
        select(s.id, s.reference, s.contract_number, s.amount, s.value_date, s.matched_loan_id)
        .where(among(d, s.reference, list(refs)))
    ):  # fmt: skip
        found[ref] = Booked(ref, "suspense", matched, number, int(amount), day, int(sid))
    p = Payment
    for ref, loan_id, number, amount, day in session.execute(
        select(p.external_ref, p.loan_id, Loan.number, p.amount, p.value_date)
        .join(Loan, Loan.id == p.loan_id)
        .where(among(d, p.external_ref, list(refs)))
    ):  # fmt: skip
        parked = found.get(ref)
        found[ref] = Booked(
            ref, "payment", int(loan_id), number, int(amount), day,
            parked.suspense_id if parked else None, parked.contract_number if parked else None,
        )  # fmt: skip
    return found


def is_duplicate(
    b: Booked,
    *,
    loan_id: int | None,
    contract_number: str | None,
    amount: int,
    value_date: date | None,
) -> bool:
    """True when ``b`` is the same payment again (an idempotent repeat); raise a
    ValidationError naming the reference when it is another payment."""
    same = b.amount == amount and (value_date is None or b.value_date == value_date)
    if b.kind == "payment":
        same = same and (
            (loan_id is not None and b.loan_id == loan_id)
            # a suspense row repeated after its item was matched to this payment
            or (loan_id is None and b.parked_as is not None and b.parked_as == contract_number)
        )
    else:
        same = same and contract_number is not None and b.contract_number == contract_number
    if not same:
        raise ValidationError("reference", b.describe())
    return True


def fingerprint(contract_number: str, amount: int, value_date: date) -> str:
    """The payload a reference is bound to: sha256 of contract, amount and value date."""
    text = f"{contract_number}|{int(amount)}|{value_date.isoformat()}"
    return hashlib.sha256(text.encode()).hexdigest()


def reference_row(
    reference: str, kind: str, contract_number: str, amount: int, value_date: date
) -> dict[str, object]:
    return {
        "reference": reference,
        "kind": kind,
        "fingerprint": fingerprint(contract_number, amount, value_date),
    }


def claim_reference(
    session: Session,
    reference: str,
    kind: str,
    contract_number: str,
    amount: int,
    value_date: date,
) -> None:
    """Book ``reference`` in the shared table inside the caller's transaction. A
    concurrent booking of the same reference (a posting or suspense) makes this wait
    for it and then raise IntegrityError: the caller re-reads what it is booked as
    and answers duplicate or refusal (issue 20 #11)."""
    session.add(
        PaymentReference(**reference_row(reference, kind, contract_number, amount, value_date))
    )
    session.flush()
