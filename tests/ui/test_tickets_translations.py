"""The Chinese translation covers every string of the tickets desk, the call
panel, the customer panel and the desk's admin and export dialogs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from pytestqt.qtbot import QtBot

from tests.db.desk_helpers import make_desk
from tests.support import TestDB
from tests.ui.test_translations import (  # noqa: F401  (fixtures)
    ROOT,
    TS,
    _tool,
    chinese,
    messages,
    qm_dir,
)
from ui.views.tickets.labels import category_text, status_text
from ui.views.tickets.page import TicketsPage


def desk_sources() -> list[str]:
    views = ROOT / "ui" / "views"
    return sorted(str(p) for d in ("tickets", "customer") for p in (views / d).glob("*.py"))


def test_the_ts_file_lists_every_string_of_the_tickets_desk(tmp_path: Path) -> None:
    fresh = tmp_path / "tickets.ts"
    subprocess.run(
        [str(_tool("pyside6-lupdate")), *desk_sources(), "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    found = messages(fresh)
    assert len(found) > 150  # queue, detail, call panel, customer panel, admin, export
    assert set(found) - set(messages(TS)) == set()


def test_the_tickets_desk_speaks_chinese(
    qtbot: QtBot,
    chinese: list[QTranslator],  # noqa: F811
    sqlite_db: TestDB,
) -> None:
    assert QCoreApplication.translate("Actions", "Log a &call…") == "记录来电(&C)…"
    assert status_text("pending_customer") == "等待客户"
    assert category_text("dispute") == "争议"
    desk = make_desk(sqlite_db)
    page = TicketsPage(ctx=desk.agent, vault=sqlite_db.vault)
    qtbot.addWidget(page)
    assert page.queue.itemText(0) == "我的工单"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "编号"
    assert page.detail.buttons["resolved"].text() == "解决"
    assert page.detail.tabs.tabText(1) == "客户"
    assert page.call_panel is not None
    assert page.call_panel.save_button.text() == "保存通话(&S)"
    assert page.call_panel.category.itemText(0) == "还款咨询"
    assert page.new_button.text() == "新建工单…"
    assert page.detail.buttons["merge"].text() == "合并到…"
    assert page.detail.tabs.tabText(3) == "描述"
    dialog = page.new_ticket()
    assert dialog.windowTitle() == "新建工单"
    assert dialog.channel.itemText(dialog.channel.findData("walk_in")) == "到访"
    dialog.reject()
    page._runner.wait_for_done()
