"""At start: ask the passphrase that opens this workstation's wrapped master key.

Shown when the database's master key lives in a passphrase-wrapped file (no OS
keyring). The passphrase is checked in a task (scrypt takes ~0.1 s); a wrong one
keeps the dialog open with the reason; Skip leaves personal data hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translate_service_message
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.security.keys import SecretStore
    from ui.db_connect import OpenDatabase


class PassphraseDialog(QDialog):
    """GUI thread. ``unlocked`` is emitted once the passphrase opened the vault."""

    unlocked = Signal()

    def __init__(
        self,
        db: OpenDatabase,
        store: SecretStore,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle(self.tr("Master-key passphrase"))
        self.setMinimumWidth(440)
        self._db = db
        self._store = store
        self._runner = runner
        explain = QLabel(
            self.tr(
                "This workstation has no keyring, so the database's master key is kept in a "
                "file wrapped by a passphrase. Enter the passphrase to open personal data, "
                "or skip to work with personal data hidden."
            )
        )
        explain.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase_input")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.message = QLabel()
        self.message.setObjectName("passphrase_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Open personal data"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("&Skip"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        """Check the passphrase in a task; the dialog stays until it opens the key."""
        from ui.db_connect import load_platform

        text = self.passphrase.text()
        if not text:
            self.message.setText(self.tr("Enter the passphrase."))
            return
        self.buttons.setEnabled(False)
        self.message.clear()
        db, store = self._db, self._store
        self._runner.submit(
            lambda _c: load_platform(db, store, text),
            self._checked,
            self._failed,
            owner=self,
            name="master-key-passphrase",
        )

    def _checked(self, _result: Any) -> None:
        self.buttons.setEnabled(True)
        if self._db.vault is None:
            self.message.setText(translate_service_message(self._db.vault_reason or ""))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.unlocked.emit()
        self.accept()

    def _failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(translate_service_message(message))
