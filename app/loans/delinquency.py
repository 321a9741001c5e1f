"""Delinquency: days past due, buckets, late fees and penalty interest.

DPD is counted against the platform business date (never the wall clock):
business date - oldest unpaid due date, or 0 when nothing is overdue. The bucket
thresholds live in :data:`BUCKET_BOUNDS` as data so the SQL end-of-day run can build
its ``CASE`` from the same numbers this module uses.

Pure functions only: no database, no I/O.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from app.money import apply_rate


class Bucket(StrEnum):
    """Delinquency bucket of a loan, by days past due."""

    CURRENT = "current"
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"
    M4_PLUS = "M4+"
    WRITE_OFF_CANDIDATE = "write_off_candidate"


class BucketBound(NamedTuple):
    """Inclusive DPD range of one bucket; ``max_dpd`` is None for the open-ended last one."""

    bucket: Bucket
    min_dpd: int
    max_dpd: int | None


BUCKET_BOUNDS: tuple[BucketBound, ...] = (
    BucketBound(Bucket.CURRENT, 0, 0),
    BucketBound(Bucket.M1, 1, 30),
    BucketBound(Bucket.M2, 31, 60),
    BucketBound(Bucket.M3, 61, 90),
    BucketBound(Bucket.M4_PLUS, 91, 180),
    BucketBound(Bucket.WRITE_OFF_CANDIDATE, 181, None),
)
"""Buckets in ascending order; the ranges are contiguous and cover every DPD >= 0."""


def dpd(business_date: date, oldest_unpaid_due: date | None) -> int:
    """Days past due: business date minus the oldest unpaid due date.

    0 when nothing is unpaid or the oldest unpaid installment is not yet past due
    (due today counts as not overdue).
    """
    if oldest_unpaid_due is None:
        return 0
    return max(0, (business_date - oldest_unpaid_due).days)


def bucket_for(dpd: int) -> Bucket:
    """The bucket for ``dpd`` days past due (see :data:`BUCKET_BOUNDS`)."""
    if dpd < 0:
        raise ValueError(f"days past due cannot be negative, not {dpd}")
    for bound in BUCKET_BOUNDS:
        if bound.max_dpd is None or dpd <= bound.max_dpd:
            return bound.bucket
    raise AssertionError("BUCKET_BOUNDS must end with an open-ended bucket")  # pragma: no cover


def late_fee_due(days_past_due: int, grace_days: int) -> bool:
    """Whether an installment this far past due has earned its late fee.

    True once DPD exceeds the grace days. The fee is charged once per installment:
    the caller charges it the first time this is True and records that it did, so a
    catch-up run over skipped days still charges it exactly once.
    """
    if days_past_due < 0 or grace_days < 0:
        raise ValueError("days past due and grace days cannot be negative")
    return days_past_due > grace_days


def daily_penalty(overdue_principal: int, daily_rate: Decimal) -> int:
    """One day's penalty interest on overdue principal, rounded half up to the minor unit."""
    if overdue_principal < 0:
        raise ValueError("overdue principal cannot be negative")
    if not daily_rate.is_finite() or daily_rate < 0:
        raise ValueError(f"daily penalty rate must be a finite rate >= 0, not {daily_rate}")
    return apply_rate(overdue_principal, daily_rate)
