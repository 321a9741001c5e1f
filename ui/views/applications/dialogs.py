"""Intake, decision and import dialogs. GUI thread; they collect input and show
the service's messages next to the fields; the page calls the services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

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
from app.origination.decline_reasons import DECLINE_REASONS
from app.origination.intake import FORM_FIELDS, ApplicationForm, IntakeError
from app.origination.service import ImportResult


class IntakeDialog(QDialog):
    """Enter an application; ``submit(form, customer)`` (the customer number or name as
    typed) raises IntakeError whose messages appear under the fields."""

    def __init__(
        self,
        products: Sequence[str],
        submit: Callable[[ApplicationForm, str, CustomerInput | None], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New application"))
        self._submit = submit
        self.result_value: object = None
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_submit)
        buttons.rejected.connect(self.reject)
        self.general = QLabel()
        self.general.setStyleSheet("color: #b00020")
        form.addRow(self.general)
        form.addRow(buttons)

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

    def try_submit(self) -> None:
        for shown in self.errors.values():
            shown.setVisible(False)
        self.general.clear()
        try:
            self.result_value = self._submit(
                self.form(), self.customer.text().strip(), self.new_customer_input()
            )
        except IntakeError as exc:
            for name, message in exc.errors.items():
                label = self.errors.get(name)
                if label is None:
                    self.general.setText(message)
                    continue
                label.setText(message)
                label.setVisible(True)
            return
        except P2PDeskError as exc:
            self.general.setText(str(exc))
            return
        self.accept()


class ApproveDialog(QDialog):
    """Approve or recommend, optionally lowering amount, term and rate."""

    def __init__(
        self, amount: int, term: int, rates: Sequence[Decimal], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve / counter-offer"))
        form = QFormLayout(self)
        self.amount = QLineEdit(format_amount(amount))
        self.term = QLineEdit(str(term))
        self.rate = QComboBox()
        for r in rates:
            self.rate.addItem(format_percent(r), r)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Term (months)"), self.term)
        form.addRow(self.tr("Annual rate"), self.rate)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[int, int, Decimal]:
        return parse_amount(self.amount.text()), int(self.term.text()), self.rate.currentData()

    def _check(self) -> None:
        try:
            self.values()
        except (P2PDeskError, ValueError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class DeclineDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Decline"))
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for code, text in DECLINE_REASONS.items():
            box = QCheckBox(f"{code}  {text}")
            box.setObjectName(code)
            self.boxes[code] = box
            layout.addWidget(box)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Internal note"))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def codes(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]


class TextDialog(QDialog):
    """A message (request information, send back, note), with a due date if asked."""

    def __init__(
        self, title: str, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.text = QPlainTextEdit()
        form.addRow(self.tr("Message"), self.text)
        self.due: QDateEdit | None = None
        if today is not None:
            self.due = QDateEdit(QDate(today.year, today.month, today.day).addDays(7))
            self.due.setCalendarPopup(True)
            form.addRow(self.tr("Due date"), self.due)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def due_date(self) -> date | None:
        if self.due is None:
            return None
        picked = self.due.date()
        return date(picked.year(), picked.month(), picked.day())


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
        rows: list[tuple[str, str, str, str]] = []
        rows += [
            (str(r.line), r.external_id, self.tr("imported"), r.number) for r in result.accepted
        ]
        rows += [
            (str(r.line), r.external_id, self.tr("already imported"), r.number)
            for r in result.already_imported
        ]
        rows += [
            (str(r.line), r.external_id, self.tr("rejected"), r.reason) for r in result.rejected
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
