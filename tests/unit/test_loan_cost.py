"""The annualised comprehensive cost (综合年化成本): 12 x the monthly IRR of what the
borrower receives against every scheduled payment. Golden vectors worked out by hand
or in closed form, plus properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.loans.cost import COST_PLACES, annualised_cost, schedule_cost
from app.loans.schedule import Method, build_schedule

START = date(2026, 1, 15)


def _closed_form(received: int, paid: int, months: int) -> Decimal:
    """12 x ((paid / received) ** (1 / months) - 1): one payment after ``months``."""
    with localcontext() as ctx:
        ctx.prec = 50
        monthly = ((Decimal(paid) / received).ln() / months).exp() - 1
        return (monthly * 12).quantize(COST_PLACES)


def test_hand_vectors() -> None:
    assert annualised_cost(10_000, [11_000]) == Decimal("1.2")  # 10 % a month
    assert annualised_cost(10_000, [0, 12_100]) == Decimal("1.2")  # 10 % compounded twice
    assert annualised_cost(10_000, [10_000]) == Decimal(0)
    # the 2-month annuity at 10 % a month pays 57.619047... twice; 57.62 is a hair more
    cost = annualised_cost(10_000, [5_762, 5_762])
    assert Decimal("1.2") < cost < Decimal("1.2002")


def test_interest_only_without_fees_costs_exactly_its_nominal_rate() -> None:
    s = build_schedule(10_000_000, Decimal("0.12"), 12, Method.INTEREST_ONLY, START)
    assert schedule_cost(s, 0) == Decimal("0.12")


def test_equal_installments_without_fees_cost_the_nominal_rate() -> None:
    s = build_schedule(10_000_000, Decimal("0.049"), 12, Method.ANNUITY, START)
    assert s.installments[0].payment == 855_617
    cost = schedule_cost(s, 0)
    assert abs(cost - Decimal("0.049")) < Decimal("0.00001")  # only the cent rounding
    s = build_schedule(10_000_000, Decimal("0.18"), 36, Method.EQUAL_PRINCIPAL, START)
    assert abs(schedule_cost(s, 0) - Decimal("0.18")) < Decimal("0.00001")


def test_a_two_percent_up_front_fee_costs_more() -> None:
    s = build_schedule(10_000_000, Decimal("0.12"), 12, Method.ANNUITY, START)
    with_fee = schedule_cost(s, 200_000)
    # 98,000.00 received against 12 x 8,884.88: about 15.8 % a year
    assert Decimal("0.1575") < with_fee < Decimal("0.1590")
    assert with_fee > schedule_cost(s, 0)
    # the rate found discounts the payments back to what was received, to the cent
    monthly = with_fee / 12
    pv = sum(i.payment / (1 + monthly) ** i.n for i in s.installments)
    assert abs(pv - 9_800_000) < 1


def test_bullet_loans_match_the_closed_form() -> None:
    s = build_schedule(1_000_000, Decimal("0.12"), 12, Method.BULLET, START)
    assert [i.payment for i in s.installments] == [1_120_000]
    assert schedule_cost(s, 0) == _closed_form(1_000_000, 1_120_000, 12)  # 11.39 %
    assert schedule_cost(s, 0) < Decimal("0.12")
    assert schedule_cost(s, 20_000) == _closed_form(980_000, 1_120_000, 12)  # (8/7)^(1/12)
    assert schedule_cost(s, 20_000).quantize(Decimal("0.0001")) == Decimal("0.1343")


def test_impossible_flows_are_refused() -> None:
    with pytest.raises(ValueError):
        annualised_cost(0, [100])
    with pytest.raises(ValueError):
        annualised_cost(100, [])
    with pytest.raises(ValueError):
        annualised_cost(100, [99])


@settings(max_examples=40, deadline=None)
@given(
    amount=st.integers(min_value=100_000, max_value=100_000_000),
    rate_bp=st.integers(min_value=0, max_value=3_600),
    term=st.integers(min_value=1, max_value=60),
    method=st.sampled_from([Method.ANNUITY, Method.EQUAL_PRINCIPAL, Method.INTEREST_ONLY]),
    fee_bp=st.integers(min_value=1, max_value=500),
)
def test_fees_always_raise_the_cost_above_the_nominal_rate(
    amount: int, rate_bp: int, term: int, method: Method, fee_bp: int
) -> None:
    rate = Decimal(rate_bp) / 10_000
    s = build_schedule(amount, rate, term, method, START)
    plain = schedule_cost(s, 0)
    assert abs(plain - rate) < Decimal("0.0005")  # payments are rounded to the cent
    fee = amount * fee_bp // 10_000
    assert schedule_cost(s, fee) > plain
