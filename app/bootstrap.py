"""``p2pdesk init``: bring the schema to head and create what a new database needs."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.clock import utc_now
from app.context import Actor
from app.errors import SchemaMismatch, StateError, ValidationError
from app.platform import STATE_ID, env_passphrase, store_wrapped_key
from app.security import audit
from app.security.audit_checkpoint import anchor_store
from app.security.audit_keys import derive_audit_keys
from app.security.audit_keys import register as register_audit_keys
from app.security.keys import SecretStore, encode_key, env_master_key, master_key_name
from app.security.passwords import fingerprint, hash_password
from app.security.permissions import Role
from app.security.pii import PiiVault, bound_payload, new_key, wrap_data_key
from app.security.users import validate_username
from db import schema
from db.engine import make_sessionmaker
from db.models.audit import AuditEvent
from db.models.platform import PlatformState
from db.models.security import User, UserRole


@dataclass(frozen=True)
class InitResult:
    created: bool
    upgraded_from: str | None
    head: str
    master_key_stored: str  # "keyring", "passphrase_file", or "" when it must be kept by hand
    master_key_b64: str | None  # only when it could not be stored


class NotP2PDeskDatabase(StateError):
    """The database holds tables of something else: p2pdesk neither opens it nor
    writes its schema into it (issue 20 #14)."""

    def __init__(self, where: str, tables: list[str]) -> None:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        super().__init__(
            f"{where} is not a p2pdesk database (it holds other tables: {shown}); "
            "p2pdesk initialises only an empty database or a new file"
        )
        self.where = where
        self.tables = tables


def refuse_foreign_file(path: Path) -> None:
    """The same refusal for a SQLite file, read without writing to it."""
    from db.sqlite_files import foreign_tables

    tables = foreign_tables(path)
    if tables:
        raise NotP2PDeskDatabase(str(path), tables)


def database_label(engine: Engine) -> str:
    """The file or database name, for messages."""
    if engine.dialect.name == "sqlite":
        return str(engine.url.database)
    return f"the database {engine.url.database}"


def refuse_foreign(engine: Engine) -> None:
    """Raise NotP2PDeskDatabase if ``engine``'s database holds another application's
    tables and no p2pdesk schema."""
    tables = schema.foreign_tables(engine)
    if tables:
        raise NotP2PDeskDatabase(database_label(engine), tables)


def check_schema(engine: Engine) -> None:
    """Raise SchemaMismatch unless the database is exactly at this client's head
    (NotP2PDeskDatabase when it holds another application's tables)."""
    currents = schema.current_revisions(engine)
    if currents and currents <= schema.known_revisions() and not schema.pending_revisions(engine):
        return
    head = schema.head_revision()
    current = schema.current_revision(engine)
    if current is None:
        refuse_foreign(engine)
        raise SchemaMismatch(
            "This database is empty. Initialise it (p2pdesk init) to use it.",
            current=None,
            head=head,
            newer=False,
        )
    if not currents <= schema.known_revisions():
        raise SchemaMismatch(
            f"This database was written by a newer p2pdesk (schema {current}). "
            "Update the client before using it.",
            current=current,
            head=head,
            newer=True,
        )
    raise SchemaMismatch(
        f"This database's schema ({current}) is older than this client's ({head}). "
        "An administrator can upgrade it.",
        current=current,
        head=head,
        newer=False,
    )


def initialise(
    engine: Engine,
    *,
    admin_username: str | None,
    admin_password: str | None,
    store: SecretStore,
    currency: str = "CNY",
    business_date: date | None = None,
    passphrase: str | None = None,
) -> InitResult:
    """Create or upgrade the schema; on a new database create the platform row,
    the data key (wrapped by a new master key), the audit chain head and the admin.

    The master key goes to the keyring; without one, to a file wrapped by
    ``passphrase`` (else ``P2PDESK_MASTER_PASSPHRASE``); without either it is only
    returned, to be kept by hand. It is never written in plaintext."""
    before = schema.current_revision(engine)
    if before is None:
        refuse_foreign(engine)
    schema.upgrade(engine)
    sessions = make_sessionmaker(engine)
    now = utc_now()
    with sessions.begin() as session:
        audit.ensure_head(session)
        if session.get(PlatformState, STATE_ID) is not None:
            return InitResult(False, before, schema.head_revision(), "", None)
        if admin_username is None or admin_password is None:
            raise ValueError("a new database needs the first admin's name and password")
        name = validate_username(admin_username)
        install_id = str(uuid.uuid4())
        given = env_master_key()  # P2PDESK_MASTER_KEY: the key is kept by whoever set it
        # A new database binds every field to its row from the start (issue 20 #19).
        master, data_key = given or new_key(), bound_payload(new_key(), new_key())
        session.add(
            PlatformState(
                id=STATE_ID,
                business_date=business_date or now.date(),
                currency=currency,
                install_id=install_id,
                data_key_wrapped=wrap_data_key(master, data_key, install_id),
            )
        )
        admin = User(
            username=name,
            display_name="Administrator",
            password_hash=hash_password(admin_password),
            roles=[UserRole(role=str(Role.ADMIN))],
        )
        session.add(admin)
        session.flush()
        register_audit_keys(
            engine,
            derive_audit_keys(PiiVault(data_key).index_root, install_id, anchor_store(store)),
        )
        system = Actor.system("init")
        audit.record(
            session,
            system,
            "platform.initialised",
            "platform",
            install_id,
            now=now,
            after={"currency": currency, "admin": name},
        )
        audit.record(
            session, system, "user.created", "user", admin.id, now=now,
            after={
                "username": name, "roles": [str(Role.ADMIN)],
                "password": fingerprint(admin.password_hash),
            },
        )  # fmt: skip
        stored = (
            "environment"
            if given is not None
            else _store_master_key(store, engine, install_id, master, passphrase)
        )
    return InitResult(
        True, before, schema.head_revision(), stored, None if stored else encode_key(master)
    )


def _store_master_key(
    store: SecretStore, engine: Engine, install_id: str, key: bytes, passphrase: str | None
) -> str:
    if store.available():
        try:
            store.set(master_key_name(install_id), encode_key(key))
            return "keyring"
        except Exception:  # keyring backends raise their own kinds
            pass
    phrase = env_passphrase(passphrase)
    if phrase is not None:
        store_wrapped_key(engine, install_id, key, phrase)
        return "passphrase_file"
    return ""


def admin_exists(engine: Engine) -> bool:
    with make_sessionmaker(engine)() as session:
        return session.scalar(select(User.id).limit(1)) is not None


def add_second_admin(
    sessions: sessionmaker[Session], username: str, password: str, display_name: str = ""
) -> int:
    """The documented bootstrap of user administration (issue 20 #16): user changes
    need a second administrator's approval, so a database with a single admin account
    (as ``init`` makes it) gets its second one here, from the command line
    (``p2pdesk init --second-admin NAME``), never from the client. It works once:
    refused after it has been used, and whenever two admin accounts exist (active
    or not), so deactivating or demoting an admin does not reopen it.
    Returns the new user's id."""
    name = validate_username(username)
    with sessions.begin() as session:
        admins = session.scalar(
            select(func.count()).select_from(UserRole).where(UserRole.role == str(Role.ADMIN))
        )
        done_before = session.scalar(
            select(AuditEvent.seq).where(AuditEvent.action == "user.bootstrapped").limit(1)
        )
        if (admins or 0) >= 2 or done_before is not None:
            raise StateError(
                "this database already has two administrators; new users and roles "
                "need a second administrator's approval in Admin > Users"
            )
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationError("username", f"'{name}' is already taken")
        user = User(
            username=name,
            display_name=display_name.strip() or "Administrator 2",
            password_hash=hash_password(password),
            roles=[UserRole(role=str(Role.ADMIN))],
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            Actor.system("init"),
            "user.bootstrapped",
            "user",
            user.id,
            now=utc_now(),
            after={"username": name, "roles": [str(Role.ADMIN)]},
        )
        return user.id


def discard_new_database(engine: Engine, store: SecretStore) -> None:
    """Undo ``initialise`` on a database that was empty before it (a demo that failed
    after creating its database): drop every table and forget the master key it
    stored. Never called on a database that held anything before."""
    from sqlalchemy import MetaData, inspect, text

    from app.platform import wrapped_key_path

    install_id = None
    with engine.connect() as conn:
        if "platform_state" in inspect(conn).get_table_names():
            install_id = conn.scalar(select(PlatformState.install_id))
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in meta.sorted_tables)
            if names:
                conn.execute(text(f"DROP TABLE IF EXISTS {names} CASCADE"))
        else:
            if engine.dialect.name == "mysql":
                conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
            for table in reversed(meta.sorted_tables):
                table.drop(conn, checkfirst=True)
            if engine.dialect.name == "mysql":
                conn.execute(text("SET FOREIGN_KEY_CHECKS = 1"))
    if install_id:
        wrapped_key_path(engine, install_id).unlink(missing_ok=True)
        with contextlib.suppress(Exception):  # nothing stored, or a keyring that cannot delete
            store.delete(master_key_name(install_id))
