"""The scorecard shipped with p2pdesk (documented in docs/scorecard.md).

Six characteristics, 255 points at most; grades A-G with a probability of default
each. Admins replace it with a new version; applications keep the version they were
scored with.
"""

from __future__ import annotations

from decimal import Decimal

from app.origination.scorecard import Bin, Characteristic, GradeBand, ScorecardDef

_YUAN = 100  # minor units per yuan

DEFAULT_CHARACTERISTICS: tuple[Characteristic, ...] = (
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
