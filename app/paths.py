"""Where p2pdesk keeps its files (per user, per platform)."""

from __future__ import annotations

import logging
import logging.handlers
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


def setup_logging(level: int = logging.INFO) -> Path:
    """Errors and tracebacks go to a rotating log file, never to the user."""
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(level)
    return path
