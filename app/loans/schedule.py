"""Repayment schedules: the four repayment methods, exact to the minor unit.

Rules (DESIGN sections 2 and 3):

- Monthly periods; due ``k`` is the start plus ``k`` months, clamped to the month's
  last day and counted from the start (:func:`app.calendar.due_dates`).
- Interest of a period = opening balance x annual rate / 12, computed exactly and
  rounded ROUND_HALF_UP to the minor unit once.
- The annuity payment is the textbook formula ``P r / (1 - (1 + r)^-n)``, computed in
  exact rational arithmetic and rounded half up once.
- Equal principal repays ``amount / term`` rounded half up each month; interest-only
  pays interest monthly and all principal in the last month; bullet pays principal
  plus simple interest ``amount x rate x term / 12`` (rounded once) at month ``term``.
- The last installment absorbs the residue: its principal is whatever balance is
  left, so the principals of every schedule sum exactly to the amount. A regular
  period never repays more than the open balance (only reachable for absurdly small
  amounts over long terms), so no balance ever goes negative.

Pure functions only: no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import Literal

from app.calendar import add_months, due_dates
from app.errors import ValidationError
from app.money import MAX_AMOUNT_MINOR, div_round_half_up

MIN_TERM = 1
MAX_TERM = 360
"""Allowed number of monthly periods (30 years)."""

MONTHS_PER_YEAR = 12

PrepaymentRule = Literal["shorten_term", "lower_installment"]


class Method(StrEnum):
    """Repayment method of a loan."""

    ANNUITY = "annuity"  # equal installment, 等额本息
    EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
    INTEREST_ONLY = "interest_only"  # interest monthly, principal at maturity, 先息后本
    BULLET = "bullet"  # principal and simple interest at maturity, 一次性还本付息


@dataclass(frozen=True, slots=True)
class Installment:
    """One due installment; amounts in minor units, ``balance`` is after this payment."""

    n: int
    due_date: date
    principal: int
    interest: int
    payment: int
    balance: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """A complete repayment schedule for one loan."""

    method: Method
    amount: int
    annual_rate: Decimal
    term: int
    start: date
    installments: tuple[Installment, ...]

    @property
    def total_principal(self) -> int:
        """Sum of the principal parts (always equal to ``amount``)."""
        return sum(i.principal for i in self.installments)

    @property
    def total_interest(self) -> int:
        """Sum of the interest parts, minor units."""
        return sum(i.interest for i in self.installments)

    @property
    def total_payment(self) -> int:
        """Sum of all payments, minor units."""
        return sum(i.payment for i in self.installments)


def monthly_rate(annual_rate: Decimal) -> Fraction:
    """The exact monthly rate, ``annual_rate / 12``."""
    return Fraction(annual_rate) / MONTHS_PER_YEAR


def period_interest(balance: int, annual_rate: Decimal) -> int:
    """Interest of one monthly period on ``balance``, rounded half up once."""
    exact = balance * monthly_rate(annual_rate)
    return div_round_half_up(exact.numerator, exact.denominator)


def annuity_payment(amount: int, annual_rate: Decimal, periods: int) -> int:
    """The level monthly payment that repays ``amount`` over ``periods`` months.

    ``P r (1 + r)^n / ((1 + r)^n - 1)`` evaluated exactly, rounded half up once;
    with a zero rate it is ``amount / periods`` rounded half up.
    """
    if periods < 1:
        raise ValueError(f"periods must be at least 1, not {periods}")
    r = monthly_rate(annual_rate)
    if r == 0:
        return div_round_half_up(amount, periods)
    growth = (1 + r) ** periods
    exact = amount * r * growth / (growth - 1)
    return div_round_half_up(exact.numerator, exact.denominator)


def build_schedule(
    amount: int,
    annual_rate: Decimal,
    term: int,
    method: Method,
    start: date,
    *,
    max_rate: Decimal | None = None,
) -> Schedule:
    """Build the repayment schedule of a loan of ``amount`` minor units.

    Raises :class:`ValidationError` naming "amount", "term", "annual_rate", "method"
    or "start" when an argument is out of range (amount <= 0, term outside 1..360,
    rate negative or above ``max_rate``).
    """
    _check_amount(amount, "amount")
    _check_rate(annual_rate, "annual_rate", max_rate)
    if isinstance(term, bool) or not isinstance(term, int) or not MIN_TERM <= term <= MAX_TERM:
        raise ValidationError("term", f"must be a whole number of months from 1 to {MAX_TERM}")
    try:
        method = Method(method)
    except ValueError:
        raise ValidationError("method", _method_message(str(method))) from None
    try:
        dates = due_dates(start, term)
    except ValueError as exc:
        raise ValidationError("start", str(exc)) from None

    if method is Method.ANNUITY:
        installments = _annuity_rows(amount, annual_rate, dates, 1, None)
    elif method is Method.EQUAL_PRINCIPAL:
        installments = _equal_principal_rows(amount, annual_rate, dates, 1, None)
    elif method is Method.INTEREST_ONLY:
        installments = _amortize(amount, annual_rate, dates, 1, lambda _b, _i: 0, stop_early=False)
    else:
        installments = (_bullet_row(amount, annual_rate, term, add_months(start, term), 1),)
    return Schedule(
        method=method,
        amount=amount,
        annual_rate=annual_rate,
        term=term,
        start=start,
        installments=installments,
    )


def rebuild_after_prepayment(
    remaining_principal: int,
    annual_rate: Decimal,
    method: Method,
    next_due_dates: list[date],
    original_payment: int,
    rule: PrepaymentRule,
    *,
    first_n: int = 1,
) -> tuple[Installment, ...]:
    """Rebuild the rest of a schedule after a prepayment lowered the principal.

    ``next_due_dates`` are the due dates still ahead (strictly increasing) and
    ``first_n`` the number the first of them keeps. Each period charges a full month's
    interest on its opening balance.

    - ``"shorten_term"`` keeps the recurring amount and drops installments at the end;
      the last one kept absorbs the residue. ``original_payment`` is that recurring
      amount: the installment payment for an annuity, the fixed principal part of
      each installment for equal principal.
    - ``"lower_installment"`` keeps the number of installments and recomputes the
      recurring amount over them (``original_payment`` is not used).

    An interest-only loan keeps its dates under either rule (its principal is due at
    maturity anyway); a bullet loan has no schedule to rebuild and is refused.
    Returns an empty tuple when nothing remains to pay.
    """
    if isinstance(remaining_principal, bool) or not isinstance(remaining_principal, int):
        raise ValidationError("remaining_principal", "must be a whole number of minor units")
    if remaining_principal < 0:
        raise ValidationError("remaining_principal", "cannot be negative")
    _check_rate(annual_rate, "annual_rate", None)
    if rule not in ("shorten_term", "lower_installment"):
        raise ValidationError("rule", f"{rule!r} is not shorten_term or lower_installment")
    try:
        method = Method(method)
    except ValueError:
        raise ValidationError("method", _method_message(str(method))) from None
    if method is Method.BULLET:
        raise ValidationError(
            "method", "a bullet loan has a single installment; settle it instead of rebuilding"
        )
    if remaining_principal == 0:
        return ()
    if not next_due_dates:
        raise ValidationError("next_due_dates", "no due dates are left for the remaining principal")
    if any(a >= b for a, b in pairwise(next_due_dates)):
        raise ValidationError("next_due_dates", "due dates must strictly increase")
    dates = list(next_due_dates)

    if method is Method.INTEREST_ONLY:
        return _amortize(
            remaining_principal, annual_rate, dates, first_n, lambda _b, _i: 0, stop_early=False
        )
    if rule == "lower_installment":
        if method is Method.ANNUITY:
            return _annuity_rows(remaining_principal, annual_rate, dates, first_n, None)
        return _equal_principal_rows(remaining_principal, annual_rate, dates, first_n, None)
    if original_payment <= 0:
        raise ValidationError("original_payment", "must be more than zero to shorten the term")
    if method is Method.ANNUITY:
        if original_payment <= period_interest(remaining_principal, annual_rate):
            raise ValidationError(
                "original_payment", "does not cover a month's interest, so the term cannot shorten"
            )
        return _annuity_rows(remaining_principal, annual_rate, dates, first_n, original_payment)
    return _equal_principal_rows(remaining_principal, annual_rate, dates, first_n, original_payment)


def _annuity_rows(
    amount: int, annual_rate: Decimal, dates: Sequence[date], first_n: int, keep: int | None
) -> tuple[Installment, ...]:
    """Annuity rows; ``keep`` is a payment to keep (shorten term) or None to compute one."""
    if keep is None:
        payment = annuity_payment(amount, annual_rate, len(dates))
        return _amortize(amount, annual_rate, dates, first_n, lambda _b, i: payment - i, False)
    return _amortize(amount, annual_rate, dates, first_n, lambda _b, i: keep - i, True)


def _equal_principal_rows(
    amount: int, annual_rate: Decimal, dates: Sequence[date], first_n: int, keep: int | None
) -> tuple[Installment, ...]:
    """Equal-principal rows; ``keep`` is a principal part to keep, or None to compute."""
    if keep is None:
        part = div_round_half_up(amount, len(dates))
        return _amortize(amount, annual_rate, dates, first_n, lambda _b, _i: part, False)
    return _amortize(amount, annual_rate, dates, first_n, lambda _b, _i: keep, True)


def _amortize(
    amount: int,
    annual_rate: Decimal,
    dates: Sequence[date],
    first_n: int,
    planned_principal: Callable[[int, int], int],
    stop_early: bool,
) -> tuple[Installment, ...]:
    """Walk the balance down over ``dates``.

    ``planned_principal(balance, interest)`` says how much principal a regular period
    repays; it is kept between 0 and the open balance, so rounding can never push the
    balance below zero. The last date takes whatever balance remains. With
    ``stop_early`` the walk ends as soon as the balance is repaid (shorten term).
    """
    rows: list[Installment] = []
    balance = amount
    last = len(dates) - 1
    for index, due in enumerate(dates):
        interest = period_interest(balance, annual_rate)
        planned = max(0, planned_principal(balance, interest))
        principal = balance if index == last or planned >= balance else planned
        balance -= principal
        rows.append(
            Installment(
                n=first_n + index,
                due_date=due,
                principal=principal,
                interest=interest,
                payment=principal + interest,
                balance=balance,
            )
        )
        if stop_early and balance == 0:
            break
    return tuple(rows)


def _bullet_row(amount: int, annual_rate: Decimal, term: int, due: date, n: int) -> Installment:
    """The single bullet installment: principal plus simple interest for ``term`` months."""
    exact = amount * Fraction(annual_rate) * term / MONTHS_PER_YEAR
    interest = div_round_half_up(exact.numerator, exact.denominator)
    return Installment(
        n=n, due_date=due, principal=amount, interest=interest, payment=amount + interest, balance=0
    )


def _check_amount(amount: int, field: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError(field, "must be a whole number of minor units")
    if amount <= 0:
        raise ValidationError(field, "must be more than zero")
    if amount > MAX_AMOUNT_MINOR:
        raise ValidationError(field, "is too large")


def _check_rate(rate: Decimal, field: str, max_rate: Decimal | None) -> None:
    if not isinstance(rate, Decimal) or not rate.is_finite():
        raise ValidationError(field, "must be a finite decimal fraction such as 0.049")
    if rate < 0:
        raise ValidationError(field, "cannot be negative")
    if max_rate is not None and rate > max_rate:
        raise ValidationError(field, f"{rate} is above the maximum of {max_rate}")


def _method_message(value: str) -> str:
    choices = ", ".join(m.value for m in Method)
    return f"{value!r} is not a repayment method; choose one of {choices}"
