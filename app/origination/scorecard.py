"""Points-based scorecard: characteristics with bins, score -> grade -> probability of default.

Pure rules: the scorecard is plain data (stored in the database by
:mod:`app.origination.scorecards`, versioned), scoring is a function of the
applicant's facts. Every fact is an integer (counts, a bureau score, basis points,
minor units), so bins are half-open integer ranges ``[lower, upper)`` where ``None``
means unbounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.errors import ValidationError

GRADES = ("A", "B", "C", "D", "E", "F", "G")
REASON_COUNT = 4


@dataclass(frozen=True, slots=True)
class Bin:
    """``lower <= value < upper`` earns ``points`` (a bound of None is open)."""

    lower: int | None
    upper: int | None
    points: int
    label: str
    label_zh: str = ""  # what Chinese-speaking staff see; empty: the English label

    def contains(self, value: int) -> bool:
        return (self.lower is None or value >= self.lower) and (
            self.upper is None or value < self.upper
        )


@dataclass(frozen=True, slots=True)
class Characteristic:
    """One scored fact: ``code`` names the fact, ``reason`` is what an applicant is told."""

    code: str
    label: str
    reason_code: str
    reason: str
    bins: tuple[Bin, ...]
    label_zh: str = ""  # empty: the English label is shown
    reason_zh: str = ""  # what a Chinese-reading applicant is told

    @property
    def max_points(self) -> int:
        return max(b.points for b in self.bins)

    def bin_for(self, value: int) -> Bin:
        for candidate in self.bins:
            if candidate.contains(value):
                return candidate
        raise ValidationError(self.label, f"{value} falls in no bin of the scorecard")


@dataclass(frozen=True, slots=True)
class GradeBand:
    """Scores at or above ``min_score`` (and below the next band) get ``grade``."""

    grade: str
    min_score: int
    pd: Decimal  # probability of default, a fraction


@dataclass(frozen=True, slots=True)
class ScorecardDef:
    name: str
    characteristics: tuple[Characteristic, ...]
    bands: tuple[GradeBand, ...]  # best grade first
    version: int = 0
    scorecard_id: int | None = None

    @property
    def max_score(self) -> int:
        return sum(c.max_points for c in self.characteristics)


@dataclass(frozen=True, slots=True)
class CharacteristicScore:
    code: str
    label: str
    value: int
    bin_label: str
    points: int
    max_points: int

    @property
    def shortfall(self) -> int:
        return self.max_points - self.points


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text: str
    shortfall: int


@dataclass(frozen=True, slots=True)
class ScoreResult:
    score: int
    max_score: int
    grade: str
    pd: Decimal
    parts: tuple[CharacteristicScore, ...]
    reasons: tuple[Reason, ...]  # at most four, costliest first


def validate_scorecard(card: ScorecardDef) -> None:
    """Refuse a scorecard whose bins leave gaps or overlap, or whose bands are unordered."""
    if not card.characteristics:
        raise ValidationError("scorecard", "needs at least one characteristic")
    codes = [c.code for c in card.characteristics]
    if len(set(codes)) != len(codes):
        raise ValidationError("scorecard", "a characteristic appears twice")
    for ch in card.characteristics:
        if not ch.bins:
            raise ValidationError(ch.label, "needs at least one bin")
        if ch.bins[0].lower is not None or ch.bins[-1].upper is not None:
            raise ValidationError(ch.label, "the first and last bins must be open-ended")
        for left, right in zip(ch.bins, ch.bins[1:], strict=False):
            if left.upper is None or left.upper != right.lower:
                raise ValidationError(
                    ch.label, f"bins '{left.label}' and '{right.label}' must meet"
                )
            if right.upper is not None and right.upper <= right.lower:  # type: ignore[operator]
                raise ValidationError(ch.label, f"bin '{right.label}' is empty")
    if not card.bands or [b.grade for b in card.bands] != sorted(b.grade for b in card.bands):
        raise ValidationError("grade bands", "must be listed best grade first")
    mins = [b.min_score for b in card.bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        raise ValidationError("grade bands", "minimum scores must fall strictly from A to G")


def grade_for(score: int, bands: Sequence[GradeBand]) -> GradeBand:
    """The best band whose minimum the score reaches; the worst band otherwise."""
    for band in bands:
        if score >= band.min_score:
            return band
    return bands[-1]


def score(card: ScorecardDef, facts: Mapping[str, int]) -> ScoreResult:
    """Score ``facts`` (one integer per characteristic code) with ``card``.

    Reasons are the characteristics that cost the most points against their
    maximum, costliest first (ties in scorecard order), at most four, and only
    those that cost something.
    """
    parts: list[CharacteristicScore] = []
    for ch in card.characteristics:
        if ch.code not in facts:
            raise ValidationError(ch.label, "is needed to score the application")
        value = facts[ch.code]
        chosen = ch.bin_for(value)
        parts.append(
            CharacteristicScore(
                ch.code, ch.label, value, chosen.label, chosen.points, ch.max_points
            )
        )
    total = sum(p.points for p in parts)
    band = grade_for(total, card.bands)
    by_code = {c.code: c for c in card.characteristics}
    ranked = sorted(
        (i for i in range(len(parts)) if parts[i].shortfall > 0),
        key=lambda i: (-parts[i].shortfall, i),
    )
    reasons = tuple(
        Reason(
            by_code[parts[i].code].reason_code, by_code[parts[i].code].reason, parts[i].shortfall
        )
        for i in ranked[:REASON_COUNT]
    )
    return ScoreResult(total, card.max_score, band.grade, band.pd, tuple(parts), reasons)
