"""Affordability: the monthly commitment of a new loan and debt-to-income (DTI).

DTI is in basis points (an int; 4500 = 45.00 %) of monthly income:
``(existing monthly debt payments + the new loan's monthly commitment) / income``.
Existing debt is what the applicant states they pay elsewhere plus what they pay on
this platform: the installments of their running loans and of offers approved but not
yet paid out (issue 13 #5). Pure rules: no session, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.loans.schedule import Method, Schedule
from app.money import div_round_half_up

NO_INCOME_DTI_BP = 99_999
"""The DTI reported when income is zero (any debt is unaffordable)."""


def monthly_commitment(schedule: Schedule) -> int:
    """What the new loan costs a month, minor units.

    Annuity and equal principal: the first (largest) installment. Interest-only: the
    regular interest payment (the balloon is refinanced or saved for). Bullet: the
    total repayment spread evenly over the term, rounded half up.
    """
    first = schedule.installments[0]
    if schedule.method is Method.BULLET:
        return div_round_half_up(schedule.total_payment, schedule.term)
    if schedule.method is Method.INTEREST_ONLY and schedule.term > 1:
        return first.interest
    return first.payment


def dti_bp(monthly_income: int, existing_debt: int, new_installment: int) -> int:
    """Debt-to-income in basis points, rounded half up; capped for zero income."""
    debt = existing_debt + new_installment
    if monthly_income <= 0:
        return 0 if debt == 0 else NO_INCOME_DTI_BP
    return min(NO_INCOME_DTI_BP, div_round_half_up(debt * 10_000, monthly_income))


@dataclass(frozen=True, slots=True)
class OpenInstallment:
    """One not yet paid installment of a running loan: its scheduled principal and
    interest, and what is still owed on it (principal + interest), minor units."""

    due_date: date
    principal: int
    interest: int
    owed: int


def months_until(today: date, due: date) -> int:
    """Whole months from ``today`` to ``due``, a part month counting as one; at least 1."""
    months = (due.year - today.year) * 12 + (due.month - today.month)
    if due.day > today.day:
        months += 1
    return max(1, months)


def running_loan_monthly(method: Method, open_: Sequence[OpenInstallment], today: date) -> int:
    """What a running loan costs its borrower a month, by the rule the new loan is
    judged by (``monthly_commitment``): the next installment of an amortising loan;
    the regular interest of an interest-only loan (its balloon once it is the next
    one due); a bullet loan's owed total spread over the months to its due date.
    ``open_`` is in due order; a paid-off loan (nothing open) costs nothing."""
    if not open_:
        return 0
    first = open_[0]
    if method is Method.BULLET or (method is Method.INTEREST_ONLY and len(open_) == 1):
        owed = sum(i.owed for i in open_)
        return div_round_half_up(owed, months_until(today, open_[-1].due_date))
    if method is Method.INTEREST_ONLY:
        return first.interest
    return first.principal + first.interest


@dataclass(frozen=True, slots=True)
class PlatformDebt:
    """The applicant's monthly payments on this platform, minor units."""

    loans: int = 0  # running loans
    offers: int = 0  # other applications approved, not yet paid out

    @property
    def total(self) -> int:
        return self.loans + self.offers


@dataclass(frozen=True, slots=True)
class Affordability:
    monthly_income: int
    stated_debt: int  # what the applicant pays elsewhere, as stated
    platform: PlatformDebt
    new_installment: int
    dti_bp: int
    limit_bp: int

    @property
    def existing_debt(self) -> int:
        """Stated debt elsewhere plus this platform's installments."""
        return self.stated_debt + self.platform.total

    @property
    def within_limit(self) -> bool:
        return self.dti_bp <= self.limit_bp

    @property
    def headroom(self) -> int:
        """Monthly payment capacity left under the limit, minor units (may be negative)."""
        allowed = self.monthly_income * self.limit_bp // 10_000
        return allowed - self.existing_debt - self.new_installment


def assess(
    monthly_income: int,
    stated_debt: int,
    schedule: Schedule,
    limit_bp: int,
    platform: PlatformDebt | None = None,
) -> Affordability:
    """DTI of the new loan on top of the stated debt and the platform's installments."""
    platform = platform or PlatformDebt()
    new = monthly_commitment(schedule)
    dti = dti_bp(monthly_income, stated_debt + platform.total, new)
    return Affordability(monthly_income, stated_debt, platform, new, dti, limit_bp)


def balloon_payment(schedule: Schedule) -> int | None:
    """The final payment of a loan that leaves its principal to the end (bullet,
    interest-only over more than one month), which the borrower must save for or
    refinance; None for amortising loans."""
    if schedule.term <= 1 or schedule.method not in (Method.BULLET, Method.INTEREST_ONLY):
        return None
    return schedule.installments[-1].payment


@dataclass(frozen=True, slots=True)
class IncomeCheck:
    """Stated monthly income against the income on file (None when none is on file)."""

    stated: int
    on_file: int | None
    tolerance_bp: int

    @property
    def deviation_bp(self) -> int | None:
        """How far the stated income is from the one on file, in basis points of it."""
        if self.on_file is None or self.on_file <= 0:
            return None
        return div_round_half_up(abs(self.stated - self.on_file) * 10_000, self.on_file)

    @property
    def mismatch(self) -> bool:
        deviation = self.deviation_bp
        return deviation is not None and deviation > self.tolerance_bp


@dataclass(frozen=True, slots=True)
class CapHeadroom:
    """The borrowing cap against what the customer owes here (running loans' principal
    and other approved offers) and the amount on this application, minor units."""

    cap: int
    owed: int
    amount: int

    @property
    def available(self) -> int:
        """What may still be lent before this application (never below zero)."""
        return max(0, self.cap - self.owed)

    @property
    def after(self) -> int:
        """What is left once this application is lent (never below zero)."""
        return max(0, self.cap - self.owed - self.amount)

    @property
    def excess(self) -> int:
        """By how much this application would take the customer over the cap."""
        return max(0, self.owed + self.amount - self.cap)


def format_bp(bp: int) -> str:
    """4512 -> "45.12%"."""
    return f"{bp // 100}.{bp % 100:02d}%"


def format_percent(rate: Decimal) -> str:
    """An annual rate or a probability as people read it: Decimal("0.072") -> "7.20%"."""
    return f"{(rate * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
