"""Disbursement: a funded loan with its persisted schedule, ledger and reserve provision."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.amounts import amount_ceiling, check_entry
from app.context import ServiceContext
from app.errors import NotFound, StateError, ValidationError
from app.loans.ledger import investor_cash
from app.loans.queries import LoanSummary, summary_of
from app.loans.schedule import Method, build_schedule
from app.loans.sync import sync_loan
from app.money import apply_rate, format_amount
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.customers import Customer
from db.models.loans import Holding, Investor, Loan, Product, ProductGrade

MAX_BACKDATE_DAYS = 3660


def contract_number(year: int, loan_id: int) -> str:
    """Contract numbers look like ``L2026-000123``."""
    return f"L{year}-{loan_id:06d}"


class LoanService:
    """Disbursing loans (DISBURSE). Origination calls :meth:`disburse`."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def disburse(
        self,
        customer_id: int,
        product_id: int,
        grade: str,
        principal: int,
        term: int,
        holdings: Mapping[int, int],
        disbursed_on: date | None = None,
        *,
        reference: str | None = None,
    ) -> LoanSummary:
        """Create and fund a loan. ``holdings`` maps investor id -> principal share and
        must sum exactly to ``principal``; each investor needs that much custody cash.
        ``disbursed_on`` defaults to the business date (earlier dates replay the
        loan's accruals up to today)."""
        self.ctx.require(Permission.DISBURSE)
        with self.ctx.transaction() as session:
            return self.disburse_in(
                session, customer_id, product_id, grade, principal, term, holdings,
                disbursed_on, reference=reference,
            )  # fmt: skip

    def disburse_in(
        self,
        session: Session,
        customer_id: int,
        product_id: int,
        grade: str,
        principal: int,
        term: int,
        holdings: Mapping[int, int],
        disbursed_on: date | None = None,
        *,
        reference: str | None = None,
    ) -> LoanSummary:
        """:meth:`disburse` inside the caller's transaction (origination's approval)."""
        self.ctx.require(Permission.DISBURSE)
        today = load_state(session).business_date
        on = disbursed_on or today
        if on > today:
            raise ValidationError("disbursed_on", f"cannot be after the business date {today}")
        if (today - on).days > MAX_BACKDATE_DAYS:
            raise ValidationError("disbursed_on", "is too far in the past")
        product = session.get(Product, product_id)
        if product is None:
            raise NotFound(f"product {product_id} does not exist")
        if not product.active:
            raise StateError(f"product {product.code} revision {product.revision} is retired")
        if session.get(Customer, customer_id) is None:
            raise NotFound(f"customer {customer_id} does not exist")
        rate = session.scalar(
            select(ProductGrade.annual_rate).where(
                ProductGrade.product_id == product_id, ProductGrade.grade == grade
            )
        )
        if rate is None:
            raise ValidationError("grade", f"product {product.code} has no grade {grade!r}")
        if not product.min_amount <= principal <= product.max_amount:
            raise ValidationError(
                "principal",
                f"must be within {format_amount(product.min_amount)}.."
                f"{format_amount(product.max_amount)} for {product.code}",
            )
        if not product.min_term <= term <= product.max_term:
            raise ValidationError(
                "term", f"must be {product.min_term}..{product.max_term} months for {product.code}"
            )
        _check_holdings(session, principal, holdings)
        build_schedule(principal, rate, term, Method(product.method), on)  # validates
        loan = Loan(
            number=f"tmp-{uuid.uuid4().hex}", customer_id=customer_id, product_id=product_id,
            grade=grade, method=product.method, principal=principal, annual_rate=rate, term=term,
            disbursed_on=on, origination_fee=apply_rate(principal, product.origination_fee_rate),
            reserve_amount=apply_rate(principal, product.reserve_rate),
            service_fee_rate=product.service_fee_rate, late_fee=product.late_fee,
            grace_days=product.grace_days, penalty_rate=product.penalty_rate,
            allocation_order=product.allocation_order, prepayment_rule=product.prepayment_rule,
            recurring_amount=0, status="active", dpd=0, bucket="current", accrued_through=on,
            credit_balance=0, event_seq=0, created_by=self.ctx.actor.user_id,
        )  # fmt: skip
        session.add(loan)
        session.flush()
        loan.number = contract_number(on.year, loan.id)
        for investor_id, amount in sorted(holdings.items()):
            session.add(
                Holding(loan_id=loan.id, investor_id=investor_id, amount=amount, outstanding=amount)
            )
        session.flush()
        sync_loan(
            session, loan, today, "disbursement", actor_id=self.ctx.actor.user_id,
            memo=reference or loan.number,
        )  # fmt: skip
        audit.record(
            session, self.ctx.actor, "loan.disbursed", "loan", loan.id, now=self.ctx.now(),
            after={
                "number": loan.number, "customer_id": customer_id, "product_id": product_id,
                "grade": grade, "principal": principal, "term": term, "disbursed_on": on,
                "holdings": {str(k): v for k, v in holdings.items()}, "reference": reference,
            },
        )  # fmt: skip
        return summary_of(session, loan)


def _check_holdings(session: Session, principal: int, holdings: Mapping[int, int]) -> None:
    if not holdings:
        raise ValidationError("holdings", "a loan needs at least one investor")
    if any(amount <= 0 for amount in holdings.values()):
        raise ValidationError("holdings", "every holding must be more than zero")
    ceiling = amount_ceiling(session)
    check_entry(session, principal, "principal", maximum=ceiling)
    for amount in holdings.values():
        check_entry(session, amount, "holdings", maximum=ceiling)
    total = sum(holdings.values())
    if total != principal:
        raise ValidationError(
            "holdings",
            f"sum to {format_amount(total)}, not the principal {format_amount(principal)}",
        )
    for investor_id, amount in holdings.items():
        inv = session.get(Investor, investor_id)
        if inv is None or not inv.active:
            raise ValidationError("holdings", f"investor {investor_id} does not exist")
        cash = investor_cash(session, investor_id)
        if cash < amount:
            raise ValidationError(
                "holdings",
                f"investor {inv.name} has {format_amount(cash)} in custody, "
                f"not the {format_amount(amount)} to fund",
            )
