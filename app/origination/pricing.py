"""What an offer costs the borrower: the charges deducted at disbursement and the
annualised comprehensive cost (综合年化成本, :mod:`app.loans.cost`), and the
platform's ceiling on that cost (``origination.max_cost_bp``).

The ceiling is checked where terms become an offer: when an underwriter recommends
or approves, on the offered amount, term and rate (:func:`check_cost_ceiling`). The
detail pane shows the same figure for the terms on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from app.errors import StateError
from app.loans.cost import schedule_cost
from app.loans.schedule import Schedule
from app.money import apply_rate
from app.origination.affordability import format_percent
from app.origination.products import ProductTerms
from app.settings import get_setting

COST_CEILING_KEY = "origination.max_cost_bp"


@dataclass(frozen=True)
class OfferCost:
    """The borrower's side of an offer, minor units and an annual fraction."""

    origination_fee: int
    reserve: int
    received: int  # principal less the charges deducted at disbursement
    annual_cost: Decimal

    @property
    def upfront(self) -> int:
        return self.origination_fee + self.reserve


def offer_cost(product: ProductTerms, schedule: Schedule) -> OfferCost:
    """The charges the disbursement deducts from ``schedule.amount`` (the origination
    fee and the risk-reserve contribution, as :mod:`app.loans.disbursement` takes
    them) and the annual cost of the loan with them."""
    fee = apply_rate(schedule.amount, product.origination_fee_rate)
    reserve = apply_rate(schedule.amount, product.reserve_rate)
    return OfferCost(
        fee, reserve, schedule.amount - fee - reserve, schedule_cost(schedule, fee + reserve)
    )


def cost_ceiling(session: Session) -> Decimal:
    """The highest annual cost an offer may have, as a fraction (2400 bp -> 0.24)."""
    return Decimal(int(get_setting(session, COST_CEILING_KEY))) / 10_000


def above_ceiling(annual_cost: Decimal, ceiling: Decimal) -> bool:
    """Whether a cost, as stated to a hundredth of a percent, is above ``ceiling``."""
    return annual_cost.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) > ceiling


def check_cost_ceiling(session: Session, product: ProductTerms, schedule: Schedule) -> OfferCost:
    """The offer's cost; StateError naming the cost and the ceiling when it is above.

    The cost is compared as the contract states it, to a hundredth of a percent
    (24.004 % is shown, and allowed, as 24.00 % under a 24.00 % ceiling)."""
    cost = offer_cost(product, schedule)
    ceiling = cost_ceiling(session)
    if above_ceiling(cost.annual_cost, ceiling):
        raise StateError(
            f"The comprehensive annual cost of these terms is {format_percent(cost.annual_cost)}, "
            f"above the platform's ceiling of {format_percent(ceiling)}; offer a lower rate, a "
            "longer term or another product."
        )
    return cost
