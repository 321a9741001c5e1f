"""The comprehensive annual cost ceiling (issue 14 #3): no recommendation or approval
offers terms whose 综合年化成本 (fees deducted at disbursement included) is above
``origination.max_cost_bp``; the refusal names the cost and the ceiling; the detail and
the agreement state the cost. Every backend."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pypdf
import pytest

from app.customers.service import CustomerInput, insert_customer
from app.errors import PermissionDenied, StateError
from app.loans.cost import schedule_cost
from app.loans.schedule import Method, build_schedule
from app.origination.decisions import DecisionService
from app.origination.detail import ApplicationQueries
from app.origination.documents import DocumentService
from app.origination.service import ApplicationService
from app.platform import business_date
from app.security.permissions import Role
from app.settings import SETTINGS, SettingsService
from db.models.origination import Application
from tests.origination_support import FakeGate, form, make_product
from tests.support import TestDB

_REFUSAL = re.compile(
    r"comprehensive annual cost of these terms is (\d+\.\d\d)%, "
    r"above the platform's ceiling of (\d+\.\d\d)%"
)


def _in_review(db: TestDB, term: str = "12") -> tuple[DecisionService, int, int]:
    make_product(db)  # 1 % origination fee and 2 % risk reserve, deducted at payout
    with db.sessions.begin() as s:
        customer = insert_customer(
            s, db.vault, CustomerInput(kind="individual", name="张三", id_number=None), None
        ).id
    uw = db.user(Role.UNDERWRITER)
    app = ApplicationService(uw, db.vault).submit(form(term=term), customer_id=customer)
    decisions = DecisionService(uw, FakeGate())
    taken = decisions.take_next()
    assert taken is not None and taken.id == app.id
    return decisions, taken.id, taken.version


def _rate(db: TestDB, app_id: int) -> Decimal:
    with db.sessions() as s:
        app = s.get(Application, app_id)
        assert app is not None and app.recommended_rate is not None
        return app.recommended_rate


def test_the_ceiling_is_24_percent_by_default() -> None:
    assert SETTINGS["origination.max_cost_bp"].default == 2_400


def test_approval_above_the_ceiling_is_refused_naming_cost_and_ceiling(db: TestDB) -> None:
    decisions, app_id, version = _in_review(db)
    rate = _rate(db, app_id)
    # three months: 3 % taken up front costs about 24 points a year on its own
    with db.sessions() as s:
        today = business_date(s)
    schedule = build_schedule(2_000_000, rate, 3, Method.ANNUITY, today)
    expected = schedule_cost(schedule, 20_000 + 40_000)
    assert expected > Decimal("0.24")

    with pytest.raises(StateError) as refused:
        decisions.approve(app_id, version, term=3)

    match = _REFUSAL.search(str(refused.value))
    assert match is not None, str(refused.value)
    assert Decimal(match.group(1)) == (expected * 100).quantize(Decimal("0.01"))
    assert match.group(2) == "24.00"
    with pytest.raises(StateError, match=r"ceiling of 24\.00%"):
        decisions.recommend(app_id, version, term=3)
    with db.sessions() as s:  # nothing written
        app = s.get(Application, app_id)
        assert app is not None
        assert (app.status, app.offer_term, app.version) == ("in_review", None, version)


def test_longer_terms_pass_and_the_detail_states_the_cost(db: TestDB) -> None:
    decisions, app_id, version = _in_review(db)
    approved = decisions.approve(app_id, version)  # 12 months: well under 24 %
    assert approved.status == "approved"
    d = ApplicationQueries(db.user(Role.UNDERWRITER), FakeGate()).detail(app_id)
    assert d.cost is not None and d.quote is not None
    assert d.cost_ceiling == Decimal("0.24")
    assert (d.cost.origination_fee, d.cost.reserve, d.cost.received) == (
        20_000,
        40_000,
        1_940_000,
    )
    assert d.cost.annual_cost == schedule_cost(d.quote, 60_000)
    assert d.quote.annual_rate < d.cost.annual_cost < Decimal("0.24")


def test_an_admin_raising_the_ceiling_lets_the_same_terms_through(db: TestDB) -> None:
    decisions, app_id, version = _in_review(db)
    with pytest.raises(StateError, match=r"ceiling of 24\.00%"):
        decisions.approve(app_id, version, term=3)
    SettingsService(db.admin()).set("origination.max_cost_bp", 5_000)  # 50 %
    assert decisions.approve(app_id, version, term=3).status == "approved"
    with pytest.raises(PermissionDenied):
        SettingsService(db.user(Role.UNDERWRITER)).set("origination.max_cost_bp", 9_000)


def test_the_agreement_states_amounts_in_capital_numerals_and_the_cost(db: TestDB) -> None:
    decisions, app_id, version = _in_review(db)
    decisions.approve(app_id, version, amount=2_000_000, term=12)
    d = ApplicationQueries(db.user(Role.UNDERWRITER), FakeGate()).detail(app_id)
    assert d.cost is not None
    pdf = DocumentService(db.user(Role.SENIOR_UNDERWRITER), FakeGate(), db.vault).agreement_pdf(
        app_id
    )
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    assert "20,000.00元（人民币贰万元整）" in flat  # the principal
    assert "200.00元（人民币贰佰元整）" in flat  # the 1 % origination fee
    assert "400.00元（人民币肆佰元整）" in flat  # the 2 % risk reserve
    assert "19,400.00元（人民币壹万玖仟肆佰元整）" in flat  # what the borrower receives
    assert "综合年化成本" in flat
    assert f"{(d.cost.annual_cost * 100).quantize(Decimal('0.01'))}%" in flat
