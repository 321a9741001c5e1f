"""The complaint register and its regulatory exports (CSV and PDF)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, true

from app.context import ServiceContext
from app.security.permissions import Permission
from db.models.customers import Customer
from db.models.servicedesk import Ticket

COLUMNS = (
    "number",
    "received_on",
    "customer",
    "category",
    "subject",
    "root_cause",
    "resolution",
    "resolved_on",
    "status",
)


@dataclass(frozen=True)
class ComplaintLine:
    number: str
    received_on: date | None
    customer: str
    category: str
    subject: str
    root_cause: str
    resolution: str
    resolved_on: date | None
    status: str


def complaint_register(
    ctx: ServiceContext, start: date | None = None, end: date | None = None
) -> list[ComplaintLine]:
    """Complaints received in ``[start, end]`` (inclusive), oldest first."""
    ctx.require(Permission.TICKET_VIEW)
    stmt = (
        select(Ticket, Customer.number)
        .outerjoin(Customer, Customer.id == Ticket.customer_id)
        .where(Ticket.is_complaint == true())
        .order_by(Ticket.complaint_received_on, Ticket.id)
    )
    if start is not None:
        stmt = stmt.where(Ticket.complaint_received_on >= start)
    if end is not None:
        stmt = stmt.where(Ticket.complaint_received_on <= end)
    with ctx.transaction() as session:
        return [
            ComplaintLine(
                t.number,
                t.complaint_received_on,
                customer or "",
                t.category,
                t.subject,
                t.complaint_root_cause or "",
                t.complaint_resolution or "",
                t.complaint_resolved_on,
                t.status,
            )
            for t, customer in session.execute(stmt).all()
        ]


def _cell(value: object) -> str:
    text = "" if value is None else value.isoformat() if isinstance(value, date) else str(value)
    # Spreadsheet formula injection: a leading = + - @ is neutralised.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def register_csv(lines: list[ComplaintLine]) -> bytes:
    """UTF-8 with BOM (Excel opens Chinese text correctly), one header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow([_cell(getattr(line, c)) for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def register_pdf(lines: list[ComplaintLine], title: str = "Complaint register") -> bytes:
    """A landscape A4 table; CJK text uses the built-in STSong-Light CID font."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9)
    head = ParagraphStyle("title", fontName=font, fontSize=14, leading=18)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=title,
        leftMargin=24,
        rightMargin=24,
        topMargin=24,
        bottomMargin=24,
    )
    data = [[Paragraph(c.replace("_", " "), body) for c in COLUMNS]]
    for line in lines:
        data.append([Paragraph(_escape(_cell(getattr(line, c))), body) for c in COLUMNS])
    widths = [70, 55, 60, 70, 150, 100, 150, 55, 55]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    summary = Paragraph(_escape(f"{title} — {len(lines)} complaints"), head)
    doc.build([summary, Spacer(1, 8), table])
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
