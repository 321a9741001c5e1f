"""The reschedule rule, pure: principals fit exactly, the ledger stays balanced, and
removing a payment (a reversal) before or after a reschedule replays consistently."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendar import add_months
from app.loans.allocation import DEFAULT_ORDER
from app.loans.loan_state import HoldingTerms, LoanTerms, PaymentEvent, RescheduleEvent
from app.loans.replay import replay
from app.loans.reschedule_rules import fit_principals, with_interest
from app.loans.schedule import Method

START = date(2026, 1, 31)


def _terms(principal: int, method: Method) -> LoanTerms:
    return LoanTerms(
        principal=principal, annual_rate=Decimal("0.12"), term=12, method=method,
        disbursed_on=START, origination_fee=0, reserve_amount=0,
        service_fee_rate=Decimal("0.1"), late_fee=30_00, grace_days=3,
        penalty_rate=Decimal("0.0005"), allocation_order=DEFAULT_ORDER,
        prepayment_rule="shorten_term",
    )  # fmt: skip


@given(
    principals=st.lists(st.integers(0, 10**7), min_size=1, max_size=12),
    outstanding=st.integers(0, 10**8),
)
def test_fitted_principals_sum_exactly_and_never_go_negative(
    principals: list[int], outstanding: int
) -> None:
    fitted = fit_principals(principals, outstanding)
    assert sum(fitted) == outstanding and min(fitted) >= 0 and len(fitted) == len(principals)


@settings(max_examples=60, deadline=None)
@given(
    principal=st.integers(1_000_00, 200_000_00),
    method=st.sampled_from([Method.ANNUITY, Method.EQUAL_PRINCIPAL, Method.INTEREST_ONLY]),
    at=st.integers(20, 250),
    lines=st.integers(1, 8),
    pays=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 50_000_00)), max_size=4),
)
def test_replay_with_a_reschedule_balances_and_reversals_replay(
    principal: int, method: Method, at: int, lines: int, pays: list[tuple[int, int]]
) -> None:
    terms = _terms(principal, method)
    holdings = [HoldingTerms(1, 1, principal)]
    on = START + timedelta(days=at)
    payments = [
        PaymentEvent(k + 1, START + timedelta(days=d), k + 1, amount)
        for k, (d, amount) in enumerate(pays)
    ]
    before = replay(terms, holdings, [p for p in payments if p.value_date <= on], None, on)
    if before.status != "active":
        return
    owed = sum(i.out_principal for i in before.installments if not i.cancelled)
    share = owed // lines
    dated = [(add_months(on, k + 1), share) for k in range(lines)]
    dated[-1] = (dated[-1][0], owed - share * (lines - 1))
    plan = RescheduleEvent(on, 100, with_interest(dated, owed, terms.annual_rate))
    through = on + timedelta(days=500)
    full = replay(terms, holdings, payments, None, through, [plan])
    assert sum(full.ledger.values()) == 0
    live = [i for i in full.installments if not i.cancelled]
    ledger_principal = sum(
        v for (acct, _i, _t), v in full.ledger.items() if acct == "RECV_PRINCIPAL"
    )
    assert ledger_principal == sum(i.out_principal for i in live)
    assert all(i.out_principal >= 0 and i.out_interest >= 0 for i in full.installments)
    # at the effective date the new installments carry exactly the principal owed
    at_plan = replay(terms, holdings, [p for p in payments if p.value_date <= on], None, on, [plan])
    new = [i for i in at_plan.installments if i.n > terms.term]
    assert [i.due_date for i in new] == [d for d, _ in dated]
    assert sum(i.principal for i in new) == owed
    assert all(i.out_total == 0 or i.status == "rescheduled" for i in at_plan.installments[:12])
    # a reversal is the same history without the payment: it replays and balances too
    if payments:
        without = replay(terms, holdings, payments[1:], None, through, [plan])
        assert sum(without.ledger.values()) == 0
