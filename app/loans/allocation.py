"""Payment allocation: how a borrower's payment settles what is owed.

Oldest installment first (by due date, then installment number); inside one
installment the components in the order given, by default penalty -> fees ->
interest -> principal (DESIGN section 3). What is left over is returned as
``excess``; the caller decides whether it becomes a prepayment or a credit balance.

Pure functions only: no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.errors import ValidationError


class Component(StrEnum):
    """A part of an installment that a payment can settle."""

    PENALTY = "penalty"
    FEES = "fees"
    INTEREST = "interest"
    PRINCIPAL = "principal"


DEFAULT_ORDER: tuple[Component, ...] = (
    Component.PENALTY,
    Component.FEES,
    Component.INTEREST,
    Component.PRINCIPAL,
)
"""Settlement order inside one installment."""


@dataclass(frozen=True, slots=True)
class Due:
    """What is still owed on one installment, per component, in minor units."""

    installment_no: int
    due_date: date
    penalty: int
    fees: int
    interest: int
    principal: int

    def owed(self, component: Component) -> int:
        """The amount still owed on ``component``."""
        return int(getattr(self, component.value))

    @property
    def total(self) -> int:
        """Everything still owed on this installment."""
        return self.penalty + self.fees + self.interest + self.principal


@dataclass(frozen=True, slots=True)
class AllocationLine:
    """Part of a payment applied to one component of one installment."""

    installment_no: int
    component: Component
    amount: int


@dataclass(frozen=True, slots=True)
class Allocation:
    """The result of allocating a payment: lines in settlement order plus the excess."""

    lines: tuple[AllocationLine, ...]
    excess: int

    @property
    def allocated(self) -> int:
        """The part of the payment applied to dues (payment = allocated + excess)."""
        return sum(line.amount for line in self.lines)

    def total_by_component(self) -> dict[Component, int]:
        """Amount applied per component; every component is present, zero if untouched."""
        totals = dict.fromkeys(Component, 0)
        for line in self.lines:
            totals[line.component] += line.amount
        return totals

    def total_by_installment(self) -> dict[int, int]:
        """Amount applied per installment number, for installments that received any."""
        totals: dict[int, int] = {}
        for line in self.lines:
            totals[line.installment_no] = totals.get(line.installment_no, 0) + line.amount
        return totals


def allocate(
    amount: int, dues: Sequence[Due], order: Sequence[Component] = DEFAULT_ORDER
) -> Allocation:
    """Apply a payment of ``amount`` minor units to ``dues``.

    Installments are settled oldest first (due date, then number); within one, the
    components in ``order``. Only non-zero lines are returned. Never applies more than
    is owed; ``sum(lines) + excess == amount`` always.

    Raises :class:`ValidationError` ("amount") when the amount is not positive, and
    ValueError when ``order`` is not each component exactly once or a due is negative
    (both are programming errors).
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError("amount", "must be a whole number of minor units")
    if amount <= 0:
        raise ValidationError("amount", "a payment must be more than zero")
    components = tuple(Component(c) for c in order)
    if sorted(components) != sorted(Component) or len(components) != len(Component):
        raise ValueError(f"order must name each component exactly once, not {order!r}")
    for due in dues:
        if min(due.penalty, due.fees, due.interest, due.principal) < 0:
            raise ValueError(f"installment {due.installment_no} has a negative amount owed")

    remaining = amount
    lines: list[AllocationLine] = []
    for due in sorted(dues, key=lambda d: (d.due_date, d.installment_no)):
        for component in components:
            if remaining == 0:
                break
            applied = min(remaining, due.owed(component))
            if applied > 0:
                lines.append(AllocationLine(due.installment_no, component, applied))
                remaining -= applied
    return Allocation(lines=tuple(lines), excess=remaining)
