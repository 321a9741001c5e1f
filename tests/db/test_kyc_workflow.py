"""KYC checklists on every backend: transitions, four eyes, expiry, templates, gate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.eod import run_eod
from app.errors import ConflictError, PermissionDenied, StateError, ValidationError
from app.kyc.defaults import TemplateItemSpec
from app.kyc.gate import kyc_gate
from app.kyc.service import ChecklistService
from app.kyc.templates import TemplateService
from app.security.permissions import Role
from db.models.audit import AuditEvent
from tests.kyc_support import complete, item, new_customer, state_of, today, work_items
from tests.support import TestDB


def gate(db: TestDB, customer_id: int):  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return kyc_gate(s, customer_id)


def test_officer_completes_checklist_and_gate_opens(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    result = gate(db, cid)
    assert not result.ok and result.state == "missing"
    view = ChecklistService(officer, db.vault).open(cid)
    assert view.state == "incomplete" and state_of(view, "blacklist") == "verified"
    result = gate(db, cid)
    assert not result.ok and result.state == "incomplete"
    assert "Identity card (resident ID)" in result.missing and "Income proof" in result.missing
    view = complete(db, officer, cid)
    assert view.state == "complete" and view.queue_reason is None
    assert all(i.state == "verified" for i in view.items)
    idc = next(i for i in view.items if i.code == "id_card")
    assert idc.valid_until == today(db) + timedelta(days=3650)
    assert idc.decided_by_name == officer.actor.username and "GB 11643" in (idc.note or "")
    assert gate(db, cid).ok


def test_business_checklist_uses_business_template(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer, index=9)
    view = complete(db, officer, cid)
    assert view.items[0].code == "licence"
    assert "GB 32100" in (view.items[0].note or "")
    assert gate(db, cid).ok


def test_illegal_transitions_are_refused(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    svc = ChecklistService(officer, db.vault)
    view = svc.open(cid)
    face = item(view, "face_match")
    with pytest.raises(StateError, match="Cannot verify an item that is pending"):
        svc.verify(face)
    with pytest.raises(StateError, match="Cannot reject"):
        svc.reject(face, "blurry")
    with pytest.raises(StateError, match="Cannot resubmit"):
        svc.resubmit(face)
    with pytest.raises(ValidationError, match="attach the evidence"):
        svc.submit(face)
    with pytest.raises(StateError, match="Cannot submit an item that is verified"):
        svc.submit(item(view, "blacklist"))
    view = work_items(db, officer, view, verify=False, skip=frozenset({"id_card"}))
    assert state_of(view, "face_match") == "submitted"
    with pytest.raises(StateError, match="Cannot submit an item that is submitted"):
        svc.submit(face)
    with pytest.raises(ValidationError, match="reason"):
        svc.reject(face, "  ")
    view = svc.reject(face, "photo does not match the ID")
    assert state_of(view, "face_match") == "rejected" and view.state == "rejected"
    assert gate(db, cid).state == "rejected"
    with pytest.raises(StateError, match="Cannot verify an item that is rejected"):
        svc.verify(face)
    view = svc.resubmit(face)
    assert state_of(view, "face_match") == "submitted"
    view = svc.verify(face)
    with pytest.raises(StateError, match="Cannot submit an item that is verified"):
        svc.submit(face)
    view = svc.renew(face)
    assert state_of(view, "face_match") == "verified"
    # optimistic versions: an old version is refused with who changed it
    stale = next(i for i in view.items if i.code == "mobile").version - 1
    with pytest.raises(ConflictError, match="changed by"):
        svc.verify(item(view, "mobile"), version=stale)
    # screening cannot be verified before a run is recorded
    with pytest.raises(StateError, match="screening run"):
        svc.verify(item(view, "screening"))


def test_permissions_and_verifier_role(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    view = work_items(db, officer, view, verify=False)
    underwriter = db.user(Role.UNDERWRITER)
    with pytest.raises(PermissionDenied, match=r"kyc\.verify"):
        ChecklistService(underwriter, db.vault).verify(item(view, "face_match"))
    assert ChecklistService(underwriter, db.vault).get(view.id).id == view.id  # may look
    # Personal-data checks need the vault: without it the officer is told why.
    with pytest.raises(StateError, match="master key"):
        ChecklistService(officer, None).verify(item(view, "id_card"))


def test_waiver_needs_a_second_user_with_kyc_waive(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    other_officer = db.user(Role.KYC_OFFICER)
    supervisor = db.user(Role.COLLECTIONS_SUPERVISOR)
    cid = new_customer(db, officer)
    svc = ChecklistService(officer, db.vault)
    view = svc.open(cid)
    income = item(view, "income_proof")
    with pytest.raises(StateError, match="Nobody has requested"):
        ChecklistService(supervisor, db.vault).approve_waiver(income)
    view = svc.request_waiver(income, "pensioner, no payslips")
    assert next(i for i in view.items if i.code == "income_proof").waiver_pending
    with pytest.raises(PermissionDenied, match=r"kyc\.waive"):
        ChecklistService(other_officer, db.vault).approve_waiver(income)
    admin_requester = db.admin()
    other = new_customer(db, officer, index=1)
    v2 = ChecklistService(admin_requester, db.vault).open(other)
    ChecklistService(admin_requester, db.vault).request_waiver(item(v2, "income_proof"), "x")
    with pytest.raises(PermissionDenied, match="Four eyes"):
        ChecklistService(admin_requester, db.vault).approve_waiver(item(v2, "income_proof"))
    view = ChecklistService(supervisor, db.vault).approve_waiver(income, "documented pension")
    waived = next(i for i in view.items if i.code == "income_proof")
    assert waived.state == "waived" and waived.decided_by_name == supervisor.actor.username
    assert waived.waiver_requested_by == officer.actor.user_id
    with pytest.raises(StateError, match="Cannot waive an item that is waived"):
        ChecklistService(supervisor, db.vault).approve_waiver(income)
    view = complete(db, officer, cid)
    assert view.state == "complete" and gate(db, cid).ok
    with db.sessions() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity == "kyc_item", AuditEvent.entity_id == str(income)
            )
        ).all()
    assert actions == ["kyc.waiver_requested", "kyc.item_waive"]


def test_declined_waiver_clears_the_request(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    supervisor = db.user(Role.COLLECTIONS_SUPERVISOR)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    income = item(view, "income_proof")
    ChecklistService(officer, db.vault).request_waiver(income, "no payslips")
    view = ChecklistService(supervisor, db.vault).decline_waiver(income, "ask for bank statements")
    assert not next(i for i in view.items if i.code == "income_proof").waiver_pending


def test_end_of_day_expires_items_and_closes_the_gate(db: TestDB) -> None:
    admin = db.admin()
    short = [
        TemplateItemSpec("id_card", "Identity card", validity_days=2, check_kind="resident_id"),
        TemplateItemSpec("face_match", "Photo / face match", validity_days=30),
        TemplateItemSpec(
            "blacklist", "Internal blacklist check", evidence_required=False, check_kind="blacklist"
        ),
    ]
    TemplateService(admin).publish("individual", "Short validity", short)
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = complete(db, officer, cid)
    assert view.state == "complete" and gate(db, cid).ok
    start = today(db)
    result = run_eod(db.system(), start + timedelta(days=3))
    assert sum(d.rows_by_step.get("kyc.expire_items", 0) for d in result.days) == 1
    view = ChecklistService(officer, db.vault).get(view.id)
    assert state_of(view, "id_card") == "expired" and view.state == "expired"
    assert view.queue_reason == "expired"
    g = gate(db, cid)
    assert not g.ok and g.state == "expired" and g.missing == ["Identity card"]
    # a rerun of finished days changes nothing
    again = run_eod(db.system(), start + timedelta(days=3))
    assert again.rows_changed == 0
    # the face match runs out within 30 days: it shows as expiring once resubmitted work is done
    svc = ChecklistService(officer, db.vault)
    svc.resubmit(item(view, "id_card"))
    view = svc.verify(item(view, "id_card"))
    assert view.state == "complete" and view.queue_reason == "expiring"
    assert gate(db, cid).ok


def test_gate_treats_items_past_validity_as_expired_before_eod(db: TestDB) -> None:
    admin = db.admin()
    TemplateService(admin).publish(
        "individual",
        "One day",
        [
            TemplateItemSpec("face_match", "Photo / face match", validity_days=1),
        ],
    )
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    complete(db, officer, cid)
    assert gate(db, cid).ok
    from sqlalchemy import update

    from db.models.platform import PlatformState

    with db.sessions.begin() as s:
        s.execute(update(PlatformState).values(business_date=today(db) + timedelta(days=5)))
    assert gate(db, cid).state == "expired"


def test_templates_are_versioned(db: TestDB) -> None:
    admin = db.admin()
    officer = db.user(Role.KYC_OFFICER)
    first = new_customer(db, officer)
    v1 = ChecklistService(officer, db.vault).open(first)
    published = TemplateService(admin).publish(
        "individual",
        "Slim",
        [
            TemplateItemSpec("face_match", "Photo / face match", validity_days=365),
        ],
    )
    assert published.template_version == 2 and published.active
    second = new_customer(db, officer, index=1)
    v2 = ChecklistService(officer, db.vault).open(second)
    assert [i.code for i in v2.items] == ["face_match"]
    assert len(ChecklistService(officer, db.vault).get(v1.id).items) == 9  # keeps version 1
    versions = TemplateService(officer).versions("individual")
    assert [(t.template_version, t.active) for t in versions] == [(2, True), (1, False)]
    with pytest.raises(PermissionDenied):
        TemplateService(officer).publish("individual", "Mine", [])
    with pytest.raises(ValidationError, match="item 2"):
        TemplateService(admin).publish(
            "individual",
            "Dup",
            [
                TemplateItemSpec("a", "A"),
                TemplateItemSpec("a", "B"),
            ],
        )
    with pytest.raises(ValidationError, match="verifier role"):
        TemplateService(admin).publish(
            "business",
            "Bad role",
            [
                TemplateItemSpec("a", "A", verifier_role="janitor"),
            ],
        )
