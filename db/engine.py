"""Database URL -> SQLAlchemy engine with the right settings for each backend."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from db.private_files import create_private, private_mkdir, tighten_sqlite
from db.sqlite_files import check_sqlite_header

SQLITE_BUSY_TIMEOUT_MS = 30_000


class BadDatabaseUrl(ValueError):
    """A database URL p2pdesk cannot use; the message is one sentence naming why."""


URL_FORMS = (
    "a file path, sqlite:///FILE, postgresql://USER@HOST/DATABASE or mysql://USER@HOST/DATABASE"
)
_BACKENDS = ("sqlite", "postgresql", "mysql", "mariadb")


def normalise_url(url: str | URL) -> URL:
    """Accept short forms (``postgresql://``, ``mysql://``, a bare file path).

    Raises BadDatabaseUrl for text that is no URL."""
    if isinstance(url, str) and "://" not in url:
        return URL.create("sqlite+pysqlite", database=str(Path(url).expanduser()))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        shown = re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", str(url))  # never echo a password
        raise BadDatabaseUrl(f"'{shown}' is not a database URL; give {URL_FORMS}") from exc
    driver = parsed.drivername
    if driver in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif driver in ("mysql", "mariadb"):
        parsed = parsed.set(drivername="mysql+pymysql")
    elif driver == "sqlite":
        parsed = parsed.set(drivername="sqlite+pysqlite")
    if parsed.get_backend_name() in ("mysql", "mariadb") and "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    return parsed


def check_url(url: str | URL) -> URL:
    """The normalised URL, or BadDatabaseUrl naming what is wrong with it: an unknown
    kind of database, a driver that is not installed, a server URL without a database."""
    parsed = normalise_url(url)
    shown = url if isinstance(url, str) and "@" not in url else parsed.render_as_string()
    # (render_as_string hides the password)
    backend = parsed.get_backend_name()
    if backend not in _BACKENDS:
        raise BadDatabaseUrl(
            f"'{backend}' in {shown} is not a kind of database p2pdesk uses; give {URL_FORMS}"
        )
    try:
        parsed.get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError) as exc:
        raise BadDatabaseUrl(
            f"the database driver '{parsed.get_driver_name()}' in {shown} is not installed; "
            f"leave it out ({backend}://…) to use the one p2pdesk ships with"
        ) from exc
    if backend == "sqlite":
        if not parsed.database:
            raise BadDatabaseUrl(f"{shown} names no database file; give sqlite:///FILE")
    elif not parsed.database:
        raise BadDatabaseUrl(f"{shown} names no database; give {backend}://USER@HOST/DATABASE")
    return parsed


def backend_name(url: str | URL) -> str:
    """``sqlite``, ``postgresql`` or ``mysql``."""
    name = normalise_url(url).get_backend_name()
    return "mysql" if name == "mariadb" else name


class MissingDatabase(Exception):
    """A SQLite file that should exist does not."""


def make_engine(url: str | URL, *, create: bool = True, **kwargs: Any) -> Engine:
    """Build an engine. SQLite: WAL, foreign keys, busy timeout, write-locking
    transactions; PostgreSQL and MySQL: UTC sessions, pre-ping.

    ``create=False`` refuses a SQLite file that does not exist yet (instead of
    silently creating an empty database)."""
    parsed = check_url(url)
    backend = backend_name(parsed)
    # A failed statement's message would otherwise carry its bound values (a searched
    # ID number's blind index, a typed phone) into logs and error reports.
    kwargs.setdefault("hide_parameters", True)
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            if not path.exists():
                if not create:
                    raise MissingDatabase(f"there is no database at {path}; run `p2pdesk init`")
                # Created 0600 before SQLite sees it: SQLite gives the -wal, -shm and
                # -journal files the database file's mode (issue 20 #2).
                private_mkdir(path.parent)
                create_private(path)
            else:
                check_sqlite_header(path)
                tighten_sqlite(path)
        engine = create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        return create_engine(
            parsed, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"}, **kwargs
        )
    if backend == "mysql":
        kwargs.setdefault("isolation_level", "READ COMMITTED")
        return create_engine(
            parsed,
            pool_pre_ping=True,
            pool_recycle=3600,
            connect_args={"init_command": "SET time_zone = '+00:00'"},
            **kwargs,
        )
    raise ValueError(f"unsupported database: {parsed.drivername}")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN IMMEDIATE can be used.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Every transaction takes the write lock up front: a deferred transaction that
        # reads and then writes can fail with SQLITE_BUSY instead of waiting its turn.
        # Read-only work opts out with execution_options(sqlite_deferred=True).
        if conn.get_execution_options().get("sqlite_deferred"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (results outlive the transaction)."""
    return sessionmaker(engine, expire_on_commit=False)


def read_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for read queries: on SQLite they do not take the write lock."""
    return sessionmaker(engine.execution_options(sqlite_deferred=True), expire_on_commit=False)
