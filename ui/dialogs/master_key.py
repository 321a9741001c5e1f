"""Admin > Master key: enter this database's master key on this workstation, or show
this workstation's key to carry it to another one.

Entering goes through ``app.kyc.master_key.MasterKeyService`` (checks the key
against the database, keeps it in the keyring, audits); showing goes through
``app.security.master_key_export.show_master_key`` (asks the admin's password again,
audits). Both run in tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QHideEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.security.keys import decode_key
from ui.i18n import translate_service_message
from ui.icons import Icon, icon
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.platform import VaultStatus

#: ``enter(key_text, passphrase) -> VaultStatus``; pool thread.
EnterFn = Callable[[str, str], "VaultStatus"]
#: ``show(admin_password) -> key_text``; pool thread.
ShowFn = Callable[[str], str]


class MasterKeyDialog(QDialog):
    """GUI thread. ``vault_opened`` carries the PiiVault once a key was accepted."""

    vault_opened = Signal(object)  # PiiVault

    def __init__(
        self,
        enter: EnterFn,
        show: ShowFn,
        runner: TaskRunner,
        *,
        vault_open: bool,
        key_source: str | None = None,
        keyring: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("master_key_dialog")
        self.setWindowTitle(self.tr("Master key"))
        self.setWindowIcon(icon(Icon.KEY))
        self.setMinimumWidth(560)
        self._enter = enter
        self._show = show
        self._runner = runner
        self._key_source = key_source
        self._keyring = keyring

        self.status = QLabel()
        self.status.setObjectName("vault_status")
        self.status.setWordWrap(True)
        self.where = QLabel()
        self.where.setObjectName("key_location")
        self.where.setWordWrap(True)

        enter_box = QGroupBox(self.tr("Enter the master key on this workstation"))
        explain = QLabel(
            self.tr(
                "Paste the master key that “p2pdesk init” printed, or that an administrator "
                "showed on another workstation. It is checked against this database and kept "
                "in this workstation's keyring."
            )
            if keyring
            else self.tr(
                "Paste the master key that “p2pdesk init” printed, or that an administrator "
                "showed on another workstation. This workstation has no keyring: the key is "
                "kept in a file wrapped by the passphrase you choose, asked at each start."
            )
        )
        explain.setWordWrap(True)
        self.key_input = QLineEdit()
        self.key_input.setObjectName("master_key_input")
        self.key_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_input.setPlaceholderText(self.tr("Master key (base64)"))
        self.enter_button = QPushButton(self.tr("&Open personal data"))
        self.enter_button.setObjectName("enter_key_button")
        self.passphrase_input = QLineEdit()
        self.passphrase_input.setObjectName("new_passphrase_input")
        self.passphrase_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_input.setPlaceholderText(self.tr("Passphrase that wraps the key"))
        self.passphrase_input.setVisible(not keyring)
        row = QHBoxLayout()
        row.addWidget(self.key_input, 1)
        row.addWidget(self.enter_button)
        enter_layout = QVBoxLayout(enter_box)
        enter_layout.addWidget(explain)
        enter_layout.addLayout(row)
        enter_layout.addWidget(self.passphrase_input)

        self.show_box = QGroupBox(self.tr("Give the key to another workstation"))
        show_explain = QLabel(
            self.tr(
                "Type your password to show this workstation's master key. Each showing "
                "is recorded in the audit trail; give the key only to an administrator."
            )
        )
        show_explain.setWordWrap(True)
        self.show_password = QLineEdit()
        self.show_password.setObjectName("show_key_password")
        self.show_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_password.setPlaceholderText(self.tr("Your password"))
        self.show_button = QPushButton(self.tr("&Show this workstation's master key"))
        self.show_button.setObjectName("show_key_button")
        self.shown_key = QLineEdit()
        self.shown_key.setObjectName("shown_key")
        self.shown_key.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("copy_key_button")
        self.copy_button.setEnabled(False)
        show_row = QHBoxLayout()
        show_row.addWidget(self.show_password, 1)
        show_row.addWidget(self.show_button)
        key_row = QHBoxLayout()
        key_row.addWidget(self.shown_key, 1)
        key_row.addWidget(self.copy_button)
        show_layout = QVBoxLayout(self.show_box)
        show_layout.addWidget(show_explain)
        show_layout.addLayout(show_row)
        show_layout.addLayout(key_row)

        self.message = QLabel()
        self.message.setObjectName("master_key_message")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # Enter in a field must start that field's action, never close the dialog.
        for button in (self.enter_button, self.show_button, self.copy_button):
            button.setAutoDefault(False)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.where)
        layout.addWidget(enter_box)
        layout.addWidget(self.show_box)
        layout.addWidget(self.message)
        layout.addWidget(close)

        self.enter_button.clicked.connect(self.submit_key)
        self.key_input.returnPressed.connect(self.submit_key)
        self.show_button.clicked.connect(self.show_key)
        self.show_password.returnPressed.connect(self.show_key)
        self.copy_button.clicked.connect(self.copy_key)
        self._set_vault_open(vault_open)

    def _where(self) -> str:
        """Where this workstation holds the key, said truthfully."""
        where = {
            "keyring": self.tr("The master key is kept in this workstation's keyring."),
            "passphrase_file": self.tr(
                "The master key is kept in a file on this workstation, wrapped by a "
                "passphrase (this workstation has no keyring)."
            ),
            "environment": self.tr(
                "The master key comes from the P2PDESK_MASTER_KEY environment variable; "
                "it is not stored on this workstation."
            ),
            "plaintext_file": self.tr(
                "The master key is in an unprotected plaintext file beside the database. "
                "Enter a passphrase at the next start to wrap it and delete the file."
            ),
        }
        return where.get(self._key_source or "", "")

    def _set_vault_open(self, vault_open: bool) -> None:
        text = (
            self.tr("Personal data is open on this workstation.")
            if vault_open
            else self.tr(
                "Personal data is hidden on this workstation: it does not hold this "
                "database's master key."
            )
        )
        self.status.setText(text)
        self.where.setText(self._where() if vault_open else "")
        self.where.setVisible(vault_open)
        self.status.setStyleSheet("" if vault_open else "color: #8a5300;")
        # Only a workstation whose key works has a key worth giving away.
        self.show_box.setEnabled(vault_open)

    # entering ---------------------------------------------------------------

    def submit_key(self) -> None:
        """Check the pasted key's form here, then against the database in a task."""
        text = self.key_input.text().strip()
        if decode_key(text) is None:
            self._say(
                self.tr(
                    "This is not a master key. Paste the whole key: 44 characters ending in “=”."
                ),
                error=True,
            )
            self.key_input.setFocus()
            return
        passphrase = self.passphrase_input.text()
        if not self._keyring and not passphrase:
            self._say(self.tr("Choose a passphrase to wrap the key with."), error=True)
            self.passphrase_input.setFocus()
            return
        self.enter_button.setEnabled(False)
        self._say(self.tr("Checking the key…"), error=False)
        enter = self._enter
        self._runner.submit(
            lambda _c: enter(text, passphrase),
            self._entered,
            self._enter_failed,
            owner=self,
            name="master-key-enter",
        )

    def _entered(self, status: Any) -> None:
        self.enter_button.setEnabled(True)
        if status.vault is None:  # the service returns a vault or raises; be safe
            self._say(translate_service_message(status.reason or ""), error=True)
            return
        self.key_input.clear()
        self.passphrase_input.clear()
        self._key_source = status.source.value if status.source is not None else None
        self._set_vault_open(True)
        self._say(
            self.tr(
                "The key is accepted and kept on this workstation. Personal data is open; "
                "searches by phone, ID number and bank card work now."
            ),
            error=False,
        )
        self.vault_opened.emit(status.vault)

    def _enter_failed(self, message: str) -> None:
        self.enter_button.setEnabled(True)
        self._say(translate_service_message(message), error=True)
        self.key_input.selectAll()
        self.key_input.setFocus()

    # showing ----------------------------------------------------------------

    def show_key(self) -> None:
        password = self.show_password.text()
        if not password:
            self._say(self.tr("Enter your password to show the key."), error=True)
            self.show_password.setFocus()
            return
        self.show_button.setEnabled(False)
        show = self._show
        self._runner.submit(
            lambda _c: show(password),
            self._shown,
            self._show_failed,
            owner=self,
            name="master-key-show",
        )

    def _shown(self, key_text: Any) -> None:
        self.show_button.setEnabled(True)
        self.show_password.clear()
        self.shown_key.setText(str(key_text))
        self.copy_button.setEnabled(True)
        self._say(
            self.tr("Enter this key on the other workstation in Admin > Master key."),
            error=False,
        )

    def _show_failed(self, message: str) -> None:
        self.show_button.setEnabled(True)
        self._say(translate_service_message(message), error=True)
        self.show_password.selectAll()
        self.show_password.setFocus()

    def copy_key(self) -> None:
        if self.shown_key.text():
            QGuiApplication.clipboard().setText(self.shown_key.text())
            self._say(self.tr("The key is copied to the clipboard."), error=False)

    # ------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def hideEvent(self, event: QHideEvent) -> None:
        # A shown key does not outlive the dialog on screen (closing, or the idle lock).
        self.shown_key.clear()
        self.copy_button.setEnabled(False)
        self.key_input.clear()
        self.passphrase_input.clear()
        self.show_password.clear()
        super().hideEvent(event)
