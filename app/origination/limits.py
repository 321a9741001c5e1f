"""Borrowing limits: a customer's outstanding principal on this platform, including
offers approved but not yet paid out, against the caps in the platform settings."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import StateError
from app.money import format_amount
from app.settings import get_setting
from db.models.customers import Customer
from db.models.loans import Installment, Loan
from db.models.origination import Application

OPEN_LOAN_STATUSES = ("active",)
EXPOSED_STATUSES = ("approved", "funding")


def outstanding_principal(session: Session, customer_id: int, exclude_application: int) -> int:
    """Unpaid principal of the customer's running loans plus approved offers not yet
    disbursed (other than ``exclude_application``), minor units."""
    loans = session.scalar(
        select(func.coalesce(func.sum(Installment.principal - Installment.paid_principal), 0))
        .join(Loan, Loan.id == Installment.loan_id)
        .where(
            Loan.customer_id == customer_id,
            Loan.status.in_(OPEN_LOAN_STATUSES),
            Installment.status != "cancelled",
        )
    )
    offers = session.scalar(
        select(func.coalesce(func.sum(Application.offer_amount), 0)).where(
            Application.customer_id == customer_id,
            Application.status.in_(EXPOSED_STATUSES),
            Application.id != exclude_application,
        )
    )
    return int(loans or 0) + int(offers or 0)


def check_borrowing_limit(session: Session, app: Application, amount: int) -> None:
    """Refuse, with the figures, an approval that would take the customer over the cap."""
    customer = session.get(Customer, app.customer_id)
    assert customer is not None
    key = (
        "limits.business_max_outstanding"
        if customer.kind == "business"
        else ("limits.individual_max_outstanding")
    )
    cap = int(get_setting(session, key))
    owed = outstanding_principal(session, app.customer_id, app.id)
    if owed + amount > cap:
        kind = "a business" if customer.kind == "business" else "an individual"
        raise StateError(
            f"Borrowing limit: {customer.name} already owes {format_amount(owed, True)} on this "
            f"platform (running loans and approved offers); approving "
            f"{format_amount(amount, True)} would make {format_amount(owed + amount, True)}, "
            f"above the limit of {format_amount(cap, True)} for {kind}."
        )
