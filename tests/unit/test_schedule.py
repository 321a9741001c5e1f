"""Repayment schedules: golden vectors, calendar rules and properties of every method."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendar import add_months, days_between, due_dates
from app.errors import ValidationError
from app.loans.schedule import (
    MAX_TERM,
    Installment,
    Method,
    PrepaymentRule,
    Schedule,
    annuity_payment,
    build_schedule,
    period_interest,
    rebuild_after_prepayment,
)

START = date(2024, 1, 31)


def rows(schedule: Schedule | tuple[Installment, ...]) -> list[tuple[int, int, int, int]]:
    items = schedule.installments if isinstance(schedule, Schedule) else schedule
    return [(i.principal, i.interest, i.payment, i.balance) for i in items]


# --- calendar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "k", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 1, 31), 2, date(2024, 3, 31)),  # counted from the start, not chained
        (date(2024, 1, 31), 3, date(2024, 4, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # 2100 is not a leap year
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # 2000 is
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 17), 0, date(2024, 5, 17)),
        (date(2024, 1, 1), 360, date(2054, 1, 1)),
    ],
)
def test_add_months(start: date, k: int, expected: date) -> None:
    assert add_months(start, k) == expected


def test_add_months_out_of_range() -> None:
    with pytest.raises(ValueError, match="supported years"):
        add_months(date(9999, 12, 1), 1)


def test_due_dates_are_counted_from_the_start() -> None:
    assert due_dates(date(2024, 1, 31), 4) == [
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]
    with pytest.raises(ValueError, match="term"):
        due_dates(START, 0)


def test_days_between() -> None:
    assert days_between(date(2024, 2, 28), date(2024, 3, 1)) == 2
    assert days_between(date(2023, 2, 28), date(2023, 3, 1)) == 1
    assert days_between(date(2024, 3, 1), date(2024, 2, 28)) == -2


# --- golden vectors -------------------------------------------------------------------


def test_golden_annuity_100k_at_4_9_percent_over_12_months() -> None:
    s = build_schedule(10_000_000, Decimal("0.049"), 12, Method.ANNUITY, START)
    assert [i.payment for i in s.installments[:11]] == [855_617] * 11
    assert s.installments[0] == Installment(
        1, date(2024, 2, 29), 814_784, 40_833, 855_617, 9_185_216
    )
    assert s.installments[10].balance == 852_132
    # The last installment absorbs the rounding residue.
    assert s.installments[-1] == Installment(12, date(2025, 1, 31), 852_132, 3_480, 855_612, 0)
    assert s.total_interest == 267_399
    assert s.total_payment == 10_267_399
    assert s.total_principal == 10_000_000


def test_golden_annuity_100_at_7_percent_over_6_months() -> None:
    s = build_schedule(10_000, Decimal("0.07"), 6, Method.ANNUITY, START)
    assert rows(s) == [
        (1643, 58, 1701, 8357),
        (1652, 49, 1701, 6705),
        (1662, 39, 1701, 5043),
        (1672, 29, 1701, 3371),
        (1681, 20, 1701, 1690),
        (1690, 10, 1700, 0),
    ]
    assert s.total_interest == 205


def test_golden_equal_principal() -> None:
    s = build_schedule(10_000, Decimal("0.07"), 6, Method.EQUAL_PRINCIPAL, START)
    assert rows(s) == [
        (1667, 58, 1725, 8333),
        (1667, 49, 1716, 6666),
        (1667, 39, 1706, 4999),
        (1667, 29, 1696, 3332),
        (1667, 19, 1686, 1665),
        (1665, 10, 1675, 0),
    ]


def test_golden_interest_only() -> None:
    s = build_schedule(10_000_000, Decimal("0.049"), 3, Method.INTEREST_ONLY, START)
    assert rows(s) == [
        (0, 40_833, 40_833, 10_000_000),
        (0, 40_833, 40_833, 10_000_000),
        (10_000_000, 40_833, 10_040_833, 0),
    ]


def test_golden_bullet() -> None:
    s = build_schedule(10_000_000, Decimal("0.049"), 12, Method.BULLET, START)
    assert s.installments == (
        Installment(1, date(2025, 1, 31), 10_000_000, 490_000, 10_490_000, 0),
    )
    # 100.00 at 7 % for 5 months: 2.916666... rounds once to 2.92.
    s = build_schedule(10_000, Decimal("0.07"), 5, Method.BULLET, START)
    assert rows(s) == [(10_000, 292, 10_292, 0)]


def test_zero_rate_annuity_is_an_equal_split_with_the_residue_last() -> None:
    s = build_schedule(10_000, Decimal(0), 3, Method.ANNUITY, START)
    assert rows(s) == [(3333, 0, 3333, 6667), (3333, 0, 3333, 3334), (3334, 0, 3334, 0)]
    s = build_schedule(100_000, Decimal(0), 6, Method.ANNUITY, START)
    assert [i.payment for i in s.installments] == [16_667] * 5 + [16_665]


def test_tiny_amount_over_long_term_never_goes_negative() -> None:
    s = build_schedule(200, Decimal(0), 360, Method.ANNUITY, START)
    assert sum(i.principal for i in s.installments) == 200
    assert min(i.balance for i in s.installments) == 0
    assert all(i.principal >= 0 for i in s.installments)


def test_annuity_payment_and_period_interest() -> None:
    assert annuity_payment(10_000_000, Decimal("0.049"), 12) == 855_617
    assert annuity_payment(10_000, Decimal("0.07"), 6) == 1701
    assert period_interest(10_000_000, Decimal("0.049")) == 40_833  # 40833.33...
    assert period_interest(6, Decimal("1")) == 1  # 0.5 rounds up


# --- validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -100}, "amount"),
        ({"term": 0}, "term"),
        ({"term": 361}, "term"),
        ({"annual_rate": Decimal("-0.01")}, "annual_rate"),
        ({"annual_rate": Decimal("NaN")}, "annual_rate"),
        ({"annual_rate": Decimal("0.25"), "max_rate": Decimal("0.24")}, "annual_rate"),
        ({"method": "monthly"}, "method"),
        ({"start": date(9999, 6, 1)}, "start"),
    ],
)
def test_build_schedule_validation(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "amount": 10_000,
        "annual_rate": Decimal("0.05"),
        "term": 12,
        "method": Method.ANNUITY,
        "start": START,
    }
    args.update(kwargs)
    with pytest.raises(ValidationError) as info:
        build_schedule(**args)  # type: ignore[arg-type]
    assert info.value.field == field


def test_max_rate_is_inclusive_and_term_bounds_work() -> None:
    s = build_schedule(
        10_000, Decimal("0.24"), MAX_TERM, Method.ANNUITY, START, max_rate=Decimal("0.24")
    )
    assert len(s.installments) == MAX_TERM
    assert len(build_schedule(10_000, Decimal("0.24"), 1, Method.ANNUITY, START).installments) == 1


# --- properties of every method -------------------------------------------------------

amounts = st.integers(min_value=1, max_value=10**11)
rates = st.decimals(min_value=0, max_value=Decimal("0.36"), places=6)
terms = st.integers(min_value=1, max_value=MAX_TERM)
starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def check_invariants(s: Schedule) -> None:
    items = s.installments
    assert sum(i.principal for i in items) == s.amount
    assert items[-1].balance == 0
    previous_balance = s.amount
    for index, item in enumerate(items):
        assert item.n == index + 1
        assert item.principal >= 0
        assert item.interest >= 0
        assert item.payment == item.principal + item.interest
        assert 0 <= item.balance <= previous_balance
        assert item.balance == previous_balance - item.principal
        previous_balance = item.balance
    dates = [i.due_date for i in items]
    assert all(a < b for a, b in itertools.pairwise(dates))
    assert dates[-1] == add_months(s.start, s.term)
    assert s.total_payment == s.total_interest + s.amount


@settings(deadline=None, max_examples=60)
@given(amounts, rates, terms, starts)
def test_annuity_properties(amount: int, rate: Decimal, term: int, start: date) -> None:
    s = build_schedule(amount, rate, term, Method.ANNUITY, start)
    check_invariants(s)
    assert len(s.installments) == term
    assert [i.due_date for i in s.installments] == due_dates(start, term)
    payment = annuity_payment(amount, rate, term)
    # Every installment but the last pays the level payment unless the loan is already repaid.
    for item in s.installments[:-1]:
        assert item.payment == payment or item.balance == 0


@settings(deadline=None, max_examples=60)
@given(amounts, rates, terms, starts)
def test_equal_principal_properties(amount: int, rate: Decimal, term: int, start: date) -> None:
    s = build_schedule(amount, rate, term, Method.EQUAL_PRINCIPAL, start)
    check_invariants(s)
    assert len(s.installments) == term
    payments = [i.payment for i in s.installments[:-1]]
    assert payments == sorted(payments, reverse=True)  # payments fall as the balance falls


@settings(deadline=None, max_examples=60)
@given(amounts, rates, terms, starts)
def test_interest_only_properties(amount: int, rate: Decimal, term: int, start: date) -> None:
    s = build_schedule(amount, rate, term, Method.INTEREST_ONLY, start)
    check_invariants(s)
    assert len(s.installments) == term
    assert all(i.principal == 0 for i in s.installments[:-1])
    assert {i.interest for i in s.installments} == {period_interest(amount, rate)}


@settings(deadline=None, max_examples=60)
@given(amounts, rates, terms, starts)
def test_bullet_properties(amount: int, rate: Decimal, term: int, start: date) -> None:
    s = build_schedule(amount, rate, term, Method.BULLET, start)
    check_invariants(s)
    (only,) = s.installments
    exact = amount * Fraction(rate) * term / 12
    assert abs(only.interest - exact) <= Fraction(1, 2)


@settings(deadline=None, max_examples=40)
@given(
    st.integers(min_value=100_000, max_value=10**10),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("0.24"), places=4),
    st.integers(min_value=1, max_value=60),
)
def test_annuity_residue_is_small_for_realistic_loans(
    amount: int, rate: Decimal, term: int
) -> None:
    s = build_schedule(amount, rate, term, Method.ANNUITY, START)
    payment = annuity_payment(amount, rate, term)
    assert abs(s.installments[-1].payment - payment) <= term


# --- prepayment -----------------------------------------------------------------------


def test_prepayment_lower_installment_keeps_the_count() -> None:
    s = build_schedule(10_000_000, Decimal("0.049"), 12, Method.ANNUITY, START)
    remaining = s.installments[2].balance - 2_000_000  # 20,000.00 prepaid after month 3
    dates = [i.due_date for i in s.installments[3:]]
    rebuilt = rebuild_after_prepayment(
        remaining, Decimal("0.049"), Method.ANNUITY, dates, 855_617, "lower_installment", first_n=4
    )
    assert [i.n for i in rebuilt] == list(range(4, 13))
    assert [i.due_date for i in rebuilt] == dates
    new_payment = annuity_payment(remaining, Decimal("0.049"), 9)
    assert new_payment == 628_833
    assert [i.payment for i in rebuilt[:-1]] == [new_payment] * 8
    assert sum(i.principal for i in rebuilt) == remaining
    assert rebuilt[-1].balance == 0


def test_prepayment_shorten_term_keeps_the_payment() -> None:
    s = build_schedule(10_000_000, Decimal("0.049"), 12, Method.ANNUITY, START)
    remaining = s.installments[2].balance - 2_000_000
    dates = [i.due_date for i in s.installments[3:]]
    rebuilt = rebuild_after_prepayment(
        remaining, Decimal("0.049"), Method.ANNUITY, dates, 855_617, "shorten_term", first_n=4
    )
    assert [i.n for i in rebuilt] == list(range(4, 11))  # two installments dropped
    assert [i.due_date for i in rebuilt] == dates[:7]
    assert [i.payment for i in rebuilt[:-1]] == [855_617] * 6
    assert 0 < rebuilt[-1].payment <= 855_617
    assert sum(i.principal for i in rebuilt) == remaining
    assert rebuilt[-1].balance == 0


def test_prepayment_equal_principal_and_interest_only() -> None:
    dates = due_dates(START, 4)
    shortened = rebuild_after_prepayment(
        5000, Decimal("0.12"), Method.EQUAL_PRINCIPAL, dates, 2000, "shorten_term"
    )
    assert rows(shortened) == [(2000, 50, 2050, 3000), (2000, 30, 2030, 1000), (1000, 10, 1010, 0)]
    lowered = rebuild_after_prepayment(
        5000, Decimal("0.12"), Method.EQUAL_PRINCIPAL, dates, 2000, "lower_installment"
    )
    assert [i.principal for i in lowered] == [1250] * 4
    interest_only = rebuild_after_prepayment(
        5000, Decimal("0.12"), Method.INTEREST_ONLY, dates, 0, "shorten_term"
    )
    assert rows(interest_only) == [(0, 50, 50, 5000)] * 3 + [(5000, 50, 5050, 0)]


def test_prepayment_edge_cases() -> None:
    dates = due_dates(START, 3)
    assert (
        rebuild_after_prepayment(0, Decimal("0.1"), Method.ANNUITY, dates, 100, "shorten_term")
        == ()
    )
    with pytest.raises(ValidationError) as info:
        rebuild_after_prepayment(100, Decimal("0.1"), Method.BULLET, dates, 100, "shorten_term")
    assert info.value.field == "method"
    with pytest.raises(ValidationError) as info:
        rebuild_after_prepayment(100, Decimal("0.1"), Method.ANNUITY, [], 100, "shorten_term")
    assert info.value.field == "next_due_dates"
    with pytest.raises(ValidationError) as info:
        rebuild_after_prepayment(
            100, Decimal("0.1"), Method.ANNUITY, dates[::-1], 100, "lower_installment"
        )
    assert info.value.field == "next_due_dates"
    with pytest.raises(ValidationError) as info:
        rebuild_after_prepayment(100, Decimal("0.1"), Method.ANNUITY, dates, 0, "shorten_term")
    assert info.value.field == "original_payment"
    with pytest.raises(ValidationError) as info:  # 1.00 a month never repays 1,000.00 at 12 %
        rebuild_after_prepayment(
            100_000, Decimal("0.12"), Method.ANNUITY, dates, 100, "shorten_term"
        )
    assert info.value.field == "original_payment"
    with pytest.raises(ValidationError) as info:
        rebuild_after_prepayment(-1, Decimal("0.1"), Method.ANNUITY, dates, 10, "shorten_term")
    assert info.value.field == "remaining_principal"


@settings(deadline=None, max_examples=60)
@given(
    amounts,
    rates,
    st.integers(min_value=1, max_value=120),
    st.sampled_from([Method.ANNUITY, Method.EQUAL_PRINCIPAL, Method.INTEREST_ONLY]),
    st.sampled_from(["shorten_term", "lower_installment"]),
    st.integers(min_value=1, max_value=10**10),
)
def test_prepayment_properties(
    remaining: int, rate: Decimal, count: int, method: Method, rule: PrepaymentRule, recurring: int
) -> None:
    dates = due_dates(START, count)
    shortens_annuity = rule == "shorten_term" and method is Method.ANNUITY
    if shortens_annuity and recurring <= period_interest(remaining, rate):
        with pytest.raises(ValidationError) as info:
            rebuild_after_prepayment(remaining, rate, method, dates, recurring, "shorten_term")
        assert info.value.field == "original_payment"
        return
    rebuilt = rebuild_after_prepayment(
        remaining,
        rate,
        method,
        dates,
        recurring,
        rule,
        first_n=7,
    )
    assert 1 <= len(rebuilt) <= count
    assert [i.due_date for i in rebuilt] == dates[: len(rebuilt)]
    assert [i.n for i in rebuilt] == list(range(7, 7 + len(rebuilt)))
    assert sum(i.principal for i in rebuilt) == remaining
    balance = remaining
    for item in rebuilt:
        assert item.principal >= 0
        assert item.payment == item.principal + item.interest
        assert item.balance == balance - item.principal >= 0
        balance = item.balance
    assert balance == 0
    if rule == "lower_installment" or method is Method.INTEREST_ONLY:
        assert len(rebuilt) == count
    elif method is Method.ANNUITY:
        assert all(i.payment == recurring for i in rebuilt[:-1])
        assert all(i.principal > 0 for i in rebuilt)
        assert rebuilt[-1].payment <= recurring or len(rebuilt) == count
    else:
        assert all(i.principal == recurring for i in rebuilt[:-1])
        assert rebuilt[-1].principal <= recurring or len(rebuilt) == count
