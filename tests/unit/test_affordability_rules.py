"""Affordability rules (issue 13 #5): the platform's own installments count in the
DTI, stated income is checked against the income on file, balloons are named, and the
borrowing cap's headroom is never shown below zero."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.loans.schedule import Method, build_schedule
from app.origination.affordability import (
    CapHeadroom,
    IncomeCheck,
    OpenInstallment,
    PlatformDebt,
    assess,
    balloon_payment,
    dti_bp,
    monthly_commitment,
    months_until,
    running_loan_monthly,
)

TODAY = date(2026, 3, 1)


def _open(method: Method, amount: int, term: int, start: date) -> list[OpenInstallment]:
    schedule = build_schedule(amount, Decimal("0.10"), term, method, start)
    return [
        OpenInstallment(i.due_date, i.principal, i.interest, i.principal + i.interest)
        for i in schedule.installments
    ]


def test_a_running_134402_loan_is_existing_debt_not_just_the_stated_100() -> None:
    """The golden example of the issue: stated debt 100.00 and a loan of 134,402.00
    running on this platform; the existing debt is not 100.00."""
    running = _open(Method.ANNUITY, 13_440_200, 12, date(2026, 2, 1))
    monthly = running_loan_monthly(Method.ANNUITY, running, TODAY)
    assert monthly == 1_181_607  # 11,816.07, the loan's installment at 10 % over 12 months
    new = build_schedule(2_000_000, Decimal("0.12"), 12, Method.ANNUITY, TODAY)
    a = assess(3_000_000, 10_000, new, 5_000, PlatformDebt(loans=monthly))
    assert a.existing_debt == 10_000 + 1_181_607 != 10_000
    assert a.stated_debt == 10_000 and a.platform.loans == 1_181_607
    assert a.dti_bp == dti_bp(3_000_000, 10_000 + 1_181_607, monthly_commitment(new))
    assert a.dti_bp == 4564  # (100.00 + 11,816.07 + 1,776.98) / 30,000.00
    assert a.dti_bp > assess(3_000_000, 10_000, new, 5_000).dti_bp


def test_running_loans_by_method() -> None:
    paid_some = _open(Method.EQUAL_PRINCIPAL, 1_200_000, 12, date(2025, 12, 1))[3:]
    assert running_loan_monthly(Method.EQUAL_PRINCIPAL, paid_some, TODAY) == (
        paid_some[0].principal + paid_some[0].interest
    )
    interest_only = _open(Method.INTEREST_ONLY, 1_200_000, 6, date(2026, 2, 1))
    assert running_loan_monthly(Method.INTEREST_ONLY, interest_only, TODAY) == 10_000
    last = interest_only[-1:]  # the balloon is the next one due: it costs its whole amount
    assert running_loan_monthly(Method.INTEREST_ONLY, last, last[0].due_date) == last[0].owed
    bullet = _open(Method.BULLET, 1_200_000, 12, date(2026, 1, 1))  # due 2027-01-01
    assert months_until(TODAY, bullet[0].due_date) == 10
    assert running_loan_monthly(Method.BULLET, bullet, TODAY) == (bullet[0].owed + 5) // 10
    assert running_loan_monthly(Method.ANNUITY, [], TODAY) == 0


def test_balloons_are_named_for_bullet_and_interest_only() -> None:
    def schedule(method: Method, term: int = 12):  # type: ignore[no-untyped-def]
        return build_schedule(1_200_000, Decimal("0.12"), term, method, TODAY)

    assert balloon_payment(schedule(Method.ANNUITY)) is None
    assert balloon_payment(schedule(Method.EQUAL_PRINCIPAL)) is None
    assert balloon_payment(schedule(Method.INTEREST_ONLY)) == 1_212_000
    assert balloon_payment(schedule(Method.BULLET)) == schedule(Method.BULLET).total_payment
    assert balloon_payment(schedule(Method.BULLET, 1)) is None  # one payment is no balloon


def test_income_check_against_the_income_on_file() -> None:
    assert IncomeCheck(1_500_000, 1_000_000, 2_000).mismatch  # 50 % above
    assert IncomeCheck(1_500_000, 1_000_000, 2_000).deviation_bp == 5_000
    assert not IncomeCheck(1_200_000, 1_000_000, 2_000).mismatch  # exactly at the tolerance
    assert IncomeCheck(700_000, 1_000_000, 2_000).mismatch  # below counts too
    assert not IncomeCheck(1_500_000, None, 2_000).mismatch
    assert IncomeCheck(1_500_000, None, 2_000).deviation_bp is None


def test_cap_headroom_golden() -> None:
    h = CapHeadroom(cap=20_000_000, owed=13_440_200, amount=6_000_000)
    assert (h.available, h.after, h.excess) == (6_559_800, 559_800, 0)
    over = CapHeadroom(cap=20_000_000, owed=13_440_200, amount=8_000_000)
    assert (over.available, over.after, over.excess) == (6_559_800, 0, 1_440_200)
    beyond = CapHeadroom(cap=10_000_000, owed=13_440_200, amount=100_000)
    assert (beyond.available, beyond.after, beyond.excess) == (0, 0, 3_540_200)


money = st.integers(min_value=0, max_value=10**12)


@given(money, money, money, money)
def test_dti_is_monotonic_in_debt(income: int, debt: int, more: int, new: int) -> None:
    assert dti_bp(income, debt, new) <= dti_bp(income, debt + more, new)


@given(money, money, money, money, money)
def test_platform_debt_never_lowers_the_dti(
    income: int, stated: int, loans: int, offers: int, amount: int
) -> None:
    schedule = build_schedule(max(amount, 100), Decimal("0.1"), 12, Method.ANNUITY, TODAY)
    without = assess(income, stated, schedule, 5_000)
    with_platform = assess(income, stated, schedule, 5_000, PlatformDebt(loans, offers))
    assert with_platform.existing_debt == stated + loans + offers
    assert with_platform.dti_bp >= without.dti_bp
    assert with_platform.headroom <= without.headroom


@given(money, money, money)
def test_cap_headroom_is_never_shown_below_zero(cap: int, owed: int, amount: int) -> None:
    h = CapHeadroom(cap, owed, amount)
    assert h.available >= 0 and h.after >= 0 and h.excess >= 0
    assert (h.excess > 0) == (owed + amount > cap)
    assert h.after <= h.available
    if h.excess == 0:
        assert h.after == cap - owed - amount
    else:
        assert h.after == 0


@given(
    st.sampled_from(list(Method)),
    st.integers(min_value=100_00, max_value=10**9),
    st.integers(min_value=1, max_value=36),
)
def test_running_loan_monthly_is_positive_and_bounded(
    method: Method, amount: int, term: int
) -> None:
    open_ = _open(method, amount, term, TODAY)
    monthly = running_loan_monthly(method, open_, TODAY)
    assert 0 < monthly <= sum(i.owed for i in open_)
    balloon = balloon_payment(build_schedule(amount, Decimal("0.10"), term, method, TODAY))
    assert (balloon is not None) == (method in (Method.BULLET, Method.INTEREST_ONLY) and term > 1)


@given(money, money, st.integers(min_value=0, max_value=100_000))
def test_income_mismatch_means_beyond_the_tolerance(stated: int, on_file: int, tol: int) -> None:
    check = IncomeCheck(stated, on_file, tol)
    if on_file == 0:
        assert not check.mismatch
    else:
        assert check.mismatch == (check.deviation_bp is not None and check.deviation_bp > tol)
        assert IncomeCheck(on_file, on_file, tol).mismatch is False
