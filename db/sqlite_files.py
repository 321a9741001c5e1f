"""SQLite file operations: online backup, restore, and the in-use lock."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import IO

from db.private_files import FILE_MODE, create_private, private_mkdir

#: The signed audit checkpoint kept beside a SQLite database (app.security.audit_checkpoint);
#: backup and restore carry it with the database.
CHECKPOINT_SUFFIX = ".auditcheckpoint"

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; restore then relies on the user
    fcntl = None  # type: ignore[assignment]


class SqliteFileError(Exception):
    pass


class BackupTargetError(SqliteFileError):
    """A backup path that cannot be written. ``code``: is_folder, no_folder,
    not_folder, no_permission or cannot_write (the client translates by it)."""

    def __init__(self, message: str, code: str, target: Path) -> None:
        super().__init__(message)
        self.code = code
        self.target = target


class NotSqliteFile(SqliteFileError):
    """The file is not a SQLite database at all (no SQLite header)."""


class DamagedSqliteFile(SqliteFileError):
    """The file starts as a SQLite database but is truncated or corrupt."""


_HEADER = b"SQLite format 3\x00"


def check_sqlite_header(path: Path) -> None:
    """Refuse a file that is not a SQLite database, or is visibly truncated, from its
    100-byte header alone (cheap enough for every open). An empty file is a new
    database. Damage deeper in the file surfaces as "malformed" when it is read."""
    size = path.stat().st_size
    if size == 0 or path.is_dir():
        if path.is_dir():
            raise NotSqliteFile(f"{path} is a folder, not a database file")
        return
    with open(path, "rb") as handle:
        header = handle.read(100)
    if not header.startswith(_HEADER):
        raise NotSqliteFile(f"{path} is not a SQLite database file")
    if len(header) < 100:
        raise DamagedSqliteFile(f"{path} is damaged (truncated); restore it from a backup")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid when its "version-valid-for" matches the
    # change counter (SQLite file format, section 1.3.8).
    counted = header[92:96] == header[24:28] and pages > 0
    if (
        page_size < 512
        or page_size & (page_size - 1)
        or size % page_size
        or (counted and size < pages * page_size)
    ):
        raise DamagedSqliteFile(
            f"{path} is damaged (truncated or corrupt); restore it from a backup"
        )


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".inuse")


def hold_in_use_lock(db_path: Path) -> IO[str] | None:
    """Take a shared lock that says 'a client has this database open'.

    Keep the returned file open for as long as the database is in use.
    """
    if fcntl is None:
        return None
    fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT | os.O_APPEND, FILE_MODE)
    handle = os.fdopen(fd, "a+", encoding="utf-8")
    fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
    return handle


def in_use(db_path: Path) -> bool:
    if fcntl is None or not lock_path(db_path).exists():
        return False
    with open(lock_path(db_path), "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False


def foreign_tables(path: Path) -> list[str]:
    """The tables of an existing SQLite file that p2pdesk never initialised, read
    without writing to it (an engine would switch it to WAL first)."""
    if not path.is_file() or path.stat().st_size == 0:
        return []
    check_sqlite_header(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = sorted(
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite%'"
                )
            )
            stamped = (
                "alembic_version" in names
                and conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0]
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedSqliteFile(
            f"{path} is damaged (truncated or corrupt); restore it from a backup"
        ) from exc
    return [] if stamped else [n for n in names if n != "alembic_version"]


def backup(db_path: Path, target: Path) -> int:
    """A consistent copy of a live database (SQLite online backup API); returns bytes.

    The copy is the owner's alone (0600) whatever the umask; a target that cannot be
    written (no such folder, no permission, a folder) is refused before anything is
    written, in one sentence."""
    if not db_path.exists():
        raise SqliteFileError(f"{db_path} does not exist")
    check_sqlite_header(db_path)
    check_backup_target(target)
    if target.exists() and target.resolve() == db_path.resolve():
        raise SqliteFileError("the backup file must not be the database itself")
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.unlink(missing_ok=True)
        create_private(tmp)
        # The checkpoint first: writers advance it after they commit, so the copy
        # taken now is never ahead of the database copied next.
        _copy_checkpoint(db_path, target)
    except OSError as exc:
        raise BackupTargetError(
            f"cannot write the backup to {target} ({exc.strerror or exc})", "cannot_write", target
        ) from exc
    try:
        src = sqlite3.connect(db_path)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupTargetError(
            f"cannot write the backup to {target} ({reason})", "cannot_write", target
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def check_backup_target(target: Path) -> None:
    """Refuse a backup path that cannot be written, naming why (issue 20 #14)."""
    folder = target.parent
    if target.is_dir():
        raise BackupTargetError(
            f"{target} is a folder; give the backup a file name", "is_folder", target
        )
    if not folder.exists():
        raise BackupTargetError(
            f"cannot write the backup to {target}: the folder {folder} does not exist",
            "no_folder",
            target,
        )
    if not folder.is_dir():
        raise BackupTargetError(
            f"cannot write the backup to {target}: {folder} is not a folder", "not_folder", target
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupTargetError(
            f"cannot write the backup to {target}: no permission to write in {folder}",
            "no_permission",
            target,
        )


def check_backup_file(path: Path) -> None:
    if not path.exists():
        raise SqliteFileError(f"{path} does not exist")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise SqliteFileError(f"{path} is not a SQLite database ({exc})") from exc
    if not ok or ok[0] != "ok":
        raise SqliteFileError(f"{path} is damaged (integrity check: {ok})")
    if "alembic_version" not in tables or "platform_state" not in tables:
        raise SqliteFileError(f"{path} is not a p2pdesk database")


def restore(source: Path, db_path: Path) -> None:
    """Replace ``db_path`` with the backup ``source``; refuses while the database is open."""
    check_backup_file(source)
    if in_use(db_path):
        raise SqliteFileError(
            f"{db_path} is open in a p2pdesk client; close every client before restoring"
        )
    private_mkdir(db_path.parent)
    tmp = db_path.with_name(db_path.name + ".restoring")
    tmp.unlink(missing_ok=True)
    create_private(tmp)  # the restored database is the owner's alone, as a new one
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    _copy_checkpoint(source, db_path)


def _copy_checkpoint(source_db: Path, target_db: Path) -> None:
    """Put ``source_db``'s audit checkpoint beside ``target_db`` (owner-only); when the
    source has none, the target keeps none either (verify then says so)."""
    source = Path(str(source_db) + CHECKPOINT_SUFFIX)
    target = Path(str(target_db) + CHECKPOINT_SUFFIX)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        return
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)
    os.replace(tmp, target)
