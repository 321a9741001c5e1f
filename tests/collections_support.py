"""Builders for collections tests: customers and loans written straight to the loan
tables (so these tests do not depend on the loan engine's disbursement API)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from app.customers.service import CustomerInput, insert_customer
from app.loans.delinquency import bucket_for
from app.platform import load_state
from db.models.loans import Installment, Loan, Product
from tests.support import TestDB

_numbers = itertools.count(1)


def business_date(db: TestDB) -> date:
    with db.sessions() as s:
        return load_state(s).business_date


def make_customer(db: TestDB, name: str = "王伟", tz: str = "Asia/Shanghai") -> int:
    with db.sessions.begin() as s:
        c = insert_customer(
            s,
            db.vault,
            CustomerInput(kind="individual", name=name, phone="13800138000", timezone=tz),
            None,
        )
        s.flush()
        return c.id


def _product(s: object) -> int:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    existing = s.scalar(select(Product.id).where(Product.code == "TEST"))
    if existing:
        return existing
    p = Product(
        code="TEST",
        revision=1,
        name="Test product",
        method="equal_principal",
        min_amount=100_000,
        max_amount=100_000_000,
        min_term=1,
        max_term=36,
        origination_fee_rate=Decimal("0"),
        service_fee_rate=Decimal("0"),
        late_fee=5_000,
        grace_days=3,
        penalty_rate=Decimal("0.0005"),
        reserve_rate=Decimal("0"),
        allocation_order="penalty,fees,interest,principal",
        prepayment_rule="shorten_term",
    )
    s.add(p)
    s.flush()
    return p.id


def make_loan(
    db: TestDB,
    customer_id: int,
    *,
    disbursed: date,
    principal: int = 1_200_000,
    term: int = 12,
    interest: int = 10_000,
) -> int:
    """An active equal-principal loan with monthly installments from ``disbursed``."""
    with db.sessions.begin() as s:
        loan = Loan(
            number=f"L-T{next(_numbers):06d}",
            customer_id=customer_id,
            product_id=_product(s),
            grade="B",
            method="equal_principal",
            principal=principal,
            annual_rate=Decimal("0.1"),
            term=term,
            disbursed_on=disbursed,
            origination_fee=0,
            reserve_amount=0,
            service_fee_rate=Decimal("0"),
            late_fee=5_000,
            grace_days=3,
            penalty_rate=Decimal("0.0005"),
            allocation_order="penalty,fees,interest,principal",
            prepayment_rule="shorten_term",
            recurring_amount=principal // term + interest,
            status="active",
            dpd=0,
            bucket="current",
            accrued_through=disbursed,
        )
        s.add(loan)
        s.flush()
        for n in range(1, term + 1):
            due = disbursed + relativedelta(months=n)
            s.add(
                Installment(
                    loan_id=loan.id,
                    n=n,
                    due_date=due,
                    due_day=due.toordinal(),
                    late_fee_from=due + timedelta(days=4),
                    principal=principal // term,
                    interest=interest,
                )
            )
        return loan.id


def set_delinquency(db: TestDB, loan_id: int, dpd: int, status: str = "active") -> None:
    """What the loan engine's end of day would have written."""
    with db.sessions.begin() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        loan.dpd = dpd
        loan.bucket = bucket_for(dpd).value
        loan.status = status


def pay_installment(db: TestDB, loan_id: int, n: int) -> None:
    with db.sessions.begin() as s:
        inst = s.scalars(
            select(Installment).where(Installment.loan_id == loan_id, Installment.n == n)
        ).one()
        inst.paid_principal, inst.paid_interest = inst.principal, inst.interest
        inst.paid_fees, inst.paid_penalty = inst.fees, inst.penalty
        inst.status = "paid"


def claim_worker(
    url: str, user_id: int, username: str, start: object, master_key: str
) -> list[int]:
    """One agent process: claim until the pool is empty; the ids it got.

    Runs in a spawned process, so it builds its own engine. ``start`` is a shared
    barrier, so all workers begin claiming at once (not whoever imported first).
    """
    import os

    from app.collections.claim import ClaimService
    from app.context import Actor, ServiceContext
    from app.platform import open_vault
    from app.security.keys import MemoryStore
    from app.security.permissions import Role
    from db.engine import make_engine, make_sessionmaker

    os.environ["P2PDESK_MASTER_KEY"] = master_key  # signing the audit trail needs it
    engine = make_engine(url)
    with make_sessionmaker(engine)() as s:
        assert open_vault(s, MemoryStore(), engine).vault is not None
    actor = Actor.for_user(user_id, username, username, frozenset({Role.COLLECTIONS_AGENT}))
    service = ClaimService(ServiceContext(make_sessionmaker(engine), actor))
    start.wait()  # type: ignore[attr-defined]
    got: list[int] = []
    try:
        while (claim := service.next_case(release_current=False)) is not None:
            got.append(claim.case_id)
    finally:
        engine.dispose()
    return got
