"""Showing this workstation's master key (Admin > Master key) and the
must-change-password flag, on every backend."""

from __future__ import annotations

import base64
import os

import pytest
from sqlalchemy import select

from app.errors import AuthenticationError, PermissionDenied, StateError
from app.platform import load_state
from app.security.keys import MemoryStore, master_key_name
from app.security.master_key_export import show_master_key
from app.security.permissions import Role
from app.security.users import UserService, change_own_password, must_change_password
from db.models.audit import AuditEvent
from tests.support import ADMIN_PASSWORD, TEST_KEYS, TestDB


def actions(db: TestDB) -> list[str]:
    with db.sessions() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_admin_sees_the_key_after_the_password_and_it_is_audited(db: TestDB) -> None:
    with db.sessions() as session:
        install_id = load_state(session).install_id
    admin = db.admin()
    with pytest.raises(AuthenticationError, match="The password is wrong"):
        show_master_key(admin, TEST_KEYS, db.engine, "not-it")
    assert actions(db)[-1] == "pii.master_key_show_refused"
    key = show_master_key(admin, TEST_KEYS, db.engine, ADMIN_PASSWORD)
    assert key == TEST_KEYS.get(master_key_name(install_id))
    assert actions(db)[-1] == "pii.master_key_shown"


def test_only_admins_and_only_a_working_key(db: TestDB) -> None:
    auditor = db.user(Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        show_master_key(auditor, TEST_KEYS, db.engine, "user-pass-123")
    with pytest.raises(StateError, match="does not hold the master key"):
        show_master_key(db.admin(), MemoryStore(), db.engine, ADMIN_PASSWORD)
    with db.sessions() as session:
        install_id = load_state(session).install_id
    wrong = MemoryStore()
    wrong.set(master_key_name(install_id), base64.b64encode(os.urandom(32)).decode())
    with pytest.raises(StateError, match="does not open"):
        show_master_key(db.admin(), wrong, db.engine, ADMIN_PASSWORD)
    assert "pii.master_key_shown" not in actions(db)


def test_must_change_password_follows_reset_and_change(db: TestDB) -> None:
    ctx = db.user(Role.SUPPORT_AGENT, username="sam")
    user_id = ctx.actor.user_id
    assert user_id is not None
    assert not must_change_password(db.sessions, user_id)
    UserService(db.admin()).reset_password(user_id, "temporary-123")
    assert must_change_password(db.sessions, user_id)
    change_own_password(ctx, "temporary-123", "brand-new-pass")
    assert not must_change_password(db.sessions, user_id)
    assert not must_change_password(db.sessions, 999_999)  # no such user
