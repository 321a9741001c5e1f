"""Where intake hands work to KYC (issue 13, points 1-4 and 9), on every backend."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from app.customers.identity import resident_id_check_char
from app.customers.service import CustomerInput
from app.errors import PermissionDenied, StateError
from app.kyc.evidence import EvidenceService
from app.kyc.gate import kyc_gate
from app.kyc.png import card_image
from app.kyc.queue import QueueService
from app.kyc.screening import MatchInput, ScreeningService
from app.kyc.service import ChecklistService
from app.origination.csv_import import COLUMNS
from app.origination.intake import IntakeError
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db.models.audit import AuditEvent
from db.models.kyc import KycChecklist, KycEvidence, KycItem
from db.models.origination import Application
from tests.kyc_support import complete, item, new_customer, state_of, today
from tests.origination_support import form, make_customer, make_product
from tests.support import TestDB


def resident_id(born: date, serial: str = "123") -> str:
    first17 = f"110105{born:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


def _checklists(db: TestDB, customer_id: int) -> int:
    with db.sessions() as s:
        return len(
            s.scalars(select(KycChecklist).where(KycChecklist.customer_id == customer_id)).all()
        )


def test_new_application_with_new_customer_comes_with_a_checklist(db: TestDB) -> None:
    make_product(db)
    clerk = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    made = clerk.submit(
        form(),
        new_customer=CustomerInput(
            kind="individual", name="赵六", id_number=resident_id(date(1990, 5, 1))
        ),
    )
    with db.sessions() as s:
        customer_id = s.scalars(
            select(Application.customer_id).where(Application.id == made.id)
        ).one()
        gate = kyc_gate(s, customer_id)
    assert _checklists(db, customer_id) == 1
    assert gate.state == "incomplete" and "Identity card (resident ID)" in gate.missing


def test_csv_import_and_customer_form_give_new_customers_a_checklist(db: TestDB) -> None:
    make_product(db)
    clerk = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    born = resident_id(date(1985, 3, 3))
    row = f"W-9,individual,钱七,{born},13800138000,PL,8000,12,rent,9000,0,700,2,0,1"
    result = clerk.import_csv(",".join(COLUMNS) + "\n" + row + "\n")
    assert [r.external_id for r in result.accepted] == ["W-9"]
    with db.sessions() as s:
        customer_id = s.scalars(select(Application.customer_id)).one()
    assert _checklists(db, customer_id) == 1
    officer = db.user(Role.KYC_OFFICER)
    assert _checklists(db, new_customer(db, officer, index=3)) == 1


def test_csv_rejects_impossible_birth_dates_and_contradicting_names(db: TestDB) -> None:
    make_product(db)
    clerk = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    existing = make_customer(db, name="徐军")
    known_id = resident_id(date(1980, 1, 1), "555")
    with db.sessions.begin() as s:
        from db.models.customers import Customer

        c = s.get(Customer, existing)
        assert c is not None
        c.id_number_bidx = db.vault.blind_index("id_number", known_id)
    day = today(db)
    tail = "PL,8000,12,rent,9000,0,700,2,0,1"
    rows = [
        f"W-1,individual,张三,{resident_id(date(day.year + 4, 1, 1))},,{tail}",
        f"W-2,individual,张三,{resident_id(date(day.year - 10, 1, 1))},,{tail}",
        f"W-3,individual,张三,{resident_id(date(day.year - 120, 1, 1))},,{tail}",
        f"W-4,individual,张三,{known_id},,{tail}",
        f"W-5,individual,徐 军,{known_id},,{tail}",
    ]
    result = clerk.import_csv(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n")
    reasons = {r.line: r.reason for r in result.rejected}
    assert "in the future" in reasons[2]
    assert "under 18" in reasons[3]
    assert "over 100" in reasons[4]
    assert "contradicts customer C" in reasons[5] and "徐军" in reasons[5]
    assert [r.external_id for r in result.accepted] == ["W-5"]  # same name, spaced


def test_intake_takes_the_customer_number_or_a_unique_name(db: TestDB) -> None:
    make_product(db)
    clerk = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    customer = make_customer(db, name="孙八")
    make_customer(db, name="李明")
    make_customer(db, name="李华")
    with db.sessions() as s:
        from db.models.customers import Customer

        number = s.scalars(select(Customer.number).where(Customer.id == customer)).one()
    made = clerk.submit(form(), customer=number)
    made_by_name = clerk.submit(form(), customer="孙八")
    with db.sessions() as s:
        owners = s.scalars(
            select(Application.customer_id).where(Application.id.in_([made.id, made_by_name.id]))
        ).all()
    assert owners == [customer, customer]
    with pytest.raises(IntakeError, match="several customers"):
        clerk.submit(form(), customer="李")
    with pytest.raises(IntakeError, match="no customer"):
        clerk.submit(form(), customer="C99999999")


def test_second_officer_verifies_despite_the_submitters_take_next_claim(db: TestDB) -> None:
    first = db.user(Role.KYC_OFFICER)
    second = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, first)
    view = ChecklistService(first, db.vault).open(cid)
    face = item(view, "face_match")
    EvidenceService(first, db.vault).attach(face, "face.png", card_image(face))
    name = item(view, "name_match")
    ChecklistService(db.system(), db.vault).submit(name)  # the customer's web upload
    claimed = QueueService(first).take_next()  # the old 2-hour claim
    assert claimed is not None and claimed.id == view.id
    ChecklistService(first, db.vault).submit(face)
    with db.sessions() as s:
        checklist = s.get(KycChecklist, view.id)
        assert checklist is not None and checklist.claimed_by is None  # released on submit
    ChecklistService(first, db.vault).verify(name)
    assert QueueService(first).take_next() is None  # only items others submitted
    taken = QueueService(second).take_next()
    assert taken is not None and taken.id == view.id
    with pytest.raises(StateError, match="is working on this checklist"):
        ChecklistService(first, db.vault).submit(item(view, "mobile"))
    verified = ChecklistService(second, db.vault).verify(face)
    assert state_of(verified, "face_match") == "verified"
    QueueService(second).release(view.id)
    with db.sessions() as s:
        checklist = s.get(KycChecklist, view.id)
        assert checklist is not None and checklist.claimed_by is None


def test_open_screening_match_closes_the_gate_until_another_officer_clears_it(
    db: TestDB,
) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    complete(db, officer, cid)
    with db.sessions() as s:
        assert kyc_gate(s, cid).ok
    run = ScreeningService(officer).record(cid, "PEP list", today(db), [MatchInput("同名", "")])
    with db.sessions() as s:
        closed = kyc_gate(s, cid)
    assert not closed.ok and "PEP list: 同名" in closed.reason
    waiting = ScreeningService(officer).open_matches()
    assert [(m.match_id, m.customer_id) for m in waiting] == [(run.matches[0].id, cid)]
    with pytest.raises(PermissionDenied, match="Four eyes"):
        ScreeningService(officer).review(run.matches[0].id, "false_positive", "not them")
    colleague = db.user(Role.KYC_OFFICER)
    ScreeningService(colleague).review(run.matches[0].id, "false_positive", "other birth date")
    with db.sessions() as s:
        assert kyc_gate(s, cid).ok
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == str(run.matches[0].id))
        ).all()
    assert "kyc.screening_reviewed" in actions
    assert ScreeningService(officer).open_matches() == ()


def test_tampered_evidence_blocks_verify_and_new_evidence_reopens_review(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    checker = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    face = item(view, "face_match")
    EvidenceService(officer, db.vault).attach(face, "face.png", card_image(face))
    ChecklistService(officer, db.vault).submit(face)
    with db.sessions.begin() as s:
        s.execute(
            update(KycEvidence).where(KycEvidence.item_id == face).values(content=card_image(7))
        )
    with pytest.raises(StateError, match="no longer matches"):
        ChecklistService(checker, db.vault).verify(face)
    with db.sessions.begin() as s:
        s.execute(
            update(KycEvidence).where(KycEvidence.item_id == face).values(content=card_image(face))
        )
    view = ChecklistService(checker, db.vault).verify(face)
    assert state_of(view, "face_match") == "verified"
    EvidenceService(officer, db.vault).attach(face, "face-new.png", card_image(face + 1))
    view = ChecklistService(checker, db.vault).get(view.id)
    assert state_of(view, "face_match") == "submitted"
    with db.sessions() as s:
        reopened = s.get(KycItem, face)
        assert reopened is not None and reopened.submitted_by == officer.actor.user_id
    with pytest.raises(StateError, match="Four eyes"):  # the uploader cannot verify it
        ChecklistService(officer, db.vault).verify(face)
    assert state_of(ChecklistService(checker, db.vault).verify(face), "face_match") == "verified"


def test_intake_checks_the_new_customers_id_birth_date_phone_and_card(db: TestDB) -> None:
    make_product(db)
    clerk = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    child = resident_id(date(today(db).year - 10, 6, 1))
    with pytest.raises(IntakeError) as caught:
        clerk.submit(
            form(),
            new_customer=CustomerInput(
                kind="individual", name="", id_number=child, phone="12345", bank_card="1234"
            ),
        )
    errors = caught.value.errors
    assert "under 18" in errors["new_id_number"]
    assert errors["new_name"] == "is required"
    assert "mobile" in errors["new_phone"] and "Luhn" in errors["new_bank_card"]
    with db.sessions() as s:
        assert s.scalars(select(Application)).first() is None
