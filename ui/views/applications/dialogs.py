"""Intake, decision and import dialogs. GUI thread. Each runs its service call on the
task runner when OK is pressed and closes only when it succeeds; a refusal shows in
the dialog (next to the field it names, for intake) with the typed input kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.customers.service import CustomerInput
from app.errors import P2PDeskError
from app.money import format_amount, parse_amount
from app.origination.affordability import format_percent
from app.origination.decline_reasons import DECLINE_REASONS, DECLINE_REASONS_ZH
from app.origination.intake import FORM_FIELDS, ApplicationForm, IntakeError
from app.origination.service import ImportResult
from ui.i18n import (
    encoding_name,
    pick_label,
    translate_service_message,
    translate_service_messages,
)
from ui.tasks import TaskRunner
from ui.views.applications.service_dialog import ServiceDialog


class IntakeDialog(ServiceDialog):
    """Enter an application; ``submit(form, customer, new_customer)`` (the customer
    number or name as typed) runs on the task runner; the messages of an IntakeError
    appear under their fields, any other refusal above the buttons."""

    def __init__(
        self,
        products: Sequence[str],
        submit: Callable[[ApplicationForm, str, CustomerInput | None], object],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setWindowTitle(self.tr("New application"))
        self._submit = submit
        self.general = self.error
        labels = {
            "product": self.tr("Product"),
            "amount": self.tr("Amount"),
            "term": self.tr("Term (months)"),
            "purpose": self.tr("Purpose"),
            "monthly_income": self.tr("Monthly income"),
            "monthly_debt": self.tr("Existing monthly debt payments"),
            "bureau_score": self.tr("Bureau score"),
            "open_accounts": self.tr("Open accounts"),
            "delinquencies_24m": self.tr("Delinquencies (24 months)"),
            "inquiries_6m": self.tr("Inquiries (6 months)"),
        }
        form = QFormLayout(self)
        self.customer = QLineEdit()
        self.customer.setObjectName("customer")
        self.customer.setPlaceholderText(self.tr("customer number (C00000047) or name"))
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self._add_row(form, "customer", self.tr("Customer"), self.customer)
        self.new_customer = QCheckBox(self.tr("New customer"))
        self.new_customer.setObjectName("new_customer")
        form.addRow("", self.new_customer)
        self.new_kind = QComboBox()
        self.new_kind.setObjectName("new_kind")
        self.new_kind.addItem(self.tr("Individual"), "individual")
        self.new_kind.addItem(self.tr("Business"), "business")
        self.new_fields: dict[str, QLineEdit] = {}
        self._add_row(form, "new_kind", self.tr("Customer kind"), self.new_kind)
        for name, label in (
            ("new_name", self.tr("Name")),
            ("new_id_number", self.tr("ID number")),
            ("new_phone", self.tr("Mobile")),
            ("new_bank_card", self.tr("Bank card")),
        ):
            line = QLineEdit()
            line.setObjectName(name)
            self.new_fields[name] = line
            self._add_row(form, name, label, line)
        self.new_customer.toggled.connect(self._new_customer_toggled)
        self._new_customer_toggled(False)
        for name in FORM_FIELDS:
            widget: QLineEdit | QComboBox
            if name == "product":
                widget = QComboBox()
                widget.addItems(list(products))
            else:
                widget = QLineEdit()
            widget.setObjectName(name)
            self.fields[name] = widget
            self._add_row(form, name, labels[name], widget)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def _add_row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet("color: #b00020")
        error.setVisible(False)
        self.errors[name] = error
        box = QVBoxLayout()
        box.addWidget(widget)
        box.addWidget(error)
        form.addRow(label, box)

    def _new_customer_toggled(self, on: bool) -> None:
        self.customer.setEnabled(not on)
        self.new_kind.setEnabled(on)
        for line in self.new_fields.values():
            line.setEnabled(on)

    def new_customer_input(self) -> CustomerInput | None:
        """The new customer as typed, or None when an existing one is named."""
        if not self.new_customer.isChecked():
            return None
        f = {k: w.text().strip() for k, w in self.new_fields.items()}
        return CustomerInput(
            kind=str(self.new_kind.currentData()),
            name=f["new_name"],
            id_number=f["new_id_number"] or None,
            phone=f["new_phone"] or None,
            bank_card=f["new_bank_card"] or None,
        )

    def set_values(self, **values: str) -> None:
        for name, value in values.items():
            if name == "customer":
                self.customer.setText(value)
                continue
            widget = self.fields[name]
            if isinstance(widget, QComboBox):
                widget.setCurrentText(value)
            else:
                widget.setText(value)

    def form(self) -> ApplicationForm:
        def text(w: QLineEdit | QComboBox) -> str:
            return w.currentText() if isinstance(w, QComboBox) else w.text()

        return ApplicationForm(**{n: text(w) for n, w in self.fields.items()})

    def job(self) -> Callable[[], Any] | None:
        for shown in self.errors.values():
            shown.setVisible(False)
        form, customer = self.form(), self.customer.text().strip()
        new = self.new_customer_input()
        submit = self._submit

        def run() -> object:
            try:
                return submit(form, customer, new)
            except IntakeError as exc:  # its messages go under the fields
                return exc

        return run

    def finished_with(self, result: Any) -> None:
        if not isinstance(result, IntakeError):
            super().finished_with(result)
            return
        self.ok_button.setEnabled(True)
        for name, message in result.errors.items():
            label = self.errors.get(name)
            if label is None:
                self.error.setText(translate_service_message(message))
                continue
            label.setText(translate_service_message(message))
            label.setVisible(True)


class ApproveDialog(ServiceDialog):
    """Approve or recommend, optionally lowering amount, term and rate, with a note
    for the decision trail; ``run(amount, term, rate, note)`` is the service call."""

    def __init__(
        self,
        amount: int,
        term: int,
        rates: Sequence[Decimal],
        run: Callable[[int, int, Decimal, str], Any],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setWindowTitle(self.tr("Approve / counter-offer"))
        self._run = run
        form = QFormLayout(self)
        self.amount = QLineEdit(format_amount(amount))
        self.amount.setObjectName("amount")
        self.term = QLineEdit(str(term))
        self.term.setObjectName("term")
        self.rate = QComboBox()
        for r in rates:
            self.rate.addItem(format_percent(r), r)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setFixedHeight(70)
        self.note.setPlaceholderText(self.tr("Why (kept in the decision trail)"))
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Term (months)"), self.term)
        form.addRow(self.tr("Annual rate"), self.rate)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def values(self) -> tuple[int, int, Decimal]:
        return parse_amount(self.amount.text()), int(self.term.text()), self.rate.currentData()

    def job(self) -> Callable[[], Any] | None:
        try:
            amount, term, rate = self.values()
        except (P2PDeskError, ValueError) as exc:
            self.error.setText(str(exc))
            return None
        note, run = self.note.toPlainText(), self._run
        return lambda: run(amount, term, rate, note)


class DeclineDialog(ServiceDialog):
    """Decline with reason codes and an internal note; ``run(codes, note)``."""

    def __init__(
        self,
        run: Callable[[list[str], str], Any],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setWindowTitle(self.tr("Decline"))
        self._run = run
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for code, text in DECLINE_REASONS.items():
            box = QCheckBox(f"{code}  {pick_label(text, DECLINE_REASONS_ZH.get(code))}")
            box.setObjectName(code)
            self.boxes[code] = box
            layout.addWidget(box)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("Internal note"))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def codes(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def job(self) -> Callable[[], Any] | None:
        codes, note, run = self.codes(), self.note.toPlainText(), self._run
        return lambda: run(codes, note)


class TextDialog(ServiceDialog):
    """A message (request information, send back, note), with a due date if asked;
    ``run(text, due)`` is the service call (``due`` None without a date)."""

    def __init__(
        self,
        title: str,
        run: Callable[[str, date | None], Any],
        runner: TaskRunner,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setWindowTitle(title)
        self._run = run
        form = QFormLayout(self)
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        form.addRow(self.tr("Message"), self.text)
        self.due: QDateEdit | None = None
        if today is not None:
            self.due = QDateEdit(QDate(today.year, today.month, today.day).addDays(7))
            self.due.setCalendarPopup(True)
            form.addRow(self.tr("Due date"), self.due)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def due_date(self) -> date | None:
        if self.due is None:
            return None
        picked = self.due.date()
        return date(picked.year(), picked.month(), picked.day())

    def job(self) -> Callable[[], Any] | None:
        text, due, run = self.text.toPlainText(), self.due_date(), self._run
        return lambda: run(text, due)


class ImportResultDialog(QDialog):
    """The import's accepted, repeated and rejected rows with line numbers."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import result"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("{0} imported, {1} already imported before, {2} rejected").format(
                    len(result.accepted), len(result.already_imported), len(result.rejected)
                )
            )
        )
        self.encoding = QLabel(
            self.tr("The file was read as {0}.").format(encoding_name(result.encoding))
        )
        self.encoding.setObjectName("import_encoding")
        self.encoding.setVisible(bool(result.encoding))
        layout.addWidget(self.encoding)
        rows: list[tuple[str, str, str, str]] = []
        rows += [
            (str(r.line), r.external_id, self.tr("imported"), r.number) for r in result.accepted
        ]
        rows += [
            (str(r.line), r.external_id, self.tr("already imported"), r.number)
            for r in result.already_imported
        ]
        rows += [
            (str(r.line), r.external_id, self.tr("rejected"), translate_service_messages(r.reason))
            for r in result.rejected
        ]
        rows.sort(key=lambda r: int(r[0]))
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("External id"), self.tr("Result"), self.tr("Detail")]
        )
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(800, 400)
