"""Money: parsing, formatting, rounding and the largest-remainder split."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.money import (
    MAX_AMOUNT_MINOR,
    MINOR_PER_MAJOR,
    allocate_pro_rata,
    apply_rate,
    div_round_half_up,
    format_amount,
    format_rate,
    parse_amount,
    parse_rate,
    round_half_up,
)


def test_minor_per_major() -> None:
    assert MINOR_PER_MAJOR == 100


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("100000.00", 10_000_000),
        ("12", 1200),
        ("12.5", 1250),
        ("0.05", 5),
        ("-0.05", -5),
        ("+3.10", 310),
        ("  7.01 ", 701),
        ("0", 0),
        ("007.00", 700),
        ("92233720368547758.07", MAX_AMOUNT_MINOR),
    ],
)
def test_parse_amount(text: str, minor: int) -> None:
    assert parse_amount(text) == minor


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1.234",
        "0.001",
        "12.500",
        "abc",
        "1e5",
        "1E-2",
        "NaN",
        "nan",
        "inf",
        "-Infinity",
        "1,000.00",
        "1_000",
        ".5",
        "5.",
        "--5",
        "١٢",  # Arabic-Indic digits are not accepted as amounts
        "92233720368547758.08",
        "1" + "0" * 5000,
    ],
)
def test_parse_amount_refuses_with_field_name(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_amount(text, "--amount")
    assert info.value.field == "--amount"


def test_parse_amount_default_field_is_amount() -> None:
    with pytest.raises(ValidationError) as info:
        parse_amount("x")
    assert info.value.field == "amount"


@pytest.mark.parametrize(
    ("minor", "grouping", "text"),
    [
        (855617, False, "8556.17"),
        (-5, False, "-0.05"),
        (0, False, "0.00"),
        (123450, True, "1,234.50"),
        (-123456789, True, "-1,234,567.89"),
        (100, True, "1.00"),
        (10_000_000, False, "100000.00"),
    ],
)
def test_format_amount(minor: int, grouping: bool, text: str) -> None:
    assert format_amount(minor, grouping=grouping) == text


@settings(deadline=None)
@given(st.integers(min_value=-MAX_AMOUNT_MINOR, max_value=MAX_AMOUNT_MINOR))
def test_format_then_parse_round_trips(minor: int) -> None:
    assert parse_amount(format_amount(minor)) == minor


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.5", 3),
        ("-2.5", -3),
        ("2.4999999", 2),
        ("-2.4999999", -2),
        ("0.5", 1),
        ("-0.5", -1),
        ("3", 3),
        ("58.3333333333", 58),
        ("123456789012345678901234567890.5", 123456789012345678901234567891),
    ],
)
def test_round_half_up(value: str, expected: int) -> None:
    assert round_half_up(Decimal(value)) == expected


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_round_half_up_refuses_non_finite(value: str) -> None:
    with pytest.raises(ValueError, match="cannot round"):
        round_half_up(Decimal(value))


@settings(deadline=None)
@given(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.integers(min_value=1, max_value=10**6),
)
def test_div_round_half_up_matches_decimal(numerator: int, denominator: int) -> None:
    exact = Fraction(numerator, denominator)
    result = div_round_half_up(numerator, denominator)
    assert abs(exact - result) <= Fraction(1, 2)
    # A tie goes away from zero, and the rule is symmetric.
    if abs(exact - result) == Fraction(1, 2):
        assert abs(result) > abs(exact)
    assert div_round_half_up(-numerator, denominator) == -result
    assert div_round_half_up(numerator, -denominator) == -result


def test_apply_rate_rounds_once_half_up() -> None:
    assert apply_rate(1000, Decimal("0.0005")) == 1  # 0.5 -> 1
    assert apply_rate(3000, Decimal("0.0005")) == 2  # 1.5 -> 2
    assert apply_rate(12345, Decimal("0.0005")) == 6  # 6.1725 -> 6
    assert apply_rate(MAX_AMOUNT_MINOR, Decimal("0.123456789")) == div_round_half_up(
        MAX_AMOUNT_MINOR * 123456789, 10**9
    )


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("0.049", Decimal("0.049")),
        ("0.0490", Decimal("0.049")),
        (".5", Decimal("0.5")),
        ("0", Decimal("0")),
        ("0.123456789", Decimal("0.123456789")),
        (" 0.07 ", Decimal("0.07")),
    ],
)
def test_parse_rate(text: str, rate: Decimal) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize(
    "text",
    ["", "-0.01", "-0", "abc", "NaN", "inf", "1e-3", "0.0000000001", "4.9%", "0,049", "1000000"],
)
def test_parse_rate_refuses(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_rate(text, "--annual-rate")
    assert info.value.field == "--annual-rate"


def test_parse_rate_max_places() -> None:
    assert parse_rate("0.1234", max_places=4) == Decimal("0.1234")
    with pytest.raises(ValidationError) as info:
        parse_rate("0.12345", max_places=4)
    assert info.value.field == "annual_rate"


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        ("0.0490", "0.049"),
        ("0", "0"),
        ("0.000", "0"),
        ("1E+1", "10"),
        ("4.90", "4.9"),
        ("12", "12"),
    ],
)
def test_format_rate(rate: str, text: str) -> None:
    assert format_rate(Decimal(rate)) == text


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (100, [1, 1, 1], [34, 33, 33]),  # tie: lowest index first
        (2, [1, 1, 1], [1, 1, 0]),
        (-100, [1, 1, 1], [-34, -33, -33]),  # symmetric for negatives
        (0, [5, 7], [0, 0]),
        (10, [0, 3], [0, 10]),
        (7, [1, 3, 3], [1, 3, 3]),
        (4, [1, 3, 3], [0, 2, 2]),  # remainders 4/7, 5/7, 5/7
        (101, [70, 30], [71, 30]),  # 70.7 / 30.3
        (1, [1], [1]),
    ],
)
def test_allocate_pro_rata_examples(total: int, weights: list[int], shares: list[int]) -> None:
    assert allocate_pro_rata(total, weights) == shares


@pytest.mark.parametrize("weights", [[], [0, 0], [-1, 2], [1, -1, 3]])
def test_allocate_pro_rata_refuses_bad_weights(weights: list[int]) -> None:
    with pytest.raises(ValueError, match="weight"):
        allocate_pro_rata(10, weights)


@settings(deadline=None)
@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30).filter(any),
)
def test_allocate_pro_rata_properties(total: int, weights: list[int]) -> None:
    shares = allocate_pro_rata(total, weights)
    assert len(shares) == len(weights)
    assert sum(shares) == total
    weight_sum = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - Fraction(total * weight, weight_sum)) < 1
        if weight == 0:
            assert share == 0
    assert allocate_pro_rata(-total, weights) == [-s for s in shares]
    assert allocate_pro_rata(total, weights) == shares  # deterministic
