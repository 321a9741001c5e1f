"""Four eyes compares the people who did the work, not who pressed the button; user
administration is itself maker-checker. Every backend (issue 20, item 16)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.bootstrap import add_second_admin
from app.errors import AuthenticationError, PermissionDenied, StateError
from app.kyc.evidence import EvidenceService
from app.kyc.png import card_image
from app.kyc.service import ChecklistService
from app.security.permissions import Role
from app.security.users import UserService, authenticate
from db.models.audit import AuditEvent
from tests.kyc_support import item, new_customer
from tests.support import ADMIN_PASSWORD, USER_PASSWORD, TestDB


def test_an_officer_cannot_verify_evidence_they_uploaded_for_a_colleague(db: TestDB) -> None:
    uploader = db.user(Role.KYC_OFFICER, username="kyc.up")
    colleague = db.user(Role.KYC_OFFICER, username="kyc.press")
    checker = db.user(Role.KYC_OFFICER, username="kyc.check")
    cid = new_customer(db, uploader)
    view = ChecklistService(uploader, db.vault).open(cid)
    face = item(view, "face_match")
    EvidenceService(uploader, db.vault).attach(face, "face.png", card_image(1))
    ChecklistService(colleague, db.vault).submit(face)

    with pytest.raises(StateError, match=r"Four eyes: you \(kyc\.up\) uploaded evidence"):
        ChecklistService(uploader, db.vault).verify(face)
    with pytest.raises(StateError, match="uploaded evidence"):
        ChecklistService(uploader, db.vault).reject(face, "blurred")
    view = ChecklistService(checker, db.vault).verify(face)
    assert next(i.state for i in view.items if i.id == face) == "verified"


def test_a_new_user_waits_for_a_second_admin_and_the_maker_cannot_approve(db: TestDB) -> None:
    admin = UserService(db.admin())
    info = admin.create_user("colsup.sock", "Sock", USER_PASSWORD, {Role.COLLECTIONS_SUPERVISOR})
    assert not info.active and info.roles == frozenset()
    assert info.pending_change == "create"
    assert info.pending_roles == {Role.COLLECTIONS_SUPERVISOR}
    with pytest.raises(AuthenticationError, match="second administrator's approval"):
        authenticate(db.sessions, "colsup.sock", USER_PASSWORD)
    with pytest.raises(PermissionDenied, match="you asked for"):
        admin.approve(info.id)
    with pytest.raises(StateError, match="waits for approval"):
        admin.reactivate(info.id)
    with pytest.raises(StateError, match="waits for approval"):
        admin.set_roles(info.id, {Role.ADMIN})
    # Not an approver: a user who holds no user.manage.
    other = db.user(Role.COLLECTIONS_SUPERVISOR)
    with pytest.raises(PermissionDenied, match=r"user\.manage"):
        UserService(other).approve(info.id)

    approved = UserService(db.admin2()).approve(info.id)
    assert approved.active and approved.roles == {Role.COLLECTIONS_SUPERVISOR}
    assert approved.pending_change is None
    assert authenticate(db.sessions, "colsup.sock", USER_PASSWORD).username == "colsup.sock"
    with db.sessions() as s:
        event = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "user.create_approved", AuditEvent.entity_id == str(info.id)
            )
        ).one()
    assert event.actor_name == "admin2"
    assert json.loads(event.before_json or "{}")["pending_by"] is not None


def test_granting_a_role_waits_for_a_second_admin_and_removing_one_does_not(
    db: TestDB,
) -> None:
    agent = db.user(Role.COLLECTIONS_AGENT, username="agent.up")
    uid = agent.actor.user_id or 0
    admin = UserService(db.admin())
    info = admin.set_roles(uid, {Role.COLLECTIONS_AGENT, Role.COLLECTIONS_SUPERVISOR})
    assert info.roles == {Role.COLLECTIONS_AGENT}
    assert info.pending_change == "grant" and info.pending_roles == {Role.COLLECTIONS_SUPERVISOR}
    with pytest.raises(PermissionDenied, match="you asked for"):
        admin.approve(uid)
    # The user it concerns cannot approve it either, even as an admin.
    second = UserService(db.admin2())
    rejected = second.reject(uid)
    assert rejected.roles == {Role.COLLECTIONS_AGENT} and rejected.pending_change is None
    with pytest.raises(StateError, match="no change waiting"):
        second.approve(uid)
    # Taking a role away is at once.
    info = admin.set_roles(uid, {Role.SUPPORT_AGENT})
    info = second.approve(uid)
    assert info.roles == {Role.SUPPORT_AGENT}
    assert admin.set_roles(uid, {Role.SUPPORT_AGENT}).pending_change is None


def test_an_admin_cannot_approve_a_grant_to_themselves(db: TestDB) -> None:
    second = db.admin2()
    admin2_id = second.actor.user_id or 0
    UserService(db.admin()).set_roles(admin2_id, {Role.ADMIN, Role.COLLECTIONS_SUPERVISOR})
    with pytest.raises(PermissionDenied, match="it concerns you"):
        UserService(second).approve(admin2_id)


def test_the_second_admin_bootstrap_works_once(db: TestDB) -> None:
    second = db.admin2()
    UserService(db.admin()).deactivate(second.actor.user_id or 0)
    with pytest.raises(StateError, match="already has two administrators"):
        add_second_admin(db.sessions, "admin3", ADMIN_PASSWORD)


def test_a_service_account_cannot_log_in_to_the_client(db: TestDB) -> None:
    db.user(Role.COLLECTIONS_SUPERVISOR, username="svc.bank", kind="service")
    with pytest.raises(AuthenticationError, match="service account"):
        authenticate(db.sessions, "svc.bank", USER_PASSWORD)
    actor = authenticate(db.sessions, "svc.bank", USER_PASSWORD, service_ok=True)
    assert actor.username == "svc.bank"


def test_a_senior_cannot_approve_an_application_they_entered(db: TestDB) -> None:
    from app.origination.decisions import DecisionService
    from app.origination.service import ApplicationService
    from tests.origination_support import FakeGate, form, make_customer, make_product

    make_product(db)
    senior = db.user(Role.SENIOR_UNDERWRITER)
    customer = make_customer(db)
    entered = ApplicationService(senior, db.vault).submit(
        form(amount="80000"), customer_id=customer
    )
    underwriter = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    claimed = underwriter.claim(entered.id, None)
    rec = underwriter.recommend(claimed.id, claimed.version)
    with pytest.raises(PermissionDenied, match="you entered this application"):
        DecisionService(senior, FakeGate()).approve(rec.id, rec.version)
    other = DecisionService(db.user(Role.SENIOR_UNDERWRITER), FakeGate())
    assert other.approve(rec.id, rec.version).status == "approved"


def test_the_demo_creates_its_users_only_in_a_new_database(db: TestDB) -> None:
    from app.demo import ensure_demo_users

    db.user(Role.SUPPORT_AGENT, username="real.person")
    ctx = db.system()
    with pytest.raises(StateError, match="only in a new database"), ctx.transaction() as s:
        ensure_demo_users(s, ctx)
    with db.sessions() as s:
        from db.models.security import User

        assert s.scalar(select(User.id).where(User.username == "kyc.wang")) is None
