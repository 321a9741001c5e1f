"""The explainable priority score of a collection case, pure.

The score is a sum of named parts, so the queue can show *why* a case ranks where
it does ("DPD 45: +90, promise due today: +150 ..."). Weights are data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Factor(StrEnum):
    DPD = "dpd"
    OVERDUE_AMOUNT = "overdue_amount"
    PROMISE_DUE_TODAY = "promise_due_today"
    BROKEN_PROMISES = "broken_promises"
    DAYS_SINCE_CONTACT = "days_since_contact"


@dataclass(frozen=True)
class PriorityWeights:
    per_dpd_day: int = 2
    dpd_cap_days: int = 180
    per_overdue_unit: int = 5  # points per ``overdue_unit`` minor units overdue
    overdue_unit: int = 100_000  # 1,000.00
    overdue_cap: int = 300
    promise_due_today: int = 150
    per_broken_promise: int = 80
    broken_cap: int = 3
    per_day_without_contact: int = 3
    no_contact_cap_days: int = 30
    never_contacted: int = 90


DEFAULT_WEIGHTS = PriorityWeights()


@dataclass(frozen=True)
class PriorityInput:
    dpd: int
    overdue_amount: int  # minor units
    promise_due_today: bool
    broken_promises: int
    last_contact_on: date | None
    business_date: date


@dataclass(frozen=True)
class Reason:
    factor: Factor
    points: int
    value: str  # the input value shown beside the points ("45", "12000.00", ...)


@dataclass(frozen=True)
class PriorityScore:
    total: int
    reasons: tuple[Reason, ...]

    def to_json(self) -> str:
        return json.dumps([[r.factor.value, r.points, r.value] for r in self.reasons])

    @classmethod
    def from_json(cls, text: str | None) -> PriorityScore:
        if not text:
            return cls(0, ())
        reasons = tuple(Reason(Factor(f), int(p), str(v)) for f, p, v in json.loads(text))
        return cls(sum(r.points for r in reasons), reasons)

    def explain(self) -> str:
        """English one-liner; the UI builds a translated one from ``reasons``."""
        labels = {
            Factor.DPD: "DPD {}",
            Factor.OVERDUE_AMOUNT: "overdue {}",
            Factor.PROMISE_DUE_TODAY: "promise due today",
            Factor.BROKEN_PROMISES: "{} broken promise(s)",
            Factor.DAYS_SINCE_CONTACT: "{} day(s) since contact",
        }
        parts = [f"{labels[r.factor].format(r.value)} +{r.points}" for r in self.reasons]
        return ", ".join(parts) if parts else "no priority factors"


def score(data: PriorityInput, weights: PriorityWeights = DEFAULT_WEIGHTS) -> PriorityScore:
    """Score a case; every non-zero part is kept as a reason, biggest first."""
    from app.money import format_amount

    reasons: list[Reason] = []
    dpd_points = min(max(data.dpd, 0), weights.dpd_cap_days) * weights.per_dpd_day
    if dpd_points:
        reasons.append(Reason(Factor.DPD, dpd_points, str(data.dpd)))
    overdue_points = min(
        weights.overdue_cap,
        max(data.overdue_amount, 0) // weights.overdue_unit * weights.per_overdue_unit,
    )
    if overdue_points:
        reasons.append(
            Reason(Factor.OVERDUE_AMOUNT, overdue_points, format_amount(data.overdue_amount))
        )
    if data.promise_due_today:
        reasons.append(Reason(Factor.PROMISE_DUE_TODAY, weights.promise_due_today, "1"))
    broken = min(max(data.broken_promises, 0), weights.broken_cap)
    if broken:
        reasons.append(
            Reason(
                Factor.BROKEN_PROMISES,
                broken * weights.per_broken_promise,
                str(data.broken_promises),
            )
        )
    if data.last_contact_on is None:
        reasons.append(Reason(Factor.DAYS_SINCE_CONTACT, weights.never_contacted, "never"))
    else:
        days = max(0, (data.business_date - data.last_contact_on).days)
        points = min(days, weights.no_contact_cap_days) * weights.per_day_without_contact
        if points:
            reasons.append(Reason(Factor.DAYS_SINCE_CONTACT, points, str(days)))
    reasons.sort(key=lambda r: -r.points)
    return PriorityScore(sum(r.points for r in reasons), tuple(reasons))
