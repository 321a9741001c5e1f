"""Automatic checks an item must pass before it can be verified.

The check-digit rules live in ``app.customers.identity``; this module applies them
to the customer's (decrypted) data and to the screening records.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.customers.identity import (
    CARD_LUHN,
    MOBILE_FORMAT,
    luhn_ok,
    mobile_ok,
    resident_id_problem,
    uscc_problem,
)
from app.errors import StateError, ValidationError
from app.security.pii import PiiVault
from db.models.customers import Customer
from db.models.kyc import KycItem, KycScreening, KycScreeningMatch

INTERNAL_LIST = "internal blacklist"
_FIELD_OF = {
    "resident_id": "id_number",
    "uscc": "id_number",
    "mobile": "phone",
    "luhn": "bank_card",
}
_FIELD_LABEL = {"id_number": "ID number", "phone": "mobile number", "bank_card": "bank card"}


def _plain(customer: Customer, vault: PiiVault | None, field: str) -> str:
    if vault is None:
        raise StateError(
            "Personal data is locked on this workstation (no master key), so the "
            f"{_FIELD_LABEL[field]} cannot be checked. Ask an administrator to enter it."
        )
    from app.customers import fields

    value = fields.read(vault, customer, field)
    if value is None:
        raise ValidationError(_FIELD_LABEL[field], "the customer record has none")
    return value


def open_matches(session: Session, customer_id: int, status: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(KycScreeningMatch)
            .where(KycScreeningMatch.customer_id == customer_id, KycScreeningMatch.status == status)
        )
        or 0
    )


def check_before_verify(
    session: Session, item: KycItem, customer: Customer, vault: PiiVault | None
) -> str | None:
    """Run the item's automatic check; raise with the reason when it fails.

    Returns a short note of what was checked (stored on the item)."""
    kind = item.check_kind
    if kind is None:
        return None
    if kind in _FIELD_OF:
        field = _FIELD_OF[kind]
        value = _plain(customer, vault, field)
        label = _FIELD_LABEL[field]
        if kind == "resident_id":
            problem = resident_id_problem(value)
            if problem:
                raise ValidationError("resident ID", problem)
            return "resident ID format and check digit (GB 11643) passed"
        if kind == "uscc":
            problem = uscc_problem(value)
            if problem:
                raise ValidationError("unified social credit code", problem)
            return "credit code check character (GB 32100) passed"
        if kind == "mobile":
            if not mobile_ok(value):
                raise ValidationError(label, MOBILE_FORMAT)
            return "mobile number format passed"
        if not luhn_ok(value):
            raise ValidationError(label, CARD_LUHN)
        return "bank card Luhn check passed"
    if kind == "screening":
        runs = session.scalar(
            select(func.count())
            .select_from(KycScreening)
            .where(KycScreening.customer_id == customer.id, KycScreening.list_name != INTERNAL_LIST)
        )
        if not runs:
            raise StateError("Record a screening run before verifying the screening item.")
        if open_matches(session, customer.id, "potential"):
            raise StateError("Review every potential screening match first.")
        if open_matches(session, customer.id, "confirmed"):
            raise StateError("The customer has a confirmed screening hit.")
        return "screening reviewed: no confirmed hit"
    if kind == "blacklist":
        if open_matches(session, customer.id, "confirmed"):
            raise StateError("The customer matches the internal blacklist.")
        return "internal blacklist: no match"
    return None
