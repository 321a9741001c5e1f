"""The Applications desk: filters and queue on the left, the detail pane and the
decision buttons on the right. GUI thread; database work runs on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.customers.service import CustomerInput
from app.errors import P2PDeskError
from app.money import format_amount, parse_amount
from app.origination.decisions import DecisionService
from app.origination.detail import (
    ApplicationDetail,
    ApplicationQueries,
    allowed_actions,
    approve_blocker,
)
from app.origination.documents import DocumentService
from app.origination.funding import FundingService
from app.origination.intake import ApplicationForm
from app.origination.queries import OPEN_STATUSES, UNASSIGNED, QueueFilter, QueueSort
from app.origination.records import KycGate, default_kyc_gate
from app.origination.service import ApplicationService, ImportResult
from app.origination.status import Status
from ui.actions import DeskVerb, desk_key
from ui.views.applications.confirm import ConfirmDialog
from ui.views.applications.detail_pane import DetailPane
from ui.views.applications.dialogs import (
    ApproveDialog,
    DeclineDialog,
    ImportResultDialog,
    IntakeDialog,
    TextDialog,
)
from ui.views.applications.queue_model import ApplicationsQueueModel, Col, status_name
from ui.views.registry import PageContext

BUTTONS = ("claim", "approve", "recommend", "send_back", "request_info", "info_received",
           "decline", "withdraw", "fund", "disburse", "agreement", "decline_letter",
           "note")  # fmt: skip


class ApplicationsPage(QWidget):
    def __init__(
        self, page: PageContext, parent: QWidget | None = None, kyc_gate: KycGate | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_origination")
        self.page = page
        self.gate = kyc_gate or default_kyc_gate
        self.detail: ApplicationDetail | None = None
        self.confirm_dialog: ConfirmDialog | None = None
        self._queries = ApplicationQueries(page.read_ctx, self.gate)
        self.model = ApplicationsQueueModel(runner=page.runner, parent=self)
        self.model.load_failed.connect(self.show_message)
        self._build()
        self.refresh()

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.take_next_button = self._button(
            self.tr("Take next"), self.take_next, DeskVerb.TAKE_NEXT
        )
        self.new_button = self._button(
            self.tr("New application…"), self.new_application, DeskVerb.NEW
        )
        self.import_button = self._button(self.tr("Import CSV…"), self.import_csv, DeskVerb.IMPORT)
        for b in (self.take_next_button, self.new_button, self.import_button):
            bar.addWidget(b)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Open"), OPEN_STATUSES)
        self.status_filter.addItem(self.tr("All"), ())
        for s in Status:
            self.status_filter.addItem(status_name(s.value), (s.value,))
        self.product_filter = QLineEdit()
        self.product_filter.setPlaceholderText(self.tr("product"))
        self.grade_filter = QComboBox()
        self.grade_filter.addItem(self.tr("any grade"), ())
        for g in "ABCDEFG":
            self.grade_filter.addItem(g, (g,))
        self.min_amount = QLineEdit()
        self.min_amount.setPlaceholderText(self.tr("min amount"))
        self.max_amount = QLineEdit()
        self.max_amount.setPlaceholderText(self.tr("max amount"))
        self.assigned_filter = QComboBox()
        self.assigned_filter.addItem(self.tr("anyone"), None)
        self.assigned_filter.addItem(self.tr("mine"), self.page.ctx.actor.user_id)
        self.assigned_filter.addItem(self.tr("unassigned"), UNASSIGNED)
        self.min_age = QSpinBox()
        self.min_age.setRange(0, 24 * 365)
        self.min_age.setSuffix(self.tr(" h+"))
        self.sort = QComboBox()
        self.sort.addItem(self.tr("oldest first"), QueueSort.SUBMITTED)
        self.sort.addItem(self.tr("amount"), QueueSort.AMOUNT)
        self.sort.addItem(self.tr("grade"), QueueSort.GRADE)
        self.descending = QCheckBox(self.tr("descending"))
        for combo in (self.status_filter, self.grade_filter, self.assigned_filter, self.sort):
            combo.currentIndexChanged.connect(self.refresh)
        for line in (self.product_filter, self.min_amount, self.max_amount):
            line.editingFinished.connect(self.refresh)
        self.min_age.valueChanged.connect(self.refresh)
        self.descending.toggled.connect(self.refresh)
        # two rows, so the desk fits a 1280-pixel screen beside the navigation
        bar.addSpacing(12)
        for combo in (self.status_filter, self.grade_filter, self.assigned_filter):
            bar.addWidget(combo)
        bar.addStretch(1)
        filters = QHBoxLayout()
        for line in (self.product_filter, self.min_amount, self.max_amount):
            line.setMaximumWidth(120)
            filters.addWidget(line)
        for widget in (self.min_age, self.sort, self.descending):
            filters.addWidget(widget)
        filters.addStretch(1)
        outer.addLayout(bar)
        outer.addLayout(filters)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        split = QSplitter()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumWidth(560)
        header = self.table.horizontalHeader()
        # what an underwriter scans first, left to right, within the narrowest pane
        order = (Col.NUMBER, Col.CUSTOMER, Col.AMOUNT, Col.GRADE, Col.STATUS, Col.AGE,
                 Col.ASSIGNED, Col.PRODUCT, Col.TERM)  # fmt: skip
        for visual, column in enumerate(order):
            header.moveSection(header.visualIndex(column), visual)
        widths = {Col.NUMBER: 92, Col.CUSTOMER: 90, Col.AMOUNT: 92, Col.GRADE: 60,
                  Col.STATUS: 100, Col.AGE: 110, Col.ASSIGNED: 80, Col.PRODUCT: 66}  # fmt: skip
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.clicked.connect(self._row_clicked)
        self.table.activated.connect(self._row_clicked)
        split.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        self.pane = DetailPane()
        self.pane.customer_link_activated.connect(self.page.open_customer)
        right_layout.addWidget(self.pane, 1)
        row = QGridLayout()
        labels = {
            "claim": self.tr("Assign to me"), "approve": self.tr("Approve…"),
            "recommend": self.tr("Recommend…"), "send_back": self.tr("Send back…"),
            "request_info": self.tr("Request info…"), "info_received": self.tr("Info received"),
            "decline": self.tr("Decline…"), "withdraw": self.tr("Withdraw"),
            "fund": self.tr("Fund from pool"), "disburse": self.tr("Disburse"),
            "agreement": self.tr("Agreement PDF…"), "decline_letter": self.tr("Decline letter…"),
            "note": self.tr("Add note…"),
        }  # fmt: skip
        self.buttons: dict[str, QPushButton] = {}
        for n, name in enumerate(BUTTONS):
            button = QPushButton(labels[name])
            button.setObjectName(f"action_{name}")
            button.clicked.connect(getattr(self, f"_on_{name}"))
            button.setEnabled(False)
            self.buttons[name] = button
            row.addWidget(button, n // 5, n % 5)
        right_layout.addLayout(row)
        self.approve_hint = QLabel()
        self.approve_hint.setObjectName("approve_hint")
        self.approve_hint.setWordWrap(True)
        self.approve_hint.setStyleSheet("color: #8a5a00")
        right_layout.addWidget(self.approve_hint)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)

    def _button(self, text: str, slot: Callable[[], object], keys: DeskVerb) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        action = QAction(text, self)
        action.setShortcut(desk_key(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        button.setToolTip(desk_key(keys).toString(QKeySequence.SequenceFormat.NativeText))
        return button

    # -- queue -----------------------------------------------------------------------
    def current_filter(self) -> QueueFilter:
        def amount(text: str) -> int | None:
            try:
                return parse_amount(text) if text.strip() else None
            except P2PDeskError:
                return None

        return QueueFilter(
            statuses=self.status_filter.currentData(),
            product_code=self.product_filter.text().strip() or None,
            grades=self.grade_filter.currentData(),
            min_amount=amount(self.min_amount.text()),
            max_amount=amount(self.max_amount.text()),
            assigned_to=self.assigned_filter.currentData(),
            min_age_hours=self.min_age.value() or None,
        )

    def refresh(self) -> None:
        flt, sort, desc = (
            self.current_filter(),
            self.sort.currentData(),
            self.descending.isChecked(),
        )
        queries = self._queries

        def fetch(after: Any, limit: int) -> list[Any]:
            return queries.queue(flt, sort, desc, after, limit)

        self.model.set_fetch(fetch, lambda row: row.key(sort))

    def _row_clicked(self, index: QModelIndex) -> None:
        self.open_application(self.model.row_at(index.row()).id)

    def open_application(self, application_id: int) -> None:
        self._run(lambda: self._queries.detail(application_id), self._show_detail)

    def _show_detail(self, d: ApplicationDetail) -> None:
        self.detail = d
        self.pane.show_detail(d)
        allowed = allowed_actions(d, self.page.ctx.actor)
        for name, button in self.buttons.items():
            button.setEnabled(name in allowed)
        blocker = approve_blocker(d, self.page.ctx.actor)
        code = blocker[0] if blocker is not None else ""
        why = self._approve_reason(blocker) if blocker is not None else ""
        approve = self.buttons["approve"]
        if code == "kyc":
            approve.setEnabled(False)
        approve.setToolTip(why)
        hint = why and not approve.isEnabled() and code not in ("status", "permission")
        self.approve_hint.setText(self.tr("Approve is disabled: {0}").format(why) if hint else "")

    def _approve_reason(self, blocker: tuple[str, tuple[str, ...]]) -> str:
        code, params = blocker
        texts = {
            "status": self.tr("the application is {0}"),
            "permission": self.tr("your role does not decide applications"),
            "threshold": self.tr(
                "{0} is above the four-eyes threshold {1}; recommend it for a senior underwriter"
            ),
            "own_recommendation": self.tr(
                "you recommended it; another senior underwriter approves (four eyes)"
            ),
            "needs_senior": self.tr("recommended by {0}; a senior underwriter approves"),
            "kyc": self.tr("KYC blocks approval: {0}"),
        }
        shown = tuple(status_name(p) if code == "status" else p for p in params)
        return texts.get(code, code).format(*shown)

    # -- running work ----------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.page.runner.submit(lambda _c: job(), done, self.show_message, owner=self)

    def _act(self, job: Callable[[int, int], Any], message: str) -> None:
        """Run a decision on the open application, then reload the queue and it."""
        d = self.detail
        if d is None:
            return

        def finished(_result: Any) -> None:
            self.show_message(message)
            self.refresh()
            self.open_application(d.id)

        self._run(lambda: job(d.id, d.version), finished)

    def decisions(self) -> DecisionService:
        return DecisionService(self.page.ctx, self.gate)

    def take_next(self) -> None:
        def done(taken: Any) -> None:
            if taken is None:
                self.show_message(self.tr("Nothing is waiting to be taken."))
                return
            self.show_message(self.tr("You took {0}.").format(taken.number))
            self.refresh()
            self.open_application(taken.id)

        self._run(self.decisions().take_next, done)

    # decisions, callable directly (tests, shortcuts) or through their dialogs
    def approve(self, amount: int | None = None, term: int | None = None,
                rate: Decimal | None = None) -> None:  # fmt: skip
        self._act(lambda i, v: self.decisions().approve(i, v, amount, term, rate),
                  self.tr("Approved."))  # fmt: skip

    def recommend(self, amount: int | None = None, term: int | None = None,
                  rate: Decimal | None = None) -> None:  # fmt: skip
        self._act(lambda i, v: self.decisions().recommend(i, v, amount, term, rate),
                  self.tr("Recommended for a senior underwriter's approval."))  # fmt: skip

    def decline(self, codes: list[str], note: str = "") -> None:
        self._act(lambda i, v: self.decisions().decline(i, v, codes, note), self.tr("Declined."))

    def _on_claim(self) -> None:
        self._act(self.decisions().claim, self.tr("Assigned to you."))

    def _on_approve(self, _checked: bool = False, recommend: bool = False) -> None:
        d = self.detail
        if d is None:
            return
        me = self.page.ctx.actor.user_id
        if d.status == Status.IN_REVIEW.value and d.assigned_to not in (None, me):
            answer = QMessageBox.question(
                self,
                self.tr("Assigned to someone else"),
                self.tr("{0} is assigned to {1}. Decide it anyway?").format(
                    d.number, d.assigned_name or "?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        amount, term, rate = d.terms
        rates = sorted(r for r in d.product.grade_rates.values() if rate is None or r <= rate)
        dialog = ApproveDialog(amount, term, list(reversed(rates)), self)
        if dialog.exec():
            a, t, r = dialog.values()
            (self.recommend if recommend else self.approve)(a, t, r)

    def _on_recommend(self) -> None:
        self._on_approve(recommend=True)

    def _on_send_back(self) -> None:
        dialog = TextDialog(self.tr("Send back to review"), parent=self)
        if dialog.exec():
            note = dialog.text.toPlainText()
            self._act(lambda i, v: self.decisions().send_back(i, v, note), self.tr("Sent back."))

    def _on_request_info(self) -> None:
        d = self.detail
        dialog = TextDialog(self.tr("Request information"), d.business_date if d else None, self)
        if dialog.exec():
            text, due = dialog.text.toPlainText(), dialog.due_date()
            assert due is not None
            self._act(lambda i, v: self.decisions().request_info(i, v, text, due),
                      self.tr("Information requested."))  # fmt: skip

    def _on_note(self) -> None:
        dialog = TextDialog(self.tr("Add a note"), parent=self)
        if dialog.exec():
            self.add_note(dialog.text.toPlainText())

    def add_note(self, body: str) -> None:
        service = ApplicationService(self.page.ctx)
        self._act(lambda i, _v: service.add_note(i, body), self.tr("Note added."))

    def _on_info_received(self) -> None:
        self._act(self.decisions().info_received, self.tr("Back in review."))

    def _on_decline(self) -> None:
        dialog = DeclineDialog(self)
        if dialog.exec():
            self.decline(dialog.codes(), dialog.note.toPlainText())

    def _summary(self, d: ApplicationDetail) -> list[tuple[str, str]]:
        amount, term, rate = d.terms
        rate_text = f"{rate * 100:.2f}%" if rate is not None else "—"
        return [
            (self.tr("Application"), d.number),
            (self.tr("Borrower"), f"{d.customer.name} ({d.customer.number})"),
            (self.tr("Amount"), format_amount(amount, grouping=True)),
            (self.tr("Term and rate"), self.tr("{0} months at {1}").format(term, rate_text)),
        ]

    def _confirm(self, title: str, ok_text: str, extra: list[tuple[str, str]],
                 run: Callable[[ApplicationDetail, str], Any], message: str,
                 reason_label: str | None = None) -> ConfirmDialog | None:  # fmt: skip
        """Ask before a consequential click; the dialog runs the service and shows
        its refusal inside, keeping what was typed."""
        d = self.detail
        if d is None:
            return None
        dialog = ConfirmDialog(title, self._summary(d) + extra, lambda reason: run(d, reason),
                               self.page.runner, ok_text=ok_text, reason_label=reason_label,
                               parent=self)  # fmt: skip

        def finished() -> None:
            self.show_message(message)
            self.refresh()
            self.open_application(d.id)

        dialog.accepted.connect(finished)
        self.confirm_dialog = dialog
        dialog.open()
        return dialog

    def _on_withdraw(self) -> None:
        self._confirm(self.tr("Withdraw application"), self.tr("Withdraw"), [],
                      lambda d, reason: self.decisions().withdraw(d.id, d.version, reason),
                      self.tr("Withdrawn."), reason_label=self.tr("Reason"))  # fmt: skip

    def _on_fund(self) -> None:
        funding = FundingService(self.page.ctx, self.gate)
        note = (self.tr("Funding"), self.tr("Investors' cash is reserved pro rata from the pool."))
        self._confirm(self.tr("Fund from the pool"), self.tr("Fund"), [note],
                      lambda d, _r: funding.fill_from_pool(d.id, d.version),
                      self.tr("Funded."))  # fmt: skip

    def _on_disburse(self) -> None:
        funding = FundingService(self.page.ctx, self.gate)
        text = self.tr("Pays the borrower today and starts the loan and its schedule.")
        note = (self.tr("Disbursement"), text)
        self._confirm(self.tr("Disburse the loan"), self.tr("Disburse"), [note],
                      lambda d, _r: funding.disburse(d.id, d.version),
                      self.tr("Disbursed."))  # fmt: skip

    # -- intake and import ----------------------------------------------------------------
    def new_application(self) -> IntakeDialog:
        service = ApplicationService(self.page.ctx, self.page.db.vault)

        def submit(form: ApplicationForm, customer: str, new: CustomerInput | None) -> object:
            if new is not None:
                return service.submit(form, new_customer=new)
            return service.submit(form, customer=customer)

        codes = [p.code for p in ApplicationService(self.page.read_ctx).products()]
        dialog = IntakeDialog(codes, submit, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import applications"), "",
                                              self.tr("CSV files (*.csv)"))  # fmt: skip
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        service = ApplicationService(self.page.ctx, self.page.db.vault)

        def done(result: ImportResult) -> None:
            self.last_import = ImportResultDialog(result, self)
            self.last_import.open()
            self.refresh()

        self._run(lambda: service.import_csv(path.read_text(encoding="utf-8-sig")), done)

    # -- documents ---------------------------------------------------------------------
    def _on_agreement(self) -> None:
        self._document("agreement")

    def _on_decline_letter(self) -> None:
        self._document("decline_letter")

    def _document(self, kind: str) -> None:
        d = self.detail
        if d is None:
            return
        name = f"{d.number}-{kind}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), name,
                                              self.tr("PDF files (*.pdf)"))  # fmt: skip
        if path:
            self.save_document(kind, d.id, Path(path))

    def save_document(self, kind: str, application_id: int, path: Path) -> None:
        """Render off the GUI thread, write to ``path``, then open it."""
        # the agreement's full ID number is an audited reveal: the writing context
        docs = DocumentService(self.page.ctx, self.gate, self.page.db.vault)
        render = docs.agreement_pdf if kind == "agreement" else docs.decline_letter_pdf

        def job() -> Path:
            path.write_bytes(render(application_id))
            return path

        def done(saved: Path) -> None:
            self.show_message(self.tr("Saved {0}.").format(str(saved)))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))

        self._run(job, done)
