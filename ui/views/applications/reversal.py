"""Reversing a disbursement on the Applications desk (issue 13 #6): on a disbursed
application, "Reverse disbursement…" asks with a summary and a reason; the requests
waiting for a second person are listed below for whoever may approve them (the
senior underwriters who approve recommended applications here). GUI thread; the
services run on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.loans.disbursement_reversal import (
    DisbursementReversalService,
    ReversalInfo,
    ReversalPreview,
)
from app.money import format_amount
from app.origination.detail import ApplicationDetail
from app.security.permissions import Permission
from ui.i18n import translate_service_message
from ui.views.applications.confirm import ConfirmDialog
from ui.views.registry import PageContext


class ReversalBox(QGroupBox):
    """The reversal button for the open application and the waiting requests.
    ``changed(message, application_id)`` after a request, approval or rejection."""

    changed = Signal(str, int)

    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reversal_box")
        self.setTitle(self.tr("Disbursement reversal (same business day, four eyes)"))
        self.page = page
        self.preview: ReversalPreview | None = None
        self.waiting: list[ReversalInfo] = []
        self.confirm_dialog: ConfirmDialog | None = None
        actor = page.ctx.actor
        self.can_request = actor.can(Permission.DISBURSE)
        self.can_approve = actor.can(Permission.DISBURSE_REVERSE)
        self.request_button = QPushButton(self.tr("Reverse disbursement…"))
        self.request_button.setObjectName("action_reverse_disbursement")
        self.request_button.setEnabled(False)
        self.request_button.clicked.connect(self.ask)
        self.hint = QLabel()
        self.hint.setObjectName("reversal_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #8a5a00")
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("reversals_waiting")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Loan"), self.tr("Application"), self.tr("Borrower"), self.tr("Amount"),
             self.tr("Asked by"), self.tr("Reason")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(120)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.approve_button = QPushButton(self.tr("Approve reversal…"))
        self.approve_button.setObjectName("action_approve_reversal")
        self.approve_button.clicked.connect(self.approve_selected)
        self.reject_button = QPushButton(self.tr("Reject reversal…"))
        self.reject_button.setObjectName("action_reject_reversal")
        self.reject_button.clicked.connect(self.reject_selected)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.request_button)
        top.addWidget(self.hint, 1)
        layout.addLayout(top)
        self.waiting_label = QLabel(self.tr("Waiting for a second person:"))
        layout.addWidget(self.waiting_label)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for widget in (self.waiting_label, self.table, self.approve_button, self.reject_button):
            widget.setVisible(self.can_approve)
        self._selection_changed()
        self.load_waiting()

    # -- reading ---------------------------------------------------------------------
    def _service(self, write: bool = False) -> DisbursementReversalService:
        return DisbursementReversalService(self.page.ctx if write else self.page.read_ctx)

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def failed(message: str) -> None:
            self.hint.setText(translate_service_message(message))

        self.page.runner.submit(lambda _c: job(), done, failed, owner=self, name="reversal")

    def show_for(self, d: ApplicationDetail | None) -> None:
        """The open application changed: offer a reversal when it is disbursed."""
        self.preview = None
        self.request_button.setEnabled(False)
        self.hint.clear()
        if d is None or d.status != "disbursed" or d.loan_id is None:
            return
        loan_id = d.loan_id
        self._run(lambda: self._service().preview(loan_id), self._show_preview)

    def _show_preview(self, p: ReversalPreview) -> None:
        self.preview = p
        if p.pending is not None:
            self.hint.setText(
                self.tr("{0} asked for a reversal: {1}. A second person approves it below.").format(
                    p.pending.requested_by_name, p.pending.reason
                )
            )
        elif p.blocker is not None:
            self.hint.setText(translate_service_message(p.blocker))
        elif not self.can_request:
            self.hint.setText(self.tr("Your role does not disburse loans."))
        self.request_button.setEnabled(self.can_request and p.blocker is None and p.pending is None)

    def load_waiting(self) -> None:
        if self.can_approve:
            self._run(lambda: self._service().pending(), self._show_waiting)

    def _show_waiting(self, rows: list[ReversalInfo]) -> None:
        self.waiting = rows
        self.table.setRowCount(len(rows))
        for r, info in enumerate(rows):
            cells = (info.loan_number, info.application_number or "—", info.customer_name,
                     format_amount(info.principal, grouping=True), info.requested_by_name,
                     info.reason)  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.waiting_label.setText(self.tr("Waiting for a second person: %n", "", len(rows)))
        self._selection_changed()

    def selected(self) -> ReversalInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.waiting[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.approve_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

    # -- acting ------------------------------------------------------------------------
    def _summary(self, p: ReversalPreview) -> list[tuple[str, str]]:
        investors = ", ".join(
            f"{i.name} {format_amount(i.amount, grouping=True)}" for i in p.investors
        )
        return [
            (self.tr("Loan"), p.loan_number),
            (self.tr("Application"), p.application_number or "—"),
            (self.tr("Borrower"), p.customer_name),
            (self.tr("Amount"), format_amount(p.principal, grouping=True)),
            (self.tr("Disbursed on"), p.disbursed_on.isoformat()),
            (self.tr("Investors get back"), investors),
            (
                self.tr("Undone"),
                self.tr(
                    "The ledger entries are reversed (origination fee {0}, reserve {1}), the "
                    "schedule is cancelled and the application goes back to funded. A second "
                    "person must approve."
                ).format(
                    format_amount(p.origination_fee, grouping=True),
                    format_amount(p.reserve_amount, grouping=True),
                ),
            ),
        ]

    def _confirm(
        self, title: str, ok_text: str, summary: list[tuple[str, str]],
        run: Callable[[str], Any], message: str, application_id: int | None,
        reason_label: str | None,
    ) -> ConfirmDialog:  # fmt: skip
        dialog = ConfirmDialog(title, summary, run, self.page.runner, ok_text=ok_text,
                               reason_label=reason_label, parent=self)  # fmt: skip

        def finished() -> None:
            self.load_waiting()
            if application_id is None:  # a loan disbursed without an application
                self.hint.setText(message)
            else:
                self.changed.emit(message, application_id)

        dialog.accepted.connect(finished)
        self.confirm_dialog = dialog
        dialog.open()
        return dialog

    def ask(self) -> ConfirmDialog | None:
        """Ask for the reversal of the open application's disbursement."""
        p = self.preview
        if p is None:
            return None
        service = self._service(write=True)
        return self._confirm(
            self.tr("Reverse disbursement"), self.tr("Ask for reversal"), self._summary(p),
            lambda reason: service.request(p.loan_id, reason),
            self.tr("Reversal asked; a second person approves it."), p.application_id,
            self.tr("Reason"),
        )  # fmt: skip

    def _waiting_summary(self, r: ReversalInfo) -> list[tuple[str, str]]:
        return [
            (self.tr("Loan"), r.loan_number),
            (self.tr("Application"), r.application_number or "—"),
            (self.tr("Borrower"), r.customer_name),
            (self.tr("Amount"), format_amount(r.principal, grouping=True)),
            (self.tr("Asked by"), r.requested_by_name),
            (self.tr("Reason"), r.reason),
        ]

    def approve_selected(self) -> ConfirmDialog | None:
        r = self.selected()
        if r is None:
            return None
        service = self._service(write=True)
        note = (self.tr("Approving"), self.tr(
            "Reverses the ledger, cancels the schedule and puts the application back to funded."
        ))  # fmt: skip
        return self._confirm(
            self.tr("Approve the reversal"), self.tr("Approve reversal"),
            [*self._waiting_summary(r), note],
            lambda _reason: service.approve(r.id, r.version),
            self.tr("Disbursement reversed."), r.application_id, None,
        )  # fmt: skip

    def reject_selected(self) -> ConfirmDialog | None:
        r = self.selected()
        if r is None:
            return None
        service = self._service(write=True)
        return self._confirm(
            self.tr("Reject the reversal"), self.tr("Reject reversal"),
            self._waiting_summary(r),
            lambda note: service.reject(r.id, note, r.version),
            self.tr("Reversal rejected."), r.application_id, self.tr("Note"),
        )  # fmt: skip
