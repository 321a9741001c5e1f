"""Pure origination rules: status machine, scorecard, affordability, intake, CSV."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import StateError, ValidationError
from app.loans.schedule import Method, build_schedule
from app.origination.affordability import dti_bp, format_bp, monthly_commitment
from app.origination.csv_import import COLUMNS, parse_applications_csv
from app.origination.default_scorecard import default_scorecard
from app.origination.intake import ApplicationForm, IntakeError, validate_form
from app.origination.scorecard import score, validate_scorecard
from app.origination.status import OPEN, TRANSITIONS, Status, check_transition

ALLOWED = {
    ("submitted", "in_review"),
    ("in_review", "info_requested"),
    ("info_requested", "in_review"),
    ("in_review", "recommended"),
    ("in_review", "approved"),
    ("recommended", "approved"),
    ("recommended", "in_review"),
    ("approved", "funding"),
    ("approved", "withdrawn"),
    ("approved", "expired"),
    ("funding", "disbursed"),
    ("disbursed", "funding"),  # a same-day disbursement reversal (issue 13 #6)
} | {(s.value, end) for s in OPEN for end in ("declined", "withdrawn", "expired")}


@pytest.mark.parametrize("pair", list(itertools.product(Status, Status)), ids=str)
def test_every_status_pair(pair: tuple[Status, Status]) -> None:
    current, target = pair
    if (current.value, target.value) in ALLOWED:
        check_transition(current, target)
    else:
        with pytest.raises(StateError, match="cannot become"):
            check_transition(current, target)


def test_transition_table_matches_the_issue() -> None:
    table = {(a.value, b.value) for a, nexts in TRANSITIONS.items() for b in nexts}
    assert table == ALLOWED


GOOD = {
    "bureau_score": 780,
    "dti_bp": 1500,
    "delinquencies_24m": 0,
    "inquiries_6m": 1,
    "open_accounts": 2,
    "monthly_income": 2_500_000,
}


def test_default_scorecard_is_valid_and_best_applicant_gets_a() -> None:
    card = default_scorecard()
    validate_scorecard(card)
    result = score(card, GOOD)
    assert result.score == result.max_score == 255
    assert result.grade == "A" and result.pd == Decimal("0.005")
    assert result.reasons == ()


def test_reasons_are_the_four_costliest_in_order() -> None:
    facts = dict(
        GOOD, bureau_score=560, dti_bp=6500, delinquencies_24m=1, inquiries_6m=3, open_accounts=5
    )
    result = score(default_scorecard(), facts)
    # shortfalls: bureau 60, dti 40, delinquencies 25, inquiries 10, accounts 5
    assert [r.code for r in result.reasons] == ["R01", "R02", "R03", "R04"]
    assert [r.shortfall for r in result.reasons] == [60, 40, 25, 10]
    assert result.score == 255 - 140
    assert result.grade == "F"
    assert all(r.text.endswith(".") for r in result.reasons)


def test_missing_fact_is_named() -> None:
    facts = dict(GOOD)
    del facts["bureau_score"]
    with pytest.raises(ValidationError, match="Credit bureau score"):
        score(default_scorecard(), facts)


@given(
    st.integers(0, 1000),
    st.integers(0, 20000),
    st.integers(0, 20),
    st.integers(0, 20),
    st.integers(0, 30),
    st.integers(0, 10**8),
)
def test_score_is_sum_of_parts_and_bounded(b: int, d: int, q: int, i: int, o: int, m: int) -> None:
    facts = {
        "bureau_score": b,
        "dti_bp": d,
        "delinquencies_24m": q,
        "inquiries_6m": i,
        "open_accounts": o,
        "monthly_income": m,
    }
    result = score(default_scorecard(), facts)
    assert result.score == sum(p.points for p in result.parts)
    assert 0 <= result.score <= result.max_score
    assert len(result.reasons) <= 4
    shortfalls = [r.shortfall for r in result.reasons]
    assert shortfalls == sorted(shortfalls, reverse=True)


def test_affordability_matches_design_example() -> None:
    schedule = build_schedule(10_000_000, Decimal("0.049"), 12, Method.ANNUITY, date(2026, 1, 15))
    assert monthly_commitment(schedule) == 855_617
    assert dti_bp(2_000_000, 100_000, 855_617) == 4778
    assert format_bp(4778) == "47.78%"
    assert dti_bp(0, 0, 0) == 0
    assert dti_bp(0, 1, 0) == 99_999


def test_bullet_commitment_spreads_the_total() -> None:
    schedule = build_schedule(1_200_000, Decimal("0.12"), 12, Method.BULLET, date(2026, 1, 15))
    assert monthly_commitment(schedule) == schedule.total_payment // 12


def _form(**over: str) -> ApplicationForm:
    base = dict(
        product="PL",
        amount="12000.00",
        term="12",
        purpose="Car repair",
        monthly_income="9000",
        monthly_debt="500",
        bureau_score="700",
        open_accounts="3",
        delinquencies_24m="0",
        inquiries_6m="1",
    )
    base.update(over)
    return ApplicationForm(**base)


def test_form_validates_and_parses() -> None:
    facts = validate_form(_form())
    assert facts.amount == 1_200_000 and facts.monthly_income == 900_000 and facts.term == 12


def test_every_bad_field_gets_its_own_message() -> None:
    with pytest.raises(IntakeError) as caught:
        validate_form(
            _form(
                amount="-5",
                term="0",
                purpose="",
                bureau_score="abc",
                monthly_income="1.234",
                product="",
            )
        )
    errors = caught.value.errors
    assert set(errors) == {"amount", "term", "purpose", "bureau_score", "monthly_income", "product"}
    assert errors["term"] == "must be from 1 to 360"
    assert "decimal places" in errors["monthly_income"]


ID_OK = "11010519491231002X"


def _csv(*rows: str) -> str:
    return ",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n"


def _row(ext: str, amount: str = "5000", idn: str = ID_OK) -> str:
    return f"{ext},individual,张三,{idn},13800138000,PL,{amount},12,rent,8000,0,700,2,0,1"


def test_csv_rejects_rows_with_line_numbers() -> None:
    parsed = parse_applications_csv(
        _csv(_row("W1"), _row("W2", amount="x"), "", _row("W1"), _row("W4", idn="123"))
    )
    assert [r.external_id for r in parsed.rows] == ["W1"]
    assert [(r.line, r.external_id) for r in parsed.rejected] == [(3, "W2"), (5, "W1"), (6, "W4")]
    assert "Amount" in parsed.rejected[0].reason
    assert "repeats line 2" in parsed.rejected[1].reason
    assert "id_number" in parsed.rejected[2].reason


def test_csv_missing_column_rejects_the_file() -> None:
    with pytest.raises(ValidationError, match=r"line 1.*bureau_score"):
        parse_applications_csv("external_id,customer_name\nW1,x\n")
