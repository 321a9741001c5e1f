"""Mask personal data typed into free text (notes, descriptions, reasons).

Users paste a caller's ID number or phone into a note; stored as typed, it would sit
in plaintext in the notes table and be copied into the audit trail, defeating the
encryption of the customer record. Every service that stores free text passes it
through :func:`redact_pii` first. Pure: no I/O.

Detected, in this order (a longer match wins over a shorter one inside it):
- Chinese resident ID numbers: 18 characters, 17 digits then a digit or X, with a
  valid GB 11643 check character;
- bank card numbers: 16 to 19 digits (spaces or dashes allowed between them) that
  pass the Luhn check;
- mainland mobile numbers: ``1[3-9]`` and 9 more digits (optionally ``+86``, spaces
  or dashes as 3-4-4).
Each is replaced by stars and its last four characters, the same form as on screen.
"""

from __future__ import annotations

import re

from app.customers.identity import luhn_ok, resident_id_check_char

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![\d])(\d(?:[ -]?\d){15,18})(?![\d])")
_PHONE = re.compile(r"(?<![\d])((?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?![\d])")
MASK_CHAR = "*"


def _stars(digits: str) -> str:
    return MASK_CHAR * (len(digits) - 4) + digits[-4:]


def _id_sub(match: re.Match[str]) -> str:
    text = match.group(1).upper()
    if resident_id_check_char(text[:17]) != text[17]:
        return match.group(0)
    return _stars(text)


def _card_sub(match: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", match.group(1))
    if not luhn_ok(digits):
        return match.group(0)
    return _stars(digits)


def _phone_sub(match: re.Match[str]) -> str:
    digits = re.sub(r"[ +-]", "", match.group(1))
    return _stars(digits[-11:])


def redact_pii(text: str) -> str:
    """``text`` with every resident ID, bank card and mobile number masked."""
    if not any(ch.isdigit() for ch in text):
        return text  # the common case: nothing to look at
    text = _ID.sub(_id_sub, text)
    text = _CARD.sub(_card_sub, text)
    return _PHONE.sub(_phone_sub, text)


def redact_optional(text: str | None) -> str | None:
    """:func:`redact_pii` for nullable columns."""
    return None if text is None else redact_pii(text)
