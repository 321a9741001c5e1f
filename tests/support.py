"""Helpers shared by the tests: the test database handle and user factories."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from app.bootstrap import initialise
from app.context import Actor, ServiceContext
from app.platform import open_vault
from app.security.keys import MemoryStore
from app.security.permissions import Role
from app.security.pii import PiiVault
from app.security.users import UserService, authenticate
from db import schema
from db.engine import make_engine, make_sessionmaker

ADMIN_PASSWORD = "admin-pass-123"
USER_PASSWORD = "user-pass-123"
#: The in-memory keyring every test database's master key lives in.
TEST_KEYS = MemoryStore()
_counter = itertools.count(1)


@dataclass
class TestDB:
    url: str
    backend: str
    engine: Engine
    sessions: sessionmaker[Session]
    vault: PiiVault

    __test__ = False  # not a test class

    def admin(self) -> ServiceContext:
        return ServiceContext(self.sessions, authenticate(self.sessions, "admin", ADMIN_PASSWORD))

    def system(self) -> ServiceContext:
        return ServiceContext(self.sessions, Actor.system())

    def user(self, *roles: Role, username: str | None = None) -> ServiceContext:
        """Create a user with ``roles`` and return a context acting as them."""
        name = username or f"{roles[0].value.replace('_', '')}{next(_counter)}"
        UserService(self.admin()).create_user(name, name.title(), USER_PASSWORD, set(roles))
        return ServiceContext(self.sessions, authenticate(self.sessions, name, USER_PASSWORD))


def build_testdb(url: str, backend: str) -> TestDB:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        status = open_vault(session, TEST_KEYS, engine)
    assert status.vault is not None, status.reason
    return TestDB(url, backend, engine, sessions, status.vault)


def reset_mysql(url: str) -> None:
    """Empty every table of a migrated MySQL database and initialise it again."""
    engine = make_engine(url)
    tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    with engine.begin() as conn:
        conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
        for table in tables:
            conn.execute(text(f"DELETE FROM `{table}`"))
        conn.execute(text("SET FOREIGN_KEY_CHECKS = 1"))
        # A test may have stamped a fake revision; the tables themselves are at heads.
        conn.execute(text("DELETE FROM alembic_version"))
    schema.stamp_heads(engine)
    initialise(engine, admin_username="admin", admin_password=ADMIN_PASSWORD, store=TEST_KEYS)
    engine.dispose()
