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

# The same reasons as a Chinese-reading applicant is told them (the decline letter,
# the screens in Chinese).
DECLINE_REASONS_ZH: dict[str, str] = {
    "D01": "您的征信评分未达到我们的放款政策要求。",
    "D02": "加上本笔借款后，您的月还款额相对收入过高。",
    "D03": "您的征信报告显示近期有逾期还款记录。",
    "D04": "您近期申请信贷的次数较多。",
    "D05": "您的收入无法核实，或相对申请金额过低。",
    "D06": "您提供的资料不完整或无法核实。",
    "D07": "本笔借款将使您超出本平台的借款上限。",
    "D08": "我们未能完成放款前所需的身份核验（KYC）。",
    "D09": "该借款用途不在我们的放款范围内。",
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
