"""KYC checklists on every backend: transitions, four eyes, expiry, templates, gate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.eod import run_eod
from app.errors import ConflictError, PermissionDenied, StateError, ValidationError
from app.kyc.defaults import TemplateItemSpec
from app.kyc.gate import kyc_gate
from app.kyc.screening import ScreeningService
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
    result = gate(db, cid)  # the checklist came with the customer
    assert not result.ok and result.state == "incomplete"
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
    checker = ChecklistService(db.user(Role.KYC_OFFICER), db.vault)  # four eyes
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
        checker.reject(face, "  ")
    view = checker.reject(face, "photo does not match the ID")
    assert state_of(view, "face_match") == "rejected" and view.state == "rejected"
    assert gate(db, cid).state == "rejected"
    with pytest.raises(StateError, match="Cannot verify an item that is rejected"):
        checker.verify(face)
    view = svc.resubmit(face)
    assert state_of(view, "face_match") == "submitted"
    view = checker.verify(face)
    with pytest.raises(StateError, match="Cannot submit an item that is verified"):
        svc.submit(face)
    with pytest.raises(StateError, match=r"cannot be renewed: .*renewal opens on"):
        checker.renew(face)  # verified today: nothing to renew yet
    # optimistic versions: an old version is refused with who changed it
    stale = next(i for i in view.items if i.code == "mobile").version - 1
    with pytest.raises(ConflictError, match="changed by"):
        checker.verify(item(view, "mobile"), version=stale)
    # screening cannot be verified before a run is recorded
    with pytest.raises(StateError, match="screening run"):
        checker.verify(item(view, "screening"))


def test_permissions_and_verifier_role(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    view = work_items(db, officer, view, verify=False, submitter=db.system())
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
    ChecklistService(db.system(), db.vault).resubmit(item(view, "id_card"))  # web upload
    view = ChecklistService(officer, db.vault).verify(item(view, "id_card"))
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


def _audited(db: TestDB, item_id: int) -> list[str]:
    with db.sessions() as s:
        return list(
            s.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.entity == "kyc_item", AuditEvent.entity_id == str(item_id))
                .order_by(AuditEvent.seq)
            )
        )


def test_four_eyes_the_submitter_may_not_verify_or_reject(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    colleague = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    mine = ChecklistService(officer, db.vault)
    theirs = ChecklistService(colleague, db.vault)
    view = work_items(db, officer, mine.open(cid), verify=False)
    face, mobile = item(view, "face_match"), item(view, "mobile")
    who = rf"submitted by {officer.actor.display_name} \(you\)"
    with pytest.raises(StateError, match=rf"Four eyes: 'Photo / face match' was {who}.*verify"):
        mine.verify(face)
    with pytest.raises(StateError, match=rf"Four eyes: .*{who}.*reject"):
        mine.reject(face, "blurry")
    assert state_of(mine.get(view.id), "face_match") == "submitted"
    assert _audited(db, face) == ["kyc.item_submit"]  # nothing decided, nothing audited
    # another officer with kyc.verify decides it
    view = theirs.verify(face)
    done = next(i for i in view.items if i.code == "face_match")
    assert done.state == "verified" and done.decided_by_name == colleague.actor.username
    assert done.submitted_by == officer.actor.user_id
    view = theirs.reject(mobile, "number belongs to someone else")
    assert state_of(view, "mobile") == "rejected"
    # whoever resubmits becomes the submitter: the rejecting colleague resubmits the
    # customer's new evidence, so now only someone else may decide it
    theirs.resubmit(mobile)
    with pytest.raises(StateError, match=rf"submitted by {colleague.actor.display_name}"):
        theirs.verify(mobile)
    view = mine.verify(mobile)
    assert state_of(view, "mobile") == "verified"
    # admins pass the verifier-role check, not four eyes
    admin = db.admin()
    other = new_customer(db, officer, index=1)
    v2 = work_items(db, admin, ChecklistService(admin, db.vault).open(other), verify=False)
    with pytest.raises(StateError, match="Four eyes"):
        ChecklistService(admin, db.vault).verify(item(v2, "face_match"))
    assert ChecklistService(officer, db.vault).verify(item(v2, "face_match")).id == v2.id


def test_four_eyes_system_submissions_may_be_decided_by_anyone(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    view = work_items(db, officer, view, verify=False, submitter=db.system())
    face = next(i for i in view.items if i.code == "face_match")
    assert face.submitted_by is None and face.state == "submitted"
    svc = ChecklistService(officer, db.vault)
    view = svc.verify(face.id)
    assert state_of(view, "face_match") == "verified"
    view = svc.reject(item(view, "mobile"), "not the customer's number")
    assert state_of(view, "mobile") == "rejected"
    # one officer may finish the whole checklist when the system submitted it
    ChecklistService(db.system(), db.vault).resubmit(item(view, "mobile"))
    ScreeningService(officer).record(cid, "OFAC SDN", today(db))
    for i in svc.get(view.id).items:
        if i.state == "submitted":
            view = svc.verify(i.id)
    assert view.state == "complete" and gate(db, cid).ok


def test_renew_only_within_thirty_days_of_valid_until(db: TestDB) -> None:
    from sqlalchemy import update

    from db.models.kyc import KycItem

    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    svc = ChecklistService(officer, db.vault)
    view = work_items(db, officer, svc.open(cid), skip=frozenset({"screening"}))
    face = item(view, "face_match")
    day = today(db)
    assert next(i for i in view.items if i.code == "face_match").valid_until == day + timedelta(
        days=365
    )
    with pytest.raises(StateError, match=r"renewal opens on .*\(30 days before\)"):
        svc.renew(face)  # verified today

    def valid_until(days: int) -> None:
        with db.sessions.begin() as s:
            s.execute(
                update(KycItem)
                .where(KycItem.id == face)
                .values(valid_until=day + timedelta(days=days))
            )

    valid_until(31)
    with pytest.raises(StateError, match=f"renewal opens on {day + timedelta(days=1)}"):
        svc.renew(face)
    valid_until(30)
    view = svc.renew(face)
    renewed = next(i for i in view.items if i.code == "face_match")
    assert renewed.state == "verified" and renewed.valid_until == day + timedelta(days=365)
    valid_until(0)  # runs out today: the last day it can be renewed
    assert state_of(svc.renew(face), "face_match") == "verified"
    # an item without a validity never expires: nothing to renew
    with pytest.raises(StateError, match="does not expire"):
        svc.renew(item(view, "name_match"))
    assert _audited(db, face)[-2:] == ["kyc.item_renew", "kyc.item_renew"]
