"""Format and check-digit rules for identity numbers (pure, no I/O)."""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PHONE = re.compile(r"^1[3-9]\d{9}$")
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-digit resident ID, or None when it is."""
    text = value.strip().upper()
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        return "must be 17 digits followed by a digit or X"
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return "contains an impossible birth date"
    if resident_id_check_char(text[:17]) != text[17]:
        return "check digit does not match (GB 11643)"
    return None


#: The ages a borrower may have on the day an application arrives.
MIN_AGE = 18
MAX_AGE = 100


def resident_id_birth_date(value: str) -> date | None:
    """The birth date a valid resident ID carries (digits 7-14), or None."""
    text = value.strip().upper()
    if resident_id_problem(text) is not None:
        return None
    return date(int(text[6:10]), int(text[10:12]), int(text[12:14]))


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def birth_date_problem(born: date, today: date) -> str | None:
    """Why ``born`` cannot be a borrower's birth date on ``today`` (None: it can)."""
    if born > today:
        return f"birth date {born.isoformat()} is in the future"
    age = age_on(born, today)
    if age < MIN_AGE:
        return f"birth date {born.isoformat()} makes the borrower {age}, under {MIN_AGE}"
    if age > MAX_AGE:
        return f"birth date {born.isoformat()} makes the borrower {age}, over {MAX_AGE}"
    return None


def luhn_ok(number: str) -> bool:
    digits = re.sub(r"\s", "", number)
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial`` + digit pass the Luhn check."""
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise ValueError("no Luhn digit")  # unreachable for digit strings


def mobile_ok(phone: str) -> bool:
    """A mainland China mobile number: 11 digits starting 13-19."""
    return bool(_PHONE.match(re.sub(r"[\s\-]", "", phone)))


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of an 18-character unified social credit code."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    text = value.strip().upper()
    if len(text) != 18 or any(c not in _USCC_CHARS for c in text):
        return "must be 18 characters from 0-9 and A-Y (no I, O, S, V, Z)"
    if uscc_check_char(text[:17]) != text[17]:
        return "check character does not match (GB 32100)"
    return None
