"""The client says which encoding an imported CSV was read in (issue 14 #6): the bank
payment file's summary box and the application import result, in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.origination.service import ImportResult
from db.models.loans import Loan
from tests.db.test_collections_service import Desk
from tests.support import TestDB
from tests.ui.test_collections_desk import make_page
from ui.i18n import encoding_name
from ui.tasks import TaskRunner
from ui.views.applications.dialogs import ImportResultDialog


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def test_the_payment_import_summary_names_the_encoding(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner, tmp_path: Path
) -> None:
    desk = Desk(sqlite_db)
    with sqlite_db.sessions() as s:
        loan = s.get(Loan, desk.loan_id)
        assert loan is not None
        number = loan.number
    csv = tmp_path / "bank.csv"
    csv.write_bytes(
        (
            "reference,contract_number,amount,value_date,payer_name\r\n"
            f"GBK-1,{number},10.00,2026-02-20,王伟\r\n"
        ).encode("gbk")
    )
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    page.import_file(csv)
    qtbot.waitUntil(lambda: page.property("last_import") is not None, timeout=10_000)
    assert page.property("last_import").posted == 1
    box = page.findChild(QMessageBox, "import_summary")
    assert box is not None
    assert "The file was read as GBK." in box.text()
    assert "read as GBK" in box.detailedText()


def test_the_application_import_result_names_the_encoding(qtbot: QtBot) -> None:
    dialog = ImportResultDialog(ImportResult((), (), (), "utf-8-sig"))
    qtbot.addWidget(dialog)
    assert dialog.encoding.text() == "The file was read as UTF-8 with BOM."
    assert not dialog.encoding.isHidden()
    typed = ImportResultDialog(ImportResult((), (), ()))  # text, not a file: nothing to say
    qtbot.addWidget(typed)
    assert typed.encoding.isHidden()


def test_the_encoding_reads_in_chinese(qtbot: QtBot, chinese: list[QTranslator]) -> None:
    assert encoding_name("utf-8-sig") == "UTF-8（带 BOM）"
    dialog = ImportResultDialog(ImportResult((), (), (), "gb18030"))
    qtbot.addWidget(dialog)
    assert dialog.encoding.text() == "文件按 GB18030 编码读取。"
    translated = QCoreApplication.translate("CollectionsPage", "The file was read as {0}.")
    assert translated == "文件按 {0} 编码读取。"
