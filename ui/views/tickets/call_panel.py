"""The call panel: a running timer, caller search (phone first), identity
questions answered yes/no, notes, outcome; save creates or appends a ticket."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
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
from app.servicedesk.calls import CallerFacts, CallRecord, CallResult, CallService
from app.servicedesk.rules import IDENTITY_QUESTIONS, CallOutcome, Category
from app.servicedesk.service import NewTicket
from ui.actions import ActionId, create_action
from ui.tasks import TaskRunner
from ui.views.tickets.labels import category_text, outcome_text

#: objectName of the log-call action (ActionId.LOG_CALL; Ctrl+Shift+L).
LOG_CALL_ACTION_ID = ActionId.LOG_CALL.value


def create_log_call_action(parent: QWidget, open_panel: Callable[[], None]) -> QAction:
    """The log-call action through the one action factory. Its shortcut works in
    every window of the application (a call can ring while a dialog is open).
    GUI thread."""
    action = create_action(ActionId.LOG_CALL, parent)
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.triggered.connect(open_panel)
    return action


class CallPanel(QWidget):
    """GUI thread. Every service call (search, the caller's open tickets, saving)
    runs on the task runner; ``busy`` tells tests and the user a request is out."""

    call_saved = Signal(object)  # CallResult
    customer_chosen = Signal(int)
    callers_found = Signal(int)  # how many customers matched the search

    def __init__(
        self,
        calls: CallService,
        clock: Clock = utc_now,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("call_panel")
        self._calls = calls
        self._clock = clock
        self._runner = runner or TaskRunner(self)
        self._started: datetime = clock()
        self._elapsed = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_time)

        self.timer_label = QLabel("00:00")
        self.timer_label.setObjectName("call_timer")
        font = self.timer_label.font()
        font.setBold(True)
        self.timer_label.setFont(font)
        self.search = QLineEdit()
        self.search.setObjectName("caller_search")
        self.search.setPlaceholderText(self.tr("Caller's phone number, ID number or name"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_caller)
        self.results = QListWidget()
        self.results.setObjectName("caller_results")
        self.results.setMaximumHeight(72)
        self.results.currentItemChanged.connect(self._caller_changed)
        self.identity: dict[str, QCheckBox] = {}
        questions = {
            "full_name": self.tr("Full name matches"),
            "date_of_birth": self.tr("Date of birth matches"),
            "id_last4": self.tr("Last 4 of ID number match"),
            "registered_address": self.tr("Registered address matches"),
        }
        # Beside each question, the answer on file, so the agent can compare.
        self.expected: dict[str, QLabel] = {}
        id_grid = QGridLayout()
        for n, key in enumerate(IDENTITY_QUESTIONS):
            box = QCheckBox(questions[key])
            box.setObjectName(f"identity_{key}")
            self.identity[key] = box
            id_grid.addWidget(box, n, 0)
            expected = QLabel("—")
            expected.setObjectName(f"identity_expected_{key}")
            expected.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.expected[key] = expected
            id_grid.addWidget(expected, n, 1)
        self.identity_failed = QCheckBox(self.tr("An answer was wrong"))
        self.identity_failed.setObjectName("identity_failed")
        id_grid.addWidget(self.identity_failed, len(IDENTITY_QUESTIONS), 0)
        self.loan = QComboBox()
        self.loan.setObjectName("call_loan")
        self.target = QComboBox()
        self.target.setObjectName("call_target")
        self.subject = QLineEdit()
        self.subject.setObjectName("call_subject")
        self.subject.setPlaceholderText(self.tr("Optional: the first line of the notes"))
        self.category = QComboBox()
        self.category.setObjectName("call_category")
        for c in Category:
            self.category.addItem(category_text(c), c.value)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("call_notes")
        self.notes.setMinimumHeight(60)
        self.notes.setMaximumHeight(120)
        self.outcome = QComboBox()
        self.outcome.setObjectName("call_outcome")
        for o in CallOutcome:
            self.outcome.addItem(outcome_text(o), o.value)
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
        form.addRow(self.tr("Identity"), id_grid)
        form.addRow(self.tr("Save to"), self.target)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Loan"), self.loan)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow(self.tr("Outcome"), self.outcome)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        self.start_call()

    @property
    def in_call(self) -> bool:
        """A call is being taken (started and not yet saved)."""
        return self._tick.isActive()

    def start_call(self) -> None:
        """Reset the form and start the timer (the panel is reused for each call)."""
        self._started = self._clock()
        self._elapsed.start()
        self._tick.start()
        self.timer_label.setText("00:00")
        self.search.clear()
        self.results.clear()
        for box in (*self.identity.values(), self.identity_failed):
            box.setChecked(False)
        self.notes.clear()
        self.subject.clear()
        self._fill_targets(None, [])
        self._show_facts(None, None)
        self.message.clear()
        self.save_button.setEnabled(True)
        self.search.setFocus()

    def _show_time(self) -> None:
        seconds = self._elapsed.elapsed() // 1000
        self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")

    def _submit(self, fn: Callable[[], Any], done: Callable[[Any], None], name: str) -> None:
        self._runner.submit(lambda _c: fn(), done, self._failed, owner=self, name=name)

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(message)

    def find_caller(self) -> None:
        """Search in a task; the first match is chosen."""
        self.results.clear()
        self.message.setText(self.tr("Searching…"))
        calls, text = self._calls, self.search.text()
        self._submit(lambda: calls.find_caller(text), self._callers_found, "find-caller")

    def _callers_found(self, found: Any) -> None:
        self.message.clear()
        for c in found:
            item = QListWidgetItem(f"{c.name}  ·  {c.number}  ·  {c.phone_masked}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        else:
            self.message.setText(self.tr("No customer found; the call is saved without one."))
        self.callers_found.emit(len(found))

    def customer_id(self) -> int | None:
        item = self.results.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _caller_changed(self, *_args: object) -> None:
        cid = self.customer_id()
        if cid is None:
            self._fill_targets(None, [])
            self._show_facts(None, None)
            return
        calls = self._calls
        self._submit(
            lambda: calls.caller_facts(cid),
            lambda facts: self._show_facts(cid, facts),
            "caller-facts",
        )
        self._submit(
            lambda: calls.open_tickets(cid),
            lambda rows: self._fill_targets(cid, rows),
            "caller-tickets",
        )
        self.customer_chosen.emit(cid)

    def _fill_targets(self, customer_id: int | None, rows: Any) -> None:
        if customer_id != self.customer_id():
            return  # another caller was chosen meanwhile
        self.target.clear()
        self.target.addItem(self.tr("New ticket"), None)
        for row in rows:
            self.target.addItem(f"{row.number} — {row.subject}", row.id)

    def _show_facts(self, customer_id: int | None, facts: CallerFacts | None) -> None:
        """The answers on file beside the questions, and the caller's loans to choose
        from (preselected when there is only one)."""
        if customer_id != self.customer_id():
            return  # another caller was chosen meanwhile
        self.loan.clear()
        self.loan.addItem(self.tr("No loan"), None)
        for label in self.expected.values():
            label.setText("—")
        if facts is None:
            return
        unknown = self.tr("not on file")
        born = facts.birth_date.isoformat() if facts.birth_date else self.tr("hidden (no key)")
        self.expected["full_name"].setText(facts.name)
        self.expected["date_of_birth"].setText(born)
        self.expected["id_last4"].setText(facts.id_last4 or unknown)
        self.expected["registered_address"].setText(facts.address or unknown)
        for loan in facts.loans:
            self.loan.addItem(self.tr("{0} · DPD {1}").format(loan.number, loan.dpd), loan.id)
        if len(facts.loans) == 1:
            self.loan.setCurrentIndex(1)

    def identity_answers(self) -> dict[str, bool]:
        """Ticked questions were answered yes; a wrong answer fails verification."""
        answers = {k: True for k, b in self.identity.items() if b.isChecked()}
        if self.identity_failed.isChecked():
            unanswered = [k for k in self.identity if k not in answers]
            answers[unanswered[0] if unanswered else "full_name"] = False
        return answers

    def record(self) -> CallRecord:
        """What the form holds, as the service takes it."""
        ticket_id = self.target.currentData()
        customer = self.customer_id()
        notes = self.notes.toPlainText()
        new = None
        if ticket_id is None:
            lines = notes.strip().splitlines()
            subject = self.subject.text().strip() or (lines[0][:80] if lines else "")
            new = NewTicket(
                subject=subject,
                category=self.category.currentData(),
                customer_id=customer,
                loan_id=self.loan.currentData() if customer is not None else None,
            )
        return CallRecord(
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

    def save(self) -> None:
        """Save in a task; ``call_saved`` carries the CallResult."""
        record, calls = self.record(), self._calls
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Saving…"))
        self._submit(lambda: calls.log_call(record), self._saved, "log-call")

    def _saved(self, result: Any) -> None:
        saved: CallResult = result
        self._tick.stop()
        verified = self.tr("verified") if saved.verified else self.tr("not verified")
        self.message.setText(
            self.tr("Saved to {0} ({1}).").format(saved.ticket.row.number, verified)
        )
        self.call_saved.emit(saved)
