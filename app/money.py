"""Money: integer minor units, exact rates and rounding.

Every amount in p2pdesk is a plain ``int`` of minor units (fen/cents); no amount or
rate is ever a ``float``. Rates are :class:`~decimal.Decimal` fractions ("0.049" is
4.9 %). Rounding to the minor unit is ROUND_HALF_UP, once per amount, and symmetric
for negative values (-0.5 rounds to -1), as DESIGN section 2 requires.

Pure functions only: no I/O, no database, no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

from app.errors import ValidationError

MINOR_PER_MAJOR = 100
"""Minor units in one major unit (fen per yuan, cents per dollar)."""

AMOUNT_PLACES = 2
"""Decimal places of a major-unit amount."""

MAX_AMOUNT_MINOR = 2**63 - 1
"""Largest magnitude an amount may have: it must fit a signed 64-bit column."""

_AMOUNT_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_GROUPED_RE = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", re.ASCII)
_RATE_MAX_WHOLE_DIGITS = 6
_RATE_RE = re.compile(r"\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def parse_amount(
    text: str, field: str = "amount", *, grouping: bool = False, maximum: int | None = None
) -> int:
    """Parse a major-unit decimal string ("100000.00", "12", "-0.05") into minor units.

    Surrounding blanks are ignored. Refuses anything that is not a plain decimal
    number with at most two decimal places (no exponent, NaN or infinity),
    raising :class:`ValidationError` naming ``field``. With ``grouping``, thousands
    separators written the way :func:`format_amount` shows them ("5,606.49") are
    accepted too (only in groups of three). With ``maximum`` (minor units), an
    amount whose magnitude is above it is refused.
    """
    stripped = text.strip()
    if not stripped:
        raise ValidationError(field, "an amount is required")
    if grouping and _GROUPED_RE.fullmatch(stripped):
        stripped = stripped.replace(",", "")
    if not _AMOUNT_RE.fullmatch(stripped):
        raise ValidationError(
            field, f"{text!r} is not an amount; write it like 1234.56 (no grouping, no exponent)"
        )
    _, _, fraction = stripped.partition(".")
    if len(fraction) > AMOUNT_PLACES:
        raise ValidationError(field, f"{text!r} has more than {AMOUNT_PLACES} decimal places")
    sign = -1 if stripped.startswith("-") else 1
    digits = stripped.lstrip("+-").replace(".", "").lstrip("0") or "0"
    too_large = ValidationError(field, f"{text!r} is too large")
    if len(digits) > len(str(MAX_AMOUNT_MINOR)):
        raise too_large
    minor: int = int(digits) * 10 ** (AMOUNT_PLACES - len(fraction))
    if minor > MAX_AMOUNT_MINOR:
        raise too_large
    if maximum is not None:
        check_maximum(minor, maximum, field)
    return sign * minor


def check_maximum(minor: int, maximum: int, field: str = "amount") -> None:
    """Refuse an amount whose magnitude is above ``maximum`` minor units (the
    platform's hard ceiling on one amount), naming ``field``."""
    if abs(minor) > maximum:
        raise ValidationError(
            field,
            f"{format_amount(minor, True)} is above the largest amount allowed, "
            f"{format_amount(maximum, True)}",
        )


def format_amount(minor: int, grouping: bool = False) -> str:
    """Format minor units as a major-unit decimal string: 855617 -> "8556.17".

    Negative amounts keep their sign ("-0.05"); ``grouping`` adds thousands
    separators ("1,234.50").
    """
    sign = "-" if minor < 0 else ""
    major, cents = divmod(abs(minor), MINOR_PER_MAJOR)
    major_text = f"{major:,}" if grouping else str(major)
    return f"{sign}{major_text}.{cents:0{AMOUNT_PLACES}d}"


def round_half_up(value: Decimal) -> int:
    """Round a Decimal amount of minor units to an int, ROUND_HALF_UP.

    Symmetric for negatives: 2.5 -> 3 and -2.5 -> -3. NaN and infinity raise
    ValueError (they are bugs, not input).
    """
    if not value.is_finite():
        raise ValueError(f"cannot round {value} to a minor unit")
    with localcontext() as ctx:
        # Enough digits that the integral value is never rounded by the context.
        ctx.prec = max(28, len(value.as_tuple().digits) + 2)
        return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def div_round_half_up(numerator: int, denominator: int) -> int:
    """Exact ``numerator / denominator`` rounded half up (away from zero on a tie).

    Integer arithmetic only, so no intermediate precision is ever lost; the schedule
    and split code use it to round exact rational amounts once.
    """
    if denominator == 0:
        raise ZeroDivisionError("division by zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def apply_rate(minor: int, rate: Decimal) -> int:
    """``minor x rate`` computed exactly and rounded half up once (fees, penalties)."""
    if not rate.is_finite():
        raise ValueError(f"cannot apply rate {rate}")
    exact = minor * Fraction(rate)
    return div_round_half_up(exact.numerator, exact.denominator)


def parse_rate(text: str, field: str = "annual_rate", max_places: int = 9) -> Decimal:
    """Parse a rate given as a fraction ("0.049" is 4.9 %) into an exact Decimal.

    Refuses negatives, more than ``max_places`` decimal places, exponents, NaN,
    infinity and anything else that is not a plain decimal number, raising
    :class:`ValidationError` naming ``field``.
    """
    stripped = text.strip()
    if not stripped:
        raise ValidationError(field, "a rate is required")
    if stripped.startswith("-"):
        raise ValidationError(field, f"{text!r} is negative; a rate must be 0 or more")
    if not _RATE_RE.fullmatch(stripped):
        raise ValidationError(
            field, f"{text!r} is not a rate; write it as a fraction like 0.049 for 4.9%"
        )
    whole, _, fraction = stripped.lstrip("+").partition(".")
    if len(whole.lstrip("0")) > _RATE_MAX_WHOLE_DIGITS:
        raise ValidationError(field, f"{text!r} is too large for a rate")
    if len(fraction) > max_places:
        raise ValidationError(field, f"{text!r} has more than {max_places} decimal places")
    try:
        rate = Decimal(stripped)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes these
        raise ValidationError(field, f"{text!r} is not a rate") from exc
    return rate


def format_rate(rate: Decimal) -> str:
    """Format a rate as a plain decimal string without exponent or trailing zeros.

    Decimal("0.0490") -> "0.049", Decimal("0") -> "0", Decimal("1E+1") -> "10".
    """
    if not rate.is_finite():
        raise ValueError(f"cannot format rate {rate}")
    text = format(rate, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def allocate_pro_rata(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` minor units in proportion to ``weights`` (largest remainder).

    Each share starts at the floor of its exact share; the cents left over go one each
    to the largest remainders, ties to the lower index. The result is deterministic,
    sums exactly to ``total``, and each share is within one minor unit of its exact
    share. A negative total is split symmetrically (``-allocate(t) == allocate(-t)``).

    Raises ValueError when a weight is negative or the weights do not sum to more
    than zero (a programming error, not user input).
    """
    if not weights:
        raise ValueError("allocate_pro_rata needs at least one weight")
    if any(w < 0 for w in weights):
        raise ValueError("allocate_pro_rata weights must be >= 0")
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("allocate_pro_rata weights must have a positive sum")
    if total < 0:
        return [-share for share in allocate_pro_rata(-total, weights)]

    shares: list[int] = []
    remainders: list[int] = []
    for weight in weights:
        share, remainder = divmod(total * weight, weight_sum)
        shares.append(share)
        remainders.append(remainder)
    leftover = total - sum(shares)
    # Largest remainder first; equal remainders go to the lower index.
    ranked = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in ranked[:leftover]:
        shares[index] += 1
    return shares
