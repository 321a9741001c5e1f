"""Opening a database that is older or newer than the client says so, never crashes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.bootstrap import check_schema
from app.errors import PermissionDenied, SchemaMismatch, ValidationError
from app.security.permissions import Role
from app.settings import SettingsService, get_setting
from db import schema
from db.engine import make_engine
from tests.support import TestDB


def test_current_database_passes(db: TestDB) -> None:
    check_schema(db.engine)


def test_newer_database_is_refused_with_a_clear_message(db: TestDB) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999_future')"))
    with pytest.raises(SchemaMismatch) as info:
        check_schema(db.engine)
    assert info.value.newer and "newer p2pdesk" in str(info.value)


def test_empty_database_asks_for_init(tmp_path: object) -> None:
    engine = make_engine(f"{tmp_path}/empty.db")
    with pytest.raises(SchemaMismatch, match="empty"):
        check_schema(engine)
    schema.upgrade(engine, "0001_core")
    if schema.head_revisions() != {"0001_core"}:
        with pytest.raises(SchemaMismatch, match="older") as info:
            check_schema(engine)
        assert not info.value.newer
        schema.upgrade(engine)
    check_schema(engine)


def test_settings_typed_audited_and_admin_only(db: TestDB) -> None:
    admin = SettingsService(db.admin())
    admin.set("security.idle_lock_minutes", 5)
    with db.sessions() as s:
        assert get_setting(s, "security.idle_lock_minutes") == 5
        assert get_setting(s, "collections.max_connected_calls_per_day") == 3
    with pytest.raises(ValidationError, match="at least 1"):
        admin.set("security.idle_lock_minutes", 0)
    with pytest.raises(ValidationError, match="must be a int"):
        admin.set("security.idle_lock_minutes", "ten")
    with pytest.raises(PermissionDenied):
        SettingsService(db.user(Role.AUDITOR)).set("security.idle_lock_minutes", 9)
