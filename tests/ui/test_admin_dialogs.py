"""Admin > Users and Admin > Audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.errors import AuthenticationError
from app.security.permissions import Role
from app.security.users import UserService, authenticate
from db.models.audit import AuditEvent
from db.models.security import User
from tests.support import ADMIN_PASSWORD, USER_PASSWORD, TestDB
from tests.ui.conftest import log_in
from ui.actions import ActionId
from ui.client import ClientController
from ui.dialogs.audit import AuditDialog
from ui.dialogs.users import PasswordDialog, UserFormDialog, UsersDialog
from ui.main_window import MainWindow
from ui.models.users import UserColumn


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
    assert dialog.message.text() == "newbie is created; another administrator must approve it."
    with pytest.raises(AuthenticationError, match="approval"):
        authenticate(sqlite_db.sessions, "newbie", "a-fine-password")
    # The maker sees it waiting and cannot approve it (issue 20 #16).
    select_user(qtbot, dialog, "newbie")
    status = dialog.model.index(usernames(dialog).index("newbie"), UserColumn.STATUS)
    assert status.data() == "New, waiting for approval: Auditor"
    assert dialog.buttons["approve"].isEnabled() and not dialog.buttons["roles"].isEnabled()
    dialog.buttons["approve"].click()
    qtbot.waitUntil(lambda: "you asked for" in dialog.message.text(), timeout=10_000)


def test_a_second_admin_approves_a_new_user_in_the_users_window(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.admin2()
    UserService(sqlite_db.admin()).create_user("newbie", "New Bie", USER_PASSWORD, {Role.AUDITOR})
    window = log_in(qtbot, controller, "admin2", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    select_user(qtbot, dialog, "newbie")
    dialog.buttons["approve"].click()
    wait_message(qtbot, dialog, "The change to newbie is approved.")
    actor = authenticate(sqlite_db.sessions, "newbie", USER_PASSWORD)
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
        lambda: not dialog.model.loading and dialog.model.rowCount() == 3, timeout=10_000
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


def user_row(db: TestDB, username: str) -> User:
    with db.sessions() as session:
        user = session.scalars(
            select(User).where(User.username == username).options(selectinload(User.roles))
        ).one()
        session.expunge(user)
    return user


def select_user(qtbot: QtBot, dialog: UsersDialog, username: str) -> None:
    qtbot.waitUntil(lambda: not dialog.model.loading, timeout=10_000)
    dialog.table.selectRow(usernames(dialog).index(username))


def wait_message(qtbot: QtBot, dialog: UsersDialog, text: str) -> None:
    qtbot.waitUntil(lambda: dialog.message.text() == text, timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.model.loading, timeout=10_000)


def test_admin_changes_roles_through_the_form(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.UNDERWRITER, username="uwe")
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    select_user(qtbot, dialog, "uwe")
    assert dialog.buttons["roles"].isEnabled()

    def fill_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, UserFormDialog)
        assert form.roles_box.boxes[Role.UNDERWRITER].isChecked()  # shows the current roles
        assert form.username.isHidden()  # roles only: the name cannot change here
        form.roles_box.boxes[Role.UNDERWRITER].setChecked(False)
        form.roles_box.boxes[Role.SENIOR_UNDERWRITER].setChecked(True)
        form.roles_box.boxes[Role.KYC_OFFICER].setChecked(True)
        form.accept()

    QTimer.singleShot(0, fill_form)
    dialog.buttons["roles"].click()
    wait_message(qtbot, dialog, "The roles of uwe are changed.")
    # The removal is at once; the grants wait for a second admin (issue 20 #16).
    row = user_row(sqlite_db, "uwe")
    assert {r.role for r in row.roles} == set()
    assert row.pending_roles == "kyc_officer,senior_underwriter"
    status = dialog.model.index(usernames(dialog).index("uwe"), UserColumn.STATUS)
    assert status.data() == "Roles waiting for approval: KYC officer, Senior underwriter"
    UserService(sqlite_db.admin2()).approve(row.id)
    assert {r.role for r in user_row(sqlite_db, "uwe").roles} == {
        "senior_underwriter",
        "kyc_officer",
    }
    actor = authenticate(sqlite_db.sessions, "uwe", USER_PASSWORD)
    assert actor.roles == frozenset({Role.SENIOR_UNDERWRITER, Role.KYC_OFFICER})


def test_cancelled_roles_form_changes_nothing(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.UNDERWRITER, username="uwe")
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    select_user(qtbot, dialog, "uwe")
    version = user_row(sqlite_db, "uwe").version

    def cancel_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, UserFormDialog)
        form.roles_box.boxes[Role.AUDITOR].setChecked(True)
        form.reject()

    QTimer.singleShot(0, cancel_form)
    dialog.buttons["roles"].click()
    row = user_row(sqlite_db, "uwe")
    assert ({r.role for r in row.roles}, row.version) == ({"underwriter"}, version)
    assert dialog.message.text() == ""


def test_admin_cannot_take_away_their_own_admin_role(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    select_user(qtbot, dialog, "admin")

    def fill_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, UserFormDialog)
        form.roles_box.boxes[Role.ADMIN].setChecked(False)
        form.roles_box.boxes[Role.AUDITOR].setChecked(True)
        form.accept()

    QTimer.singleShot(0, fill_form)
    dialog.buttons["roles"].click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text() == "roles: you cannot remove your own admin role"
    assert {r.role for r in user_row(sqlite_db, "admin").roles} == {"admin"}


def test_admin_resets_a_password_through_the_form(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.SUPPORT_AGENT, username="sam")
    for _ in range(2):  # a couple of failures are forgotten by the reset
        with pytest.raises(AuthenticationError):
            authenticate(sqlite_db.sessions, "sam", "wrong-password")
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    select_user(qtbot, dialog, "sam")

    def fill_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, PasswordDialog)
        form.password.setText("temporary-123")
        form.accept()

    QTimer.singleShot(0, fill_form)
    dialog.buttons["password"].click()
    wait_message(qtbot, dialog, "The password of sam is reset.")
    row = user_row(sqlite_db, "sam")
    assert row.must_change_password
    assert row.failed_logins == 0
    assert authenticate(sqlite_db.sessions, "sam", "temporary-123").username == "sam"
    with pytest.raises(AuthenticationError):
        authenticate(sqlite_db.sessions, "sam", USER_PASSWORD)
    with sqlite_db.sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.password_reset")
        ).one()
    assert (event.actor_name, event.entity_id) == ("admin", str(row.id))
    assert "temporary-123" not in (event.after_json or "") + (event.before_json or "")


def test_a_reset_password_must_meet_the_policy(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.SUPPORT_AGENT, username="sam")
    before = user_row(sqlite_db, "sam")
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    select_user(qtbot, dialog, "sam")

    def fill_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, PasswordDialog)
        form.password.setText("short")
        form.accept()

    QTimer.singleShot(0, fill_form)
    dialog.buttons["password"].click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text() == "password: must be at least 8 characters long"
    after = user_row(sqlite_db, "sam")
    assert (after.password_hash, after.must_change_password) == (before.password_hash, False)


def test_deactivate_reactivate_and_unlock_reach_the_database(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.UNDERWRITER, username="uwe")
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)

    select_user(qtbot, dialog, "uwe")
    dialog.buttons["deactivate"].click()
    wait_message(qtbot, dialog, "uwe is deactivated.")
    assert not user_row(sqlite_db, "uwe").active
    with pytest.raises(AuthenticationError, match="deactivated"):
        authenticate(sqlite_db.sessions, "uwe", USER_PASSWORD)

    select_user(qtbot, dialog, "uwe")
    assert dialog.buttons["reactivate"].isEnabled()
    assert not dialog.buttons["deactivate"].isEnabled()
    dialog.buttons["reactivate"].click()
    wait_message(qtbot, dialog, "uwe is active again.")
    assert user_row(sqlite_db, "uwe").active

    for _ in range(5):
        with pytest.raises(AuthenticationError):
            authenticate(sqlite_db.sessions, "uwe", "wrong-password")
    assert user_row(sqlite_db, "uwe").locked_until is not None
    dialog.model.reload()
    select_user(qtbot, dialog, "uwe")
    assert dialog.buttons["unlock"].isEnabled()
    dialog.buttons["unlock"].click()
    wait_message(qtbot, dialog, "uwe is unlocked.")
    row = user_row(sqlite_db, "uwe")
    assert (row.locked_until, row.failed_logins) == (None, 0)
    assert authenticate(sqlite_db.sessions, "uwe", USER_PASSWORD).username == "uwe"
    actions = [
        a
        for a in _audit_actions(sqlite_db)
        if a in ("user.deactivated", "user.reactivated", "user.unlocked")
    ]
    assert actions == ["user.deactivated", "user.reactivated", "user.unlocked"]


def test_an_admin_cannot_deactivate_themselves(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    dialog = open_users(qtbot, window)
    select_user(qtbot, dialog, "admin")
    dialog.buttons["deactivate"].click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text() == "user: you cannot deactivate yourself"
    assert user_row(sqlite_db, "admin").active


def _audit_actions(db: TestDB) -> list[str]:
    with db.sessions() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
