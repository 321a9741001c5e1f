"""Helpers shared by the tests: the test database handle and user factories."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.bootstrap import add_second_admin
from app.context import Actor, ServiceContext
from app.platform import open_vault
from app.security.keys import MemoryStore
from app.security.permissions import Role
from app.security.pii import PiiVault
from app.security.users import UserService, authenticate
from db.engine import make_engine, make_sessionmaker
from db.models.security import User

ADMIN_PASSWORD = "admin-pass-123"
SECOND_ADMIN = "admin2"
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

    def admin2(self) -> ServiceContext:
        """The second administrator (the checker of user changes), added on first use
        through the documented bootstrap (``p2pdesk init --second-admin``)."""
        with self.sessions() as session:
            exists = session.scalar(select(User.id).where(User.username == SECOND_ADMIN))
        if exists is None:
            add_second_admin(self.sessions, SECOND_ADMIN, ADMIN_PASSWORD)
        return ServiceContext(
            self.sessions, authenticate(self.sessions, SECOND_ADMIN, ADMIN_PASSWORD)
        )

    def user(
        self, *roles: Role, username: str | None = None, kind: str = "person"
    ) -> ServiceContext:
        """Create a user with ``roles`` (admin asks, admin2 approves) and return a
        context acting as them."""
        name = username or f"{roles[0].value.replace('_', '')}{next(_counter)}"
        info = UserService(self.admin()).create_user(
            name, name.title(), USER_PASSWORD, set(roles), kind=kind
        )
        UserService(self.admin2()).approve(info.id)
        actor = authenticate(self.sessions, name, USER_PASSWORD, service_ok=kind == "service")
        return ServiceContext(self.sessions, actor)


def build_testdb(url: str, backend: str) -> TestDB:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        status = open_vault(session, TEST_KEYS, engine)
    assert status.vault is not None, status.reason
    return TestDB(url, backend, engine, sessions, status.vault)


#: A freshly initialised MySQL database's rows, by table: (columns, rows).
MysqlSnapshot = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def snapshot_mysql(url: str) -> MysqlSnapshot:
    """Every row of a freshly migrated and initialised MySQL database, so each test
    can start from an exact copy of it, as a PostgreSQL template database and a
    copied SQLite file do (migration seed data such as the chart of accounts, the
    SLA calendar and policies included)."""
    engine = make_engine(url)
    snapshot: MysqlSnapshot = {}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            result = conn.execute(text(f"SELECT * FROM `{table}`"))
            snapshot[table] = (list(result.keys()), [tuple(r) for r in result])
    engine.dispose()
    return snapshot


def reset_mysql(url: str, snapshot: MysqlSnapshot) -> None:
    """Put a MySQL database back to ``snapshot`` (:func:`snapshot_mysql`)."""
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET FOREIGN_KEY_CHECKS = 0")
        for table in inspect(engine).get_table_names():
            cur.execute(f"DELETE FROM `{table}`")
        for table, (columns, rows) in snapshot.items():
            if rows:
                names = ", ".join(f"`{c}`" for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cur.executemany(f"INSERT INTO `{table}` ({names}) VALUES ({marks})", rows)
        cur.execute("SET FOREIGN_KEY_CHECKS = 1")
        cur.close()
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


def key_env(db: TestDB) -> dict[str, str]:
    """The test master key for a child process (it signs the audit trail with it)."""
    from app.platform import load_state
    from app.security.keys import master_key_name

    with db.sessions() as s:
        install_id = load_state(s).install_id
    key = TEST_KEYS.get(master_key_name(install_id))
    assert key is not None
    return {"P2PDESK_MASTER_KEY": key}
