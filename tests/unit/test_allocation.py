"""Payment allocation: oldest installment first, penalty -> fees -> interest -> principal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.loans.allocation import (
    DEFAULT_ORDER,
    Allocation,
    AllocationLine,
    Component,
    Due,
    allocate,
)

PEN, FEE, INT, PRI = Component.PENALTY, Component.FEES, Component.INTEREST, Component.PRINCIPAL

FIRST = Due(1, date(2024, 2, 29), penalty=150, fees=2000, interest=40_833, principal=814_784)
SECOND = Due(2, date(2024, 3, 31), penalty=0, fees=0, interest=37_506, principal=818_111)


def test_default_order() -> None:
    assert DEFAULT_ORDER == (PEN, FEE, INT, PRI)
    assert [c.value for c in Component] == ["penalty", "fees", "interest", "principal"]


def test_oldest_first_and_components_in_order() -> None:
    # Given newest first on purpose: the allocation sorts by due date.
    result = allocate(900_000, [SECOND, FIRST])
    assert result.lines == (
        AllocationLine(1, PEN, 150),
        AllocationLine(1, FEE, 2000),
        AllocationLine(1, INT, 40_833),
        AllocationLine(1, PRI, 814_784),
        AllocationLine(2, INT, 37_506),
        AllocationLine(2, PRI, 4727),
    )
    assert result.excess == 0
    assert result.total_by_component() == {PEN: 150, FEE: 2000, INT: 78_339, PRI: 819_511}
    assert result.total_by_installment() == {1: 857_767, 2: 42_233}
    assert result.allocated == 900_000


def test_partial_payment_stops_inside_a_component() -> None:
    result = allocate(10_000, [FIRST, SECOND])
    assert result.lines == (
        AllocationLine(1, PEN, 150),
        AllocationLine(1, FEE, 2000),
        AllocationLine(1, INT, 7850),
    )
    assert result.excess == 0
    assert result.total_by_component() == {PEN: 150, FEE: 2000, INT: 7850, PRI: 0}


def test_overpayment_leaves_excess() -> None:
    owed = FIRST.total + SECOND.total
    result = allocate(owed + 12_345, [FIRST, SECOND])
    assert result.excess == 12_345
    assert result.allocated == owed


def test_nothing_owed_is_all_excess() -> None:
    assert allocate(500, []) == Allocation(lines=(), excess=500)


def test_same_due_date_settles_lower_number_first() -> None:
    a = Due(3, date(2024, 5, 1), 0, 0, 100, 0)
    b = Due(2, date(2024, 5, 1), 0, 0, 100, 0)
    assert allocate(150, [a, b]).lines == (AllocationLine(2, INT, 100), AllocationLine(3, INT, 50))


def test_custom_order() -> None:
    result = allocate(815_000, [FIRST], order=(PRI, INT, FEE, PEN))
    assert result.lines == (AllocationLine(1, PRI, 814_784), AllocationLine(1, INT, 216))


@pytest.mark.parametrize("amount", [0, -1])
def test_amount_must_be_positive(amount: int) -> None:
    with pytest.raises(ValidationError) as info:
        allocate(amount, [FIRST])
    assert info.value.field == "amount"


@pytest.mark.parametrize(
    "order", [(PEN, FEE, INT), (PEN, PEN, INT, PRI), (PEN, FEE, INT, PRI, PRI)]
)
def test_order_must_name_each_component_once(order: tuple[Component, ...]) -> None:
    with pytest.raises(ValueError, match="order"):
        allocate(100, [FIRST], order=order)


def test_negative_due_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        allocate(100, [Due(1, date(2024, 1, 1), 0, -1, 0, 0)])


owed = st.integers(min_value=0, max_value=10**7)


@st.composite
def dues_lists(draw: st.DrawFn) -> list[Due]:
    count = draw(st.integers(min_value=0, max_value=12))
    base = date(2024, 1, 1)
    offsets = draw(st.lists(st.integers(0, 400), min_size=count, max_size=count))
    return [
        Due(n + 1, base + timedelta(days=offset), draw(owed), draw(owed), draw(owed), draw(owed))
        for n, offset in enumerate(offsets)
    ]


@settings(deadline=None)
@given(
    st.integers(min_value=1, max_value=10**8),
    dues_lists(),
    st.permutations(list(Component)),
)
def test_allocation_properties(amount: int, dues: list[Due], order: list[Component]) -> None:
    result = allocate(amount, dues, order=order)
    # Conservation: every cent is either applied or excess.
    assert sum(line.amount for line in result.lines) + result.excess == amount
    assert result.excess >= 0
    assert all(line.amount > 0 for line in result.lines)
    # Never more than owed, per installment and component.
    by_no = {d.installment_no: d for d in dues}
    applied: dict[tuple[int, Component], int] = {}
    for line in result.lines:
        key = (line.installment_no, line.component)
        applied[key] = applied.get(key, 0) + line.amount
    for (no, component), value in applied.items():
        assert value <= by_no[no].owed(component)
    # Excess only when everything is paid.
    if result.excess > 0:
        assert result.allocated == sum(d.total for d in dues)
    # Oldest first, components in order: everything before the last line is fully paid.
    settled = sorted(dues, key=lambda d: (d.due_date, d.installment_no))
    sequence = [(d.installment_no, c) for d in settled for c in order if d.owed(c) > 0]
    assert [(line.installment_no, line.component) for line in result.lines] == sequence[
        : len(result.lines)
    ]
    for line, key in zip(result.lines[:-1], sequence, strict=False):
        assert line.amount == by_no[key[0]].owed(key[1])
