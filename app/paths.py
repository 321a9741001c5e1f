"""Where p2pdesk keeps its files (per user, per platform)."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

import platformdirs

APP = "p2pdesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "p2pdesk.db"


def default_db_url() -> str:
    return f"sqlite+pysqlite:///{default_db_path()}"


def log_file() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False)) / "p2pdesk.log"


LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 3


class CappedFileHandler(logging.FileHandler):
    """A log file that rolls over to ``.1`` … ``.{LOG_BACKUPS}`` past ``LOG_MAX_BYTES``.

    What ``logging.handlers.RotatingFileHandler`` does, without importing that module
    (with pickle, socket and queue it costs the client's start-up about 7 ms before
    the login window can paint). Rolls over before the record that would pass the cap.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, mode="a", encoding="utf-8", delay=True)
        self._path = path

    def _open(self) -> io.TextIOWrapper:
        # Tracebacks can quote customer data: the file is the owner's alone (0600),
        # whatever the umask, including each file a roll-over starts.
        fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self._path, 0o600)
        return os.fdopen(fd, "a", encoding="utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._roll_over()
        except OSError:
            self.handleError(record)
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        try:
            size = self._path.stat().st_size
        except FileNotFoundError:
            return False
        return size > 0 and size + len(self.format(record)) + 1 > LOG_MAX_BYTES

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]  # reopened by emit (delay)
        for n in range(LOG_BACKUPS - 1, 0, -1):
            older = self._path.with_name(f"{self._path.name}.{n}")
            if older.exists():
                os.replace(older, self._path.with_name(f"{self._path.name}.{n + 1}"))
        os.replace(self._path, self._path.with_name(f"{self._path.name}.1"))


def setup_logging(level: int = logging.INFO) -> Path:
    """Errors and tracebacks go to a size-capped log file, never to the user."""
    from db.private_files import DIR_MODE, FILE_MODE, private_mkdir, tighten, tightened_message

    path = log_file()
    private_mkdir(path.parent)
    # Files an older client left readable by others are tightened before the log is
    # opened, and the log says so once it is.
    loose = [(path.parent, tighten(path.parent, DIR_MODE, quiet=True), DIR_MODE)]
    for n in range(LOG_BACKUPS + 1):
        older = path.with_name(f"{path.name}.{n}") if n else path
        loose.append((older, tighten(older, quiet=True), FILE_MODE))
    root = logging.getLogger()
    if not any(isinstance(h, CappedFileHandler) for h in root.handlers):
        handler = CappedFileHandler(path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    for where, old, new in loose:
        if old is not None:
            logging.getLogger(__name__).warning(tightened_message(where, old, new))
    return path
