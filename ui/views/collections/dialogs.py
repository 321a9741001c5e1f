"""Dialogs of the collections desk: log a contact (with the rules shown before it is
logged), take a phone payment, propose an arrangement. They collect input; the page
runs the service call on the task runner. GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendar import add_months
from app.collections.arrangements import even_plan
from app.collections.rules import Channel, ContactDecision, Direction, Outcome, Party
from app.collections.service import ContactInput
from app.errors import ValidationError
from app.money import format_amount, parse_amount
from ui.tasks import TaskRunner
from ui.views.collections.labels import CHANNELS, DIRECTIONS, OUTCOMES, PARTIES, explain_decision
from ui.views.collections.labels import tr as ctr

CheckRules = Callable[[Channel, Direction, Party], ContactDecision]


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _combo(name: str, items: Mapping[Any, str]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for key, text in items.items():
        box.addItem(ctr(text), key)
    return box


class LogContactDialog(QDialog):
    """Record one contact attempt. The contact rules are checked (on the task runner:
    the check reads the database) as the agent picks channel, direction and party, and
    the reason a rule blocks is shown in words. OK stays disabled until the check for
    the current choice has come back allowed."""

    rules_checked = Signal(bool)  # the answer for the current choice arrived (allowed?)

    def __init__(
        self, check: CheckRules, runner: TaskRunner, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("log_contact_dialog")
        self.setWindowTitle(self.tr("Log contact"))
        self._check = check
        self._runner = runner
        self._generation = 0
        self.channel = _combo("contact_channel", CHANNELS)
        self.direction = _combo("contact_direction", DIRECTIONS)
        self.party = _combo("contact_party", PARTIES)
        self.outcome = _combo("contact_outcome", OUTCOMES)
        self.duration = QSpinBox()
        self.duration.setObjectName("contact_duration")
        self.duration.setRange(0, 36_000)
        self.duration.setSuffix(self.tr(" s"))
        self.note = QPlainTextEdit()
        self.note.setObjectName("contact_note")
        self.promise_amount = QLineEdit()
        self.promise_amount.setObjectName("promise_amount")
        self.promise_amount.setPlaceholderText(self.tr("e.g. 1200.00"))
        self.promise_date = QDateEdit(_qdate(today))
        self.promise_date.setObjectName("promise_date")
        self.promise_date.setCalendarPopup(True)
        self.promise_date.setDisplayFormat("yyyy-MM-dd")
        self.promise_date.setMinimumDate(_qdate(today))
        self.rules = QLabel()
        self.rules.setObjectName("contact_rules")
        self.rules.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("contact_error")
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Direction"), self.direction)
        form.addRow(self.tr("Person reached"), self.party)
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.tr("Promised amount"), self.promise_amount)
        form.addRow(self.tr("Promised by"), self.promise_date)
        form.addRow(self.tr("Note"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.rules)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for box in (self.channel, self.direction, self.party):
            box.currentIndexChanged.connect(self._recheck)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._value: ContactInput | None = None
        self._outcome_changed()
        self._recheck()

    def _recheck(self) -> None:
        self._generation += 1
        generation, check = self._generation, self._check
        choice = (
            Channel(self.channel.currentData()),
            Direction(self.direction.currentData()),
            Party(self.party.currentData()),
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.rules.setStyleSheet("color: palette(placeholder-text)")
        self.rules.setText(self.tr("Checking the contact rules…"))

        def done(decision: ContactDecision) -> None:
            if generation != self._generation:
                return  # the agent changed the choice meanwhile; a newer check is on its way
            self.rules.setText(explain_decision(decision))
            bad = "color: #b00020; font-weight: bold"
            self.rules.setStyleSheet("" if decision.allowed else bad)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(decision.allowed)
            self.rules_checked.emit(decision.allowed)

        def failed(message: str) -> None:
            if generation == self._generation:
                self.rules.setStyleSheet("color: #b00020")
                self.rules.setText(message)
                self.rules_checked.emit(False)

        self._runner.submit(lambda _c: check(*choice), done, failed, owner=self, name="rules")

    def _outcome_changed(self) -> None:
        promise = Outcome(self.outcome.currentData()) is Outcome.PROMISE_TO_PAY
        self.promise_amount.setEnabled(promise)
        self.promise_date.setEnabled(promise)

    def _accept(self) -> None:
        outcome = Outcome(self.outcome.currentData())
        amount = None
        when = None
        if outcome is Outcome.PROMISE_TO_PAY:
            try:
                amount = parse_amount(self.promise_amount.text(), self.tr("Promised amount"))
            except ValidationError as exc:
                self.error.setText(str(exc))
                return
            when = _pydate(self.promise_date.date())
        self._value = ContactInput(
            channel=Channel(self.channel.currentData()),
            outcome=outcome,
            direction=Direction(self.direction.currentData()),
            party=Party(self.party.currentData()),
            duration_seconds=self.duration.value(),
            note=self.note.toPlainText(),
            promise_amount=amount,
            promise_date=when,
        )
        self.accept()

    def value(self) -> ContactInput | None:
        return self._value


class PhonePaymentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phone_payment_dialog")
        self.setWindowTitle(self.tr("Payment taken by phone"))
        self.amount = QLineEdit()
        self.amount.setObjectName("payment_amount")
        self.reference = QLineEdit()
        self.reference.setObjectName("payment_reference")
        self.error = QLabel()
        form = QFormLayout(self)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Receipt reference"), self.reference)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._value: tuple[int, str] | None = None

    def _accept(self) -> None:
        try:
            amount = parse_amount(self.amount.text(), self.tr("Amount"))
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        if not self.reference.text().strip():
            self.error.setText(self.tr("Enter the receipt reference."))
            return
        self._value = (amount, self.reference.text().strip())
        self.accept()

    def value(self) -> tuple[int, str] | None:
        return self._value


class ArrangementDialog(QDialog):
    """Propose a plan: dated principals adding up to the outstanding principal, and a
    reason, for a supervisor to approve. Interest at the loan's rate is added to each
    line on approval; overdue interest, fees and penalties go into the first."""

    def __init__(self, today: date, outstanding: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arrangement_dialog")
        self.setWindowTitle(self.tr("Propose a payment arrangement"))
        self._today = today
        self._outstanding = outstanding
        explain = QLabel(
            self.tr(
                "Outstanding principal: {0}. Spread it over the new installments; on "
                "approval each one also carries a month's interest at the loan's rate, "
                "and the first carries the overdue interest, fees and penalties."
            ).format(format_amount(outstanding, True))
        )
        explain.setObjectName("arrangement_outstanding")
        explain.setWordWrap(True)
        self.count = QSpinBox()
        self.count.setObjectName("arrangement_count")
        self.count.setRange(1, 36)
        self.count.setValue(3)
        self.first_due = QDateEdit(_qdate(add_months(today, 1)))
        self.first_due.setObjectName("arrangement_first_due")
        self.first_due.setCalendarPopup(True)
        self.first_due.setDisplayFormat("yyyy-MM-dd")
        self.first_due.setMinimumDate(_qdate(today).addDays(1))
        split = QPushButton(self.tr("Split evenly"))
        split.setObjectName("arrangement_split")
        split.clicked.connect(self.split_evenly)
        splitter = QHBoxLayout()
        for label, widget in (
            (self.tr("Installments"), self.count),
            (self.tr("First due"), self.first_due),
        ):
            splitter.addWidget(QLabel(label))
            splitter.addWidget(widget)
        splitter.addWidget(split)
        splitter.addStretch(1)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("arrangement_plan")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Due date (YYYY-MM-DD)"), self.tr("Principal")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 180)
        add = QPushButton(self.tr("Add installment"))
        add.setObjectName("arrangement_add")
        add.clicked.connect(lambda: self.add_line(add_months(today, self.table.rowCount() + 1), ""))
        self.reason = QLineEdit()
        self.reason.setObjectName("arrangement_reason")
        self.error = QLabel()
        self.error.setObjectName("arrangement_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(splitter)
        layout.addWidget(self.table)
        layout.addWidget(add)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 460)
        self._value: tuple[list[tuple[date, int]], str] | None = None
        self.split_evenly()

    def split_evenly(self) -> None:
        """Fill the plan with the chosen number of monthly lines (the app splits)."""
        lines = even_plan(self._outstanding, _pydate(self.first_due.date()), self.count.value())
        self.table.setRowCount(0)
        for when, principal in lines:
            self.add_line(when, format_amount(principal))

    def add_line(self, when: date, amount: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(when.isoformat()))
        self.table.setItem(row, 1, QTableWidgetItem(amount))

    def _accept(self) -> None:
        plan: list[tuple[date, int]] = []
        try:
            for row in range(self.table.rowCount()):
                when_item, amount_item = self.table.item(row, 0), self.table.item(row, 1)
                label = self.tr("installment {0}").format(row + 1)
                try:
                    when = date.fromisoformat(when_item.text() if when_item else "")
                except ValueError:
                    raise ValidationError(label, self.tr("the date is not YYYY-MM-DD")) from None
                plan.append((when, parse_amount(amount_item.text() if amount_item else "", label)))
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        if not plan:
            self.error.setText(self.tr("Add at least one installment."))
            return
        self._value = (plan, self.reason.text())
        self.accept()

    def value(self) -> tuple[list[tuple[date, int]], str] | None:
        return self._value
