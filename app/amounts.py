"""The hard ceiling on every amount a person or a file enters (issue 20 #8).

Payments have their own ceiling (:mod:`app.loans.payment_guard`: what is owed plus a
tolerance, and ``payments.max_amount``). Every other amount entered (an application,
an offer, an investor's deposit or commitment, a disbursement's holdings, a promise,
an arrangement or reschedule plan, a product's limits and fees, a customer's income)
is refused above ``amounts.max_amount``, so no typed or imported value can overflow a
64-bit sum (92233720368547758.07 once broke the bank account's balance), and the
refusal names the field.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.money import check_maximum
from app.settings import get_setting


def amount_ceiling(session: Session) -> int:
    """The largest amount (minor units) any entry point accepts."""
    return int(get_setting(session, "amounts.max_amount"))


def check_entry(
    session: Session,
    amount: int,
    field: str,
    *,
    allow_zero: bool = False,
    maximum: int | None = None,
) -> None:
    """Refuse ``amount`` below zero (or at zero unless ``allow_zero``) and above the
    ceiling (``maximum`` when the caller has read it already), naming ``field``."""
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError(
            field, "cannot be negative" if allow_zero else "must be more than zero"
        )
    check_maximum(amount, amount_ceiling(session) if maximum is None else maximum, field)
