"""A database at another schema version is explained in the reader's language,
without the revision ids (those go to the log)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QTranslator
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db.engine import make_engine
from tests.support import TEST_KEYS
from ui.db_connect import open_database


def _older(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "older.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(str(path))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE alembic_version SET version_num = '0003_kyc' "
                 "WHERE version_num = '0019_kyc_label_zh'")
        )  # fmt: skip
    engine.dispose()
    return str(path)


def test_an_older_schema_is_explained_in_chinese_without_revision_ids(
    qtbot: QtBot,
    chinese: list[QTranslator],
    tmp_path: Path,
    sqlite_template: Path,
) -> None:
    db = open_database(_older(tmp_path, sqlite_template), TEST_KEYS)
    try:
        problem = db.schema_problem
        assert problem is not None and not problem.newer and not problem.empty
        assert "0003_kyc" in problem.message  # the log keeps the revisions
        shown = problem.shown()
        assert "管理员" in shown and "升级" in shown, shown
        for raw in ("0003", "0019", "schema", "p2pdesk init"):
            assert raw not in shown
    finally:
        db.dispose()
