"""The decline letter (拒贷通知书): the decision and its reasons, in Chinese and English."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from app.money import format_amount
from app.reports.agreement import _styles
from app.reports.fonts import mixed, register_fonts


@dataclass(frozen=True)
class DeclineLetterData:
    number: str
    letter_date: date
    platform_name: str
    applicant_name: str
    amount: int
    term: int
    submitted_on: date
    reasons: tuple[tuple[str, str], ...]  # (code, text) decided by the underwriter
    key_factors: tuple[str, ...] = ()  # the scorecard's top reasons, in plain words
    reasons_zh: tuple[str, ...] = ()  # the same reasons in Chinese ("" where none)
    key_factors_zh: tuple[str, ...] = ()


def _padded(chinese: tuple[str, ...], english: tuple[object, ...]) -> tuple[str, ...]:
    return chinese + ("",) * (len(english) - len(chinese))


def _both(chinese: str, english: str) -> str:
    return f"{chinese} {english}" if chinese else english


def render_decline_letter(data: DeclineLetterData) -> bytes:
    """The letter as PDF bytes. Pure; callable from any thread."""
    register_fonts()
    body, heading, title = _styles()

    def para(text: str, style: object = body) -> Paragraph:
        return Paragraph(mixed(text), style)  # type: ignore[arg-type]

    story: list[object] = [
        para("拒贷通知书 Notice of Decline", title),
        para(f"{data.platform_name}    Date 日期: {data.letter_date.isoformat()}"),
        para(f"Application 申请编号: {data.number}"),
        Spacer(1, 6 * mm),
        para(f"Dear 尊敬的 {data.applicant_name},"),
        para(
            f"Thank you for your application of {data.submitted_on.isoformat()} for a loan of "
            f"{format_amount(data.amount, True)} over {data.term} months. After careful review "
            "we are unable to approve it. 经审核，我们暂时无法批准您的借款申请。"
        ),
        para("Reasons 拒绝原因", heading),
    ]
    # Chinese first, the English after it: the borrower reads Chinese
    story += [
        para(f"{code}: {_both(zh, text)}")
        for (code, text), zh in zip(
            data.reasons, _padded(data.reasons_zh, data.reasons), strict=False
        )
    ]
    if data.key_factors:
        story.append(para("Main factors in your credit assessment 主要评分因素", heading))
        story += [
            para(f"{n}. {_both(zh, text)}")
            for n, (text, zh) in enumerate(
                zip(data.key_factors, _padded(data.key_factors_zh, data.key_factors), strict=False),
                1,
            )
        ]
    story += [
        Spacer(1, 6 * mm),
        para(
            "You may ask for a copy of the information we used and apply again once your "
            "circumstances change. 如有疑问，请联系客服。"
        ),
        Spacer(1, 10 * mm),
        para(f"{data.platform_name} — Credit department 信贷审批部"),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"Decline letter {data.number}",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    ).build(story)  # type: ignore[arg-type]
    return out.getvalue()
