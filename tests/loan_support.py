"""Shared set-up for the loan engine tests: a product, funded investors, customers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from app.context import ServiceContext
from app.customers.service import CustomerInput, insert_customer
from app.eod import run_eod
from app.loans.funding import InvestorService
from app.loans.products import ProductInput, ProductService
from app.platform import load_state
from tests.support import TestDB

START = date(2026, 1, 15)


def product_input(code: str = "CASH", **overrides: object) -> ProductInput:
    base = ProductInput(
        code=code, name="Cash loan", method="annuity", min_amount=100_00,
        max_amount=1_000_000_00, min_term=1, max_term=36,
        grade_rates={g: Decimal("0.06") + Decimal("0.02") * i for i, g in enumerate("ABCDEFG")},
        origination_fee_rate=Decimal("0.02"), service_fee_rate=Decimal("0.1"), late_fee=50_00,
        grace_days=3, penalty_rate=Decimal("0.0005"), reserve_rate=Decimal("0.03"),
    )  # fmt: skip
    return ProductInput(**{**base.__dict__, **overrides})  # type: ignore[arg-type]


class LoanWorld:
    """A database with one product, three funded investors and a few customers."""

    def __init__(self, db: TestDB, start: date = START, **product: object) -> None:
        self.db = db
        self.ctx = db.admin()
        set_business_date(db, start)
        self.product = ProductService(self.ctx).create(product_input(**product))
        inv = InvestorService(self.ctx)
        self.investors = [inv.create(f"Investor {n}").id for n in range(3)]
        for i in self.investors:
            inv.deposit(i, 100_000_000_00, f"dep-{i}")
        with db.sessions.begin() as s:
            self.customers = [
                insert_customer(s, db.vault, CustomerInput("individual", f"Cust {n}"), None).id
                for n in range(3)
            ]

    def holdings(self, principal: int, parts: tuple[int, ...] = (1, 2, 3)) -> dict[int, int]:
        total = sum(parts)
        shares = [principal * p // total for p in parts]
        shares[-1] += principal - sum(shares)
        return dict(zip(self.investors, shares, strict=False))

    def eod_to(self, day: date) -> None:
        run_eod(self.db.system(), day)

    def eod_days(self, n: int) -> None:
        with self.db.sessions() as s:
            today = load_state(s).business_date
        self.eod_to(today + timedelta(days=n))


def set_business_date(db: TestDB, day: date) -> None:
    from db.models.platform import PlatformState

    with db.sessions.begin() as s:
        s.execute(update(PlatformState).values(business_date=day))


def business_date(ctx: ServiceContext) -> date:
    with ctx.sessions() as s:
        return load_state(s).business_date


def snapshot(db: TestDB, loan_id: int) -> dict[str, object]:
    """Installments, holdings, loan state and ledger balances of one loan."""
    from app.loans.ledger import loan_balances
    from db.models.loans import Holding, Installment, Loan

    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        rows = s.scalars(
            select(Installment).where(Installment.loan_id == loan_id).order_by(Installment.n)
        )
        insts = [
            (i.n, i.due_date, i.principal, i.interest, i.fees, i.penalty, i.paid_principal,
             i.paid_interest, i.paid_fees, i.paid_penalty, i.late_fee_on, i.status)
            for i in rows
        ]  # fmt: skip
        held = s.scalars(select(Holding).where(Holding.loan_id == loan_id).order_by(Holding.id))
        holdings = [(h.investor_id, h.outstanding) for h in held]
        return {
            "installments": insts,
            "holdings": holdings,
            # End of day leaves the stamp of a loan it does not change: the state is
            # accrued through the business date either way.
            "loan": (
                loan.status,
                loan.dpd,
                loan.bucket,
                loan.credit_balance,
                max(loan.accrued_through, load_state(s).business_date),
            ),
            "ledger": {k: v for k, v in loan_balances(s, loan_id).items() if v},
        }
