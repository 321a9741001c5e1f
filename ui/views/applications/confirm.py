"""Confirmation of a consequential one-click action (withdraw, fund, disburse):
a summary of what will happen, a reason where one is owed, and the service's
refusal shown inside the dialog with the typed input kept. GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translate_service_message
from ui.tasks import TaskRunner


class ConfirmDialog(QDialog):
    """``run(reason)`` runs on the task runner after OK; the dialog closes only when
    it succeeds (``result_value`` holds what it returned)."""

    def __init__(
        self,
        title: str,
        summary: Sequence[tuple[str, str]],
        run: Callable[[str], Any],
        runner: TaskRunner,
        *,
        ok_text: str,
        reason_label: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirm_dialog")
        self.setWindowTitle(title)
        self._run = run
        self._runner = runner
        self.result_value: Any = None
        form = QFormLayout()
        self.summary: dict[str, QLabel] = {}
        for label, value in summary:
            shown = QLabel(value)
            shown.setWordWrap(True)
            self.summary[label] = shown
            form.addRow(label, shown)
        self.reason: QPlainTextEdit | None = None
        if reason_label is not None:
            self.reason = QPlainTextEdit()
            self.reason.setObjectName("reason")
            self.reason.setFixedHeight(70)
            form.addRow(reason_label, self.reason)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def confirm(self) -> None:
        reason = self.reason.toPlainText().strip() if self.reason is not None else ""
        if self.reason is not None and not reason:
            self.error.setText(self.tr("Say why (the reason is kept with the application)."))
            self.reason.setFocus()
            return
        self.error.clear()
        self.ok_button.setEnabled(False)
        self._runner.submit(
            lambda _c: self._run(reason), self._done, self._failed, owner=self, name="confirm"
        )

    def _done(self, result: Any) -> None:
        self.result_value = result
        self.ok_button.setEnabled(True)
        self.accept()

    def _failed(self, message: str) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(translate_service_message(message))
