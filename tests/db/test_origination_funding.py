"""Funding, disbursement through the loan engine, and the documents, on every backend."""

from __future__ import annotations

import io

import pypdf
import pytest
from sqlalchemy import select

from app.errors import StateError
from app.loans.funding import InvestorService
from app.money import format_amount
from app.origination.decisions import DecisionService
from app.origination.documents import DocumentService
from app.origination.funding import FundingService
from app.origination.service import ApplicationService
from app.platform import business_date
from app.security.permissions import Role
from db.models.loans import Holding, Installment, Loan
from db.models.origination import Application
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _approved(db: TestDB, gate: FakeGate) -> int:
    make_product(db)
    customer = make_customer(db)
    app = ApplicationService(db.user(Role.UNDERWRITER), db.vault).submit(
        form(amount="30000"), customer_id=customer
    )
    uw = DecisionService(db.user(Role.UNDERWRITER), gate)
    taken = uw.take_next()
    assert taken is not None
    uw.approve(taken.id, taken.version, amount=2_500_000, term=9)
    return app.id


def _investors(db: TestDB) -> None:
    admin = db.admin()
    for name, cash in (("投资人甲", 2_000_000), ("Investor B", 3_000_000)):
        inv = InvestorService(admin).create(name)
        InvestorService(admin).deposit(inv.id, cash, f"dep-{name}")


def test_fill_from_pool_then_disburse_creates_the_loan(db: TestDB) -> None:
    gate = FakeGate()
    app_id = _approved(db, gate)
    _investors(db)
    senior = db.user(Role.SENIOR_UNDERWRITER)
    funding = FundingService(senior, gate)
    funded = funding.fill_from_pool(app_id, None)
    assert funded.status == "funding"
    done = funding.disburse(app_id, funded.version)
    assert done.status == "disbursed"
    with db.sessions() as s:
        app = s.get(Application, app_id)
        assert app is not None and app.loan_id is not None
        loan = s.get(Loan, app.loan_id)
        assert loan is not None
        assert (loan.principal, loan.term, loan.disbursed_on) == (2_500_000, 9, business_date(s))
        holdings = s.scalars(select(Holding).where(Holding.loan_id == loan.id)).all()
        assert sum(h.amount for h in holdings) == 2_500_000
        rows = s.scalars(
            select(Installment).where(Installment.loan_id == loan.id).order_by(Installment.n)
        ).all()
        number = loan.number
    text = _text(DocumentService(senior, gate, db.vault).agreement_pdf(app_id))

    assert number in text and "借款协议" in text and "投资人甲" in text
    for row in rows:
        assert row.due_date.isoformat() in text
        assert format_amount(row.principal + row.interest, True) in text
    total_interest = sum(r.interest for r in rows)
    assert f"Total interest 利息合计\n{format_amount(total_interest, True)}" in text
    assert format_amount(2_500_000 + total_interest, True) in text


def test_disbursement_blocked_by_kyc(db: TestDB) -> None:
    gate = FakeGate()
    app_id = _approved(db, gate)
    _investors(db)
    senior = db.user(Role.SENIOR_UNDERWRITER)
    funded = FundingService(senior, gate).fill_from_pool(app_id, None)
    with db.sessions() as s:
        app = s.get(Application, app_id)
        assert app is not None
        gate.blocked.add(app.customer_id)
    with pytest.raises(StateError, match=r"KYC blocks disbursement.*ID card"):
        FundingService(senior, gate).disburse(app_id, funded.version)


def test_pool_too_small_is_refused_with_the_shortfall(db: TestDB) -> None:
    gate = FakeGate()
    app_id = _approved(db, gate)
    with pytest.raises(StateError, match=r"25,000\.00 short"):
        FundingService(db.user(Role.SENIOR_UNDERWRITER), gate).fill_from_pool(app_id, None)


def test_decline_letter_lists_the_reasons(db: TestDB) -> None:
    make_product(db)
    customer = make_customer(db, "Emily Clarke")
    app = ApplicationService(db.user(Role.UNDERWRITER), db.vault).submit(
        form(bureau_score="560", delinquencies_24m="2"), customer_id=customer
    )
    uw = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    uw.decline(app.id, None, ["D01", "D03"])
    text = _text(DocumentService(uw.ctx, FakeGate()).decline_letter_pdf(app.id))
    assert "Emily Clarke" in text and "20,000.00" in text
    assert "D01" in text and "D03" in text and "拒贷通知书" in text
    assert "credit bureau score" in text
