"""Test fixtures: headless Qt, a fresh database per test on each backend,
an in-memory keyring, cheap password hashes.

Server backends come from P2PDESK_TEST_POSTGRES_URL / P2PDESK_TEST_MYSQL_URL.
Without them those tests skip, unless P2PDESK_REQUIRE_SERVERS=1 (CI), where a
missing server fails the run.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["P2PDESK_FAST_HASH"] = "1"
os.environ.pop("P2PDESK_MASTER_KEY", None)
os.environ.pop("P2PDESK_MASTER_PASSPHRASE", None)

import tempfile

# Audit checkpoints of server databases live in the user data directory: never the
# real one (each test gets its own below; this one serves the session templates).
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="p2pdesk-test-data-")

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    ADMIN_PASSWORD,
    TEST_KEYS,
    MysqlSnapshot,
    TestDB,
    build_testdb,
    reset_mysql,
    snapshot_mysql,
)

SERVER_ENV = {
    "postgresql": "P2PDESK_TEST_POSTGRES_URL",
    "mysql": "P2PDESK_TEST_MYSQL_URL",
}
BACKENDS = ["sqlite", "postgresql", "mysql"]


def _server_url(backend: str) -> str:
    env = SERVER_ENV[backend]
    url = os.environ.get(env)
    if not url:
        message = f"{backend} tests need {env} (e.g. {env}=... make test)"
        if os.environ.get("P2PDESK_REQUIRE_SERVERS") == "1":
            pytest.fail(message + "; P2PDESK_REQUIRE_SERVERS=1 makes this an error")
        pytest.skip(message)
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from db.engine import make_engine

    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(str(path))
    from app.bootstrap import initialise

    initialise(engine, admin_username="admin", admin_password=ADMIN_PASSWORD, store=TEST_KEYS)
    engine.dispose()
    return path


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own user data directory (audit checkpoints of server databases)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture(autouse=True)
def _stop_dialog_polls() -> Iterator[None]:
    """A journey's poll for a modal dialog that never came ends with its test
    (tests.journeys.support_intake.answer_dialog)."""
    yield
    import sys

    intake = sys.modules.get("tests.journeys.support_intake")
    if intake is not None:
        intake._POLLS.generation += 1


def _carry_checkpoint(checkpoint: bytes | None, engine: object) -> None:
    """A copied template database gets the template's audit checkpoint, as a backup
    carries its own; this workstation remembers no newer one."""
    from app.security.audit_checkpoint import checkpoint_path, forget_anchor

    path = checkpoint_path(engine)
    assert path is not None
    if checkpoint is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(checkpoint)
    forget_anchor(engine, TEST_KEYS)


def _template_checkpoint(url: object) -> bytes | None:
    from app.security.audit_checkpoint import checkpoint_path

    path = checkpoint_path(url)
    return path.read_bytes() if path is not None and path.exists() else None


class _ServerTemplates:
    """One migrated template per server per test session."""

    def __init__(self) -> None:
        self.pg_template: str | None = None
        self.mysql_db: str | None = None
        self.mysql_fresh: MysqlSnapshot = {}
        self.pg_checkpoint: bytes | None = None
        self.mysql_checkpoint: bytes | None = None


@pytest.fixture(scope="session")
def server_templates() -> Iterator[_ServerTemplates]:
    holder = _ServerTemplates()
    yield holder
    from sqlalchemy.engine import make_url

    from db.engine import make_engine

    if holder.pg_template:
        admin = make_engine(os.environ[SERVER_ENV["postgresql"]], isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{holder.pg_template}"')
        admin.dispose()
    if holder.mysql_db:
        base = make_url(os.environ[SERVER_ENV["mysql"]])
        admin = make_engine(base)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{holder.mysql_db}`")
        admin.dispose()


def _make_db(
    backend: str, tmp_path: Path, sqlite_template: Path, templates: _ServerTemplates
) -> Iterator[TestDB]:
    from sqlalchemy.engine import make_url

    from db.engine import make_engine

    if backend == "sqlite":
        path = tmp_path / "p2pdesk.db"
        shutil.copy(sqlite_template, path)
        _carry_checkpoint(_template_checkpoint(make_url(f"sqlite:///{sqlite_template}")),
                          make_url(f"sqlite:///{path}"))  # fmt: skip
        db = build_testdb(str(path), "sqlite")
        yield db
        db.engine.dispose()
        return

    base_url = _server_url(backend)
    if backend == "postgresql":
        admin = make_engine(base_url, isolation_level="AUTOCOMMIT")
        if templates.pg_template is None:
            name = f"p2pd_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            _init_fresh(make_url(base_url).set(database=name))
            templates.pg_checkpoint = _template_checkpoint(make_url(base_url).set(database=name))
            templates.pg_template = name
        test_name = f"p2pd_t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(
                f'CREATE DATABASE "{test_name}" TEMPLATE "{templates.pg_template}"'
            )
        url = make_url(base_url).set(database=test_name)
        _carry_checkpoint(templates.pg_checkpoint, url)
        db = build_testdb(url.render_as_string(hide_password=False), "postgresql")
        try:
            yield db
        finally:
            db.engine.dispose()
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
            admin.dispose()
        return

    # MySQL/MariaDB: no template databases; one database per session, wiped per test.
    if templates.mysql_db is None:
        name = f"p2pd_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = make_engine(base_url)
        with admin.begin() as conn:
            conn.exec_driver_sql(
                f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
            )
        admin.dispose()
        templates.mysql_db = name
        fresh = make_url(base_url).set(database=name)
        _init_fresh(fresh)
        templates.mysql_checkpoint = _template_checkpoint(fresh)
        templates.mysql_fresh = snapshot_mysql(fresh.render_as_string(hide_password=False))
    url = make_url(base_url).set(database=templates.mysql_db)
    url_text = url.render_as_string(hide_password=False)
    reset_mysql(url_text, templates.mysql_fresh)
    _carry_checkpoint(templates.mysql_checkpoint, url)
    db = build_testdb(url_text, "mysql")
    try:
        yield db
    finally:
        db.engine.dispose()


def _init_fresh(url: object) -> None:
    from app.bootstrap import initialise
    from db.engine import make_engine

    engine = make_engine(url)  # type: ignore[arg-type]
    initialise(engine, admin_username="admin", admin_password=ADMIN_PASSWORD, store=TEST_KEYS)
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    server_templates: _ServerTemplates,
) -> Iterator[TestDB]:
    """A fresh, initialised database on each backend (admin / ADMIN_PASSWORD)."""
    yield from _make_db(request.param, tmp_path, sqlite_template, server_templates)


@pytest.fixture
def sqlite_db(
    tmp_path: Path, sqlite_template: Path, server_templates: _ServerTemplates
) -> Iterator[TestDB]:
    """A fresh, initialised SQLite database (for UI and pure service tests)."""
    yield from _make_db("sqlite", tmp_path, sqlite_template, server_templates)
