"""Affordability: the monthly commitment of a new loan and debt-to-income (DTI).

DTI is in basis points (an int; 4500 = 45.00 %) of monthly income:
``(existing monthly debt payments + the new loan's monthly commitment) / income``.
"""

from __future__ import annotations

from dataclasses import dataclass
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
class Affordability:
    monthly_income: int
    existing_debt: int
    new_installment: int
    dti_bp: int
    limit_bp: int

    @property
    def within_limit(self) -> bool:
        return self.dti_bp <= self.limit_bp

    @property
    def headroom(self) -> int:
        """Monthly payment capacity left under the limit, minor units (may be negative)."""
        allowed = self.monthly_income * self.limit_bp // 10_000
        return allowed - self.existing_debt - self.new_installment


def assess(
    monthly_income: int, existing_debt: int, schedule: Schedule, limit_bp: int
) -> Affordability:
    new = monthly_commitment(schedule)
    return Affordability(
        monthly_income, existing_debt, new, dti_bp(monthly_income, existing_debt, new), limit_bp
    )


def format_bp(bp: int) -> str:
    """4512 -> "45.12%"."""
    return f"{bp // 100}.{bp % 100:02d}%"


def format_percent(rate: Decimal) -> str:
    """An annual rate or a probability as people read it: Decimal("0.072") -> "7.20%"."""
    return f"{(rate * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
