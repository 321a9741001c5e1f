"""Evidence (hash on every open, supersede, size limit), screening and the blacklist."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.customers import fields
from app.errors import PermissionDenied, StateError, ValidationError
from app.kyc.blacklist import BlacklistService
from app.kyc.evidence import EvidenceService
from app.kyc.gate import kyc_gate
from app.kyc.png import card_image, letter_pdf
from app.kyc.screening import MatchInput, ScreeningService
from app.kyc.service import ChecklistService
from app.security.permissions import Role
from app.settings import SettingsService
from db.models.audit import AuditEvent
from db.models.kyc import KycEvidence
from tests.kyc_support import complete, item, new_customer, state_of, today
from tests.support import TestDB


def test_evidence_hash_checked_on_open_and_tamper_flagged(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    ev = EvidenceService(officer, db.vault)
    png = card_image(1)
    info = ev.attach(item(view, "face_match"), "C:\\scans\\face.png", png)
    assert (info.file_name, info.mime_type, info.size) == ("face.png", "image/png", len(png))
    opened = ev.open(info.id)
    assert opened.intact and opened.content == png
    with db.sessions.begin() as s:
        s.execute(
            update(KycEvidence).where(KycEvidence.id == info.id).values(content=png[:-1] + b"\x00")
        )
    tampered = EvidenceService(db.user(Role.AUDITOR), db.vault).open(info.id)
    assert not tampered.intact and tampered.actual_sha256 != info.sha256
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "kyc.evidence_tampered"))
        assert [e.entity_id for e in events] == [str(info.id)]


def test_evidence_superseded_never_deleted(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    address = item(view, "address_proof")
    ev = EvidenceService(officer, db.vault)
    first = ev.attach(address, "bill.pdf", letter_pdf("Bill", ["March"]))
    assert first.mime_type == "application/pdf"
    second = ev.attach(address, "bill2.pdf", letter_pdf("Bill", ["April"]), supersedes=first.id)
    files = ev.list(address)
    assert [(f.id, f.superseded_by) for f in files] == [(first.id, second.id), (second.id, None)]
    with pytest.raises(StateError, match="already replaced"):
        ev.attach(address, "bill3.pdf", letter_pdf("Bill", ["May"]), supersedes=first.id)
    view = ChecklistService(officer, db.vault).get(view.id)
    assert [
        e.id for e in next(i for i in view.items if i.code == "address_proof").current_evidence
    ] == [second.id]


def test_evidence_type_and_size_limit(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    face = item(ChecklistService(officer, db.vault).open(cid), "face_match")
    ev = EvidenceService(officer, db.vault)
    with pytest.raises(ValidationError, match=r"virus\.exe: is not an image"):
        ev.attach(face, "virus.exe", b"MZ\x90\x00" + b"\x00" * 100)
    SettingsService(db.admin()).set("kyc.evidence_max_bytes", 1024)
    big = card_image(2, 200, 200)
    assert len(big) > 1024
    with pytest.raises(ValidationError, match=r"big\.png: .*at most 0\.0 MB"):
        ev.attach(face, "big.png", big)
    with pytest.raises(PermissionDenied):
        EvidenceService(db.user(Role.SUPPORT_AGENT)).attach(face, "x.png", card_image(1))


def test_confirmed_screening_hit_blocks_the_gate(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    complete(db, officer, cid)
    screening = ScreeningService(officer)
    run = screening.record(
        cid,
        "UN consolidated list",
        today(db),
        [
            MatchInput("Same Name", "born 1971"),
            MatchInput("Other Person", "alias"),
        ],
    )
    assert run.result == "potential_match" and [m.status for m in run.matches] == [
        "potential",
        "potential",
    ]
    with db.sessions() as s:
        waiting = kyc_gate(s, cid)  # an open match closes the gate until reviewed
    assert not waiting.ok and "awaiting review" in waiting.reason
    second = db.user(Role.KYC_OFFICER)
    reviewer = ScreeningService(second)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        screening.review(run.matches[0].id, "confirmed", "passport number matches")
    with pytest.raises(ValidationError, match="reason"):
        reviewer.review(run.matches[0].id, "confirmed", "")
    run = reviewer.review(run.matches[1].id, "false_positive", "different birth date")
    run = reviewer.review(run.matches[0].id, "confirmed", "passport number matches")
    assert [m.status for m in run.matches] == ["confirmed", "false_positive"]
    assert run.matches[0].reviewed_by_name == second.actor.username
    with db.sessions() as s:
        result = kyc_gate(s, cid)
    assert not result.ok and "Confirmed screening hit" in result.reason
    assert "UN consolidated list: Same Name" in result.reason
    with pytest.raises(StateError, match="stays settled"):
        reviewer.review(run.matches[1].id, "confirmed", "changed my mind")
    with pytest.raises(ValidationError, match="future"):
        from datetime import timedelta

        screening.record(cid, "OFAC SDN", today(db) + timedelta(days=1))


def test_blacklist_checked_when_a_customer_is_created(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    BlacklistService(officer, db.vault).add("phone", "139 0000 1111", "fraud ring 2025-17")
    cid = new_customer(db, officer, phone="13900001111")
    view = ChecklistService(officer, db.vault).open(cid)
    assert state_of(view, "blacklist") == "rejected"
    internal = [s for s in view.screenings if s.list_name == "internal blacklist"]
    assert internal and internal[0].matches[0].status == "confirmed"
    assert "1111" in (internal[0].matches[0].detail or "")
    assert "13900001111" not in (internal[0].matches[0].detail or "")
    with db.sessions() as s:
        result = kyc_gate(s, cid)
    assert not result.ok and "internal blacklist" in result.reason
    clean = new_customer(db, officer, index=1)
    view = ChecklistService(officer, db.vault).open(clean)
    assert state_of(view, "blacklist") == "verified"


def test_blacklisting_rechecks_existing_customers_and_false_positive_clears(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = complete(db, officer, cid)
    with db.sessions() as s:
        assert kyc_gate(s, cid).ok
    card = fields.open_blob(db.vault, cid, "bank_card", _card_blob(db, cid))
    entry = BlacklistService(officer, db.vault).add("bank_card", card, "stolen card report")
    assert entry.masked.endswith(card[-4:]) and card not in entry.masked
    view = ChecklistService(officer, db.vault).get(view.id)
    assert state_of(view, "blacklist") == "rejected" and view.state == "rejected"
    with db.sessions() as s:
        assert not kyc_gate(s, cid).ok
    match = next(s for s in view.screenings if s.list_name == "internal blacklist").matches[0]
    with pytest.raises(PermissionDenied, match="Four eyes"):  # who blacklisted it
        ScreeningService(officer).review(match.id, "false_positive", "card reissued")
    colleague = ScreeningService(db.user(Role.KYC_OFFICER))
    colleague.review(match.id, "false_positive", "card reissued to our customer")
    view = ChecklistService(officer, db.vault).get(view.id)
    assert state_of(view, "blacklist") == "verified" and view.state == "complete"
    with db.sessions() as s:
        assert kyc_gate(s, cid).ok
    with pytest.raises(PermissionDenied):
        BlacklistService(officer, db.vault).deactivate(entry.id, "mistake")


def _card_blob(db: TestDB, customer_id: int) -> bytes:
    from db.models.customers import Customer

    with db.sessions() as s:
        c = s.get(Customer, customer_id)
        assert c is not None and c.bank_card_enc is not None
        return c.bank_card_enc
