"""Helpers for origination tests: a product with grade rates, forms, a KYC gate."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from app.customers.service import CustomerInput, insert_customer
from app.origination.intake import ApplicationForm
from app.settings import SettingsService
from db.models.loans import Product, ProductGrade
from tests.support import TestDB

RATES = dict(zip("ABCDEFG", ["0.06", "0.08", "0.10", "0.12", "0.15", "0.18", "0.22"], strict=True))


def make_product(db: TestDB, code: str = "PL") -> int:
    with db.sessions.begin() as session:
        p = Product(
            code=code,
            revision=1,
            name="Personal loan" if code == "PL" else code,
            method="annuity",
            min_amount=100_000,
            max_amount=50_000_000,
            min_term=3,
            max_term=36,
            origination_fee_rate=Decimal("0.01"),
            service_fee_rate=Decimal("0.1"),
            late_fee=5_000,
            grace_days=3,
            penalty_rate=Decimal("0.0005"),
            reserve_rate=Decimal("0.02"),
            allocation_order="penalty,fees,interest,principal",
            prepayment_rule="shorten_term",
            active=True,
        )
        session.add(p)
        session.flush()
        for grade, rate in RATES.items():
            session.add(ProductGrade(product_id=p.id, grade=grade, annual_rate=Decimal(rate)))
        return p.id


def lift_cost_ceiling(db: TestDB, bp: int = 100_000) -> None:
    """Let any offer through the cost ceiling (``origination.max_cost_bp``): for tests
    about something else that pick short terms, whose fees cost more than 24 % a year."""
    SettingsService(db.admin()).set("origination.max_cost_bp", bp)


def make_customer(db: TestDB, name: str = "张三", kind: str = "individual") -> int:
    with db.sessions.begin() as session:
        c = insert_customer(session, db.vault, CustomerInput(kind=kind, name=name), None)
        return c.id


def form(**over: str) -> ApplicationForm:
    base = {
        "product": "PL",
        "amount": "20000.00",
        "term": "12",
        "purpose": "Home repairs",
        "monthly_income": "15000",
        "monthly_debt": "1000",
        "bureau_score": "720",
        "open_accounts": "3",
        "delinquencies_24m": "0",
        "inquiries_6m": "1",
    }
    base.update(over)
    return ApplicationForm(**base)


@dataclass
class FakeGate:
    """A KYC gate whose answer the test sets."""

    ok: bool = True
    state: str = "complete"
    missing: list[str] = field(default_factory=list)
    reason: str = ""
    blocked: set[int] = field(default_factory=set)

    def __call__(self, session: Session, customer_id: int) -> FakeGate:
        if customer_id in self.blocked:
            return FakeGate(
                False,
                "incomplete",
                ["ID card", "Proof of income"],
                "KYC is incomplete: ID card, Proof of income.",
            )
        return self
