"""Opening a database for the client: URL from a profile, schema check, vault.

Everything here that touches the database runs inside a task (ui/tasks.py), so
SQLAlchemy is imported inside the functions: importing this module stays cheap and
the login window paints before SQLAlchemy loads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.errors import P2PDeskError, PermissionDenied
from ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session, sessionmaker

    from app.context import Actor
    from app.security.keys import SecretStore
    from app.security.pii import PiiVault
    from ui.settings import ConnectionProfile

CONNECT_TIMEOUT_S = 5


class ConnectionFailed(P2PDeskError):
    """The database could not be opened; the message is one sentence for the user."""


@dataclass(frozen=True)
class SchemaProblem:
    message: str  # the service's English sentence, revisions named (for the log)
    newer: bool
    empty: bool

    def shown(self) -> str:
        """What the user reads, in their language, without revision ids. GUI thread."""
        if self.empty:
            text = "This database is empty. An administrator initialises it (p2pdesk init)."
        elif self.newer:
            text = (
                "This database was written by a newer version of p2pdesk. Update this "
                "client before using it."
            )
        else:
            text = (
                "This database was written by an older version of p2pdesk. An administrator "
                "can upgrade it."
            )
        return QCoreApplication.translate("SchemaProblem", text)


@dataclass
class OpenDatabase:
    """An open database and what the shell shows about it. Built on a pool thread,
    then handed to the GUI thread; engines and sessionmakers are thread-safe."""

    url: str  # without the password, for display and logs
    backend: str  # sqlite, postgresql, mysql
    name: str  # file name or database name
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    schema_problem: SchemaProblem | None = None
    vault: PiiVault | None = None
    vault_reason: str | None = None
    key_source: str | None = None  # app.platform.KeySource value, when a key was found
    needs_passphrase: bool = False  # a passphrase-wrapped master key waits to be opened
    passphrase: str | None = None  # kept for this session only, once it opened the key
    business_date: date | None = None
    sqlite_path: Path | None = None

    def dispose(self) -> None:
        self.engine.dispose()


def profile_url(profile: ConnectionProfile, password: str | None) -> URL:
    """The SQLAlchemy URL of a profile (with the password, for connecting only)."""
    from sqlalchemy.engine import URL

    if profile.kind == "sqlite":
        return URL.create("sqlite+pysqlite", database=str(Path(profile.path).expanduser()))
    driver = "postgresql+psycopg" if profile.kind == "postgresql" else "mysql+pymysql"
    query = {"connect_timeout": str(CONNECT_TIMEOUT_S)}
    return URL.create(
        driver,
        username=profile.user or None,
        password=password or None,
        host=profile.host or "localhost",
        port=profile.port or None,
        database=profile.database or None,
        query=query,
    )


def open_database(
    url: str | URL, store: SecretStore, passphrase: str | None = None
) -> OpenDatabase:
    """Connect, check the schema and unlock the personal-data vault. Pool thread.

    Raises ConnectionFailed with one sentence when the database cannot be used at
    all; a schema that is older or newer comes back as ``schema_problem``.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from app.bootstrap import NotP2PDeskDatabase, check_schema
    from app.errors import SchemaMismatch
    from db.engine import (
        BadDatabaseUrl,
        backend_name,
        check_url,
        make_engine,
        make_sessionmaker,
        read_sessionmaker,
    )
    from db.sqlite_files import DamagedSqliteFile, NotSqliteFile, foreign_tables

    try:
        parsed = check_url(url)
    except BadDatabaseUrl as exc:
        raise ConnectionFailed(
            QCoreApplication.translate(
                "Database", "These settings do not name a database p2pdesk can use ({0})."
            ).format(exc)
        ) from exc
    backend = backend_name(parsed)
    sqlite_path: Path | None = None
    if backend == "sqlite":
        sqlite_path = Path(parsed.database or "")
        if not sqlite_path.is_file():
            raise ConnectionFailed(
                QCoreApplication.translate(
                    "Database", "The database file {0} does not exist."
                ).format(sqlite_path)
            )
        name = sqlite_path.name
        try:  # read only: the engine would switch another application's file to WAL
            others = foreign_tables(sqlite_path)
        except NotSqliteFile as exc:
            raise ConnectionFailed(
                QCoreApplication.translate("Database", "This file is not a SQLite database.")
            ) from exc
        except DamagedSqliteFile as exc:
            raise ConnectionFailed(damaged_message()) from exc
        if others:
            raise ConnectionFailed(foreign_message(others))
    else:
        name = parsed.database or ""
    engine = make_engine(parsed)
    db = OpenDatabase(
        url=parsed.render_as_string(hide_password=True),
        backend=backend,
        name=name,
        engine=engine,
        sessions=make_sessionmaker(engine),
        read_sessions=read_sessionmaker(engine),
        sqlite_path=sqlite_path,
    )
    try:
        with engine.connect():
            pass
        try:
            check_schema(engine)
        except NotP2PDeskDatabase as exc:
            engine.dispose()
            raise ConnectionFailed(foreign_message(exc.tables)) from exc
        except SchemaMismatch as exc:
            log.warning("schema check: %s", exc)  # the revisions, for whoever reads the log
            db.schema_problem = SchemaProblem(str(exc), exc.newer, exc.current is None)
            return db
        load_platform(db, store, passphrase)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise ConnectionFailed(describe_database_error(exc) or str(exc)) from exc
    return db


def foreign_message(tables: list[str]) -> str:
    """The refusal of another application's database (issue 20 #14). Any thread."""
    return QCoreApplication.translate(
        "Database",
        "This is not a p2pdesk database: it holds another application's tables ({0}). "
        "p2pdesk neither opens nor changes it; choose another file or database.",
    ).format(", ".join(tables[:5]) + (", …" if len(tables) > 5 else ""))


def damaged_message() -> str:
    return QCoreApplication.translate(
        "Database",
        "The database file is damaged (truncated or corrupt); restore it from a backup.",
    )


def load_platform(db: OpenDatabase, store: SecretStore, passphrase: str | None = None) -> None:
    """Business date and the personal-data vault (``passphrase`` opens a wrapped
    master key). Pool thread."""
    from app.platform import open_vault, platform_info

    with db.read_sessions() as session:
        db.business_date = platform_info(session).business_date
    # a write session: an old plaintext key file may be wrapped on the way
    with db.sessions() as session:
        status = open_vault(session, store, db.engine, passphrase)
    db.vault = status.vault
    db.vault_reason = status.reason
    db.key_source = status.source.value if status.source is not None else None
    db.needs_passphrase = status.needs_passphrase
    if status.vault is not None and passphrase:
        db.passphrase = passphrase


def upgrade_schema(db: OpenDatabase, username: str, password: str, store: SecretStore) -> None:
    """An administrator upgrades an older schema to this client's head. Pool thread."""
    from app.security.permissions import Permission
    from app.security.users import authenticate
    from db import schema

    actor = authenticate(db.sessions, username, password)
    if not actor.can(Permission.SCHEMA_UPGRADE):
        raise PermissionDenied(
            QCoreApplication.translate(
                "Database", "Only an administrator can upgrade the database."
            )
        )
    schema.upgrade(db.engine)
    db.schema_problem = None
    load_platform(db, store)


def idle_lock_minutes(db: OpenDatabase) -> int:
    """The idle-lock setting, read once at login. Pool thread."""
    from app.settings import get_setting

    with db.read_sessions() as session:
        return int(get_setting(session, "security.idle_lock_minutes"))


@dataclass(frozen=True)
class LoginResult:
    actor: Actor
    idle_minutes: int
    must_change_password: bool  # an administrator reset the password


def login(db: OpenDatabase, username: str, password: str) -> LoginResult:
    """Authenticate, read the idle-lock interval and whether the password must be
    changed first. Pool thread."""
    from app.security.users import authenticate, must_change_password

    actor = authenticate(db.sessions, username, password)
    must_change = actor.user_id is not None and must_change_password(db.sessions, actor.user_id)
    return LoginResult(actor, idle_lock_minutes(db), must_change)


_MESSAGES: list[tuple[tuple[str, ...], str]] = [
    (
        ("password authentication failed", "access denied for user", "(1045", 'role "'),
        QT_TRANSLATE_NOOP("Database", "The server refused the user name or password."),
    ),
    (
        ("does not exist", "unknown database", "(1049", "(1044"),
        QT_TRANSLATE_NOOP(
            "Database", "The server has no such database, or this user may not open it."
        ),
    ),
    (
        (
            "connection refused",
            "can't connect",
            "could not connect",
            "timeout expired",
            "timed out",
            "failed to resolve host",
            "name or service not known",
            "could not translate host name",
            "no route to host",
            "(2003",
            "(2005",
            "network is unreachable",
        ),
        QT_TRANSLATE_NOOP(
            "Database",
            "The database server cannot be reached; check the host and port, "
            "and that the server is running.",
        ),
    ),
    (
        ("database disk image is malformed", "malformed"),
        QT_TRANSLATE_NOOP(
            "Database",
            "The database file is damaged (truncated or corrupt); restore it from a backup.",
        ),
    ),
    (
        ("file is not a database", "not a database"),
        QT_TRANSLATE_NOOP("Database", "This file is not a SQLite database."),
    ),
    (
        ("unable to open database file",),
        QT_TRANSLATE_NOOP(
            "Database", "The database file cannot be opened; check the path and its permissions."
        ),
    ),
    (
        ("server closed the connection", "lost connection", "(2013", "(2006"),
        QT_TRANSLATE_NOOP("Database", "The connection to the database server was lost; try again."),
    ),
]


_BACKUP_MESSAGES = {
    "is_folder": QT_TRANSLATE_NOOP("Database", "{0} is a folder; give the backup a file name."),
    "no_folder": QT_TRANSLATE_NOOP(
        "Database", "The backup cannot be written to {0}: its folder does not exist."
    ),
    "not_folder": QT_TRANSLATE_NOOP(
        "Database", "The backup cannot be written to {0}: its parent is not a folder."
    ),
    "no_permission": QT_TRANSLATE_NOOP(
        "Database", "The backup cannot be written to {0}: no permission to write in its folder."
    ),
    "cannot_write": QT_TRANSLATE_NOOP(
        "Database", "The backup cannot be written to {0}; the details are in the log file."
    ),
}


def describe_file_error(exc: BaseException) -> str | None:
    """One sentence for a refused backup path or a damaged SQLite file, or None."""
    from db.sqlite_files import BackupTargetError, DamagedSqliteFile, NotSqliteFile

    if isinstance(exc, BackupTargetError):
        return QCoreApplication.translate("Database", _BACKUP_MESSAGES[exc.code]).format(exc.target)
    if isinstance(exc, NotSqliteFile):
        return QCoreApplication.translate("Database", "This file is not a SQLite database.")
    if isinstance(exc, DamagedSqliteFile):
        return damaged_message()
    return None


def describe_database_error(exc: BaseException) -> str | None:
    """One sentence for a database driver error, or None if it is not one we know."""
    module = type(exc).__module__
    if not (module.startswith(("sqlalchemy", "psycopg", "pymysql", "sqlite3"))):
        return None
    text = _error_text(exc).lower()
    for needles, message in _MESSAGES:
        if any(n in text for n in needles):
            return QCoreApplication.translate("Database", message)
    return QCoreApplication.translate(
        "Database", "The database reported an error; the details are in the log file."
    )


def _error_text(exc: BaseException) -> str:
    parts: list[str] = [str(exc)]
    orig: Any = getattr(exc, "orig", None)
    if orig is not None:
        parts.append(str(orig))
    return " ".join(parts)
