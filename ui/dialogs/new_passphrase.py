"""First start without a keyring: choose the passphrase that wraps the master key.

The demo database's master key must live somewhere other than in plaintext: on a
workstation with no OS keyring and no ``P2PDESK_MASTER_PASSPHRASE`` the client asks
for a new passphrase, twice, with a length and variety rule, before it creates
anything. The passphrase is not stored; the client asks for it at each start.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.security.keywrap import (
    MIN_DISTINCT_CHARACTERS,
    MIN_NEW_PASSPHRASE,
    new_passphrase_problem,
)


class NewPassphraseDialog(QDialog):
    """GUI thread. Accepted only with a passphrase that passes the rule, typed twice
    the same; :attr:`chosen` holds it then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_passphrase_dialog")
        self.setWindowTitle(self.tr("Choose a master-key passphrase"))
        self.setMinimumWidth(460)
        self.chosen: str | None = None
        explain = QLabel(
            self.tr(
                "This computer has no keyring to keep the key that encrypts personal data. "
                "Choose a passphrase: the key is stored wrapped by it, and the client asks "
                "for it at each start. It is not stored anywhere; without it the personal "
                "data cannot be read."
            )
        )
        explain.setWordWrap(True)
        rule = QLabel(
            self.tr("At least {0} characters, with at least {1} different ones.").format(
                MIN_NEW_PASSPHRASE, MIN_DISTINCT_CHARACTERS
            )
        )
        rule.setObjectName("new_passphrase_rule")
        rule.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setObjectName("new_passphrase_first")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setObjectName("new_passphrase_second")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("new_passphrase_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Create the demo database"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow(self.tr("&Repeat it:"), self.second)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(rule)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.first.setFocus()

    def submit(self) -> None:
        """Check the rule and the repetition; accept only when both hold."""
        text = self.first.text()
        problem = new_passphrase_problem(text)
        if problem == "short":
            self.message.setText(
                self.tr("The passphrase is too short: at least {0} characters.").format(
                    MIN_NEW_PASSPHRASE
                )
            )
            self.first.setFocus()
            return
        if problem is not None:
            self.message.setText(
                self.tr("The passphrase is too repetitive: use at least {0} different characters.")
                .format(MIN_DISTINCT_CHARACTERS)
            )  # fmt: skip
            self.first.setFocus()
            return
        if self.second.text() != text:
            self.message.setText(self.tr("The two passphrases differ."))
            self.second.clear()
            self.second.setFocus()
            return
        self.chosen = text
        self.first.clear()
        self.second.clear()
        self.accept()
