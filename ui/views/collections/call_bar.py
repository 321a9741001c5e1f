"""The call bar under the case view: "Start call" asks the service for the debtor's
number (the contact rules are checked first, the reveal is audited), shows it with
click-to-dial (a ``tel:`` URL the softphone handles) and a copy button, and forgets
it when the call ends or another case opens. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.collections.calls import DebtorCall
from ui.views.collections.labels import explain_decision


class CallBar(QWidget):
    start_requested = Signal()  # the agent pressed Start call (the page asks the service)
    call_ended = Signal(int)  # the case whose call ended (the page asks for the outcome)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collections_call_bar")
        self.call: DebtorCall | None = None
        self.start_button = QPushButton(self.tr("Start call"))
        self.start_button.setObjectName("collections_start_call")
        self.start_button.setToolTip(
            self.tr("Check the contact rules and show the debtor's number for this call")
        )
        self.start_button.clicked.connect(self._start)
        self.number = QLabel()
        self.number.setObjectName("collections_call_number")
        font = self.number.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.number.setFont(font)
        self.dial_button = QPushButton(self.tr("Dial"))
        self.dial_button.setObjectName("collections_dial")
        self.dial_button.setToolTip(self.tr("Dial the number with the workstation's phone"))
        self.dial_button.clicked.connect(self.dial)
        self.copy_button = QPushButton(self.tr("Copy number"))
        self.copy_button.setObjectName("collections_copy_number")
        self.copy_button.clicked.connect(self.copy)
        self.end_button = QPushButton(self.tr("End call…"))
        self.end_button.setObjectName("collections_end_call")
        self.end_button.setToolTip(self.tr("Hide the number and log the call's outcome"))
        self.end_button.clicked.connect(self.end)
        self.message = QLabel()
        self.message.setObjectName("collections_call_message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (self.start_button, self.number, self.dial_button, self.copy_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._case_id: int | None = None
        self.set_case(None)

    @property
    def in_call(self) -> bool:
        return self.call is not None

    def set_case(self, case_id: int | None, *, can_call: bool = True) -> None:
        """The case on screen; a call in progress on another case is ended silently."""
        if self.call is not None and self.call.case_id != case_id:
            self._forget()
            self.message.clear()
        if case_id != self._case_id:
            self.message.clear()
        self._case_id = case_id
        self.start_button.setEnabled(case_id is not None and can_call and self.call is None)
        self._show_controls()

    def _start(self) -> None:
        self.start_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Checking the contact rules…"))
        self.start_requested.emit()

    def show_call(self, call: DebtorCall) -> None:
        """The service's answer: the number when the rules allow, else why not."""
        if call.case_id != self._case_id:
            return  # another case was opened meanwhile
        if not call.allowed:
            self.message.setStyleSheet("color: #b00020; font-weight: bold")
            self.message.setText(explain_decision(call.decision))
            self.start_button.setEnabled(True)
            return
        if not call.number:
            self.message.setStyleSheet("color: #b00020")
            self.message.setText(self.tr("No phone number is on file for this debtor."))
            self.start_button.setEnabled(True)
            return
        self.call = call
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Calling the debtor. The number is shown for this call only."))
        self._show_controls()

    def failed(self, message: str) -> None:
        self.message.setStyleSheet("color: #b00020")
        self.message.setText(message)
        self.start_button.setEnabled(self._case_id is not None and self.call is None)

    def dial(self) -> None:
        if self.call is not None and self.call.number:
            QDesktopServices.openUrl(QUrl("tel:" + self.call.number))

    def copy(self) -> None:
        if self.call is not None and self.call.number:
            QGuiApplication.clipboard().setText(self.call.number)

    def end(self) -> None:
        """Hide the number (and take it off the clipboard); the page logs the outcome."""
        if self.call is None:
            return
        case_id = self.call.case_id
        self._forget()
        self.message.clear()
        self.start_button.setEnabled(True)
        self.call_ended.emit(case_id)

    def _forget(self) -> None:
        if self.call is not None and self.call.number:
            clipboard = QGuiApplication.clipboard()
            if clipboard.text() == self.call.number:
                clipboard.clear()
        self.call = None
        self._show_controls()

    def _show_controls(self) -> None:
        calling = self.call is not None
        self.number.setText(self.call.number or "" if self.call is not None else "")
        for widget in (self.number, self.dial_button, self.copy_button, self.end_button):
            widget.setVisible(calling)
        self.start_button.setVisible(not calling)
