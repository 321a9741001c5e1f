"""Delinquency: DPD, bucket boundaries, late fee trigger and daily penalty interest."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.loans.delinquency import (
    BUCKET_BOUNDS,
    Bucket,
    bucket_for,
    daily_penalty,
    dpd,
    late_fee_due,
)


def test_dpd() -> None:
    business = date(2024, 3, 31)
    assert dpd(business, None) == 0
    assert dpd(business, date(2024, 4, 30)) == 0  # not yet due
    assert dpd(business, date(2024, 3, 31)) == 0  # due today is not overdue
    assert dpd(business, date(2024, 3, 30)) == 1
    assert dpd(business, date(2024, 2, 29)) == 31
    assert dpd(date(2025, 3, 1), date(2024, 3, 1)) == 365


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, Bucket.CURRENT),
        (1, Bucket.M1),
        (30, Bucket.M1),
        (31, Bucket.M2),
        (60, Bucket.M2),
        (61, Bucket.M3),
        (90, Bucket.M3),
        (91, Bucket.M4_PLUS),
        (180, Bucket.M4_PLUS),
        (181, Bucket.WRITE_OFF_CANDIDATE),
        (10_000, Bucket.WRITE_OFF_CANDIDATE),
    ],
)
def test_bucket_boundaries(days: int, bucket: Bucket) -> None:
    assert bucket_for(days) is bucket


def test_bucket_values() -> None:
    assert [b.value for b in Bucket] == ["current", "M1", "M2", "M3", "M4+", "write_off_candidate"]


def test_bucket_for_negative_is_a_bug() -> None:
    with pytest.raises(ValueError, match="negative"):
        bucket_for(-1)


def test_bucket_bounds_are_contiguous_data() -> None:
    assert [(b.bucket, b.min_dpd, b.max_dpd) for b in BUCKET_BOUNDS] == [
        (Bucket.CURRENT, 0, 0),
        (Bucket.M1, 1, 30),
        (Bucket.M2, 31, 60),
        (Bucket.M3, 61, 90),
        (Bucket.M4_PLUS, 91, 180),
        (Bucket.WRITE_OFF_CANDIDATE, 181, None),
    ]
    for lower, upper in itertools.pairwise(BUCKET_BOUNDS):
        assert lower.max_dpd is not None
        assert upper.min_dpd == lower.max_dpd + 1


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=5000))
def test_bucket_for_agrees_with_bounds(days: int) -> None:
    (match,) = [
        b for b in BUCKET_BOUNDS if b.min_dpd <= days and (b.max_dpd is None or days <= b.max_dpd)
    ]
    assert bucket_for(days) is match.bucket


@settings(deadline=None)
@given(st.dates(), st.dates())
def test_dpd_is_never_negative(business: date, due: date) -> None:
    days = dpd(business, due)
    assert days >= 0
    assert days == max(0, (business - due).days)


@pytest.mark.parametrize(
    ("days", "grace", "due"),
    [(0, 0, False), (1, 0, True), (3, 3, False), (4, 3, True), (40, 3, True), (2, 3, False)],
)
def test_late_fee_due(days: int, grace: int, due: bool) -> None:
    assert late_fee_due(days, grace) is due


def test_late_fee_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        late_fee_due(-1, 3)
    with pytest.raises(ValueError, match="negative"):
        late_fee_due(1, -3)


@pytest.mark.parametrize(
    ("principal", "rate", "penalty"),
    [
        (10_000, "0.0005", 5),
        (12_345, "0.0005", 6),  # 6.1725
        (1_000, "0.0005", 1),  # 0.5 rounds up
        (3_000, "0.0005", 2),  # 1.5 rounds up
        (999, "0.0005", 0),  # 0.4995
        (0, "0.0005", 0),
        (81_450_000, "0.00025", 20_363),  # 20362.5 rounds up
    ],
)
def test_daily_penalty(principal: int, rate: str, penalty: int) -> None:
    assert daily_penalty(principal, Decimal(rate)) == penalty


def test_daily_penalty_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        daily_penalty(-1, Decimal("0.0005"))
    with pytest.raises(ValueError, match="rate"):
        daily_penalty(100, Decimal("-0.0005"))
    with pytest.raises(ValueError, match="rate"):
        daily_penalty(100, Decimal("NaN"))
