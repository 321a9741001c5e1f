"""The reason asked before a reveal, the refusal past the hourly allowance, and the
admins' alert in the status bar (issue 20, item 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.customers.service import CustomerService
from app.security.permissions import Role
from app.settings import SettingsService
from tests.support import ADMIN_PASSWORD, USER_PASSWORD, TestDB
from tests.ui.conftest import log_in
from tests.ui.test_main_window import PHONE, add_customer, search
from ui.client import ClientController
from ui.dialogs.customer import CustomerDialog
from ui.dialogs.reveal import RevealReasonDialog


def test_reason_from_the_list_or_typed_other(qtbot: QtBot) -> None:
    dialog = RevealReasonDialog("Phone")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok.isEnabled()  # no reason chosen yet
    assert not dialog.other.isEnabled()
    dialog.reason.setCurrentIndex(dialog.reason.findData("complaint_handling"))
    assert dialog.ok.isEnabled()
    assert dialog.purpose() == ("complaint_handling", "")
    dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
    assert dialog.other.isEnabled() and not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.other, "court order 2024-17")
    assert dialog.ok.isEnabled()
    assert dialog.purpose() == ("other", "court order 2024-17")
    with qtbot.waitSignal(dialog.accepted, timeout=2_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_cancelled_reason_reveals_nothing_and_the_limit_is_shown(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    SettingsService(sqlite_db.admin()).set("security.reveals_per_hour", 1)
    add_customer(sqlite_db, "张伟")
    sqlite_db.user(Role.KYC_OFFICER, username="kate")
    window = log_in(qtbot, controller, "kate", USER_PASSWORD)
    search(qtbot, window, PHONE)
    qtbot.waitUntil(lambda: window.findChild(CustomerDialog) is not None, timeout=10_000)
    dialog = window.findChild(CustomerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    button = dialog.reveal_buttons["phone"]

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    reason = dialog.reason_dialog
    assert reason is not None
    reason.reject()
    assert dialog.values["phone"].text() == "*******5678" and button.isEnabled()

    def reveal(kind: str) -> None:
        qtbot.mouseClick(dialog.reveal_buttons[kind], Qt.MouseButton.LeftButton)
        reason = dialog.reason_dialog
        assert reason is not None
        reason.reason.setCurrentIndex(reason.reason.findData("kyc_review"))
        reason.accept()

    reveal("phone")  # allowed
    qtbot.waitUntil(lambda: dialog.values["phone"].text() == PHONE, timeout=10_000)
    reveal("id_number")  # past the allowance: refused, and said so
    qtbot.waitUntil(lambda: "alerted" in dialog.message.text(), timeout=10_000)
    assert dialog.values["id_number"].text().startswith("*")
    assert dialog.reveal_buttons["id_number"].isEnabled()


def test_admin_sees_the_security_alert(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    SettingsService(sqlite_db.admin()).set("security.reveals_per_hour", 1)
    customer_id = add_customer(sqlite_db, "张伟")
    officer = CustomerService(sqlite_db.user(Role.KYC_OFFICER), sqlite_db.vault)
    officer.reveal(customer_id, "phone", "kyc_review")
    try:
        officer.reveal(customer_id, "phone", "kyc_review")
    except Exception as exc:  # the refusal; what matters here is the alert it left
        assert type(exc).__name__ == "RevealLimitReached"
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    label = window.alerts_label
    qtbot.waitUntil(label.isVisible, timeout=10_000)
    assert "Security alerts in the last 24 hours: 1" in label.text()
