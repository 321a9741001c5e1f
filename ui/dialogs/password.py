"""Change one's own password: File > Change password, and forced after an admin reset.

The policy is checked at once on the GUI thread (``check_policy`` is pure); the
change itself (hashing, checking the current password, audit) runs in a task.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.security.passwords import MIN_LENGTH, check_policy
from ui.i18n import translate_service_message
from ui.icons import Icon, icon
from ui.tasks import TaskRunner

#: ``change(old, new)``; runs on a pool thread, raises P2PDeskError with a sentence.
ChangeFn = Callable[[str, str], None]


class ChangePasswordDialog(QDialog):
    """Current password, new password twice. GUI thread.

    ``forced``: after an administrator reset the password; the wording says so and
    Cancel means "not now" (the caller goes back to the login window).
    ``password_changed`` is emitted once the change is committed, before the
    dialog accepts.
    """

    password_changed = Signal()

    def __init__(
        self,
        change: ChangeFn,
        runner: TaskRunner,
        *,
        forced: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("change_password_dialog")
        self.setWindowTitle(self.tr("Change password"))
        self.setWindowIcon(icon(Icon.KEY))
        self.setMinimumWidth(440)
        self._change = change
        self._runner = runner
        self._busy = False
        intro = QLabel(
            self.tr(
                "An administrator has reset your password. Choose a new password "
                "before you continue."
            )
            if forced
            else self.tr("Choose a new password.")
        )
        intro.setObjectName("change_password_intro")
        intro.setWordWrap(True)
        self.old_password = self._password_field("old_password")
        self.new_password = self._password_field("new_password")
        self.repeat_password = self._password_field("repeat_password")
        form = QFormLayout()
        form.addRow(self.tr("&Current password:"), self.old_password)
        form.addRow(self.tr("&New password:"), self.new_password)
        form.addRow(self.tr("&Repeat the new password:"), self.repeat_password)
        hint = QLabel(
            self.tr("At least {0} characters, without spaces at the start or end.").format(
                MIN_LENGTH
            )
        )
        hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("change_password_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("C&hange password"))
        self.ok_button.setObjectName("change_password_button")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.old_password.setFocus()

    def _password_field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def submit(self) -> None:
        """Check what was typed; if it can work, change the password in a task."""
        if self._busy:
            return
        old = self.old_password.text()
        new = self.new_password.text()
        if not old:
            self._refuse(self.tr("Enter your current password."), self.old_password)
            return
        if new != self.repeat_password.text():
            self._refuse(self.tr("The two new passwords are not the same."), self.repeat_password)
            return
        if new == old:
            self._refuse(
                self.tr("The new password must differ from the current one."), self.new_password
            )
            return
        try:
            check_policy(new)
        except ValidationError as exc:
            self._refuse(translate_service_message(str(exc)), self.new_password)
            return
        self._set_busy(True)
        self.message.clear()
        change = self._change
        self._runner.submit(
            lambda _c: change(old, new),
            self._changed,
            self._failed,
            owner=self,
            name="change-password",
        )

    def _changed(self, _result: Any) -> None:
        self._set_busy(False)
        self.password_changed.emit()
        self.accept()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        wrong_current = message == "The current password is wrong."
        self._refuse(
            translate_service_message(message),
            self.old_password if wrong_current else self.new_password,
        )

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.setText(text)
        field.selectAll()
        field.setFocus()

    def _set_busy(self, busy: bool) -> None:
        # Cancel is disabled too: a change already running would still be committed.
        self._busy = busy
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:
            super().reject()
