"""The foundation on every backend: schema, login, lockout, audit chain, customers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from app.clock import utc_now
from app.customers.service import CustomerInput, CustomerService
from app.errors import AuthenticationError, PermissionDenied, ValidationError
from app.security import audit
from app.security.permissions import Role
from app.security.users import MAX_FAILED_LOGINS, UserService, authenticate
from db import schema
from db.models.audit import AuditEvent
from tests.support import USER_PASSWORD, TestDB


def test_schema_at_head_without_drift(db: TestDB) -> None:
    assert schema.pending_revisions(db.engine) == []
    assert schema.schema_drift(db.engine) == []


def test_login_good_bad_and_lockout(db: TestDB) -> None:
    ctx = db.user(Role.UNDERWRITER, username="uw.one")
    assert ctx.actor.roles == {Role.UNDERWRITER}
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        authenticate(db.sessions, "uw.one", "not-the-password")
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        authenticate(db.sessions, "nobody", "whatever-pass")
    for _ in range(MAX_FAILED_LOGINS - 2):
        with pytest.raises(AuthenticationError):
            authenticate(db.sessions, "uw.one", "bad-password")
    with pytest.raises(AuthenticationError, match="locked for 15 minutes"):
        authenticate(db.sessions, "uw.one", "bad-password")
    # Even the right password is refused while locked ...
    with pytest.raises(AuthenticationError, match="locked"):
        authenticate(db.sessions, "uw.one", USER_PASSWORD)
    # ... and accepted once the lock has run out.
    later = utc_now() + timedelta(minutes=16)
    actor = authenticate(db.sessions, "uw.one", USER_PASSWORD, clock=lambda: later)
    assert actor.username == "uw.one"


def test_admin_manages_users_and_others_may_not(db: TestDB) -> None:
    admin = UserService(db.admin())
    info = admin.create_user("kyc.anna", "Anna", "anna-pass-1", {Role.KYC_OFFICER})
    with pytest.raises(ValidationError, match="already taken"):
        admin.create_user("KYC.Anna", "Anna 2", "anna-pass-1", {Role.KYC_OFFICER})
    info = admin.set_roles(info.id, {Role.KYC_OFFICER, Role.AUDITOR})
    assert info.roles == {Role.KYC_OFFICER, Role.AUDITOR}
    admin.deactivate(info.id)
    with pytest.raises(AuthenticationError, match="deactivated"):
        authenticate(db.sessions, "kyc.anna", "anna-pass-1")
    agent = db.user(Role.COLLECTIONS_AGENT)
    with pytest.raises(PermissionDenied, match=r"user\.manage"):
        UserService(agent).create_user("x.y.z", "X", "password-1", {Role.ADMIN})


def test_audit_chain_detects_edit_and_delete(db: TestDB) -> None:
    db.user(Role.SUPPORT_AGENT)
    with db.sessions() as s:
        check = audit.verify_chain(s)
        assert check.ok, check.reason
        assert check.events_checked >= 3
        seqs = s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
    middle = seqs[len(seqs) // 2]
    with db.sessions.begin() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == middle).values(actor_name="mallory"))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == middle and "altered" in (check.reason or "")
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == middle))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == middle and "missing" in (check.reason or "")


def test_audit_chain_detects_deleted_tail(db: TestDB) -> None:
    with db.sessions() as s:
        last = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == last))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == last


def test_customer_pii_encrypted_searchable_and_reveal_audited(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    service = CustomerService(officer, db.vault)
    created = service.create(
        CustomerInput(
            kind="individual",
            name="王小明",
            id_number="11010519491231002X",
            phone="138 0013 8000",
            bank_card="6222020200112233445",
        )
    )
    assert (
        created.id_number_masked.endswith("002X") and "1101051949" not in created.id_number_masked
    )
    assert [c.id for c in service.search("13800138000")] == [created.id]
    assert [c.id for c in service.search("11010519491231002x")] == [created.id]
    assert [c.id for c in service.search("王小")] == [created.id]
    with db.engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT * FROM customers").all()
    dump = repr(raw)
    assert "13800138000" not in dump and "11010519491231002X" not in dump
    assert "6222020200112233445" not in dump
    assert service.reveal(created.id, "phone", reason="call back") == "13800138000"
    with db.sessions() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "pii.revealed")).one()
        assert ev.entity_id == str(created.id) and ev.actor_name == officer.actor.username
    support = db.user(Role.SUPPORT_AGENT)
    with pytest.raises(PermissionDenied):
        CustomerService(support, db.vault).reveal(created.id, "phone")
