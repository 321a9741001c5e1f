"""The Chinese translation covers every string of the collections desk, its dialogs and
the supervisor screens, and the desk shows it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from pytestqt.qtbot import QtBot

from tests.db.test_collections_service import Desk
from tests.support import TestDB
from tests.ui.test_collections_desk import make_page
from tests.ui.test_translations import (  # noqa: F401  (fixtures)
    ROOT,
    TS,
    _tool,
    chinese,
    messages,
    qm_dir,
)
from ui.tasks import TaskRunner

# lupdate cannot see the context of module-level ``tr`` helpers (labels.tr translates in
# "Collections") or of ``parent.tr`` in jobs.py (the parent is the CollectionsPage).
RUNTIME_CONTEXT = {"": "Collections", "parent": "CollectionsPage"}


def test_the_ts_file_translates_every_string_of_the_collections_desk(tmp_path: Path) -> None:
    fresh = tmp_path / "collections.ts"
    sources = sorted(str(p) for p in (ROOT / "ui" / "views" / "collections").glob("*.py"))
    subprocess.run(
        [str(_tool("pyside6-lupdate")), *sources, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    found = {(RUNTIME_CONTEXT.get(ctx, ctx), text) for ctx, text in messages(fresh)}
    assert len(found) > 200  # the desk, its dialogs, labels and the supervisor screens
    known = messages(TS)
    assert sorted(key for key in found if not known.get(key)) == []


def test_the_collections_desk_speaks_chinese(
    qtbot: QtBot,
    chinese: list[QTranslator],  # noqa: F811
    sqlite_db: TestDB,
) -> None:
    assert QCoreApplication.translate("Collections", "Right-party contact") == "联系到本人"
    desk = Desk(sqlite_db)
    runner = TaskRunner()
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    assert page.actions_by_name["collections_next_case"].text() == "下一个案件"
    assert page.tabs.tabText(1) == "团队看板"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "优先级"
    page.actions_by_name["collections_suspense"].trigger()
    assert page.supervisor_dialog is not None
    assert page.supervisor_dialog.windowTitle() == "匹配待处理款项"
    # the queue's bucket column names the bucket, not its code
    from ui.views.collections.labels import bucket_text

    assert bucket_text("M1") == "M1（逾期 1-30 天）" and bucket_text("current") == "正常"
    column = next(
        c for c in range(page.model.columnCount())
        if page.model.headerData(c, Qt.Orientation.Horizontal) == "账龄"
    )  # fmt: skip
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    shown = page.model.data(page.model.index(0, column))
    assert shown.startswith("M") and "逾期" in shown, shown
    runner.wait_for_done()
    qtbot.waitUntil(lambda: runner.active == 0, timeout=10_000)
