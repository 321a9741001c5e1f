"""Every amount entry point refuses an amount above the hard ceiling, naming the
field, before writing anything (issue 20 #8: 92233720368547758.07 posted and then
overflowed a sum). Payments have their own tests (test_payment_guards.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.collections.arrangements import ArrangementService, even_plan
from app.customers.service import CustomerInput, insert_customer
from app.errors import ValidationError
from app.loans.funding import InvestorService
from app.loans.ledger import trial_balance
from app.loans.products import ProductService
from app.platform import load_state
from app.settings import get_setting
from db.models.collections import PaymentArrangement, PromiseToPay
from db.models.ledger import LedgerLine
from db.models.loans import Loan
from tests.db.reversal_support import Desk as FundingDesk
from tests.db.test_collections_service import Desk
from tests.loan_support import product_input
from tests.support import TestDB

HUGE = 9_223_372_036_854_775_807  # 92233720368547758.07: the largest BIGINT, in cents


def _ledger_lines(db: TestDB) -> int:
    with db.sessions() as s:
        return int(s.scalar(select(func.count(LedgerLine.id))) or 0)


def test_a_deposit_of_the_overflow_amount_is_refused_naming_the_field(db: TestDB) -> None:
    service = InvestorService(db.admin())
    investor = service.create("Overflow Ltd")
    before = _ledger_lines(db)
    with pytest.raises(ValidationError) as refused:
        service.deposit(investor.id, HUGE, "dep-huge")
    assert refused.value.field == "amount" and "largest amount" in str(refused.value)
    assert _ledger_lines(db) == before
    with db.sessions() as s:
        limit = int(get_setting(s, "amounts.max_amount"))
    service.deposit(investor.id, limit, "dep-max")  # the ceiling itself is allowed
    with db.sessions() as s:
        assert trial_balance(s) == 0


@pytest.mark.parametrize("field", ["min_amount", "max_amount", "late_fee"])
def test_product_amounts_are_capped(sqlite_db: TestDB, field: str) -> None:
    data = replace(product_input(), **{field: HUGE})
    if field == "min_amount":
        data = replace(data, max_amount=HUGE)
    with pytest.raises(ValidationError) as refused:
        ProductService(sqlite_db.admin()).create(data)
    assert refused.value.field == field


def test_a_customers_income_is_capped(sqlite_db: TestDB) -> None:
    with sqlite_db.sessions.begin() as s, pytest.raises(ValidationError) as refused:
        insert_customer(
            s, sqlite_db.vault, CustomerInput("individual", "Rich", monthly_income=HUGE), None
        )
    assert refused.value.field == "monthly income"


def test_an_application_amount_is_capped(sqlite_db: TestDB) -> None:
    from app.origination.service import ApplicationService
    from tests.origination_support import form, make_customer, make_product

    make_product(sqlite_db)
    customer = make_customer(sqlite_db)
    from app.security.permissions import Role

    officer = sqlite_db.user(Role.UNDERWRITER)
    with pytest.raises(ValidationError) as refused:
        ApplicationService(officer, sqlite_db.vault).submit(
            form(amount="92233720368547758.07"), customer_id=customer
        )
    assert "amount" in str(refused.value)


def test_a_funding_commitment_is_capped(sqlite_db: TestDB) -> None:
    desk = FundingDesk.open(sqlite_db)
    ids = desk.investors({"A": 10_000_000_00})
    with pytest.raises(ValidationError) as refused:
        desk.funded(2_000_000, 12, {ids["A"]: HUGE})
    assert refused.value.field == "holdings" and "largest amount" in str(refused.value)


def test_a_promise_is_capped_by_what_is_owed(sqlite_db: TestDB) -> None:
    desk = Desk(sqlite_db)
    service = desk.cases(desk.agent)
    with sqlite_db.sessions() as s:
        today = load_state(s).business_date
    for amount in (HUGE, 1_200_000 * 2):
        with pytest.raises(ValidationError) as refused:
            service.make_promise(desk.case.id, amount, today + timedelta(days=3))
        assert refused.value.field == "promise amount"
    service.make_promise(desk.case.id, 50_000, today + timedelta(days=3))
    with sqlite_db.sessions() as s:
        assert s.scalar(select(func.count(PromiseToPay.id))) == 1


def test_an_arrangement_plan_line_is_capped(sqlite_db: TestDB) -> None:
    desk = Desk(sqlite_db)
    with sqlite_db.sessions() as s:
        today = load_state(s).business_date
    owed = ArrangementService(desk.agent).outstanding(desk.case.id)
    plan = even_plan(owed, today + timedelta(days=5), 2)
    plan[0] = (plan[0][0], HUGE)
    with pytest.raises(ValidationError) as refused:
        ArrangementService(desk.agent).propose(desk.case.id, plan, "too much")
    assert refused.value.field == "plan installment 1"
    with sqlite_db.sessions() as s:
        assert s.scalar(select(func.count(PaymentArrangement.id))) == 0


def test_a_disbursement_principal_and_holding_are_capped(sqlite_db: TestDB) -> None:
    """Refused naming the field, with nothing written: a principal above the product's
    range, a holding above the ceiling before the holdings' sum is looked at."""
    from app.loans.disbursement import LoanService
    from tests.loan_support import LoanWorld

    world = LoanWorld(sqlite_db)
    service = LoanService(world.ctx)
    for principal, holdings, field, says in (
        (HUGE, {world.investors[0]: HUGE}, "principal", "must be within"),
        (1_000_000, {world.investors[0]: HUGE, world.investors[1]: 1}, "holdings",
         "largest amount"),
    ):  # fmt: skip
        with world.ctx.transaction() as s, pytest.raises(ValidationError) as refused:
            service.disburse_in(s, world.customers[0], world.product.id, "B", principal, 12,
                                holdings)  # fmt: skip
        assert refused.value.field == field and says in str(refused.value)
    with sqlite_db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 0


def test_a_reschedule_plan_line_is_capped(sqlite_db: TestDB) -> None:
    from app.loans.reschedule import RescheduleService
    from app.security.permissions import Role
    from tests.db.test_loans_reschedule import TODAY, _loan, _plan
    from tests.loan_support import LoanWorld

    world = LoanWorld(sqlite_db, TODAY)
    loan_id = _loan(world)
    plan = list(_plan(sqlite_db, loan_id))
    plan[1] = replace(plan[1], principal=HUGE)
    supervisor = sqlite_db.user(Role.COLLECTIONS_SUPERVISOR)
    with pytest.raises(ValidationError) as refused:
        RescheduleService(supervisor).reschedule(loan_id, plan)
    assert refused.value.field == "plan installment 2" and "largest amount" in str(refused.value)
