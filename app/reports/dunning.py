"""Dunning letters (催收函), Chinese and English: what is overdue, the penalties, the
total to bring the loan current, how to pay and whom to contact. Firm but lawful:
facts and lawful next steps only, no threats, and the right to dispute.

One letter per case, or a batch for a bucket in one PDF. Cases under a dispute or
hardship hold get no letter (dunning is paused with contact).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select, true

from app.context import ServiceContext
from app.money import format_amount
from app.reports.fonts import LATIN_BOLD, mixed, register_fonts
from app.security import audit
from app.security.permissions import Permission

PLATFORM = "P2PDesk 网贷平台 P2P Lending Platform"
PAY_TO = "Bank transfer to 招商银行 China Merchants Bank, account 6214 8301 0000 8888, quoting your contract number"  # noqa: E501
CONTACT = "Collections hotline 催收热线 400-820-8820 (09:00-21:00), collections@p2pdesk.example.cn"


@dataclass(frozen=True)
class OverdueLine:
    n: int
    due_date: date
    owed: int


@dataclass(frozen=True)
class DunningData:
    case_id: int
    letter_date: date
    customer_name: str
    loan_number: str
    dpd: int
    lines: tuple[OverdueLine, ...]
    penalties: int
    total: int


def dunning_data(session: object, case_id: int, business_date: date) -> DunningData | None:
    """The letter's facts from the case view; None while a hold pauses dunning."""
    from sqlalchemy.orm import Session

    from app.collections.queries import case_view, owed

    assert isinstance(session, Session)
    view = case_view(session, case_id, business_date)
    if view.holds or not view.overdue_installments:
        return None
    return DunningData(
        case_id=case_id,
        letter_date=business_date,
        customer_name=view.customer.name,
        loan_number=view.row.loan_number,
        dpd=view.row.dpd,
        lines=tuple(OverdueLine(i.n, i.due_date, owed(i)) for i in view.overdue_installments),
        penalties=view.penalties,
        total=view.total_to_bring_current,
    )


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("dun_body", parent=base["BodyText"], fontSize=10, leading=15)
    heading = ParagraphStyle("dun_h", parent=body, fontName=LATIN_BOLD, fontSize=11, spaceBefore=8)
    title = ParagraphStyle("dun_t", parent=heading, fontSize=15, leading=20, alignment=1)
    return body, heading, title


def _letter(data: DunningData) -> list[object]:
    body, heading, title = _styles()

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(mixed(text), style)

    # Cells are paragraphs so Latin text keeps the Latin font (the CJK font spaces
    # Latin letters unevenly: "D ue date"); amounts are right-aligned.
    cell = ParagraphStyle("dun_cell", parent=body, leading=12)
    figure = ParagraphStyle("dun_fig", parent=cell, alignment=2)
    rows = [
        [para("No. 期数", cell), para("Due date 到期日", cell), para("Amount owed 欠款", figure)]
    ]
    rows += [
        [para(str(x.n), cell), para(x.due_date.isoformat(), cell),
         para(format_amount(x.owed, True), figure)]
        for x in data.lines
    ]  # fmt: skip
    table = Table(rows, colWidths=[25 * mm, 45 * mm, 45 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#888888")]))
    total = format_amount(data.total, True)
    return [
        para("逾期还款催收函 Notice of Overdue Payment", title),
        para(f"{PLATFORM}    Date 日期: {data.letter_date.isoformat()}"),
        para(f"Contract 合同编号: {data.loan_number}    Case 案件: {data.case_id}"),
        Spacer(1, 5 * mm),
        para(f"Dear 尊敬的 {data.customer_name},"),
        para(
            f"Our records show that your loan is {data.dpd} days past due. "
            f"您的借款已逾期 {data.dpd} 天。The following installments are unpaid:"
        ),
        table,
        para(
            f"Penalties and late fees included 其中罚息及滞纳金: "
            f"{format_amount(data.penalties, True)}"
        ),
        para(f"Total to bring your loan current 应还总额: {total}", heading),
        para(
            f"Please pay {total} within 7 days of this letter. 请于本函日期起7日内还清上述款项。"
            " Penalty interest continues to accrue daily on overdue principal under your "
            "loan agreement. 逾期本金将按合同约定继续计收罚息。"
        ),
        para(
            "If the amount stays unpaid, we may report the overdue status to credit "
            "reference agencies and pursue the remedies the law and your agreement allow. "
            "如仍未还款，我们可能依法依约向征信机构报送逾期信息并采取法律允许的措施。"
        ),
        para("How to pay 还款方式", heading),
        para(PAY_TO + "。"),
        para("Contact us 联系我们", heading),
        para(
            CONTACT + ". If you cannot pay because of hardship, or you believe this notice "
            "is wrong, contact us: we will review it and pause collection while we do. "
            "如您有困难或对本函有异议，请联系我们，核实期间我们将暂停催收。"
        ),
    ]


def render_dunning_letter(data: DunningData) -> bytes:
    """One letter as PDF bytes. Pure; callable from any thread."""
    return render_batch([data]) or b""


Progress = Callable[[int, int], None]


def render_batch(
    letters: Sequence[DunningData],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes | None:
    """Many letters in one PDF, a page break between them; None when cancelled."""
    register_fonts()
    story: list[object] = []
    for n, data in enumerate(letters, start=1):
        if cancelled is not None and cancelled():
            return None
        if story:
            story.append(PageBreak())
        story += _letter(data)
        if progress is not None:
            progress(n, len(letters))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title="Dunning letters"
    )
    doc.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()


def bucket_letters(
    ctx: ServiceContext,
    bucket: str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[bytes | None, int]:
    """A batch PDF for every open case of ``bucket`` not on hold; (pdf, letters).
    Off the GUI thread: opens its own sessions."""
    from app.platform import load_state
    from db.models.collections import CollectionCase

    ctx.require(Permission.COLLECTIONS_WORK)
    with ctx.transaction() as session:
        day = load_state(session).business_date
        ids = list(
            session.scalars(
                select(CollectionCase.id)
                .where(CollectionCase.is_open == true(), CollectionCase.bucket == bucket)
                .order_by(CollectionCase.id)
            )
        )
    letters: list[DunningData] = []
    for n, case_id in enumerate(ids, start=1):
        if cancelled is not None and cancelled():
            return None, 0
        with ctx.transaction() as session:
            data = dunning_data(session, case_id, day)
        if data is not None:
            letters.append(data)
        if progress is not None:
            progress(n, 2 * len(ids))
    half = len(ids)

    def rendering(done: int, total: int) -> None:
        if progress is not None:
            progress(half + done * half // max(total, 1), 2 * half)

    pdf = render_batch(letters, rendering, cancelled)
    if pdf is not None:
        with ctx.transaction() as session:
            audit.record(
                session,
                ctx.actor,
                "collections.letters_printed",
                "collection_bucket",
                bucket,
                now=ctx.now(),
                after={"letters": len(letters), "cases": [d.case_id for d in letters]},
            )
    return pdf, len(letters)
