"""What is wrong with an ID number, card or mobile reads in Chinese in the zh_CN
client (issue 14 #7): the services raise stable English sentences, the client shows
their translations under the intake dialog's fields and after a field's name."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from pytestqt.qtbot import QtBot

from app.customers.identity import FIELD_MESSAGES, ID_CHECK_DIGIT, ID_REGION, MOBILE_FORMAT
from app.security.permissions import Role
from tests.origination_support import FakeGate, make_product
from tests.support import TestDB
from tests.ui.test_applications_desk import make_page
from tests.ui.test_translations import TS, _tool
from ui.app_main import install_translators
from ui.i18n import translate_service_message, translate_service_messages
from ui.tasks import TaskRunner


@pytest.fixture
def zh_cn(qtbot: QtBot, tmp_path: Path) -> Iterator[list[QTranslator]]:
    qm = tmp_path / "p2pdesk_zh_CN.qm"
    subprocess.run(
        [str(_tool("pyside6-lrelease")), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    app = QCoreApplication.instance()
    assert app is not None
    installed = install_translators(app, "zh_CN", tmp_path)
    yield installed
    for translator in installed:
        app.removeTranslator(translator)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def test_every_field_message_has_a_chinese_text(qtbot: QtBot, zh_cn: list[QTranslator]) -> None:
    for message in FIELD_MESSAGES:
        shown = translate_service_message(message)
        assert shown != message and not shown.isascii(), message
    assert translate_service_message(ID_CHECK_DIGIT) == "校验码（最后一位）不正确（GB 11643）"
    assert (
        translate_service_message("birth date 2010-05-01 makes the borrower 16, under 18")
        == "出生日期 2010-05-01 表明借款人 16 岁，未满 18 岁"
    )


def test_a_field_problem_after_its_name_reads_in_chinese(
    qtbot: QtBot, zh_cn: list[QTranslator]
) -> None:
    # app.kyc.checks: ValidationError("resident ID", ...) arrives as "name: problem"
    assert translate_service_message("resident ID: " + ID_CHECK_DIGIT) == (
        "居民身份证号码：校验码（最后一位）不正确（GB 11643）"
    )
    assert translate_service_message("resident ID: something new") == ("resident ID: something new")


def test_an_import_rows_problems_read_in_chinese_with_the_columns_as_in_the_file(
    qtbot: QtBot, zh_cn: list[QTranslator]
) -> None:
    reason = f"id_number: {ID_REGION}; phone: {MOBILE_FORMAT}; amount: must be positive"
    assert translate_service_messages(reason) == (
        "id_number：地区代码（前六位）不存在; "
        "phone：不是中国大陆手机号（以 13 至 19 开头的 11 位数字，可带 +86）; "
        "amount: must be positive"
    )


def test_field_messages_stay_english_in_english(qtbot: QtBot) -> None:
    assert translate_service_message(ID_CHECK_DIGIT) == ID_CHECK_DIGIT


def test_the_intake_dialog_shows_a_bad_id_number_in_chinese(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner, zh_cn: list[QTranslator]
) -> None:
    make_product(sqlite_db)
    page = make_page(qtbot, sqlite_db, sqlite_db.user(Role.UNDERWRITER), runner, FakeGate())
    dialog = page.new_application()
    dialog.new_customer.setChecked(True)
    dialog.new_fields["new_name"].setText("钱七")
    dialog.new_fields["new_id_number"].setText("110105194912310021")  # last digit wrong
    dialog.new_fields["new_phone"].setText("+86 128 0013 8000")
    dialog.new_fields["new_bank_card"].setText("6222020200112233445")
    dialog.set_values(amount="12000", term="12", purpose="Tuition", monthly_income="9000",
                      bureau_score="700", open_accounts="1", delinquencies_24m="0",
                      inquiries_6m="0")  # fmt: skip
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = dialog.errors["new_id_number"]
    qtbot.waitUntil(lambda: error.isVisibleTo(dialog), timeout=10_000)
    assert error.text() == "校验码（最后一位）不正确（GB 11643）"
    assert dialog.errors["new_phone"].text().startswith("不是中国大陆手机号")
    assert dialog.errors["new_bank_card"].text().startswith("不是有效的银行卡号")
    assert dialog.isVisible()
