"""Coded decline reasons, in words a declined applicant can be told."""

from __future__ import annotations

DECLINE_REASONS: dict[str, str] = {
    "D01": "Your credit bureau score is below our lending policy.",
    "D02": "Your monthly debt payments, including this loan, would be too high for your income.",
    "D03": "Your credit report shows recent late payments.",
    "D04": "You have applied for credit many times recently.",
    "D05": "Your income could not be verified or is too low for the amount requested.",
    "D06": "The information provided was incomplete or could not be verified.",
    "D07": "The loan would take you over the borrowing limit for this platform.",
    "D08": "We could not complete the identity checks (KYC) required before lending.",
    "D09": "The purpose of the loan is not one we lend for.",
}


def check_codes(codes: list[str] | tuple[str, ...]) -> list[str]:
    """Unique known codes in the order given; ValueError naming an unknown one."""
    seen: list[str] = []
    for code in codes:
        key = code.strip().upper()
        if key not in DECLINE_REASONS:
            raise ValueError(f"{code!r} is not a decline reason code")
        if key not in seen:
            seen.append(key)
    return seen
