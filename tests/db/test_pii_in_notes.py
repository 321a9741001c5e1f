"""Typed ID numbers, mobiles and bank cards in notes are masked before they are stored
and before they reach the audit trail, on every backend (issue 20, item 13)."""

from __future__ import annotations

from sqlalchemy import select

from app.collections.rules import Channel, Outcome
from app.collections.service import ContactInput
from app.kyc.service import ChecklistService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from app.servicedesk.service import NewTicket, TicketService
from db.models.audit import AuditEvent
from db.models.collections import CaseNote, ContactAttempt
from db.models.kyc import KycItem
from db.models.origination import ApplicationNote
from db.models.servicedesk import Ticket, TicketEntry
from tests.db.desk_helpers import make_desk
from tests.db.test_collections_service import Desk
from tests.kyc_support import item, new_customer, work_items
from tests.origination_support import form, make_customer, make_product
from tests.support import TestDB

ID = "11010519491231002X"
PHONE = "13812345678"
CARD = "6222021234567894"  # Luhn-valid
NOTE = f"caller gave ID {ID}, call back on {PHONE}, card {CARD}"
MASKED = "caller gave ID **************002X, call back on *******5678, card ************7894"


def _leaks(text: str | None) -> bool:
    return text is not None and any(v in text for v in (ID, PHONE, CARD))


def _audit_leaks(db: TestDB) -> list[str]:
    with db.sessions() as s:
        rows = s.execute(select(AuditEvent.before_json, AuditEvent.after_json)).all()
    return [f"{b} {a}" for b, a in rows if _leaks(b) or _leaks(a)]


def test_application_notes_are_masked(db: TestDB) -> None:
    make_product(db)
    customer = make_customer(db)
    uw = db.user(Role.UNDERWRITER)
    app = ApplicationService(uw, db.vault).submit(form(), customer_id=customer)
    ApplicationService(uw, db.vault).add_note(app.id, NOTE)
    with db.sessions() as s:
        bodies = s.scalars(select(ApplicationNote.body)).all()
    assert bodies == [MASKED]
    assert _audit_leaks(db) == []


def test_ticket_description_and_notes_are_masked(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    ticket = svc.create(
        NewTicket(
            subject=f"Caller {PHONE}",
            description=NOTE,
            customer_id=desk.customer_id,
            team_id=desk.team_id,
        )
    )
    svc.add_note(ticket.row.id, NOTE)
    with db.sessions() as s:
        t = s.get(Ticket, ticket.row.id)
        assert t is not None
        assert (t.subject, t.description) == ("Caller *******5678", MASKED)
        bodies = s.scalars(select(TicketEntry.body)).all()
    assert MASKED in bodies
    assert not any(_leaks(b) for b in bodies)
    assert _audit_leaks(db) == []


def test_collection_notes_and_call_notes_are_masked(db: TestDB) -> None:
    desk = Desk(db)
    service = desk.cases(desk.agent)
    service.add_note(desk.case.id, NOTE)
    service.log_contact(desk.case.id, ContactInput(Channel.CALL, Outcome.DISPUTE, note=NOTE))
    with db.sessions() as s:
        assert s.scalars(select(CaseNote.body)).all() == [MASKED]
        assert s.scalars(select(ContactAttempt.note)).all() == [MASKED]
        # the dispute ticket raised from the call carries the note too
        assert s.scalars(select(Ticket.description)).all() == [MASKED]
    assert _audit_leaks(db) == []


def test_kyc_reasons_are_masked(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    checker = ChecklistService(db.user(Role.KYC_OFFICER), db.vault)
    view = ChecklistService(officer, db.vault).open(cid)
    face = item(view, "face_match")
    view = work_items(db, officer, view, verify=False, skip=frozenset({"id_card"}))
    checker.reject(face, NOTE)
    ChecklistService(officer, db.vault).request_waiver(item(view, "id_card"), NOTE)
    with db.sessions() as s:
        reasons = s.execute(select(KycItem.reason, KycItem.waiver_reason)).all()
    stored = [v for row in reasons for v in row if v]
    assert MASKED in stored
    assert not any(_leaks(v) for v in stored)
    assert _audit_leaks(db) == []
