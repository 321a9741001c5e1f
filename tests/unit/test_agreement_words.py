"""The loan agreement states its amounts in capital numerals beside the figures and
the annualised comprehensive cost (issue 14 #3), checked in the PDF's own text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from app.loans.cost import schedule_cost
from app.loans.schedule import Method, build_schedule
from app.reports.agreement import AgreementData, render_agreement


def _data(**over: object) -> AgreementData:
    schedule = build_schedule(10_000_000, Decimal("0.049"), 12, Method.ANNUITY, date(2026, 3, 2))
    base: dict[str, object] = {
        "number": "HT-2026-000042",
        "signed_on": date(2026, 3, 2),
        "platform_name": "p2pdesk 网络借贷信息中介平台",
        "borrower_name": "张三",
        "borrower_number": "C000001",
        "borrower_id_number": "11010519491231002X",
        "product_name": "消费贷",
        "schedule": schedule,
        "origination_fee": 200_000,
        "late_fee": 5_000,
        "penalty_rate": Decimal("0.0005"),
        "investors": (("李四", 6_000_000), ("王五", 4_000_000)),
        "reserve": 100_000,
        "annual_cost": schedule_cost(schedule, 300_000),
    }
    base.update(over)
    return AgreementData(**base)  # type: ignore[arg-type]


def _text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pages))


def test_every_term_amount_is_stated_in_capital_numerals() -> None:
    data = _data()
    text = _text(render_agreement(data))
    for line in (
        "100,000.00元（人民币壹拾万元整）",  # principal
        "2,000.00元（人民币贰仟元整）",  # origination fee
        "1,000.00元（人民币壹仟元整）",  # risk reserve
        "97,000.00元（人民币玖万柒仟元整）",  # received
        "50.00元（人民币伍拾元整）",  # late fee
        "2,673.99元（人民币贰仟陆佰柒拾叁元玖角玖分）",  # total interest
        "102,673.99元（人民币壹拾万贰仟陆佰柒拾叁元玖角玖分）",  # total repayment
        "李四60,000.00元（人民币陆万元整）",  # a lender's share
    ):
        assert line in text, line
    assert data.schedule.total_interest == 267_399  # 11 x 8,556.17 + 8,556.12 - principal


def test_the_cost_is_stated_above_the_nominal_rate() -> None:
    data = _data()
    assert data.annual_cost is not None
    shown = f"{(data.annual_cost * 100).quantize(Decimal('0.01'))}%"
    # 97,000.00 received against 12 payments of about 8,556.17: the annuity factor
    # 97,000 / 8,556.17 = 11.337 is (1 - 1.00886^-12) / 0.00886, so 12 x 0.886 % a month
    assert shown == "10.63%"  # 4.90 % nominal with 3 % taken at disbursement
    text = _text(render_agreement(data))
    assert "综合年化成本" in text and shown in text and "4.90%" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_the_agreement_renders(tmp_path: Path) -> None:
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(render_agreement(_data()))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and all(p.stat().st_size > 5_000 for p in pages)
