"""Format and check-digit rules for identity numbers (pure, no I/O).

The rules themselves come from field libraries: ``stdnum`` (python-stdnum) for the
resident ID (GB 11643), the unified social credit code (GB 32100) and the Luhn
check of bank cards, ``phonenumbers`` for the one stored form of a phone number.
The English sentences below are stable: the client maps each to its translation
(``ui.i18n.translate_service_message``), so change one only together with it.
"""

from __future__ import annotations

import re
from datetime import date

import phonenumbers
from stdnum import luhn, numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

_PHONE = re.compile(r"^1[3-9]\d{9}$")
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# What a user sees under a field (the field's name is beside it). Stable: see above.
REQUIRED = "is required"
ID_FORMAT = "must be 17 digits followed by a digit or X"
ID_BIRTH_DATE = "contains an impossible birth date"
ID_BIRTH_FUTURE = "contains a birth date in the future"
ID_CHECK_DIGIT = "has a wrong check digit (the last character, GB 11643)"
ID_REGION = "has an unknown region code (the first six digits)"
USCC_FORMAT = "must be 18 characters from 0-9 and A-Y (no I, O, S, V, Z)"
USCC_CHECK = "has a wrong check character (the last one, GB 32100)"
CARD_LUHN = "is not a bank card number: 12 to 19 digits passing the Luhn check"
MOBILE_FORMAT = "is not a mainland China mobile number (11 digits from 13 to 19, +86 allowed)"
FIELD_MESSAGES = (
    REQUIRED,
    ID_FORMAT,
    ID_BIRTH_DATE,
    ID_BIRTH_FUTURE,
    ID_CHECK_DIGIT,
    ID_REGION,
    USCC_FORMAT,
    USCC_CHECK,
    CARD_LUHN,
    MOBILE_FORMAT,
)


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def _region_known(code: str) -> bool:
    """The six-digit administrative division exists (now or once) in stdnum's table.

    Not stdnum's stricter "assigned in the birth year": a number carries the code of
    where it was issued, so someone born in 1960 in Pudong (created 1992) holds 310115."""
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def resident_id_problem(value: str, today: date | None = None) -> str | None:
    """Why ``value`` is not a valid 18-digit resident ID, or None when it is: the
    format, a real birth date not after ``today`` (default: the system date), the
    check digit, and a region code that exists."""
    text = value.strip().upper()
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        return ID_FORMAT
    try:
        born = ric.get_birth_date(text)
    except StdnumError:
        return ID_BIRTH_DATE
    if born > (today or date.today()):
        return ID_BIRTH_FUTURE
    if ric.calc_check_digit(text) != text[17]:
        return ID_CHECK_DIGIT
    if not _region_known(text[:6]):
        return ID_REGION
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


def _ascii_digits(text: str) -> str:
    """``text``'s decimal digits as ASCII (full-width ``１２３`` too); ValueError otherwise."""
    return "".join(str(int(ch)) for ch in text)


def luhn_ok(number: str) -> bool:
    """A bank card number: 12 to 19 digits (spaces and dashes ignored) passing Luhn."""
    digits = re.sub(r"[\s\-]", "", number)
    if not digits.isdecimal() or not 12 <= len(digits) <= 19:
        return False
    return luhn.is_valid(_ascii_digits(digits))


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial`` + digit pass the Luhn check."""
    return luhn.calc_check_digit(_ascii_digits(partial))


def normal_phone(phone: str) -> str:
    """The one stored (and blind-indexed) form of a phone number: a mainland number
    in its national digits (``+86 138 0013 8000``, ``0086-138-0013-8000`` and
    ``138-0013-8000`` are all ``13800138000``; a fixed line keeps its trunk 0),
    another country's in E.164 (``+16502530000``). Text that is no phone number loses
    only its spaces, dashes and brackets."""
    text = phone.strip()
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return re.sub(r"[\s\-()]", "", text)
    if parsed.country_code == 86:
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        return "".join(ch for ch in national if ch.isdigit())
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mobile_ok(phone: str) -> bool:
    """A mainland China mobile number: 11 digits starting 13-19, written any usual way
    (spaces, dashes, +86 or 0086 in front)."""
    return bool(_PHONE.match(normal_phone(phone)))


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of an 18-character unified social credit code."""
    return uscc.calc_check_digit(first17)


def uscc_problem(value: str) -> str | None:
    """Why ``value`` is not a valid unified social credit code, or None when it is.

    The check character is stdnum's; the format is not its ``validate``, which wants
    the first 8 characters digits and so refuses real codes of rural collectives
    (registration authority N, e.g. ``N2...``)."""
    text = value.strip().upper()
    if len(text) != 18 or any(c not in _USCC_CHARS for c in text):
        return USCC_FORMAT
    if uscc.calc_check_digit(text[:17]) != text[17]:
        return USCC_CHECK
    return None
