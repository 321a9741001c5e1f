"""The pure loan engine: accruing runs of days at once equals accruing day by day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.loans.allocation import DEFAULT_ORDER
from app.loans.loan_state import HoldingTerms, LoanTerms, PaymentEvent
from app.loans.replay import _Engine, replay
from app.loans.schedule import Method

START = date(2026, 1, 31)


def _terms(principal: int, term: int, grace: int, method: Method) -> LoanTerms:
    return LoanTerms(
        principal=principal, annual_rate=Decimal("0.15"), term=term, method=method,
        disbursed_on=START, origination_fee=0, reserve_amount=0,
        service_fee_rate=Decimal("0.1"), late_fee=30_00, grace_days=grace,
        penalty_rate=Decimal("0.00051"), allocation_order=DEFAULT_ORDER,
        prepayment_rule="shorten_term",
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    principal=st.integers(100_00, 500_000_00),
    term=st.integers(1, 12),
    grace=st.integers(0, 10),
    method=st.sampled_from(list(Method)),
    days=st.integers(0, 500),
    pays=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 300_000_00)), max_size=4),
)
def test_block_accrual_equals_day_by_day(
    principal: int, term: int, grace: int, method: Method, days: int,
    pays: list[tuple[int, int]],
) -> None:  # fmt: skip
    terms = _terms(principal, term, grace, method)
    holdings = [HoldingTerms(1, 1, principal)]
    events = sorted(
        (PaymentEvent(i + 1, START + timedelta(days=d), i + 1, amount)
         for i, (d, amount) in enumerate(pays)),
        key=lambda e: (e.value_date, e.seq),
    )  # fmt: skip
    end = START + timedelta(days=days)
    fast = replay(terms, holdings, [e for e in events if e.value_date <= end], None, end)
    slow = _Engine(terms, holdings)
    day = START
    pending = [e for e in events if e.value_date <= end]
    while True:
        for ev in [e for e in pending if e.value_date == day]:
            slow.pay(ev)
        if day == end:
            break
        day += timedelta(days=1)
        slow.advance(day)  # exactly one day
    assert fast.installments == slow.insts
    assert +fast.ledger == +slow.led
    assert sum(fast.ledger.values()) == 0
