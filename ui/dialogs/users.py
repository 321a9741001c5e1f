"""Admin > Users: list, create, assign roles, reset passwords, (de)activate, unlock,
and approve or reject another admin's pending creation or role grant."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.security.permissions import Role
from ui.icons import Icon, icon
from ui.models.paged import ROW_ROLE
from ui.models.users import UsersTableModel, role_name, user_key, users_fetch
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.security.users import UserInfo, UserService


class RolesBox(QGroupBox):
    """One check box per role."""

    def __init__(self, chosen: frozenset[Role] = frozenset(), parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Roles"))
        layout = QVBoxLayout(self)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(role_name(role.value))
            box.setObjectName(f"role_{role.value}")
            box.setChecked(role in chosen)
            self.boxes[role] = box
            layout.addWidget(box)

    def roles(self) -> set[Role]:
        return {role for role, box in self.boxes.items() if box.isChecked()}


class UserFormDialog(QDialog):
    """New user (name, display name, password, roles) or just the roles of one."""

    def __init__(self, user: UserInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_form_dialog")
        self.setWindowTitle(
            self.tr("New user") if user is None else self.tr("Roles of {0}").format(user.username)
        )
        self.username = QLineEdit()
        self.username.setObjectName("new_username")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("new_display_name")
        self.password = QLineEdit()
        self.password.setObjectName("new_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.service_account = QCheckBox(
            self.tr("Service account: runs commands, cannot log in to the client")
        )
        self.service_account.setObjectName("service_account")
        self.roles_box = RolesBox(user.roles if user else frozenset())
        layout = QVBoxLayout(self)
        if user is None:
            form = QFormLayout()
            form.addRow(self.tr("User name:"), self.username)
            form.addRow(self.tr("Name:"), self.display_name)
            form.addRow(self.tr("Initial password:"), self.password)
            form.addRow(self.service_account)
            layout.addLayout(form)
        layout.addWidget(self.roles_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class PasswordDialog(QDialog):
    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reset_password_dialog")
        self.setWindowTitle(self.tr("Reset the password of {0}").format(username))
        self.password = QLineEdit()
        self.password.setObjectName("reset_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout = QFormLayout(self)
        layout.addRow(self.tr("New password:"), self.password)
        note = QLabel(self.tr("The user must change it at the next login."))
        layout.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)


class UsersDialog(QDialog):
    """The user administration window. Every change runs in a task through
    UserService (which checks USER_MANAGE and audits). GUI thread."""

    def __init__(
        self, service: UserService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("users_dialog")
        self.setWindowTitle(self.tr("Users"))
        self.setWindowIcon(icon(Icon.USERS))
        self.resize(820, 480)
        self._service = service
        self._runner = runner
        self.model = UsersTableModel(
            users_fetch(service.list_users), user_key, runner=runner, parent=self
        )
        self.table = QTableView()
        self.table.setObjectName("users_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(1, 180)
        self.table.setColumnWidth(2, 220)

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text in (
            ("create", self.tr("&New user…")),
            ("roles", self.tr("&Roles…")),
            ("password", self.tr("Reset &password…")),
            ("deactivate", self.tr("&Deactivate")),
            ("reactivate", self.tr("Re&activate")),
            ("unlock", self.tr("&Unlock")),
            ("approve", self.tr("A&pprove")),
            ("reject", self.tr("Re&ject")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"{key}_button")
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(close)

        self.buttons["create"].clicked.connect(self.create_user)
        self.buttons["roles"].clicked.connect(self._edit_roles)
        self.buttons["password"].clicked.connect(self._reset_password)
        self.buttons["deactivate"].clicked.connect(
            lambda: self._change(
                lambda u: service.deactivate(u.id, u.version), self.tr("{0} is deactivated.")
            )
        )
        self.buttons["reactivate"].clicked.connect(
            lambda: self._change(
                lambda u: service.reactivate(u.id, u.version), self.tr("{0} is active again.")
            )
        )
        self.buttons["unlock"].clicked.connect(
            lambda: self._change(lambda u: service.unlock(u.id), self.tr("{0} is unlocked."))
        )
        # Maker-checker: a new user or a role grant waits for a second admin.
        self.buttons["approve"].clicked.connect(
            lambda: self._change(
                lambda u: service.approve(u.id, u.version),
                self.tr("The change to {0} is approved."),
            )
        )
        self.buttons["reject"].clicked.connect(
            lambda: self._change(
                lambda u: service.reject(u.id, u.version),
                self.tr("The change to {0} is rejected."),
            )
        )
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.load_failed.connect(self._failed)
        self.model.reload()
        self._update_buttons()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], ROW_ROLE) if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        self.buttons["roles"].setEnabled(user is not None)
        self.buttons["password"].setEnabled(user is not None)
        self.buttons["deactivate"].setEnabled(user is not None and user.active)
        self.buttons["reactivate"].setEnabled(user is not None and not user.active)
        self.buttons["unlock"].setEnabled(user is not None and user.locked_until is not None)
        pending = user is not None and user.pending_change is not None
        self.buttons["approve"].setEnabled(pending)
        self.buttons["reject"].setEnabled(pending)
        waiting = user is not None and user.pending_change == "create"
        self.buttons["roles"].setEnabled(user is not None and not waiting)
        self.buttons["reactivate"].setEnabled(user is not None and not user.active and not waiting)

    def create_user(self) -> None:
        form = UserFormDialog(parent=self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        self.submit_create(
            form.username.text(),
            form.display_name.text(),
            form.password.text(),
            form.roles_box.roles(),
            "service" if form.service_account.isChecked() else "person",
        )

    def submit_create(
        self,
        username: str,
        display_name: str,
        password: str,
        roles: set[Role],
        kind: str = "person",
    ) -> None:
        service = self._service
        self._run(
            lambda: service.create_user(username, display_name, password, roles, kind),
            self.tr("{0} is created; another administrator must approve it."),
        )

    def _edit_roles(self) -> None:
        user = self.selected()
        if user is None:
            return
        form = UserFormDialog(user, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted:
            roles = form.roles_box.roles()
            self._change(
                lambda u: self._service.set_roles(u.id, roles, u.version),
                self.tr("The roles of {0} are changed."),
            )

    def _reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        form = PasswordDialog(user.username, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted:
            password = form.password.text()
            self._change(
                lambda u: self._service.reset_password(u.id, password),
                self.tr("The password of {0} is reset."),
            )

    def _change(self, action: Callable[[UserInfo], Any], done_text: str) -> None:
        user = self.selected()
        if user is not None:
            self._run(lambda: action(user), done_text)

    def _run(self, action: Callable[[], Any], done_text: str) -> None:
        def done(result: Any) -> None:
            self.message.setStyleSheet("")
            self.message.setText(done_text.format(result.username))
            self.model.reload()

        self._runner.submit(lambda _c: action(), done, self._failed, owner=self, name="users")

    def _failed(self, message: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(message)
