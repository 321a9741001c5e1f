"""The scorecard shipped with p2pdesk (documented in docs/scorecard.md).

Six characteristics, 255 points at most; grades A-G with a probability of default
each. Admins replace it with a new version; applications keep the version they were
scored with.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from app.origination.scorecard import Bin, Characteristic, GradeBand, ScorecardDef

_YUAN = 100  # minor units per yuan

_ENGLISH: tuple[Characteristic, ...] = (
    Characteristic(
        "bureau_score",
        "Credit bureau score",
        "R01",
        "Your credit bureau score is below the level we lend at on the best terms.",
        (
            Bin(None, 550, 0, "below 550"),
            Bin(550, 600, 15, "550-599"),
            Bin(600, 650, 30, "600-649"),
            Bin(650, 700, 45, "650-699"),
            Bin(700, 750, 60, "700-749"),
            Bin(750, None, 75, "750 and above"),
        ),
    ),
    Characteristic(
        "dti_bp",
        "Debt-to-income with this loan",
        "R02",
        "Your monthly debt payments, including this loan, are high compared with your income.",
        (
            Bin(None, 2000, 40, "below 20%"),
            Bin(2000, 3000, 32, "20-30%"),
            Bin(3000, 4000, 22, "30-40%"),
            Bin(4000, 5000, 12, "40-50%"),
            Bin(5000, 6000, 5, "50-60%"),
            Bin(6000, None, 0, "60% and above"),
        ),
    ),
    Characteristic(
        "delinquencies_24m",
        "Delinquencies in 24 months",
        "R03",
        "Your credit report shows late payments in the last 24 months.",
        (
            Bin(None, 1, 50, "none"),
            Bin(1, 2, 25, "1"),
            Bin(2, 3, 10, "2"),
            Bin(3, None, 0, "3 or more"),
        ),
    ),
    Characteristic(
        "inquiries_6m",
        "Credit inquiries in 6 months",
        "R04",
        "You have applied for credit many times in the last six months.",
        (
            Bin(None, 2, 30, "0-1"),
            Bin(2, 4, 20, "2-3"),
            Bin(4, 6, 10, "4-5"),
            Bin(6, None, 0, "6 or more"),
        ),
    ),
    Characteristic(
        "open_accounts",
        "Open credit accounts",
        "R05",
        "The number of credit accounts you hold open is outside the range we prefer.",
        (
            Bin(None, 1, 10, "none"),
            Bin(1, 4, 25, "1-3"),
            Bin(4, 7, 20, "4-6"),
            Bin(7, 10, 10, "7-9"),
            Bin(10, None, 0, "10 or more"),
        ),
    ),
    Characteristic(
        "monthly_income",
        "Monthly income",
        "R06",
        "Your stated monthly income is low for the amount requested.",
        (
            Bin(None, 3_000 * _YUAN, 0, "below 3,000"),
            Bin(3_000 * _YUAN, 6_000 * _YUAN, 10, "3,000-5,999"),
            Bin(6_000 * _YUAN, 10_000 * _YUAN, 20, "6,000-9,999"),
            Bin(10_000 * _YUAN, 20_000 * _YUAN, 30, "10,000-19,999"),
            Bin(20_000 * _YUAN, None, 35, "20,000 and above"),
        ),
    ),
)

# Chinese for each characteristic: its label, the reason an applicant reads, its bins.
CHINESE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "bureau_score": (
        "征信评分",
        "您的征信评分低于我们以最优条件放款的水平。",
        ("低于 550", "550-599", "600-649", "650-699", "700-749", "750 及以上"),
    ),
    "dti_bp": (
        "含本笔借款的负债收入比",
        "您的月还款额（含本笔借款）相对收入偏高。",
        ("低于 20%", "20-30%", "30-40%", "40-50%", "50-60%", "60% 及以上"),
    ),
    "delinquencies_24m": (
        "近 24 个月逾期次数",
        "您的征信报告显示近 24 个月有逾期还款记录。",
        ("无", "1 次", "2 次", "3 次及以上"),
    ),
    "inquiries_6m": (
        "近 6 个月征信查询次数",
        "您近六个月申请信贷的次数较多。",
        ("0-1 次", "2-3 次", "4-5 次", "6 次及以上"),
    ),
    "open_accounts": (
        "未结清信贷账户数",
        "您持有的未结清信贷账户数量不在我们的理想范围内。",
        ("无", "1-3 个", "4-6 个", "7-9 个", "10 个及以上"),
    ),
    "monthly_income": (
        "月收入",
        "您申报的月收入相对申请金额偏低。",
        (
            "低于 3,000 元",
            "3,000-5,999 元",
            "6,000-9,999 元",
            "10,000-19,999 元",
            "20,000 元及以上",
        ),
    ),
}


def _with_chinese(ch: Characteristic) -> Characteristic:
    label, reason, bins = CHINESE[ch.code]
    assert len(bins) == len(ch.bins), ch.code
    return replace(
        ch, label_zh=label, reason_zh=reason,
        bins=tuple(replace(b, label_zh=zh) for b, zh in zip(ch.bins, bins, strict=True)),
    )  # fmt: skip


DEFAULT_CHARACTERISTICS: tuple[Characteristic, ...] = tuple(_with_chinese(c) for c in _ENGLISH)

DEFAULT_BANDS: tuple[GradeBand, ...] = (
    GradeBand("A", 220, Decimal("0.005")),
    GradeBand("B", 195, Decimal("0.01")),
    GradeBand("C", 170, Decimal("0.02")),
    GradeBand("D", 145, Decimal("0.04")),
    GradeBand("E", 120, Decimal("0.07")),
    GradeBand("F", 95, Decimal("0.12")),
    GradeBand("G", 0, Decimal("0.2")),
)


def default_scorecard() -> ScorecardDef:
    """The shipped scorecard (version 0 until stored)."""
    return ScorecardDef("p2pdesk default", DEFAULT_CHARACTERISTICS, DEFAULT_BANDS)
