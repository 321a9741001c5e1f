"""The loan agreement (借款协议): parties, terms, rate, fees, the full repayment
schedule and signature blocks, in Chinese and English."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.cn_numerals import amount_with_words
from app.loans.schedule import Method, Schedule
from app.money import format_amount
from app.reports.fonts import LATIN_BOLD, LATIN_FONT, mixed, register_fonts

METHOD_NAMES = {
    Method.ANNUITY: "等额本息 Equal installments",
    Method.EQUAL_PRINCIPAL: "等额本金 Equal principal",
    Method.INTEREST_ONLY: "先息后本 Interest only, principal at maturity",
    Method.BULLET: "一次性还本付息 Bullet",
}


@dataclass(frozen=True)
class AgreementData:
    number: str
    signed_on: date
    platform_name: str
    borrower_name: str
    borrower_number: str
    borrower_id_number: str  # in full: a contract must identify its party
    product_name: str
    schedule: Schedule
    origination_fee: int
    late_fee: int
    penalty_rate: Decimal  # daily
    investors: tuple[tuple[str, int], ...] = ()  # (name, amount) holdings
    reserve: int = 0  # risk-reserve contribution deducted from the payout
    annual_cost: Decimal | None = None  # 综合年化成本 (app.loans.cost), a fraction

    @property
    def received(self) -> int:
        """What the borrower actually receives: the principal less the deductions."""
        return self.schedule.amount - self.origination_fee - self.reserve


def percent(rate: Decimal) -> str:
    """Decimal("0.049") -> "4.90%"."""
    return f"{(rate * 100).quantize(Decimal('0.01'))}%"


def _money(minor: int) -> str:
    return format_amount(minor, grouping=True)


def _stated(minor: int) -> str:
    """An amount the way a contract states it: "10,000.00 元（人民币壹万元整）"."""
    return amount_with_words(minor)


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["Normal"], fontName=LATIN_FONT, fontSize=9.5, leading=14
    )
    heading = ParagraphStyle(
        "h", parent=body, fontName=LATIN_BOLD, fontSize=12, leading=18, spaceBefore=8
    )
    title = ParagraphStyle("t", parent=heading, fontSize=16, leading=22, alignment=1)
    return body, heading, title


def schedule_rows(schedule: Schedule) -> list[list[str]]:
    rows = [["#", "Due date", "Principal", "Interest", "Payment", "Balance"]]
    for i in schedule.installments:
        rows.append(
            [
                str(i.n),
                i.due_date.isoformat(),
                _money(i.principal),
                _money(i.interest),
                _money(i.payment),
                _money(i.balance),
            ]
        )
    rows.append(
        [
            "",
            "Total",
            _money(schedule.total_principal),
            _money(schedule.total_interest),
            _money(schedule.total_payment),
            "",
        ]
    )
    return rows


def render_agreement(data: AgreementData) -> bytes:
    """The agreement as PDF bytes. Pure: no database; callable from any thread."""
    register_fonts()
    body, heading, title = _styles()
    s = data.schedule

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(mixed(text), style)

    story: list[object] = [
        para("借款协议 Loan Agreement", title),
        para(f"Agreement No. 协议编号: {data.number}    Date 日期: {data.signed_on.isoformat()}"),
        para("1. 当事人 Parties", heading),
        para(
            f"Borrower 借款人: {data.borrower_name} (customer {data.borrower_number}, "
            f"ID {data.borrower_id_number})"
        ),
        para(f"Platform 平台 (information intermediary): {data.platform_name}"),
    ]
    if data.investors:
        lenders = "; ".join(f"{name} {_stated(amount)}" for name, amount in data.investors)
        story.append(para(f"Lenders 出借人: {lenders}"))
    terms = [
        ("Product 产品", data.product_name),
        ("Principal 借款本金", _stated(s.amount)),
        ("Term 期限", f"{s.term} months 个月"),
        ("Annual interest rate 年利率", percent(s.annual_rate)),
        ("Repayment method 还款方式", METHOD_NAMES[s.method]),
        ("Start date 起息日", s.start.isoformat()),
        ("First due date 首期还款日", s.installments[0].due_date.isoformat()),
        ("Final due date 到期日", s.installments[-1].due_date.isoformat()),
        ("Origination fee 服务费 (deducted at disbursement)", _stated(data.origination_fee)),
    ]
    if data.reserve:
        terms.append(("Risk reserve 风险准备金 (deducted at disbursement)", _stated(data.reserve)))
    terms += [
        ("Amount received 实际到账金额", _stated(data.received)),
        ("Late fee 逾期费", f"{_stated(data.late_fee)} per late installment 每期"),
        ("Penalty interest 罚息", f"{percent(data.penalty_rate)} per day on overdue principal"),
        ("Total interest 利息合计", _stated(s.total_interest)),
        ("Total repayment 还款总额", _stated(s.total_payment)),
    ]
    if data.annual_cost is not None:
        terms.append(
            (
                "Annualised comprehensive cost 综合年化成本",
                f"{percent(data.annual_cost)} (IRR of the amount received against every "
                "scheduled payment, monthly rate x 12 按月内部收益率×12)",
            )
        )
    story += [
        para("2. 借款条款 Terms", heading),
        _table([[para(k), para(v)] for k, v in terms], [70 * mm, 100 * mm], header=False),
    ]
    story += [
        para("3. 还款计划 Repayment schedule", heading),
        _table(schedule_rows(s), [10 * mm, 26 * mm, 32 * mm, 30 * mm, 32 * mm, 34 * mm]),
    ]
    # the signatures stay on one page with their heading and the clause they sign
    story += [
        KeepTogether(
            [
                para("4. 签署 Signatures", heading),
                para(
                    "The Borrower repays each installment on its due date. Payments are applied to "
                    "penalty, fees, interest and then principal of the oldest installment first."
                ),
                Spacer(1, 10 * mm),
                _table(
                    [
                        [
                            para("Borrower 借款人 (signature 签字)"),
                            para("Platform 平台 (seal 盖章)"),
                        ],
                        [para("______________________"), para("______________________")],
                        [para("Date 日期: ____________"), para("Date 日期: ____________")],
                    ],
                    [85 * mm, 85 * mm],
                    header=False,
                    grid=False,
                ),
            ]
        )
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"Loan agreement {data.number}",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    ).build(story)  # type: ignore[arg-type]
    return out.getvalue()


def _table(
    rows: Sequence[Sequence[object]], widths: list[float], *, header: bool = True, grid: bool = True
) -> Table:
    table = Table([list(r) for r in rows], colWidths=widths, repeatRows=1 if header else 0)
    style = [("FONT", (0, 0), (-1, -1), LATIN_FONT, 8.5), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.25, colors.grey))
    if header:
        style += [
            ("FONT", (0, 0), (-1, 0), LATIN_BOLD, 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("FONT", (0, -1), (-1, -1), LATIN_BOLD, 8.5),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
    table.setStyle(TableStyle(style))
    return table
