"""The customer page's sections and ticket attachments on every backend."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.origination.service import ApplicationService
from app.security.permissions import Role
from app.servicedesk.attachments import list_attachments, open_attachment
from app.servicedesk.customer_overview import customer_overview
from app.servicedesk.merge import attach_file
from app.servicedesk.overview_sections import DEFAULT_SECTIONS, sections_for
from app.servicedesk.service import NewTicket, TicketService
from db.models.audit import AuditEvent
from tests.collections_support import make_loan, set_delinquency
from tests.db.desk_helpers import make_desk
from tests.origination_support import form, make_product
from tests.support import TestDB


def test_sections_show_overdue_loan_hold_and_open_application(db: TestDB) -> None:
    desk = make_desk(db)
    loan = make_loan(db, desk.customer_id, disbursed=date(2025, 10, 5))
    set_delinquency(db, loan, 35)
    TicketService(desk.agent).create(
        NewTicket(
            subject="Disputed fee", category="dispute", customer_id=desk.customer_id, loan_id=loan
        )
    )
    make_product(db)
    made = ApplicationService(db.user(Role.UNDERWRITER), db.vault).submit(
        form(), customer_id=desk.customer_id
    )
    overview = customer_overview(desk.agent, desk.customer_id, DEFAULT_SECTIONS)
    sections = {s.key: s for s in overview.sections}
    assert sections["kyc"].lines[0] == ("State", "incomplete")
    assert sections["loans"].attention and "DPD 35" in sections["loans"].lines[0][1]
    assert [label for label, _ in sections["applications"].lines] == [made.number]
    assert overview.disputing and [h.kind for h in overview.holds] == ["dispute"]
    # a support agent sees everything but the collections desk's own view
    assert len(sections_for(desk.agent.actor)) == len(DEFAULT_SECTIONS)


def test_attachments_list_and_open_is_audited(db: TestDB) -> None:
    desk = make_desk(db)
    t = TicketService(desk.agent).create(NewTicket(subject="Receipt"))
    attach_file(
        desk.agent, t.row.id, "C:\\scans\\receipt.png", "image/png", b"\x89PNG data", db.vault
    )
    rows = list_attachments(desk.agent, t.row.id)
    assert [(a.filename, a.size, a.media_type) for a in rows] == [("receipt.png", 9, "image/png")]
    file = open_attachment(desk.agent, rows[0].id, db.vault)
    assert file.content == b"\x89PNG data"
    with db.sessions() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "ticket")).all()
    assert "ticket.attachment_opened" in actions
