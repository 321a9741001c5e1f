"""The annualised comprehensive cost of a loan (综合年化成本): what borrowing really
costs the borrower, all charges included, as one annual rate.

Definition (the convention p2pdesk states in its contracts and checks against the
``origination.max_cost_bp`` ceiling):

- The borrower's cash flows: at month 0 the amount actually received, i.e. the
  principal less everything taken out of it at disbursement (the origination fee and
  the risk-reserve contribution, which the disbursement deducts); at month ``k`` the
  ``k``-th scheduled payment (principal, interest and any scheduled fee).
- The monthly internal rate of return ``r`` solves
  ``received = sum(payment_k / (1 + r) ** k)`` (periods counted in months, as the
  schedule's due dates are).
- The annual cost is ``12 * r``: simple annualisation of the monthly IRR, the APR
  convention used for 综合年化成本 (the same way the nominal rate is 12 times the
  monthly rate). So an annuity, equal-principal or interest-only loan without fees
  costs its nominal rate (up to the rounding of its payments), any up-front fee makes
  it cost more, and a bullet loan (simple interest paid at maturity) costs a little
  less than its nominal rate.

``r`` is found by bisection in exact-enough Decimal arithmetic (60 significant
digits, 200 halvings), so the result is exact to far more places than the
:data:`COST_PLACES` it is rounded to. No floats, no numpy.

Pure functions only: no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from app.loans.schedule import MONTHS_PER_YEAR, Schedule

COST_PLACES = Decimal("0.000001")
"""The annual cost is rounded half up to a ten-thousandth of a percent."""

_ITERATIONS = 200
_PRECISION = 60


def _present_value(payments: Sequence[int], monthly: Decimal) -> Decimal:
    factor = 1 / (1 + monthly)
    discount = Decimal(1)
    total = Decimal(0)
    for payment in payments:
        discount *= factor
        total += payment * discount
    return total


def annualised_cost(received: int, payments: Sequence[int]) -> Decimal:
    """The annual cost (a fraction: Decimal("0.049") is 4.9 %) of receiving
    ``received`` minor units now and paying ``payments[k - 1]`` at month ``k``.

    Raises ValueError when nothing is received, a payment is negative, or the
    payments do not add up to at least what was received (a negative cost is not
    a loan this platform offers).
    """
    if received <= 0:
        raise ValueError("the borrower must receive more than zero")
    if not payments or any(p < 0 for p in payments):
        raise ValueError("the payments must be one or more amounts of zero or more")
    if sum(payments) < received:
        raise ValueError("the payments repay less than the borrower received")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        target = Decimal(received)
        low, high = Decimal(0), Decimal(1)
        while _present_value(payments, high) > target:
            high *= 2
        for _ in range(_ITERATIONS):
            middle = (low + high) / 2
            if _present_value(payments, middle) > target:
                low = middle
            else:
                high = middle
        annual = (low + high) / 2 * MONTHS_PER_YEAR
    return annual.quantize(COST_PLACES, rounding=ROUND_HALF_UP)


def schedule_cost(schedule: Schedule, upfront: int) -> Decimal:
    """The annual cost of ``schedule`` when ``upfront`` minor units are deducted
    from the principal at disbursement (fees and other up-front charges).

    Each installment counts at the month of its due date from the start (a bullet
    loan's single payment is at month ``term``, not month 1)."""
    by_month = [0] * max(_month(schedule, i.due_date) for i in schedule.installments)
    for i in schedule.installments:
        by_month[_month(schedule, i.due_date) - 1] += i.payment
    return annualised_cost(schedule.amount - upfront, by_month)


def _month(schedule: Schedule, due: date) -> int:
    return max(1, (due.year - schedule.start.year) * 12 + due.month - schedule.start.month)
