"""The call panel: a running timer, caller search (phone first), identity
questions answered yes/no, notes, outcome; save creates or appends a ticket."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import Clock, utc_now
from app.errors import P2PDeskError
from app.servicedesk.calls import CallRecord, CallResult, CallService
from app.servicedesk.rules import IDENTITY_QUESTIONS, CallOutcome, Category
from app.servicedesk.service import NewTicket

#: The one shortcut that opens the call panel from anywhere (ApplicationShortcut).
LOG_CALL_SHORTCUT = "Ctrl+Shift+L"
LOG_CALL_ACTION_ID = "desk.log_call"


def create_log_call_action(parent: QWidget, open_panel: Callable[[], None]) -> QAction:
    """The action the shell registers; objectName is its id (settings key on it)."""
    action = QAction(parent.tr("Log a &call"), parent)
    action.setObjectName(LOG_CALL_ACTION_ID)
    action.setShortcut(QKeySequence(LOG_CALL_SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.triggered.connect(open_panel)
    return action


class CallPanel(QWidget):
    """GUI thread. Service calls are short single-row writes and run inline."""

    call_saved = Signal(object)  # CallResult
    customer_chosen = Signal(int)

    def __init__(
        self, calls: CallService, clock: Clock = utc_now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("call_panel")
        self._calls = calls
        self._clock = clock
        self._started: datetime = clock()
        self._elapsed = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_time)

        self.timer_label = QLabel("00:00")
        self.timer_label.setObjectName("call_timer")
        self.search = QLineEdit()
        self.search.setObjectName("caller_search")
        self.search.setPlaceholderText(self.tr("Caller's phone number, ID number or name"))
        self.search.returnPressed.connect(self.find_caller)
        self.results = QListWidget()
        self.results.setObjectName("caller_results")
        self.results.setMaximumHeight(90)
        self.results.currentItemChanged.connect(self._caller_changed)
        self.identity: dict[str, QCheckBox] = {}
        questions = {
            "full_name": self.tr("Full name matches"),
            "date_of_birth": self.tr("Date of birth matches"),
            "id_last4": self.tr("Last 4 of ID number match"),
            "registered_address": self.tr("Registered address matches"),
        }
        id_row = QHBoxLayout()
        for key in IDENTITY_QUESTIONS:
            box = QCheckBox(questions[key])
            box.setObjectName(f"identity_{key}")
            self.identity[key] = box
            id_row.addWidget(box)
        self.identity_failed = QCheckBox(self.tr("An answer was wrong"))
        self.identity_failed.setObjectName("identity_failed")
        id_row.addWidget(self.identity_failed)
        self.target = QComboBox()
        self.target.setObjectName("call_target")
        self.subject = QLineEdit()
        self.subject.setObjectName("call_subject")
        self.category = QComboBox()
        self.category.setObjectName("call_category")
        for c in Category:
            self.category.addItem(c.value.replace("_", " "), c.value)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("call_notes")
        self.outcome = QComboBox()
        self.outcome.setObjectName("call_outcome")
        for o in CallOutcome:
            self.outcome.addItem(o.value.replace("_", " "), o.value)
        self.save_button = QPushButton(self.tr("&Save call"))
        self.save_button.setObjectName("call_save")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("call_message")
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Call time"), self.timer_label)
        form.addRow(self.tr("Caller"), self.search)
        form.addRow("", self.results)
        form.addRow(self.tr("Identity"), id_row)
        form.addRow(self.tr("Save to"), self.target)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow(self.tr("Outcome"), self.outcome)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        self.start_call()

    def start_call(self) -> None:
        """Reset the form and start the timer (the panel is reused for each call)."""
        self._started = self._clock()
        self._elapsed.start()
        self._tick.start()
        self.search.clear()
        self.results.clear()
        for box in (*self.identity.values(), self.identity_failed):
            box.setChecked(False)
        self.notes.clear()
        self.subject.clear()
        self._fill_targets(None)
        self.message.clear()
        self.search.setFocus()

    def _show_time(self) -> None:
        seconds = self._elapsed.elapsed() // 1000
        self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")

    def find_caller(self) -> None:
        self.results.clear()
        try:
            found = self._calls.find_caller(self.search.text())
        except P2PDeskError as exc:
            self.message.setText(str(exc))
            return
        for c in found:
            item = QListWidgetItem(f"{c.name}  {c.number}  {c.phone_masked}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        else:
            self.message.setText(self.tr("No customer found; the call is saved without one."))

    def customer_id(self) -> int | None:
        item = self.results.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _caller_changed(self, *_args: object) -> None:
        cid = self.customer_id()
        self._fill_targets(cid)
        if cid is not None:
            self.customer_chosen.emit(cid)

    def _fill_targets(self, customer_id: int | None) -> None:
        self.target.clear()
        self.target.addItem(self.tr("New ticket"), None)
        if customer_id is None:
            return
        for row in self._calls.open_tickets(customer_id):
            self.target.addItem(f"{row.number} — {row.subject}", row.id)

    def identity_answers(self) -> dict[str, bool]:
        """Ticked questions were answered yes; a wrong answer fails verification."""
        answers = {k: True for k, b in self.identity.items() if b.isChecked()}
        if self.identity_failed.isChecked():
            unanswered = [k for k in self.identity if k not in answers]
            answers[unanswered[0] if unanswered else "full_name"] = False
        return answers

    def save(self) -> CallResult | None:
        ticket_id = self.target.currentData()
        customer = self.customer_id()
        notes = self.notes.toPlainText()
        new = None
        if ticket_id is None:
            lines = notes.strip().splitlines()
            subject = self.subject.text().strip() or (lines[0][:80] if lines else "")
            new = NewTicket(
                subject=subject, category=self.category.currentData(), customer_id=customer
            )
        record = CallRecord(
            started_at=self._started,
            ended_at=max(self._clock(), self._started),
            notes=notes,
            outcome=self.outcome.currentData(),
            customer_id=customer,
            caller_phone=self.search.text() if customer is not None else None,
            identity_answers=self.identity_answers(),
            ticket_id=ticket_id,
            new_ticket=new,
        )
        try:
            result = self._calls.log_call(record)
        except P2PDeskError as exc:
            self.message.setText(str(exc))
            return None
        self._tick.stop()
        verified = self.tr("verified") if result.verified else self.tr("not verified")
        self.message.setText(
            self.tr("Saved to {0} ({1}).").format(result.ticket.row.number, verified)
        )
        self.call_saved.emit(result)
        return result
