"""Dialogs of the collections desk: log a contact (with the rules shown before it is
logged), take a phone payment, propose an arrangement. They collect input; the page
runs the service call on the task runner. GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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

from app.collections.rules import Channel, ContactDecision, Direction, Outcome, Party
from app.collections.service import ContactInput
from app.errors import ValidationError
from app.money import parse_amount
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
    """Record one contact attempt. The contact rules are checked as the agent picks
    channel, direction and party, and the reason a rule blocks is shown in words."""

    def __init__(self, check: CheckRules, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("log_contact_dialog")
        self.setWindowTitle(self.tr("Log contact"))
        self._check = check
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
        decision = self._check(
            Channel(self.channel.currentData()),
            Direction(self.direction.currentData()),
            Party(self.party.currentData()),
        )
        self.rules.setText(explain_decision(decision))
        self.rules.setStyleSheet("" if decision.allowed else "color: #b00020; font-weight: bold")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(decision.allowed)

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
    """Propose a plan: dated installments and a reason, for a supervisor to approve."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arrangement_dialog")
        self.setWindowTitle(self.tr("Propose a payment arrangement"))
        self._today = today
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("arrangement_plan")
        self.table.setHorizontalHeaderLabels([self.tr("Date (YYYY-MM-DD)"), self.tr("Amount")])
        add = QPushButton(self.tr("Add installment"))
        add.setObjectName("arrangement_add")
        add.clicked.connect(lambda: self.add_line(today, ""))
        self.reason = QLineEdit()
        self.reason.setObjectName("arrangement_reason")
        self.error = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(add)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._value: tuple[list[tuple[date, int]], str] | None = None

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
