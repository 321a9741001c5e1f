"""``p2pdesk quote``: argument parsing, the JSON shape of DESIGN section 5, the text table."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.loans.quote import quote_command, render_quote_text
from app.money import parse_amount

TODAY = date(2024, 1, 31)


def test_quote_json_shape_and_golden_values() -> None:
    q = quote_command("100000.00", "0.049", "12", "annuity", "2024-01-31", TODAY)
    assert list(q) == [
        "method",
        "amount",
        "annual_rate",
        "term",
        "start",
        "installments",
        "total_interest",
        "total_payment",
    ]
    assert q["method"] == "annuity"
    assert q["amount"] == "100000.00"
    assert q["annual_rate"] == "0.049"
    assert q["term"] == 12
    assert q["start"] == "2024-01-31"
    assert q["total_interest"] == "2673.99"
    assert q["total_payment"] == "102673.99"
    installments = q["installments"]
    assert isinstance(installments, list)
    assert len(installments) == 12
    assert installments[0] == {
        "n": 1,
        "due_date": "2024-02-29",
        "principal": "8147.84",
        "interest": "408.33",
        "payment": "8556.17",
        "balance": "91852.16",
    }
    assert all(row["payment"] == "8556.17" for row in installments[:11])
    assert installments[-1] == {
        "n": 12,
        "due_date": "2025-01-31",
        "principal": "8521.32",
        "interest": "34.80",
        "payment": "8556.12",
        "balance": "0.00",
    }
    # The dict is what `--json` prints: it must serialise as is.
    assert json.loads(json.dumps(q)) == q


def test_quote_small_annuity_golden() -> None:
    q = quote_command("100", "0.07", "6", "annuity", "2024-01-31", TODAY)
    installments = q["installments"]
    assert isinstance(installments, list)
    assert [r["interest"] for r in installments] == ["0.58", "0.49", "0.39", "0.29", "0.20", "0.10"]
    assert [r["payment"] for r in installments] == ["17.01"] * 5 + ["17.00"]
    assert q["total_interest"] == "2.05"


def test_start_defaults_to_today_and_rate_is_normalised() -> None:
    q = quote_command(" 5000 ", "0.0490", "2", "bullet", None, date(2024, 2, 29))
    assert q["start"] == "2024-02-29"
    assert q["annual_rate"] == "0.049"
    assert q["amount"] == "5000.00"
    assert q["installments"] == [
        {
            "n": 1,
            "due_date": "2024-04-29",
            "principal": "5000.00",
            "interest": "40.83",
            "payment": "5040.83",
            "balance": "0.00",
        }
    ]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("abc", "0.049", "12", "annuity", None), "--amount"),
        (("0", "0.049", "12", "annuity", None), "--amount"),
        (("-5", "0.049", "12", "annuity", None), "--amount"),
        (("1.234", "0.049", "12", "annuity", None), "--amount"),
        (("100", "-0.049", "12", "annuity", None), "--annual-rate"),
        (("100", "4.9", "12", "annuity", None), "--annual-rate"),  # a percentage, not a fraction
        (("100", "4.9%", "12", "annuity", None), "--annual-rate"),
        (("100", "0.049", "0", "annuity", None), "--term"),
        (("100", "0.049", "361", "annuity", None), "--term"),
        (("100", "0.049", "12.5", "annuity", None), "--term"),
        (("100", "0.049", "twelve", "annuity", None), "--term"),
        (("100", "0.049", "12", "monthly", None), "--method"),
        (("100", "0.049", "12", "annuity", "2024-02-30"), "--start"),
        (("100", "0.049", "12", "annuity", "31/01/2024"), "--start"),
        (("100", "0.049", "12", "annuity", "20240131"), "--start"),
        (("100", "0.049", "12", "annuity", "9999-06-01"), "--start"),
    ],
)
def test_bad_arguments_name_the_option(
    args: tuple[str, str, str, str, str | None], option: str
) -> None:
    with pytest.raises(ValidationError) as info:
        quote_command(*args, today=TODAY)
    assert info.value.field == option
    assert "\n" not in str(info.value)


def test_render_text_table() -> None:
    q = quote_command("100000.00", "0.049", "12", "annuity", "2024-01-31", TODAY)
    text = render_quote_text(q)
    lines = text.splitlines()
    assert not text.endswith("\n")
    assert "Method:      annuity" in lines
    assert "Annual rate: 0.049 (4.9%)" in lines
    assert "Term:        12 months" in lines
    table = lines[lines.index("") + 1 :]
    assert table[0].split() == ["#", "Due", "date", "Principal", "Interest", "Payment", "Balance"]
    assert table[2].split() == ["1", "2024-02-29", "8,147.84", "408.33", "8,556.17", "91,852.16"]
    assert table[13].split() == ["12", "2025-01-31", "8,521.32", "34.80", "8,556.12", "0.00"]
    assert table[-1].split() == ["Total", "100,000.00", "2,673.99", "102,673.99"]
    # Columns are aligned: every amount column ends at the same offset on every row.
    body = [table[0], *table[2:14], table[-1]]
    ends = {len(row) for row in body[1:-1]}
    assert len(ends) == 1


@settings(deadline=None, max_examples=30)
@given(
    st.integers(min_value=1, max_value=10**10),
    st.decimals(min_value=0, max_value=1, places=5),
    st.integers(min_value=1, max_value=360),
    st.sampled_from(["annuity", "equal_principal", "interest_only", "bullet"]),
)
def test_quote_totals_add_up(amount: int, rate: Decimal, term: int, method: str) -> None:
    major = f"{amount // 100}.{amount % 100:02d}"
    q = quote_command(major, str(rate), str(term), method, None, TODAY)
    installments = q["installments"]
    assert isinstance(installments, list)
    assert sum(parse_amount(r["principal"]) for r in installments) == amount
    assert parse_amount(str(q["total_payment"])) == amount + parse_amount(str(q["total_interest"]))
    assert installments[-1]["balance"] == "0.00"
    assert render_quote_text(q).count("\n") == 6 + 2 + len(installments) + 1
