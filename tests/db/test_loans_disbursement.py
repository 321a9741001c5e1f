"""Products, investors and disbursement on every backend."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.errors import PermissionDenied, ValidationError
from app.loans import accounts as acc
from app.loans.disbursement import LoanService
from app.loans.funding import InvestorService
from app.loans.ledger import account_balance, investor_cash, reserve_balance, trial_balance
from app.loans.products import ProductService
from app.loans.queries import LoanQueries, loan_detail, loan_page
from app.loans.schedule import Method, build_schedule
from app.security.permissions import Role
from db.models.loans import Installment, Product
from tests.loan_support import START, LoanWorld, product_input
from tests.support import TestDB


def test_disbursement_persists_schedule_holdings_and_ledger(db: TestDB) -> None:
    w = LoanWorld(db)
    cash_before = [investor_cash_of(db, i) for i in w.investors]
    loan = LoanService(w.ctx).disburse(
        w.customers[0], w.product.id, "B", 100_000_00, 12, w.holdings(100_000_00)
    )
    assert loan.number == f"L2026-{loan.id:06d}"
    assert loan.annual_rate == Decimal("0.08")
    expected = build_schedule(100_000_00, Decimal("0.08"), 12, Method.ANNUITY, START)
    detail = loan_detail_of(db, loan.id)
    got = [(i.n, i.due_date, i.principal, i.interest) for i in detail.installments]
    assert got == [(r.n, r.due_date, r.principal, r.interest) for r in expected.installments]
    assert sum(i.principal for i in detail.installments) == 100_000_00
    assert [h.amount for h in detail.holdings] == [16_666_66, 33_333_33, 50_000_01]
    with db.sessions() as s:
        assert trial_balance(s) == 0
        assert account_balance(s, acc.RECV_PRINCIPAL, loan_id=loan.id) == 100_000_00
        assert account_balance(s, acc.FEE_INCOME, loan_id=loan.id) == -2_000_00  # 2 %
        assert reserve_balance(s) == 3_000_00  # 3 % provision
        assert account_balance(s, acc.BANK, loan_id=loan.id) == -(100_000_00 - 5_000_00)
        cash_after = [investor_cash(s, i) for i in w.investors]
    assert [b - a for a, b in zip(cash_after, cash_before, strict=True)] == [
        16_666_66, 33_333_33, 50_000_01,
    ]  # fmt: skip
    with db.sessions() as s:
        page = loan_page(s, limit=10)
    assert [r.number for r in page.rows] == [loan.number]
    support = LoanQueries(db.user(Role.SUPPORT_AGENT))
    assert support.detail(loan.id).summary.number == loan.number
    assert support.reserve().balance == 3_000_00
    with pytest.raises(PermissionDenied):
        LoanQueries(db.user(Role.KYC_OFFICER)).detail(loan.id)


def investor_cash_of(db: TestDB, investor_id: int) -> int:
    with db.sessions() as s:
        return investor_cash(s, investor_id)


def loan_detail_of(db: TestDB, loan_id: int):  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return loan_detail(s, loan_id)


def test_holdings_must_sum_to_principal_and_be_funded(db: TestDB) -> None:
    w = LoanWorld(db)
    svc = LoanService(w.ctx)
    bad = w.holdings(10_000_00)
    bad[w.investors[0]] += 1
    with pytest.raises(ValidationError, match=r"holdings: sum to 10000\.01, not the principal"):
        svc.disburse(w.customers[0], w.product.id, "A", 10_000_00, 6, bad)
    with pytest.raises(ValidationError, match="grade"):
        svc.disburse(w.customers[0], w.product.id, "Z", 10_000_00, 6, w.holdings(10_000_00))
    with pytest.raises(ValidationError, match="term"):
        svc.disburse(w.customers[0], w.product.id, "A", 10_000_00, 48, w.holdings(10_000_00))
    poor = InvestorService(w.ctx).create("Small saver").id
    InvestorService(w.ctx).deposit(poor, 1_000_00, "dep-small")
    with pytest.raises(ValidationError, match=r"has 1000\.00 in custody"):
        svc.disburse(w.customers[0], w.product.id, "A", 10_000_00, 6, {poor: 10_000_00})
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Installment)) == 0
    agent = db.user(Role.COLLECTIONS_AGENT)
    with pytest.raises(PermissionDenied):
        LoanService(agent).disburse(
            w.customers[0], w.product.id, "A", 10_000_00, 6, w.holdings(10_000_00)
        )


def test_product_in_use_gets_a_new_version(db: TestDB) -> None:
    w = LoanWorld(db)
    svc = ProductService(w.ctx)
    edited = svc.update(w.product.id, w.product.version, replace(product_input(), late_fee=80_00))
    assert (edited.id, edited.revision, edited.late_fee) == (w.product.id, 1, 80_00)
    LoanService(w.ctx).disburse(w.customers[0], edited.id, "A", 5_000_00, 6, w.holdings(5_000_00))
    v2 = svc.update(edited.id, edited.version, replace(product_input(), late_fee=90_00))
    assert v2.id != edited.id and v2.revision == 2 and v2.late_fee == 90_00
    with db.sessions() as s:
        old = s.get(Product, edited.id)
        assert old is not None and not old.active and old.late_fee == 80_00
    with pytest.raises(ValidationError, match=r"grade_rates\.A"):
        svc.create(product_input("RICH", grade_rates={"A": Decimal("0.5")}))
