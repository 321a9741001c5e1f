"""Locks bound to the holder's session: a dead holder frees them at once.

A lock here is never a value in a row that someone must clear: it lives as long
as the process (or its database session) that holds it, and nobody can take it
over while that holder is alive.

- PostgreSQL: ``pg_try_advisory_lock`` (or ``_shared``) on a dedicated
  connection held for the run; the server drops it when that session ends.
- MySQL/MariaDB: ``GET_LOCK`` on a dedicated connection, likewise. There is no
  shared form, so it is built from ``SLOTS`` named locks: a shared holder takes
  any one free slot, an exclusive one takes the lock's own name and every slot.
  So an import (shared) keeps out a key rotation or a restore (exclusive) and
  the other way round, while up to ``SLOTS`` imports run side by side.
- SQLite: an OS file lock (``flock``) on a file beside the database; the kernel
  drops it when the process dies (kill -9 included).

Names used: ``eod`` (exclusive: one end-of-day runner) and ``writers`` (shared by
bulk writers such as end of day and payment imports; exclusive for restore).
"""

from __future__ import annotations

import hashlib
import logging
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.errors import StateError

try:
    import fcntl
except ImportError:  # Windows: no flock; SQLite locks then hold nothing
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_PG_CLASS = 0x70327064  # "p2pd": the first half of every advisory lock key
SLOTS = 8  # MySQL/MariaDB: how many shared holders of one lock at once


class LockBusy(StateError):
    """Another live process holds the lock; ``holder`` says who and since when."""

    def __init__(self, name: str, holder: str | None) -> None:
        self.name = name
        self.holder = holder
        super().__init__(
            f"The {name} lock is held by {holder}."
            if holder
            else f"The {name} lock is held by another live process."
        )


def engine_of(sessions: sessionmaker[Session]) -> Engine:
    """The engine a service context's sessions are bound to."""
    bind = sessions.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def lock_file(db_path: Path, name: str) -> Path:
    return db_path.with_name(f"{db_path.name}.{name}.lock")


def _stamp(holder: str) -> str:
    return f"{holder} since {datetime.now(UTC).isoformat(timespec='minutes')}"


class HeldLock:
    """A lock this process holds until :meth:`release` (idempotent)."""

    def __init__(
        self,
        name: str,
        *,
        conn: Connection | None = None,
        release_sql: str | None = None,
        params: dict[str, object] | None = None,
        handle: IO[str] | None = None,
    ) -> None:
        self.name = name
        self._conn = conn
        self._release_sql = release_sql
        self._params = params or {}
        self._handle = handle

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                if self._release_sql is not None:
                    conn.execute(text(self._release_sql), self._params)
                conn.close()
            except Exception:  # the session ends anyway; never reuse a locked one
                log.warning("releasing the %s lock failed; dropping its connection", self.name)
                conn.invalidate()
                conn.close()
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()  # closing the file drops the flock


def acquire_file(db_path: Path, name: str, holder: str, *, shared: bool = False) -> HeldLock:
    """The SQLite form: an flock on ``<db>.<name>.lock``; raises :class:`LockBusy`."""
    if fcntl is None:
        return HeldLock(name)
    path = lock_file(db_path, name)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "r+", encoding="utf-8")
    try:
        fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        who = handle.read().strip() or None
        handle.close()
        raise LockBusy(name, who) from None
    if not shared:
        handle.seek(0)
        handle.truncate()
        handle.write(_stamp(holder))
        handle.flush()
    return HeldLock(name, handle=handle)


def acquire(engine: Engine, name: str, holder: str, *, shared: bool = False) -> HeldLock:
    """Take lock ``name`` on the database behind ``engine`` without waiting."""
    dialect = engine.dialect.name
    if dialect == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            return HeldLock(name)
        return acquire_file(Path(database), name, holder, shared=shared)
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        if dialect == "postgresql":
            params: dict[str, object] = {"c": _PG_CLASS, "o": zlib.crc32(name.encode()) >> 1}
            kind = "_shared" if shared else ""
            got = conn.scalar(text(f"SELECT pg_try_advisory_lock{kind}(:c, :o)"), params)
            release = f"SELECT pg_advisory_unlock{kind}(:c, :o)"
        elif dialect in ("mysql", "mariadb"):
            params = {}
            got = _mysql_lock(conn, str(engine.url.database), name, shared)
            release = "SELECT RELEASE_ALL_LOCKS()"
        else:
            conn.close()
            return HeldLock(name)
    except Exception:
        conn.invalidate()
        conn.close()
        raise
    if not got:
        conn.close()
        raise LockBusy(name, None)
    return HeldLock(name, conn=conn, release_sql=release, params=params)


def _mysql_lock(conn: Connection, database: str, name: str, shared: bool) -> bool:
    """Take ``name`` on this connection without waiting: one free slot when shared;
    the name and all slots when exclusive. All or nothing: a partial take is let go."""
    digest = hashlib.sha256(database.encode()).hexdigest()[:16]
    slots = [f"p2pdesk.{digest}.{name}.s{k}" for k in range(SLOTS)]

    def take(lock_name: str) -> bool:
        return bool(conn.scalar(text("SELECT GET_LOCK(:n, 0)"), {"n": lock_name}) == 1)

    if shared:
        return any(take(slot) for slot in slots)  # any() stops at the first taken
    if take(f"p2pdesk.{database}.{name}"[:64]) and all(take(slot) for slot in slots):
        return True
    conn.execute(text("SELECT RELEASE_ALL_LOCKS()"))
    return False


@contextmanager
def holding(engine: Engine, name: str, holder: str, *, shared: bool = False) -> Iterator[None]:
    lock = acquire(engine, name, holder, shared=shared)
    try:
        yield
    finally:
        lock.release()
