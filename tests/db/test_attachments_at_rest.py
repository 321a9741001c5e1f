"""Ticket attachments are sealed at rest like KYC evidence (issue 20 #3): a caller's
ID scan or bank statement attached to a ticket is encrypted under the master key,
bound to its row, checked against its upload hash when opened, sealed by ``init``
when an older schema stored it in plaintext, re-sealed by ``rotate-key`` and
checked by ``verify``. Every backend."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.errors import StateError
from app.kyc.png import card_image
from app.platform import open_vault
from app.security import rotation
from app.security.sealed_files import ATTACHMENTS, plaintext_files, seal_plaintext
from app.servicedesk.attachments import list_attachments, open_attachment
from app.servicedesk.merge import attach_file
from app.servicedesk.service import NewTicket, TicketService
from app.verify import check_files_sealed, run_checks
from db.models.audit import AuditEvent
from db.models.servicedesk import TicketAttachment, TicketEntry
from tests.db.desk_helpers import Desk, make_desk
from tests.db.test_key_rotation import _store
from tests.support import TestDB

PNG = b"\x89PNG\r\n\x1a\n"


def _raw(db: TestDB, attachment_id: int) -> bytes:
    with db.sessions() as s:
        raw = s.scalar(select(TicketAttachment.content).where(TicketAttachment.id == attachment_id))
    return bytes(raw or b"")


def _two(db: TestDB) -> tuple[Desk, int, int, bytes, bytes]:
    desk = make_desk(db)
    ticket = TicketService(desk.agent).create(NewTicket(subject="Statement")).row
    scan, letter = card_image(5), b"Dear sir, I paid 1,200.00 on 3 March. ID 110101199003074514"
    attach_file(desk.agent, ticket.id, "id-card.png", "image/png", scan, db.vault)
    attach_file(desk.agent, ticket.id, "letter.txt", "text/plain", letter, db.vault)
    first, second = (a.id for a in list_attachments(desk.agent, ticket.id))
    return desk, first, second, scan, letter


def test_an_attachment_is_sealed_and_opens_with_its_hash_checked(db: TestDB) -> None:
    desk, first, second, scan, letter = _two(db)
    raw_scan, raw_letter = _raw(db, first), _raw(db, second)
    assert PNG not in raw_scan and scan not in raw_scan
    assert b"110101199003074514" not in raw_letter and b"paid" not in raw_letter
    assert open_attachment(desk.agent, first, db.vault).content == scan
    assert open_attachment(desk.agent, second, db.vault).content == letter
    with db.sessions() as s:
        assert plaintext_files(s, ATTACHMENTS) == []
        assert check_files_sealed(s, db.vault).ok
        assert check_files_sealed(s, None).ok  # without the key: none is in plaintext


def test_without_the_key_nothing_is_attached_or_opened(db: TestDB) -> None:
    desk, first, _second, _scan, _letter = _two(db)
    with db.sessions() as s:
        ticket_id = s.scalar(
            select(TicketEntry.ticket_id)
            .join(TicketAttachment, TicketAttachment.entry_id == TicketEntry.id)
            .where(TicketAttachment.id == first)
        )
    assert ticket_id is not None
    with pytest.raises(StateError, match="master key"):
        attach_file(desk.agent, ticket_id, "more.png", "image/png", card_image(1), None)
    assert len(list_attachments(desk.agent, ticket_id)) == 2  # nothing half written
    with pytest.raises(StateError, match="master key"):
        open_attachment(desk.agent, first, None)


def test_a_file_moved_to_another_row_or_altered_is_refused_audited_and_named(
    db: TestDB,
) -> None:
    desk, first, second, _scan, _letter = _two(db)
    with db.sessions.begin() as s:
        s.execute(
            update(TicketAttachment)
            .where(TicketAttachment.id == second)
            .values(content=_raw(db, first))
        )
    with pytest.raises(StateError, match="damaged"):
        open_attachment(desk.agent, second, db.vault)
    with db.sessions() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "ticket")).all()
        assert "ticket.attachment_tampered" in actions
        result = check_files_sealed(s, db.vault)
    assert not result.ok
    assert f"ticket attachment {second} does not decrypt under its row" in result.detail


def test_a_plaintext_attachment_of_an_older_schema_is_named_then_sealed(db: TestDB) -> None:
    desk, first, _second, scan, _letter = _two(db)
    with db.sessions.begin() as s:  # as an older schema stored it
        s.execute(update(TicketAttachment).where(TicketAttachment.id == first).values(content=scan))
    with db.sessions() as s:
        assert plaintext_files(s, ATTACHMENTS) == [first]
        result = check_files_sealed(s, None)
    assert not result.ok and f"ticket attachment {first} is stored unencrypted" in result.detail
    assert open_attachment(desk.agent, first, db.vault).content == scan  # still readable

    assert seal_plaintext(db.sessions, db.vault, ATTACHMENTS) == 1
    assert seal_plaintext(db.sessions, db.vault, ATTACHMENTS) == 0  # idempotent
    assert PNG not in _raw(db, first)
    assert open_attachment(desk.agent, first, db.vault).content == scan
    with db.sessions() as s:
        assert check_files_sealed(s, db.vault).ok


def test_rotate_key_reseals_attachments(db: TestDB) -> None:
    desk, first, second, scan, letter = _two(db)
    store, _install_id, _old = _store(db)
    before = _raw(db, first)
    result = rotation.rotate_master_key(db.admin(), db.engine, store)
    assert result.files >= 2
    assert _raw(db, first) != before
    with db.sessions() as s:
        vault = open_vault(s, store, db.engine).vault
    assert vault is not None
    assert open_attachment(desk.agent, first, vault).content == scan
    assert open_attachment(desk.agent, second, vault).content == letter
    with pytest.raises(StateError, match="damaged"):
        open_attachment(desk.agent, first, db.vault)  # the old key opens nothing
    with db.sessions() as s:
        assert all(c.ok for c in run_checks(s, vault)), [
            c for c in run_checks(s, vault) if not c.ok
        ]
