"""Funding and disbursement: investors' commitments to an approved application,
then the loan, its schedule and ledger through the loan engine on the business date."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.amounts import check_entry
from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.loans.disbursement import LoanService
from app.loans.ledger import investor_cash
from app.money import format_amount
from app.origination.decisions import kyc_refusal
from app.origination.records import (
    ENTITY,
    ApplicationRef,
    KycGate,
    default_kyc_gate,
    load_for_change,
    move,
    ref,
)
from app.origination.status import Status
from app.security import audit
from app.security.permissions import Permission
from db.models.loans import Investor, ProductGrade
from db.models.origination import Application, ApplicationFunding

POOL_CHUNK = 5_000_000
"""The most one investor takes of a loan when it is filled from the pool (50,000.00)."""


def committed_elsewhere(session: Session, investor_id: int, application_id: int) -> int:
    """Cash an investor has promised to other applications still being funded."""
    total = session.scalar(
        select(func.coalesce(func.sum(ApplicationFunding.amount), 0))
        .join(Application, Application.id == ApplicationFunding.application_id)
        .where(
            ApplicationFunding.investor_id == investor_id,
            ApplicationFunding.application_id != application_id,
            Application.status.in_((Status.APPROVED.value, Status.FUNDING.value)),
        )
    )
    return int(total or 0)


def grade_for_rate(session: Session, product_id: int, rate: Decimal) -> str:
    """The product grade priced at ``rate`` (the engine prices loans by grade)."""
    grade = session.scalar(
        select(ProductGrade.grade)
        .where(ProductGrade.product_id == product_id, ProductGrade.annual_rate == rate)
        .order_by(ProductGrade.grade)
        .limit(1)
    )
    if grade is None:
        raise StateError(f"The product has no grade priced at {rate}; approve one of its rates.")
    return grade


class FundingService:
    def __init__(self, ctx: ServiceContext, kyc_gate: KycGate = default_kyc_gate) -> None:
        self.ctx = ctx
        self.gate = kyc_gate

    def commit(
        self, application_id: int, version: int | None, holdings: Mapping[int, int]
    ) -> ApplicationRef:
        """Record the investors' commitments (replacing earlier ones); fully funded
        moves the application to funding."""
        self.ctx.require(Permission.DISBURSE)
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            self._commit(session, app, holdings)
            return ref(app)

    def fill_from_pool(self, application_id: int, version: int | None) -> ApplicationRef:
        """Fund from active investors' free custody cash, oldest investor first, at
        most POOL_CHUNK each."""
        self.ctx.require(Permission.DISBURSE)
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            need = app.offer_amount or 0
            plan: dict[int, int] = {}
            for investor_id in session.scalars(
                select(Investor.id).where(Investor.active.is_(True)).order_by(Investor.id)
            ):
                if need <= 0:
                    break
                free = investor_cash(session, investor_id) - committed_elsewhere(
                    session, investor_id, app.id
                )
                take = min(free, POOL_CHUNK, need)
                if take > 0:
                    plan[investor_id] = take
                    need -= take
            if need > 0:
                raise StateError(
                    f"The investor pool is {format_amount(need, True)} short of funding "
                    f"{app.number}."
                )
            self._commit(session, app, plan)
            return ref(app)

    def _commit(self, session: Session, app: Application, holdings: Mapping[int, int]) -> None:
        if app.status not in (Status.APPROVED.value, Status.FUNDING.value):
            raise StateError(f"Application {app.number} is not approved for funding.")
        offer = app.offer_amount or 0
        if any(v <= 0 for v in holdings.values()):
            raise ValidationError("holdings", "every commitment must be more than zero")
        for v in holdings.values():
            check_entry(session, v, "holdings")
        total = sum(holdings.values())
        if total > offer:
            raise ValidationError(
                "holdings",
                f"add up to {format_amount(total, True)}, more than the loan of "
                f"{format_amount(offer, True)}",
            )
        for investor_id, amount in holdings.items():
            inv = session.get(Investor, investor_id)
            if inv is None or not inv.active:
                raise ValidationError("holdings", f"investor {investor_id} does not exist")
            free = investor_cash(session, investor_id) - committed_elsewhere(
                session, investor_id, app.id
            )
            if free < amount:
                raise ValidationError(
                    "holdings",
                    f"{inv.name} has {format_amount(free, True)} free in custody, not "
                    f"{format_amount(amount, True)}",
                )
        session.execute(
            delete(ApplicationFunding).where(ApplicationFunding.application_id == app.id)
        )
        for investor_id, amount in sorted(holdings.items()):
            session.add(
                ApplicationFunding(
                    application_id=app.id,
                    investor_id=investor_id,
                    amount=amount,
                    created_by=self.ctx.actor.user_id,
                    created_at=self.ctx.now(),
                )
            )
        session.flush()
        detail = {"holdings": {str(k): v for k, v in holdings.items()}, "total": total}
        if total == offer and app.status == Status.APPROVED.value:
            move(session, self.ctx, app, Status.FUNDING, "application.funded", **detail)
        else:
            app.status_changed_at = self.ctx.now()
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "application.funding_changed",
                ENTITY,
                app.id,
                now=self.ctx.now(),
                after=detail,
            )

    def disburse(self, application_id: int, version: int | None) -> ApplicationRef:
        """Create the loan through the loan engine on the business date."""
        self.ctx.require(Permission.DISBURSE)
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            if app.status != Status.FUNDING.value:
                move(session, self.ctx, app, Status.DISBURSED, "application.disbursed")
            kyc_refusal(self.gate, session, app.customer_id, "disbursement")
            holdings = dict(
                session.execute(
                    select(ApplicationFunding.investor_id, ApplicationFunding.amount).where(
                        ApplicationFunding.application_id == app.id
                    )
                ).all()
            )
            assert app.offer_amount is not None and app.offer_term is not None
            assert app.offer_rate is not None
            loan = LoanService(self.ctx).disburse_in(
                session,
                app.customer_id,
                app.product_id,
                grade_for_rate(session, app.product_id, app.offer_rate),
                app.offer_amount,
                app.offer_term,
                holdings,
                reference=app.number,
            )
            app.loan_id = loan.id
            move(
                session,
                self.ctx,
                app,
                Status.DISBURSED,
                "application.disbursed",
                loan_id=loan.id,
                loan_number=loan.number,
            )
            return ref(app)
