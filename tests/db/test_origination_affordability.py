"""Affordability on every backend (issue 13 #5): the detail's DTI counts the borrower's
running loans and approved offers on this platform, stated income is checked against
the income on file within the tolerance setting, and the cap's headroom is shown."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.customers.service import CustomerInput, insert_customer
from app.loans.schedule import Method, build_schedule
from app.origination.affordability import dti_bp, monthly_commitment
from app.origination.decisions import DecisionService
from app.origination.detail import ApplicationQueries
from app.origination.service import ApplicationService
from app.security.permissions import Role
from app.settings import SettingsService
from db.models.origination import Application
from tests.collections_support import business_date, make_loan
from tests.origination_support import FakeGate, form, make_product
from tests.support import TestDB

LOAN = 13_440_200  # the borrower: a 134,402.00 loan running
INSTALLMENT = LOAN // 12 + 10_000  # make_loan: equal principal, 100.00 interest a month
OWED = LOAN // 12 * 12  # make_loan drops the rounding residue


def _customer(db: TestDB, income: int | None = 1_000_000) -> int:
    with db.sessions.begin() as s:
        return insert_customer(
            s, db.vault, CustomerInput("individual", "钱七", monthly_income=income), None
        ).id


def test_detail_counts_the_platforms_installments_and_offers(db: TestDB) -> None:
    make_product(db)
    customer = _customer(db)
    make_loan(db, customer, disbursed=business_date(db) - timedelta(days=20), principal=LOAN)
    uw = db.user(Role.UNDERWRITER)
    clerk = ApplicationService(uw, db.vault)
    offered = clerk.submit(form(amount="20000", monthly_debt="100"), customer_id=customer)
    decisions = DecisionService(uw, FakeGate())
    taken = decisions.take_next()
    assert taken is not None and taken.id == offered.id
    decisions.approve(taken.id, taken.version)  # an offer not yet paid out
    made = clerk.submit(form(amount="20000", monthly_debt="100"), customer_id=customer)

    d = ApplicationQueries(uw, FakeGate()).detail(made.id)
    a = d.affordability
    today = business_date(db)
    with db.sessions() as s:
        offer = s.get(Application, offered.id)
        assert offer is not None and offer.offer_rate is not None
        offer_schedule = build_schedule(2_000_000, offer.offer_rate, 12, Method.ANNUITY, today)
        stored_dti = s.get(Application, made.id).dti_bp  # type: ignore[union-attr]
    assert a.stated_debt == 10_000
    assert a.platform.loans == INSTALLMENT
    assert a.platform.offers == monthly_commitment(offer_schedule) > 0
    assert a.existing_debt == 10_000 + INSTALLMENT + a.platform.offers != 10_000
    assert a.dti_bp == dti_bp(1_500_000, a.existing_debt, a.new_installment)
    # the score at intake judged the same debts
    worst = build_schedule(2_000_000, Decimal("0.22"), 12, Method.ANNUITY, today)
    assert stored_dti == dti_bp(1_500_000, a.existing_debt, monthly_commitment(worst))
    # stated 15,000.00 against 10,000.00 on file: 50 % off, beyond the 20 % default
    assert d.income.on_file == 1_000_000 and d.income.mismatch
    assert d.balloon is None  # an annuity product
    assert (d.cap.cap, d.cap.owed, d.cap.amount) == (20_000_000, OWED + 2_000_000, 2_000_000)
    assert d.cap.available == 20_000_000 - OWED - 2_000_000 and d.cap.excess == 0

    SettingsService(db.admin()).set("origination.income_tolerance_bp", 6_000)
    assert not ApplicationQueries(uw, FakeGate()).detail(made.id).income.mismatch
    # the offer's own detail does not count the offer as existing debt
    own = ApplicationQueries(uw, FakeGate()).detail(offered.id).affordability
    assert own.platform.offers == 0 and own.platform.loans == INSTALLMENT


def test_without_loans_or_income_on_file_nothing_is_added(db: TestDB) -> None:
    make_product(db)
    customer = _customer(db, income=None)
    uw = db.user(Role.UNDERWRITER)
    made = ApplicationService(uw, db.vault).submit(
        form(amount="20000", monthly_debt="100"), customer_id=customer
    )
    d = ApplicationQueries(uw, FakeGate()).detail(made.id)
    assert d.affordability.existing_debt == 10_000
    assert d.income.on_file is None and not d.income.mismatch
    assert d.cap.owed == 0 and d.cap.available == 20_000_000
