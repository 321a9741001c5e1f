"""Amount parsing as the payment file and the ceiling use it: grouped amounts the way
the client shows them, and the hard maximum (issue 20 items 8 and 14)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.loans.payment_guard import Ceiling, check_amount
from app.money import MAX_AMOUNT_MINOR, format_amount, parse_amount

amounts = st.integers(min_value=-MAX_AMOUNT_MINOR, max_value=MAX_AMOUNT_MINOR)


@given(amounts)
def test_a_grouped_amount_reads_back_as_the_client_shows_it(minor: int) -> None:
    assert parse_amount(format_amount(minor, grouping=True), grouping=True) == minor
    assert parse_amount(format_amount(minor), grouping=True) == minor


@pytest.mark.parametrize("text", ["5,606.49", "1,234", "-12,345,678.90"])
def test_grouping_is_refused_unless_asked_for(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_amount(text)
    assert parse_amount(text, grouping=True) == parse_amount(text.replace(",", ""))


@pytest.mark.parametrize("text", ["5,60.49", "56,06.49", ",606.49", "5,606,", "5,,606", "1,2345"])
def test_badly_grouped_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="amount"):
        parse_amount(text, "amount", grouping=True)


@given(amounts, st.integers(min_value=1, max_value=MAX_AMOUNT_MINOR))
def test_the_maximum_refuses_exactly_the_amounts_above_it(minor: int, maximum: int) -> None:
    text = format_amount(minor)
    if abs(minor) > maximum:
        with pytest.raises(ValidationError, match="largest amount") as refused:
            parse_amount(text, "Amount (line 7)", maximum=maximum)
        assert refused.value.field == "Amount (line 7)"
    else:
        assert parse_amount(text, maximum=maximum) == minor


@given(
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=1, max_value=10**13),
)
def test_the_ceiling_is_owed_plus_tolerance_and_the_maximum(
    amount: int, owed: int, tolerance: int, maximum: int
) -> None:
    allowed = amount <= maximum and amount <= owed + tolerance
    limits = Ceiling(maximum, tolerance)
    if allowed:
        check_amount(amount, owed, limits, "amount")
    else:
        with pytest.raises(ValidationError) as refused:
            check_amount(amount, owed, limits, "amount")
        assert refused.value.field == "amount"
    # Without a loan to measure against (a recovery, suspense) only the maximum holds.
    if amount <= maximum:
        check_amount(amount, None, limits, "amount")
