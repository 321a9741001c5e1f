"""Why is personal data revealed? Asked before every reveal; the answer is audited."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.customers.reveal import MAX_OTHER_CHARS, RevealReason
from ui.i18n import QT_TRANSLATE_NOOP

REASON_NAMES = {
    RevealReason.VERIFICATION_CALL: QT_TRANSLATE_NOOP(
        "RevealReasonDialog", "Customer verification call"
    ),
    RevealReason.KYC_REVIEW: QT_TRANSLATE_NOOP("RevealReasonDialog", "KYC review"),
    RevealReason.COLLECTIONS_CONTACT: QT_TRANSLATE_NOOP(
        "RevealReasonDialog", "Collections contact"
    ),
    RevealReason.COMPLAINT_HANDLING: QT_TRANSLATE_NOOP("RevealReasonDialog", "Complaint handling"),
    RevealReason.OTHER: QT_TRANSLATE_NOOP("RevealReasonDialog", "Other (say why)"),
}


class RevealReasonDialog(QDialog):
    """A reason from the list, or "other" with a typed explanation; OK stays disabled
    until the answer is complete. GUI thread."""

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reveal_reason_dialog")
        self.setWindowTitle(self.tr("Reveal personal data"))
        self.reason = QComboBox()
        self.reason.setObjectName("reveal_reason")
        self.reason.addItem(self.tr("Choose a reason…"), "")
        for code, name in REASON_NAMES.items():
            self.reason.addItem(QCoreApplication.translate("RevealReasonDialog", name), code.value)
        self.other = QLineEdit()
        self.other.setObjectName("reveal_other")
        self.other.setMaxLength(MAX_OTHER_CHARS)
        self.other.setPlaceholderText(self.tr("Why do you need the full value?"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Reveal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("Revealing {0} is recorded in the audit trail with your reason.")
                      .format(field_label))  # fmt: skip
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow(self.tr("Details:"), self.other)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._update)
        self.other.textChanged.connect(self._update)
        self._update()

    def purpose(self) -> tuple[str, str]:
        """(reason code, typed detail): what the service's ``reveal`` takes."""
        code = str(self.reason.currentData() or "")
        detail = self.other.text().strip() if code == RevealReason.OTHER.value else ""
        return code, detail

    def _update(self) -> None:
        code, detail = self.purpose()
        is_other = code == RevealReason.OTHER.value
        self.other.setEnabled(is_other)
        self.ok.setEnabled(bool(code) and (not is_other or bool(detail)))
