"""Offer a schema upgrade to an administrator, or explain why the database cannot be used."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from app.security.keys import SecretStore
    from ui.db_connect import OpenDatabase


class AdminCredentialsDialog(QDialog):
    """An administrator's user name and password, for one privileged action."""

    def __init__(self, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin_credentials_dialog")
        self.setWindowTitle(self.tr("Administrator needed"))
        self.username = QLineEdit()
        self.username.setObjectName("admin_username")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        text = QLabel(explanation)
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Administrator:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)


def offer_upgrade(
    parent: QWidget,
    db: OpenDatabase,
    runner: TaskRunner,
    store: SecretStore,
    on_upgraded: Callable[[OpenDatabase], None],
    on_error: Callable[[str], None],
) -> None:
    """For an older schema: ask an administrator and upgrade in a task. A newer or
    empty database gets its explanation through ``on_error`` instead. GUI thread."""
    from ui.db_connect import upgrade_schema

    problem = db.schema_problem
    if problem is None:
        on_upgraded(db)
        return
    if problem.newer or problem.empty:
        on_error(problem.shown())
        return
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("Upgrade", "Upgrade the database?"),
        QCoreApplication.translate(
            "Upgrade",
            "{0}\n\nBack up the database first. Upgrade it now? Every workstation then "
            "needs this client version.",
        ).format(problem.shown()),
    )
    if answer != QMessageBox.StandardButton.Yes:
        on_error(problem.shown())
        return
    credentials = AdminCredentialsDialog(
        QCoreApplication.translate(
            "Upgrade", "An administrator's login is needed to upgrade the database."
        ),
        parent,
    )
    if credentials.exec() != QDialog.DialogCode.Accepted:
        on_error(problem.shown())
        return
    username, password = credentials.username.text(), credentials.password.text()

    def job(_control: TaskControl) -> OpenDatabase:
        upgrade_schema(db, username, password, store)
        return db

    runner.submit(job, on_upgraded, on_error, owner=parent, name="upgrade")
