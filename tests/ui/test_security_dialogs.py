"""Admin > Master key, the forced password change after a reset, File > Change password."""

from __future__ import annotations

import base64
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.customers.service import CustomerInput, CustomerService
from app.errors import AuthenticationError
from app.platform import load_state
from app.security.keys import master_key_name
from app.security.permissions import Role
from app.security.users import UserService, authenticate, must_change_password
from db.models.audit import AuditEvent
from tests.support import ADMIN_PASSWORD, TEST_KEYS, USER_PASSWORD, TestDB
from tests.ui.conftest import TestKeyring, log_in, make_controller
from ui.actions import ActionId
from ui.client import ClientController
from ui.dialogs.customer import CustomerDialog
from ui.dialogs.master_key import MasterKeyDialog
from ui.dialogs.password import ChangePasswordDialog
from ui.main_window import MainWindow
from ui.settings import AppSettings

PHONE = "13812345678"


class NoMasterKey(TestKeyring):
    """A workstation whose keyring works but does not hold the master key yet."""

    def get(self, name: str) -> str | None:
        return self.values.get(name)


def master_key_text(db: TestDB) -> str:
    with db.sessions() as session:
        install_id = load_state(session).install_id
    key = TEST_KEYS.get(master_key_name(install_id))
    assert key is not None
    return key


def audit_actions(db: TestDB) -> list[str]:
    with db.sessions() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def open_master_key(qtbot: QtBot, window: MainWindow) -> MasterKeyDialog:
    window.actions_by_id[ActionId.ADMIN_MASTER_KEY].trigger()
    dialog = window.findChild(MasterKeyDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def enter_key(qtbot: QtBot, dialog: MasterKeyDialog, text: str) -> str:
    dialog.message.clear()
    dialog.key_input.setText(text)
    qtbot.mouseClick(dialog.enter_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.enter_button.isEnabled() and dialog.message.text() != "", timeout=10_000
    )
    return dialog.message.text()


def test_entering_the_master_key_opens_personal_data_without_a_restart(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings
) -> None:
    CustomerService(sqlite_db.admin(), sqlite_db.vault).create(
        CustomerInput("individual", "张伟", phone=PHONE, city="杭州")
    )
    store = NoMasterKey()
    ctl = make_controller(qtbot, app_settings, store, sqlite_db.url)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    window = log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert window.pii_label.text() == "Personal data hidden"
    assert "Admin > Master key" in window.pii_label.toolTip()
    # without the blind index a phone number finds nobody
    window.search_customers(PHONE)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "No customer matches.", timeout=10_000
    )

    dialog = open_master_key(qtbot, window)
    assert not dialog.show_box.isEnabled()  # nothing to give away yet
    assert enter_key(qtbot, dialog, "not a key") == (
        "This is not a master key. Paste the whole key: 44 characters ending in “=”."
    )
    wrong = base64.b64encode(os.urandom(32)).decode()
    assert enter_key(qtbot, dialog, wrong) == (
        "This key does not open this database's personal data; check that it is the "
        "master key of this database."
    )
    assert window.session.db.vault is None
    assert "pii.master_key_refused" in audit_actions(sqlite_db)

    key = master_key_text(sqlite_db)
    with qtbot.waitSignal(dialog.vault_opened, timeout=10_000):
        dialog.key_input.setText(key)
        qtbot.mouseClick(dialog.enter_button, Qt.MouseButton.LeftButton)
    assert window.session.db.vault is not None
    assert window.pii_label.isHidden() and window.pii_label.text() == ""
    assert dialog.show_box.isEnabled()
    assert dialog.key_input.text() == ""
    # kept in the keyring for the next start (beside the audit checkpoint's memory)
    assert [v for n, v in store.values.items() if n.startswith("master-key:")] == [key]
    assert audit_actions(sqlite_db)[-1] == "pii.master_key_entered"

    window.search_customers(PHONE)  # now through the blind index
    qtbot.waitUntil(lambda: window.findChild(CustomerDialog) is not None, timeout=10_000)
    ctl.runner.wait_for_done()


def test_admin_shows_this_workstations_key_after_typing_the_password(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_master_key(qtbot, window)
    assert dialog.status.text() == "Personal data is open on this workstation."
    assert dialog.show_box.isEnabled()

    dialog.show_password.setText("not-my-password")
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "The password is wrong.", timeout=10_000)
    assert dialog.shown_key.text() == ""
    assert audit_actions(sqlite_db)[-1] == "pii.master_key_show_refused"

    dialog.show_password.setText(ADMIN_PASSWORD)
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.shown_key.text() != "", timeout=10_000)
    key = master_key_text(sqlite_db)
    assert dialog.shown_key.text() == key
    assert dialog.show_password.text() == ""
    with sqlite_db.sessions() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None
    assert (event.action, event.actor_name, event.entity) == (
        "pii.master_key_shown",
        "admin",
        "platform",
    )
    assert key not in (event.after_json or "") + (event.before_json or "")

    dialog.hide()  # e.g. closed, or hidden by the idle lock: the key leaves the screen
    assert dialog.shown_key.text() == ""


def test_master_key_is_in_the_admin_menu_for_admins_only(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.AUDITOR, username="aud")
    window = log_in(qtbot, controller, "aud", USER_PASSWORD)
    assert not window.actions_by_id[ActionId.ADMIN_MASTER_KEY].isVisible()
    assert window.actions_by_id[ActionId.CHANGE_PASSWORD].isVisible()


# the forced password change ---------------------------------------------------


def reset_by_admin(db: TestDB, username: str, password: str) -> int:
    ctx = db.user(Role.SUPPORT_AGENT, username=username)
    user_id = ctx.actor.user_id
    assert user_id is not None
    UserService(db.admin()).reset_password(user_id, password)
    return user_id


def login_to_password_dialog(
    qtbot: QtBot, controller: ClientController, username: str, password: str
) -> ChangePasswordDialog:
    login = controller.login
    login.username.setText(username)
    login.password.setText(password)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.password_dialog is not None, timeout=10_000)
    dialog = controller.password_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def fill(
    qtbot: QtBot, dialog: ChangePasswordDialog, old: str, new: str, repeat: str | None = None
) -> str:
    """Type into the dialog, press Change password, return the refusal shown."""
    dialog.message.clear()
    dialog.old_password.setText(old)
    dialog.new_password.setText(new)
    dialog.repeat_password.setText(new if repeat is None else repeat)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.ok_button.isEnabled() and dialog.message.text() != "", timeout=10_000
    )
    return dialog.message.text()


def test_after_a_reset_the_user_must_choose_a_new_password_first(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    user_id = reset_by_admin(sqlite_db, "sam", "temporary-123")
    dialog = login_to_password_dialog(qtbot, controller, "sam", "temporary-123")
    assert controller.window is None  # no main window until the change succeeds
    assert not controller.login.login_button.isEnabled()
    assert fill(qtbot, dialog, "temporary-123", "new-secret-1", "new-secret-2") == (
        "The two new passwords are not the same."
    )
    assert fill(qtbot, dialog, "temporary-123", "short") == (
        "The password must be at least 8 characters long."
    )
    assert fill(qtbot, dialog, "temporary-123", " new-secret-1") == (
        "The password must not start or end with spaces."
    )
    assert fill(qtbot, dialog, "temporary-123", "temporary-123") == (
        "The new password must differ from the current one."
    )
    assert fill(qtbot, dialog, "wrong-current", "new-secret-1") == (
        "The current password is wrong."
    )
    assert must_change_password(sqlite_db.sessions, user_id)

    dialog.old_password.setText("temporary-123")
    dialog.new_password.setText("new-secret-1")
    dialog.repeat_password.setText("new-secret-1")
    with qtbot.waitSignal(controller.logged_in, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    window = blocker.args[0]
    qtbot.addWidget(window)
    assert window.isVisible() and not controller.login.isVisible()
    assert not must_change_password(sqlite_db.sessions, user_id)
    assert authenticate(sqlite_db.sessions, "sam", "new-secret-1").user_id == user_id
    try:
        authenticate(sqlite_db.sessions, "sam", "temporary-123")
    except AuthenticationError:
        pass
    else:
        raise AssertionError("the reset password still works")
    assert "user.password_changed" in audit_actions(sqlite_db)


def test_cancelling_the_forced_change_goes_back_to_the_login(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    user_id = reset_by_admin(sqlite_db, "sam", "temporary-123")
    dialog = login_to_password_dialog(qtbot, controller, "sam", "temporary-123")
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: controller.password_dialog is None, timeout=5_000)
    login = controller.login
    assert controller.window is None
    assert login.isVisible() and login.login_button.isEnabled()
    assert login.password.text() == ""
    assert login.message.text() == (
        "Your password was not changed. Log in again to choose a new one."
    )
    assert must_change_password(sqlite_db.sessions, user_id)
    # the next login asks again
    login_to_password_dialog(qtbot, controller, "sam", "temporary-123")
    assert controller.window is None


def test_a_user_without_the_flag_goes_straight_to_the_main_window(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.AUDITOR, username="aud")
    log_in(qtbot, controller, "aud", USER_PASSWORD)
    assert controller.password_dialog is None


def test_anyone_changes_their_password_from_the_file_menu(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.COLLECTIONS_AGENT, username="cole")
    window = log_in(qtbot, controller, "cole", USER_PASSWORD)
    action = window.actions_by_id[ActionId.CHANGE_PASSWORD]
    file_menu = window.menuBar().findChild(QMenu, "menu_file")
    assert file_menu is not None and action in file_menu.actions()
    action.trigger()
    dialog = window.findChild(ChangePasswordDialog)
    assert dialog is not None
    assert fill(qtbot, dialog, "wrong-current", "cole-new-pass") == (
        "The current password is wrong."
    )
    dialog.old_password.setText(USER_PASSWORD)
    dialog.new_password.setText("cole-new-pass")
    dialog.repeat_password.setText("cole-new-pass")
    with qtbot.waitSignal(dialog.password_changed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Your password is changed."
    assert authenticate(sqlite_db.sessions, "cole", "cole-new-pass").username == "cole"
