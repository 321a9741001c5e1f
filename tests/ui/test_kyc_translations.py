"""The Chinese translation covers every string of the KYC desk and its admin dialogs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from tests.support import TestDB
from tests.ui.test_translations import (  # noqa: F401  (fixtures)
    ROOT,
    TS,
    _tool,
    chinese,
    messages,
    qm_dir,
)
from ui.tasks import TaskRunner
from ui.views.kyc.admin_templates import TemplateEditorDialog


def kyc_sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "ui" / "views" / "kyc").glob("*.py"))


def test_the_ts_file_lists_every_string_of_the_kyc_desk(tmp_path: Path) -> None:
    fresh = tmp_path / "kyc.ts"
    subprocess.run(
        [str(_tool("pyside6-lupdate")), *kyc_sources(), "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    found = messages(fresh)
    assert len(found) > 100  # the desk, its dialogs and the admin screens
    assert set(found) - set(messages(TS)) == set()


def test_the_kyc_desk_speaks_chinese(
    qtbot: QtBot,
    chinese: list[QTranslator],  # noqa: F811
    sqlite_db: TestDB,
) -> None:
    from app.kyc.templates import TemplateService

    assert QCoreApplication.translate("KycChecklist", "Verify") == "核实"
    assert QCoreApplication.translate("Actions", "KYC &blacklist…") == "KYC 黑名单(&B)…"
    runner = TaskRunner()
    dialog = TemplateEditorDialog(TemplateService(sqlite_db.admin()), runner, can_edit=True)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "KYC 核查清单模板"
    assert dialog.publish_button.text() == "发布为新版本"
    assert dialog.table.horizontalHeaderItem(2).text() == "必需"
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    runner.wait_for_done()
