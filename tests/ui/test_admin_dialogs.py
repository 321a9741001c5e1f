"""Admin > Users and Admin > Audit trail."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.security.permissions import Role
from app.security.users import authenticate
from tests.support import ADMIN_PASSWORD, USER_PASSWORD, TestDB
from tests.ui.conftest import log_in
from ui.actions import ActionId
from ui.client import ClientController
from ui.dialogs.audit import AuditDialog
from ui.dialogs.users import UserFormDialog, UsersDialog
from ui.main_window import MainWindow


def open_users(qtbot: QtBot, window: MainWindow) -> UsersDialog:
    window.actions_by_id[ActionId.ADMIN_USERS].trigger()
    dialog = window.findChild(UsersDialog)
    assert dialog is not None
    qtbot.waitUntil(
        lambda: dialog.model.rowCount() > 0 and not dialog.model.loading, timeout=10_000
    )
    return dialog


def usernames(dialog: UsersDialog) -> list[str]:
    return [u.username for u in dialog.model.rows()]


def test_admin_creates_a_user_through_the_form(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    assert usernames(dialog) == ["admin"]

    def fill_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, UserFormDialog)
        form.username.setText("newbie")
        form.display_name.setText("New Bie")
        form.password.setText("a-fine-password")
        form.roles_box.boxes[Role.AUDITOR].setChecked(True)
        form.accept()

    QTimer.singleShot(0, fill_form)
    dialog.buttons["create"].click()
    qtbot.waitUntil(lambda: "newbie" in usernames(dialog), timeout=10_000)
    assert dialog.message.text() == "newbie is created."
    actor = authenticate(sqlite_db.sessions, "newbie", "a-fine-password")
    assert actor.roles == frozenset({Role.AUDITOR})


def test_bad_input_is_a_message_naming_the_field(
    qtbot: QtBot, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    dialog.submit_create("x", "X", "pw-12345678", {Role.AUDITOR})
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text().startswith("username: use 3 to 64 characters")


def test_deactivate_and_unlock_follow_the_selection(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.UNDERWRITER, username="uwe")
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    assert not dialog.buttons["deactivate"].isEnabled()  # nothing selected
    dialog.table.selectRow(usernames(dialog).index("uwe"))
    assert dialog.buttons["deactivate"].isEnabled()
    assert not dialog.buttons["reactivate"].isEnabled()
    dialog.buttons["deactivate"].click()
    qtbot.waitUntil(lambda: dialog.message.text() == "uwe is deactivated.", timeout=10_000)
    qtbot.waitUntil(
        lambda: not dialog.model.loading and dialog.model.rowCount() == 2, timeout=10_000
    )
    uwe = next(u for u in dialog.model.rows() if u.username == "uwe")
    assert not uwe.active


def test_auditor_filters_the_audit_trail(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.AUDITOR, username="aud")
    sqlite_db.user(Role.SUPPORT_AGENT, username="sup")
    window = log_in(qtbot, controller, "aud", USER_PASSWORD)
    window.actions_by_id[ActionId.ADMIN_AUDIT].trigger()
    dialog = window.findChild(AuditDialog)
    assert dialog is not None
    model = dialog.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and not model.loading, timeout=10_000)
    seqs = [r.seq for r in model.rows()]
    assert seqs == sorted(seqs, reverse=True)  # newest first
    qtbot.waitUntil(lambda: dialog.entity.findText("user") >= 0, timeout=10_000)

    dialog.user.setText("aud")
    dialog.apply_filter()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0, timeout=10_000)
    assert {r.actor_name for r in model.rows()} == {"aud"}

    dialog.user.setText("")
    dialog.entity.setCurrentText("platform")
    dialog.apply_filter()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0, timeout=10_000)
    assert [r.action for r in model.rows()] == ["platform.initialised"]

    dialog.entity.setCurrentText("")
    dialog.use_to.setChecked(True)
    dialog.date_to.setDate(date.today() - timedelta(days=2))
    dialog.apply_filter()
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    assert model.rowCount() == 0

    dialog.use_to.setChecked(False)
    dialog.apply_filter()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0, timeout=10_000)
    dialog.table.selectRow(0)
    assert dialog.details.toPlainText().startswith(f"#{model.rows()[0].seq}")
