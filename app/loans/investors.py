"""Investor distribution: splitting a borrower payment among a loan's holdings.

Principal and interest are each split pro rata to the principal each holding holds,
by the largest-remainder rule (:func:`app.money.allocate_pro_rata`), so every cent is
accounted for and the split is deterministic. The platform service fee is
``interest x rate`` rounded half up once, taken from the interest.

The fee is split in proportion to each holding's interest share rather than again by
principal: the largest-remainder rule is not monotone in the total (the "Alabama
paradox"), so splitting a smaller fee by the same weights could charge a holding one
cent more fee than the interest it received (holdings 1:3:3, interest 0.04, fee 0.03
gives interest 0/2/2 but fee 1/1/1). Splitting by the interest shares keeps every
holding's fee at or below its interest and is still pro rata to principal within a
cent.

Pure functions only: no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.errors import ValidationError
from app.money import allocate_pro_rata, apply_rate


@dataclass(frozen=True, slots=True)
class Holding:
    """One investor's stake in a loan: ``principal`` outstanding, minor units."""

    holding_id: int
    principal: int


@dataclass(frozen=True, slots=True)
class Share:
    """What one holding receives from a payment; ``interest`` is gross of the fee."""

    holding_id: int
    principal: int
    interest: int
    service_fee: int

    @property
    def net_interest(self) -> int:
        """Interest the investor keeps after the platform fee."""
        return self.interest - self.service_fee

    @property
    def net(self) -> int:
        """Everything the investor receives: principal plus net interest."""
        return self.principal + self.interest - self.service_fee


def service_fee(interest_paid: int, service_fee_rate: Decimal) -> int:
    """The platform fee on ``interest_paid``: interest x rate, rounded half up once."""
    return apply_rate(interest_paid, service_fee_rate)


def split_distribution(
    principal_paid: int,
    interest_paid: int,
    holdings: Sequence[Holding],
    service_fee_rate: Decimal,
) -> list[Share]:
    """Split a borrower's principal and interest payment among ``holdings``.

    Returns one :class:`Share` per holding, in the order given. Guarantees:
    ``sum(principal) == principal_paid``, ``sum(interest) == interest_paid``,
    ``sum(service_fee) == service_fee(interest_paid, rate)`` and, per holding,
    ``0 <= service_fee <= interest``.

    Raises :class:`ValidationError` for negative payments, a rate outside 0..1,
    no holdings, a negative holding, duplicate holding ids, or holdings whose
    principal sums to zero.
    """
    if principal_paid < 0:
        raise ValidationError("principal_paid", "cannot be negative")
    if interest_paid < 0:
        raise ValidationError("interest_paid", "cannot be negative")
    if not service_fee_rate.is_finite() or not 0 <= service_fee_rate <= 1:
        raise ValidationError("service_fee_rate", "must be a fraction from 0 to 1")
    if not holdings:
        raise ValidationError("holdings", "the loan has no holdings to distribute to")
    ids = [h.holding_id for h in holdings]
    if len(set(ids)) != len(ids):
        raise ValidationError("holdings", "a holding appears more than once")
    if any(h.principal < 0 for h in holdings):
        raise ValidationError("holdings", "a holding has negative principal")
    weights = [h.principal for h in holdings]
    if sum(weights) == 0:
        raise ValidationError("holdings", "the holdings hold no principal")

    principals = allocate_pro_rata(principal_paid, weights)
    interests = allocate_pro_rata(interest_paid, weights)
    fee_total = service_fee(interest_paid, service_fee_rate)
    fees = allocate_pro_rata(fee_total, interests) if interest_paid > 0 else [0] * len(weights)
    return [
        Share(holding_id=h.holding_id, principal=p, interest=i, service_fee=f)
        for h, p, i, f in zip(holdings, principals, interests, fees, strict=True)
    ]
