"""Supervisor dialogs of the collections desk: the escalation list and matching
suspense money to a contract. Service calls run on the task runner. GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.collections.actions import CaseActions, Escalation
from app.collections.supervision import EscalationRow, LoanChoice, SupervisionQueries
from app.collections.suspense import SuspenseRow, match, open_suspense
from app.money import format_amount
from ui.views.collections.supervisor import RunnerDialog, fill_table, small_table
from ui.views.registry import PageContext


class EscalationsDialog(RunnerDialog):
    """Open cases past the escalation threshold and those already escalated; hand a
    case to legal or to an external agency, with a reason."""

    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(page, parent)
        self.setObjectName("escalations_dialog")
        self.setWindowTitle(self.tr("Escalations"))
        self.rows: list[EscalationRow] = []
        self.table = small_table(
            "escalations_table",
            [self.tr("Case"), self.tr("Contract"), self.tr("Customer"), self.tr("DPD"),
             self.tr("Overdue"), self.tr("Escalated to")],
        )  # fmt: skip
        self.reason = QLineEdit()
        self.reason.setObjectName("escalation_reason")
        self.reason.setPlaceholderText(self.tr("Why (required)"))
        legal = QPushButton(self.tr("Escalate to legal"))
        legal.setObjectName("escalate_legal")
        legal.clicked.connect(lambda: self.escalate(Escalation.LEGAL))
        agency = QPushButton(self.tr("Escalate to agency"))
        agency.setObjectName("escalate_agency")
        agency.clicked.connect(lambda: self.escalate(Escalation.AGENCY))
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(legal)
        row.addWidget(agency)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(820, 480)
        self.refresh()

    def refresh(self) -> None:
        queries = SupervisionQueries(self._page.ctx)
        self.run("escalations", queries.escalations, self._loaded)

    def _loaded(self, rows: list[EscalationRow]) -> None:
        self.rows = rows
        names = {"legal": self.tr("legal"), "agency": self.tr("agency")}
        fill_table(
            self.table,
            [[str(r.case_id), r.loan_number, r.customer_name, str(r.dpd),
              format_amount(r.overdue, True),
              f"{names.get(r.escalation, r.escalation)} ({r.escalated_on})"
              if r.escalation else self.tr("not yet")]
             for r in rows],
        )  # fmt: skip
        if not rows:
            self.status.setText(self.tr("No case is past the escalation threshold."))

    def escalate(self, to: Escalation) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            self.status.setText(self.tr("Select a case first."))
            return
        case_id, reason = self.rows[row].case_id, self.reason.text()
        actions = CaseActions(self._page.ctx)

        def done(_r: Any) -> None:
            self.reason.clear()
            self.refresh()

        self.run("escalate", lambda: actions.escalate(case_id, to, reason), done)


class SuspenseDialog(RunnerDialog):
    """Bank money whose contract was unknown: find the right contract and match it,
    which posts the payment to that loan and clears suspense."""

    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(page, parent)
        self.setObjectName("suspense_dialog")
        self.setWindowTitle(self.tr("Match suspense payments"))
        self.items: list[SuspenseRow] = []
        self.loans: list[LoanChoice] = []
        self.table = small_table(
            "suspense_table",
            [self.tr("Reference"), self.tr("Contract given"), self.tr("Amount"),
             self.tr("Value date"), self.tr("Payer")],
        )  # fmt: skip
        self.table.itemSelectionChanged.connect(self._item_chosen)
        self.search = QLineEdit()
        self.search.setObjectName("suspense_search")
        self.search.setPlaceholderText(self.tr("Contract number (or its beginning)"))
        self.search.returnPressed.connect(self.find_loans)
        find = QPushButton(self.tr("Find"))
        find.setObjectName("suspense_find")
        find.clicked.connect(self.find_loans)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(find)
        self.loan_table = small_table(
            "suspense_loans", [self.tr("Contract"), self.tr("Customer"), self.tr("Status")]
        )
        self.match_button = QPushButton(self.tr("Match to the selected contract"))
        self.match_button.setObjectName("suspense_match")
        self.match_button.clicked.connect(self.match_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Unmatched payments")))
        layout.addWidget(self.table)
        layout.addLayout(search_row)
        layout.addWidget(self.loan_table)
        layout.addWidget(self.match_button)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(760, 560)
        self.refresh()

    def refresh(self) -> None:
        ctx = self._page.ctx
        self.run("suspense", lambda: open_suspense(ctx), self._loaded)

    def _loaded(self, items: list[SuspenseRow]) -> None:
        self.items = items
        fill_table(
            self.table,
            [[s.reference, s.contract_number, format_amount(s.amount, True),
              s.value_date.isoformat(), s.payer_name] for s in items],
        )  # fmt: skip
        if items:
            self.table.selectRow(0)
        elif not self.status.text():
            self.status.setText(self.tr("Nothing is waiting in suspense."))

    def _item_chosen(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            self.search.setText(self.items[row].contract_number)

    def find_loans(self) -> None:
        queries, text = SupervisionQueries(self._page.ctx), self.search.text()
        self.run("find_loans", lambda: queries.find_loans(text), self._found)

    def _found(self, loans: list[LoanChoice]) -> None:
        self.loans = loans
        fill_table(self.loan_table, [[x.number, x.customer_name, x.status] for x in loans])
        if loans:
            self.loan_table.selectRow(0)
        else:
            self.status.setText(self.tr("No contract starts with that."))

    def match_selected(self) -> None:
        item_row, loan_row = self.table.currentRow(), self.loan_table.currentRow()
        if not (0 <= item_row < len(self.items) and 0 <= loan_row < len(self.loans)):
            self.status.setText(self.tr("Select a payment and a contract first."))
            return
        item, loan = self.items[item_row], self.loans[loan_row]
        ctx = self._page.ctx

        def done(_payment_id: Any) -> None:
            self.loans = []
            fill_table(self.loan_table, [])
            self.refresh()
            self.status.setText(self.tr("{0} posted to {1}.").format(item.reference, loan.number))

        self.run("match", lambda: match(ctx, item.id, loan.loan_id), done)
