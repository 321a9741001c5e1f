"""The Chinese translation covers every string of the KYC desk and its admin dialogs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from app.context import ServiceContext
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
from ui.views.kyc.admin_templates import Column, TemplateEditorDialog


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
    assert dialog.table.horizontalHeaderItem(Column.REQUIRED).text() == "必需"
    assert dialog.table.horizontalHeaderItem(Column.LABEL_ZH).text() == "中文名称"
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    runner.wait_for_done()


def test_checklist_items_and_the_gate_read_chinese(
    qtbot: QtBot,
    chinese: list[QTranslator],  # noqa: F811
    sqlite_db: TestDB,
) -> None:
    """Item labels come from the template (data, not the catalogue) and the gate's
    reason is worded by the client: a Chinese reader sees neither in English."""
    from app.kyc.service import ChecklistService
    from app.security.permissions import Role
    from tests.kyc_support import new_customer
    from tests.ui.test_kyc_desk import make_page
    from ui.views.customer.panel import CustomerPanel

    db = sqlite_db
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    ChecklistService(officer, db.vault).open(cid)
    runner = TaskRunner()
    page = make_page(qtbot, db, officer, runner)
    page.open_customer(cid)  # as the customer page's "KYC checklist…" button does
    panel = page.panel
    qtbot.waitUntil(lambda: panel.view is not None and panel.gate is not None, timeout=10_000)
    labels = [panel.items.item(r, 0).text() for r in range(panel.items.rowCount())]
    assert labels[0] == "居民身份证"
    assert "手机号已核实" in labels
    gate = panel.gate_label.text()
    assert gate.startswith("放款关口：关闭 — KYC 未完成：居民身份证、")
    assert "Identity card" not in gate and "incomplete" not in gate

    overview = CustomerPanel(ctx=ServiceContext(db.sessions, officer.actor), runner=runner)
    qtbot.addWidget(overview)
    with qtbot.waitSignal(overview.loaded, timeout=10_000):
        overview.show_customer(cid)
    box = overview.findChild(QGroupBox, "customer_section_kyc")
    assert box is not None
    shown = " ".join(w.text() for w in box.findChildren(QLabel))
    assert "未完成" in shown and "居民身份证" in shown
    assert "incomplete" not in shown and "Identity card" not in shown
    runner.wait_for_done()


def test_an_english_reader_keeps_the_english_labels(qtbot: QtBot, sqlite_db: TestDB) -> None:
    from app.kyc.gate import kyc_gate
    from app.kyc.service import ChecklistService
    from app.security.permissions import Role
    from tests.kyc_support import new_customer
    from ui.views.kyc.labels import gate_reason

    db = sqlite_db
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    ChecklistService(officer, db.vault).open(cid)
    with db.sessions() as s:
        gate = kyc_gate(s, cid)
    assert gate.missing_zh[0] == "居民身份证"
    assert gate_reason(gate) == gate.reason
    assert gate_reason(gate).startswith("KYC is incomplete: Identity card (resident ID), ")
