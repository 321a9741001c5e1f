"""Investor distribution: pro rata principal and interest, the platform fee from interest."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.loans.investors import Holding, Share, service_fee, split_distribution
from app.money import allocate_pro_rata


def test_split_three_investors() -> None:
    holdings = [Holding(11, 6_000_000), Holding(12, 3_000_000), Holding(13, 1_000_000)]
    # One month of the 100,000.00 / 4.9 % / 12 annuity: 8,147.84 principal, 408.33 interest.
    shares = split_distribution(814_784, 40_833, holdings, Decimal("0.1"))
    assert shares == [
        Share(11, principal=488_871, interest=24_500, service_fee=2_450),
        Share(12, principal=244_435, interest=12_250, service_fee=1_225),
        Share(13, principal=81_478, interest=4_083, service_fee=408),
    ]
    assert service_fee(40_833, Decimal("0.1")) == 4_083  # 4083.3
    assert shares[0].net_interest == 22_050
    assert shares[0].net == 488_871 + 22_050


def test_fee_never_exceeds_a_holdings_interest() -> None:
    # Largest remainder is not monotone in the total: split by principal weights 1:3:3,
    # interest 4 gives 0/2/2 while a fee of 3 would give 1/1/1. The fee follows the
    # interest shares instead.
    holdings = [Holding(1, 100), Holding(2, 300), Holding(3, 300)]
    assert allocate_pro_rata(3, [100, 300, 300]) == [1, 1, 1]
    shares = split_distribution(0, 4, holdings, Decimal("0.75"))
    assert [s.interest for s in shares] == [0, 2, 2]
    assert [s.service_fee for s in shares] == [0, 2, 1]


def test_zero_interest_and_zero_fee_rate() -> None:
    holdings = [Holding(1, 500), Holding(2, 500)]
    assert split_distribution(101, 0, holdings, Decimal("0.2")) == [
        Share(1, 51, 0, 0),
        Share(2, 50, 0, 0),
    ]
    assert [s.service_fee for s in split_distribution(0, 999, holdings, Decimal(0))] == [0, 0]


def test_holding_with_no_principal_gets_nothing() -> None:
    shares = split_distribution(1000, 100, [Holding(1, 0), Holding(2, 7)], Decimal("0.1"))
    assert shares == [Share(1, 0, 0, 0), Share(2, 1000, 100, 10)]


@pytest.mark.parametrize(
    ("principal", "interest", "holdings", "rate", "field"),
    [
        (-1, 0, [Holding(1, 1)], "0.1", "principal_paid"),
        (0, -1, [Holding(1, 1)], "0.1", "interest_paid"),
        (0, 0, [Holding(1, 1)], "1.01", "service_fee_rate"),
        (0, 0, [Holding(1, 1)], "-0.1", "service_fee_rate"),
        (0, 0, [], "0.1", "holdings"),
        (0, 0, [Holding(1, 1), Holding(1, 2)], "0.1", "holdings"),
        (0, 0, [Holding(1, 0)], "0.1", "holdings"),
        (0, 0, [Holding(1, -5), Holding(2, 10)], "0.1", "holdings"),
    ],
)
def test_split_validation(
    principal: int, interest: int, holdings: list[Holding], rate: str, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        split_distribution(principal, interest, holdings, Decimal(rate))
    assert info.value.field == field


@settings(deadline=None)
@given(
    st.integers(min_value=0, max_value=10**10),
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=25).filter(any),
    st.decimals(min_value=0, max_value=1, places=4),
)
def test_split_invariants(
    principal_paid: int, interest_paid: int, weights: list[int], rate: Decimal
) -> None:
    holdings = [Holding(100 + n, w) for n, w in enumerate(weights)]
    shares = split_distribution(principal_paid, interest_paid, holdings, rate)
    fee = service_fee(interest_paid, rate)
    assert [s.holding_id for s in shares] == [h.holding_id for h in holdings]
    assert sum(s.principal for s in shares) == principal_paid
    assert sum(s.interest for s in shares) == interest_paid
    assert sum(s.service_fee for s in shares) == fee
    assert sum(s.net_interest for s in shares) == interest_paid - fee
    assert sum(s.net for s in shares) == principal_paid + interest_paid - fee
    assert abs(fee - interest_paid * Fraction(rate)) <= Fraction(1, 2)
    total_weight = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert 0 <= share.service_fee <= share.interest
        assert share.principal >= 0
        assert abs(share.principal - Fraction(principal_paid * weight, total_weight)) < 1
        assert abs(share.interest - Fraction(interest_paid * weight, total_weight)) < 1
        # The fee stays pro rata to principal within two minor units.
        assert abs(share.service_fee - Fraction(fee * weight, total_weight)) < 2
