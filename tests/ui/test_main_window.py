"""Main window: desks by role, status bar, customer search and audited reveal,
the idle lock, backup, language setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.customers.service import CustomerInput, CustomerService
from app.security.permissions import Role
from db.models.audit import AuditEvent
from tests.support import ADMIN_PASSWORD, USER_PASSWORD, TestDB
from tests.ui.conftest import TestKeyring, log_in, make_controller
from ui.actions import ActionId
from ui.client import ClientController
from ui.dialogs.customer import CustomerDialog, CustomerResultsDialog
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.views.applications.page import ApplicationsPage
from ui.views.collections.page import CollectionsPage
from ui.views.kyc.page import KycPage
from ui.views.tickets.page import TicketsPage

PHONE = "13812345678"
ID_NUMBER = "110105199003071234"


def nav_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


@pytest.mark.parametrize(
    ("role", "desks", "users", "audit"),
    [
        (Role.ADMIN, ["Applications", "KYC", "Collections", "Tickets"], True, True),
        (Role.AUDITOR, ["Applications", "KYC", "Collections", "Tickets"], False, True),
        (Role.UNDERWRITER, ["Applications", "KYC", "Tickets"], False, False),
        (Role.COLLECTIONS_AGENT, ["Collections", "Tickets"], False, False),
        (Role.SUPPORT_AGENT, ["Applications", "Tickets"], False, False),
    ],
)
def test_desks_and_admin_menu_follow_the_role(
    qtbot: QtBot,
    sqlite_db: TestDB,
    controller: ClientController,
    role: Role,
    desks: list[str],
    users: bool,
    audit: bool,
) -> None:
    if role == Role.ADMIN:
        window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    else:
        sqlite_db.user(role, username="someone")
        window = log_in(qtbot, controller, "someone", USER_PASSWORD)
    assert nav_titles(window) == desks
    assert window.actions_by_id[ActionId.ADMIN_USERS].isVisible() is users
    assert window.actions_by_id[ActionId.ADMIN_AUDIT].isVisible() is audit
    admin_menu = window.menuBar().findChild(object, "menu_admin")
    assert admin_menu is not None
    assert admin_menu.menuAction().isVisible() is (users or audit)


def test_navigation_between_desks(qtbot: QtBot, controller: ClientController) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    desks = {
        ActionId.NAV_APPLICATIONS: (ApplicationsPage, "page_origination"),
        ActionId.NAV_KYC: (KycPage, "page_kyc"),
        ActionId.NAV_COLLECTIONS: (CollectionsPage, "page_collections"),
        ActionId.NAV_TICKETS: (TicketsPage, "page_servicedesk"),
    }
    assert isinstance(window.current_page(), ApplicationsPage)  # the first desk
    for nav, (page_class, name) in desks.items():
        window.actions_by_id[nav].trigger()
        page = window.current_page()
        assert isinstance(page, page_class)
        assert page.objectName() == name
        assert page.findChild(QLabel, "empty_state_text") is None  # no placeholder left
    assert window.navigation.currentItem().text() == "Tickets"
    window.navigation.setCurrentRow(2)
    assert isinstance(window.current_page(), CollectionsPage)
    assert window.actions_by_id[ActionId.NAV_KYC].shortcut().toString() == "Ctrl+2"
    assert window.actions_by_id[ActionId.NAV_KYC].objectName() == "nav.kyc"
    controller.runner.wait_for_done()


def test_status_bar_names_user_role_database_and_date(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.KYC_OFFICER, username="kate")
    window = log_in(qtbot, controller, "kate", USER_PASSWORD)
    assert window.user_label.text() == "User: Kate"
    assert window.roles_label.text() == "Role: KYC officer"
    assert window.database_label.text() == "Database: sqlite · p2pdesk.db"
    assert window.date_label.text().startswith("Business date: 20")
    assert window.pii_label.text() == ""  # the vault is open


def test_without_the_master_key_personal_data_is_hidden(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings
) -> None:
    class NoMasterKey(TestKeyring):
        def get(self, name: str) -> str | None:
            return None

    ctl = make_controller(qtbot, app_settings, NoMasterKey(), sqlite_db.url)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    window = log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert window.pii_label.text() == "Personal data hidden"
    assert "master key" in window.pii_label.toolTip()
    ctl.runner.wait_for_done()


def add_customer(db: TestDB, name: str) -> int:
    service = CustomerService(db.admin(), db.vault)
    return service.create(
        CustomerInput("individual", name, id_number=ID_NUMBER, phone=PHONE, city="杭州")
    ).id


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.search.setText(text)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)


def test_search_by_phone_opens_the_customer_page_masked_and_reveal_is_audited(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    customer_id = add_customer(sqlite_db, "张伟")
    sqlite_db.user(Role.KYC_OFFICER, username="kate")  # may reveal
    window = log_in(qtbot, controller, "kate", USER_PASSWORD)
    search(qtbot, window, PHONE)
    qtbot.waitUntil(lambda: window.findChild(CustomerDialog) is not None, timeout=10_000)
    dialog = window.findChild(CustomerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    assert dialog.header.text().startswith("张伟")
    assert dialog.values["phone"].text() == "*******5678"
    assert PHONE not in dialog.values["phone"].text()
    button = dialog.reveal_buttons["phone"]
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # the reason is asked first; nothing is revealed until it is given
    reason = dialog.reason_dialog
    assert reason is not None and reason.isVisible()
    assert not reason.ok.isEnabled()
    reason.reason.setCurrentIndex(reason.reason.findData("verification_call"))
    qtbot.mouseClick(reason.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.values["phone"].text() == PHONE, timeout=10_000)
    with sqlite_db.sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "pii.revealed")).one()
    assert (event.actor_name, event.entity, event.entity_id) == (
        "kate",
        "customer",
        str(customer_id),
    )
    assert '"field":"phone"' in (event.after_json or "")
    assert '"reason":"verification_call"' in (event.after_json or "")


def test_reveal_is_disabled_without_the_permission(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    add_customer(sqlite_db, "Wilson")
    sqlite_db.user(Role.SUPPORT_AGENT, username="sam")
    window = log_in(qtbot, controller, "sam", USER_PASSWORD)
    search(qtbot, window, "wil")  # name prefix, any case
    qtbot.waitUntil(lambda: window.findChild(CustomerDialog) is not None, timeout=10_000)
    dialog = window.findChild(CustomerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    assert not any(b.isEnabled() for b in dialog.reveal_buttons.values())
    assert dialog.values["id_number"].text().endswith("1234")
    assert ID_NUMBER not in dialog.values["id_number"].text()


def test_several_matches_show_a_pick_list(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    add_customer(sqlite_db, "Li Lei")
    add_customer(sqlite_db, "Li Na")
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    search(qtbot, window, "li")
    qtbot.waitUntil(lambda: window.findChild(CustomerResultsDialog) is not None, timeout=10_000)
    results = window.findChild(CustomerResultsDialog)
    assert results is not None
    assert results.model.rowCount() == 2
    results.table.activated.emit(results.model.index(1, 0))
    qtbot.waitUntil(lambda: window.findChild(CustomerDialog) is not None, timeout=10_000)


def test_idle_lock_hides_the_window_and_unlocks_with_the_password(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings, keyring: TestKeyring
) -> None:
    ctl = make_controller(qtbot, app_settings, keyring, sqlite_db.url, idle_ms=50)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    window = log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert window.idle.interval_ms == 50
    qtbot.waitUntil(lambda: window.is_locked, timeout=5_000)
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.explanation.text() == (
        "The window was locked after a period without use. Enter the password "
        "of Administrator to continue."
    )
    assert not window.menuBar().isEnabled()
    dialog.password.setText("wrong")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "Wrong password.", timeout=10_000)
    assert window.is_locked
    dialog.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked
    assert window.menuBar().isEnabled()
    ctl.runner.wait_for_done()


def test_locked_window_can_switch_user(qtbot: QtBot, controller: ClientController) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    window.actions_by_id[ActionId.LOCK].trigger()
    assert window.is_locked and window.unlock_dialog is not None
    qtbot.mouseClick(
        window.unlock_dialog.findChild(object, "switch_user_button"), Qt.MouseButton.LeftButton
    )
    assert controller.window is None
    assert controller.login.isVisible()
    assert controller.login.login_button.isEnabled()


def test_ctrl_l_lock_says_locked_without_blaming_idleness(
    qtbot: QtBot, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    lock = window.actions_by_id[ActionId.LOCK]
    assert lock.shortcut().toString() == "Ctrl+L"
    lock.trigger()
    dialog = window.unlock_dialog
    assert window.is_locked and dialog is not None
    assert dialog.explanation.text() == (
        "The window is locked. Enter the password of Administrator to continue."
    )
    dialog.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked


def test_default_idle_interval_comes_from_the_setting(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings, keyring: TestKeyring
) -> None:
    ctl = ClientController(app_settings, keyring, db_url=sqlite_db.url)
    qtbot.addWidget(ctl.login)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    window = log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert window.idle.interval_ms == 15 * 60_000
    ctl.runner.wait_for_done()


def test_backup_writes_a_copy(qtbot: QtBot, controller: ClientController, tmp_path: Path) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    assert window.actions_by_id[ActionId.BACKUP].isEnabled()
    target = tmp_path / "copy.db"
    window.back_up(str(target))
    qtbot.waitUntil(lambda: "Backed up" in window.statusBar().currentMessage(), timeout=10_000)
    assert target.stat().st_size > 0


def test_backup_to_a_missing_folder_says_so_and_a_copy_is_owner_only(
    qtbot: QtBot, controller: ClientController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import stat

    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    target = tmp_path / "no-such-folder" / "copy.db"
    window.back_up(str(target))
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == [f"The backup cannot be written to {target}: its folder does not exist."]
    assert not target.parent.exists()
    old = os.umask(0o022)
    try:
        good = tmp_path / "copy.db"
        window.back_up(str(good))
        qtbot.waitUntil(lambda: "Backed up" in window.statusBar().currentMessage(), timeout=10_000)
    finally:
        os.umask(old)
    assert stat.S_IMODE(good.stat().st_mode) == 0o600


def test_language_is_remembered_for_the_next_start(
    qtbot: QtBot, controller: ClientController, app_settings: AppSettings
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    assert window.actions_by_id[ActionId.LANGUAGE_EN].isChecked()
    window.actions_by_id[ActionId.LANGUAGE_ZH].trigger()
    assert app_settings.language() == "zh_CN"
    assert window.actions_by_id[ActionId.LANGUAGE_ZH].isChecked()


def test_window_geometry_is_remembered(
    qtbot: QtBot, controller: ClientController, app_settings: AppSettings
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    window.resize(900, 650)
    window.close()
    assert not app_settings.window_geometry().isEmpty()


def test_ctrl_shift_l_opens_the_call_panel_from_the_kyc_desk(
    qtbot: QtBot, controller: ClientController
) -> None:
    from ui.views.tickets.call_dock import CallDock

    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    window.actions_by_id[ActionId.NAV_KYC].trigger()
    assert isinstance(window.current_page(), KycPage)
    assert ActionId.NAV_TICKETS not in window._page_widgets  # the Tickets desk never opened
    action = window.actions_by_id[ActionId.LOG_CALL]
    assert action.objectName() == "desk.log_call"
    assert action.shortcut().toString() == "Ctrl+Shift+L"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    focus = window.current_page() or window
    qtbot.keyClick(
        focus, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dock = window.findChild(CallDock, "call_dock")
    assert dock is not None and dock.isVisible()
    assert isinstance(window.current_page(), KycPage)  # the desk stays where it was
    assert dock.panel.in_call
    qtbot.waitUntil(dock.panel.search.hasFocus, timeout=5_000)  # type the number at once
    assert ActionId.NAV_TICKETS not in window._page_widgets
    controller.runner.wait_for_done()
