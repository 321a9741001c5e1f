"""Borrowing limits: a customer's outstanding principal on this platform, including
offers approved but not yet paid out, against the caps in the platform settings."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import StateError
from app.loans.schedule import Method, build_schedule
from app.money import format_amount
from app.origination.affordability import (
    CapHeadroom,
    OpenInstallment,
    PlatformDebt,
    monthly_commitment,
    running_loan_monthly,
)
from app.settings import get_setting
from db.models.customers import Customer
from db.models.loans import Installment, Loan, Product
from db.models.origination import Application

OPEN_LOAN_STATUSES = ("active",)
EXPOSED_STATUSES = ("approved", "funding")


def outstanding_principal(
    session: Session, customer_id: int, exclude_application: int, exclude_loan: int | None = None
) -> int:
    """Unpaid principal of the customer's running loans (other than ``exclude_loan``)
    plus approved offers not yet disbursed (other than ``exclude_application``)."""
    loans = session.scalar(
        select(func.coalesce(func.sum(Installment.principal - Installment.paid_principal), 0))
        .join(Loan, Loan.id == Installment.loan_id)
        .where(
            Loan.customer_id == customer_id,
            Loan.status.in_(OPEN_LOAN_STATUSES),
            Loan.id != (exclude_loan or 0),
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


def platform_debt(
    session: Session,
    customer_id: int,
    exclude_application: int | None,
    today: date,
    exclude_loan: int | None = None,
) -> PlatformDebt:
    """The customer's monthly payments on this platform: each running loan's monthly
    installment (``running_loan_monthly``) and the monthly commitment of each offer
    approved but not yet paid out, leaving out the application being judged and the
    loan it became (``exclude_application``, ``exclude_loan``)."""
    rows = session.execute(
        select(
            Loan.id,
            Loan.method,
            Installment.due_date,
            Installment.principal,
            Installment.interest,
            Installment.principal
            - Installment.paid_principal
            + Installment.interest
            - Installment.paid_interest,
        )
        .join(Installment, Installment.loan_id == Loan.id)
        .where(
            Loan.customer_id == customer_id,
            Loan.status.in_(OPEN_LOAN_STATUSES),
            Loan.id != (exclude_loan or 0),
            Installment.status == "open",
        )
        .order_by(Loan.id, Installment.n)
    ).all()
    loans = 0
    for _loan, group in groupby(rows, key=lambda r: r[0]):
        items = list(group)
        open_ = [OpenInstallment(r[2], int(r[3]), int(r[4]), int(r[5])) for r in items]
        loans += running_loan_monthly(Method(items[0][1]), open_, today)
    offers = 0
    query = (
        select(
            Application.offer_amount, Application.offer_term, Application.offer_rate, Product.method
        )
        .join(Product, Product.id == Application.product_id)
        .where(
            Application.customer_id == customer_id,
            Application.status.in_(EXPOSED_STATUSES),
        )
    )
    if exclude_application is not None:
        query = query.where(Application.id != exclude_application)
    for amount, term, rate, method in session.execute(query):
        if amount and term and rate is not None:
            schedule = build_schedule(int(amount), rate, int(term), Method(method), today)
            offers += monthly_commitment(schedule)
    return PlatformDebt(loans, offers)


def cap_headroom(session: Session, app: Application, amount: int) -> CapHeadroom:
    """The customer's borrowing cap, what they owe here besides ``app``, and ``amount``."""
    customer = session.get(Customer, app.customer_id)
    assert customer is not None
    key = (
        "limits.business_max_outstanding"
        if customer.kind == "business"
        else ("limits.individual_max_outstanding")
    )
    cap = int(get_setting(session, key))
    owed = outstanding_principal(session, app.customer_id, app.id, app.loan_id)
    return CapHeadroom(cap, owed, amount)


def check_borrowing_limit(session: Session, app: Application, amount: int) -> None:
    """Refuse, with the figures, an approval that would take the customer over the cap."""
    customer = session.get(Customer, app.customer_id)
    assert customer is not None
    headroom = cap_headroom(session, app, amount)
    cap, owed = headroom.cap, headroom.owed
    if headroom.excess > 0:
        kind = "a business" if customer.kind == "business" else "an individual"
        raise StateError(
            f"Borrowing limit: {customer.name} already owes {format_amount(owed, True)} on this "
            f"platform (running loans and approved offers); approving "
            f"{format_amount(amount, True)} would make {format_amount(owed + amount, True)}, "
            f"above the limit of {format_amount(cap, True)} for {kind}."
        )
