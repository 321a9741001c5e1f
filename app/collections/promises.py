"""Promise-to-pay evaluation (DESIGN section 3), pure.

A promise is kept when the payments received from the day it was made reach the
promised amount less the tolerance, no later than the promised date plus the grace
days. Once that deadline has passed without reaching it, it is broken. Until then it
is pending; any amount received so far is shown (a partial payment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.errors import ValidationError


class PromiseStatus(StrEnum):
    PENDING = "pending"
    KEPT = "kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PromiseTerms:
    amount: int  # minor units
    made_on: date  # business date the promise was taken
    due_date: date  # the date the debtor promised to pay by

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValidationError("promised amount", "must be more than zero")
        if self.due_date < self.made_on:
            raise ValidationError("promise date", "cannot be before today")


@dataclass(frozen=True)
class PromiseEvaluation:
    status: PromiseStatus
    paid: int  # counted payments, minor units
    required: int  # amount less tolerance
    deadline: date  # due date plus grace days

    @property
    def partial(self) -> bool:
        """Something was paid toward the promise but not enough (yet)."""
        return 0 < self.paid < self.required

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.paid)


def evaluate_promise(
    terms: PromiseTerms,
    payments: Iterable[tuple[date, int]],
    business_date: date,
    *,
    grace_days: int,
    tolerance: int,
) -> PromiseEvaluation:
    """Evaluate a promise on ``business_date`` from ``(value_date, amount)`` payments.

    Payments before the promise was made or after the deadline do not count.
    ``tolerance`` (minor units) is forgiven from the promised amount; a tolerance at
    or above the amount still requires at least one minor unit.
    """
    if grace_days < 0 or tolerance < 0:
        raise ValueError("grace days and tolerance cannot be negative")
    deadline = terms.due_date + timedelta(days=grace_days)
    last_counted = min(deadline, business_date)
    paid = sum(
        amount for value_date, amount in payments if terms.made_on <= value_date <= last_counted
    )
    required = max(1, terms.amount - tolerance)
    if paid >= required:
        status = PromiseStatus.KEPT
    elif business_date > deadline:
        status = PromiseStatus.BROKEN
    else:
        status = PromiseStatus.PENDING
    return PromiseEvaluation(status, paid, required, deadline)
