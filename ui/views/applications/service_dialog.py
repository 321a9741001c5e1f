"""A dialog whose OK runs a service call: the dialog stays open until the service
answers, its refusal appears inside the dialog above the buttons, and what was typed
stays where it was typed (issue 13 #8). GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from ui.i18n import translate_service_message
from ui.tasks import TaskRunner


class ServiceDialog(QDialog):
    """Subclasses build their fields, add ``self.error`` and ``self.buttons`` to their
    layout, and implement ``job()``. OK runs the job on the task runner; the dialog is
    accepted (``result_value`` holds what the service returned) only when it succeeds."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.result_value: Any = None
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def job(self) -> Callable[[], Any] | None:
        """The service call for what is typed, or None after showing what is wrong."""
        raise NotImplementedError

    def submit(self) -> None:
        self.error.clear()
        job = self.job()
        if job is None:
            return
        self.ok_button.setEnabled(False)
        self._runner.submit(
            lambda _c: job(), self.finished_with, self.refused, owner=self, name="dialog"
        )

    def finished_with(self, result: Any) -> None:
        """The service answered: close with its result (subclasses may look first)."""
        self.ok_button.setEnabled(True)
        self.result_value = result
        self.accept()

    def refused(self, message: str) -> None:
        """The service refused: say why here and keep everything typed."""
        self.ok_button.setEnabled(True)
        self.error.setText(translate_service_message(message))
