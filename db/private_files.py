"""Files that hold customer data are the owner's alone (issue 20 #2).

The database and its -wal/-shm/-journal files, backups, logs, exported documents and
the folders p2pdesk makes for them: files 0600, folders 0700, whatever the process
umask. A file found with a looser mode (left by an older client, or copied in) is
tightened when p2pdesk opens it, with a line in the log. Standard library only.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def private_mkdir(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700; existing folders are left
    alone (a user's own folder is theirs to set)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(path, DIR_MODE)  # mkdir's mode is trimmed by the umask


def tighten(path: Path, mode: int = FILE_MODE, *, quiet: bool = False) -> int | None:
    """Give ``path`` ``mode`` if it exists with looser bits; returns the old mode when
    it changed. Logs each change (unless ``quiet``: the caller logs it later), since a
    database readable by others may already have been copied."""
    try:
        current = stat.S_IMODE(path.lstat().st_mode)
    except FileNotFoundError:
        return None
    if path.is_symlink() or current & ~mode & 0o777 == 0:
        return None
    os.chmod(path, mode)
    if not quiet:
        log.warning(tightened_message(path, current, mode))
    return current


def tightened_message(path: Path, old: int, new: int) -> str:
    return f"{path} was readable by others (mode {old:03o}); tightened to {new:03o}"


def sqlite_files(db_path: Path) -> Iterable[Path]:
    """The database file and the journal files SQLite keeps beside it."""
    yield db_path
    for suffix in SQLITE_SIDECARS:
        yield Path(str(db_path) + suffix)


def tighten_sqlite(db_path: Path) -> None:
    """Tighten the database file and its -wal/-shm/-journal files."""
    for path in sqlite_files(db_path):
        tighten(path)


def create_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist (SQLite then opens it as
    an empty database, and gives its -wal/-shm/-journal files the same mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as 0600 (an exported document, a file handed to a
    viewer). An existing file is replaced through a private temporary file, so the
    content is never readable by others, not even for a moment."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
