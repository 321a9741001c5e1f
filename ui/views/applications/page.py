"""The Applications desk: filters and queue on the left, the detail pane and the
decision buttons on the right. GUI thread; database work runs on the task runner.

The filters live in filters.py, the buttons and the Approve reason in decision_bar.py,
what each decision does in decide.py."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.customers.service import CustomerInput
from app.origination.detail import ApplicationDetail, ApplicationQueries
from app.origination.documents import DocumentService
from app.origination.intake import ApplicationForm
from app.origination.records import KycGate, default_kyc_gate
from app.origination.service import ApplicationService, ImportResult
from db.private_files import write_private_bytes
from ui.actions import DeskVerb, desk_key
from ui.views.applications.confirm import ConfirmDialog
from ui.views.applications.decide import DecisionHandler
from ui.views.applications.decision_bar import DecisionBar
from ui.views.applications.detail_pane import DetailPane
from ui.views.applications.dialogs import ImportResultDialog, IntakeDialog
from ui.views.applications.filters import QueueFilterBar
from ui.views.applications.queue_model import ApplicationsQueueModel, Col
from ui.views.applications.reversal import ReversalBox
from ui.views.registry import PageContext


class ApplicationsPage(QWidget):
    def __init__(
        self, page: PageContext, parent: QWidget | None = None, kyc_gate: KycGate | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_origination")
        self.page = page
        self.gate = kyc_gate or default_kyc_gate
        self.detail: ApplicationDetail | None = None
        self._queries = ApplicationQueries(page.read_ctx, self.gate)
        self.model = ApplicationsQueueModel(runner=page.runner, parent=self)
        self.model.load_failed.connect(self.show_message)
        self.decide = DecisionHandler(
            page, self.gate, self, lambda: self.detail, self._decided, self.show_message
        )
        self._build()
        self.refresh()

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.take_next_button = self._button(
            self.tr("Take next"), self.take_next, DeskVerb.TAKE_NEXT
        )
        self.new_button = self._button(
            self.tr("New application…"), self.new_application, DeskVerb.NEW
        )
        self.import_button = self._button(self.tr("Import CSV…"), self.import_csv, DeskVerb.IMPORT)
        self.filters = QueueFilterBar(
            self.page.ctx.actor.user_id,
            (self.take_next_button, self.new_button, self.import_button),
        )
        self.status_filter = self.filters.status_filter
        self.filters.changed.connect(self.refresh)
        outer.addWidget(self.filters)
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
        self.decision_bar = DecisionBar()
        self.decision_bar.requested.connect(self._requested)
        self.buttons: dict[str, QPushButton] = self.decision_bar.buttons
        self.approve_hint = self.decision_bar.approve_hint
        right_layout.addWidget(self.decision_bar)
        self.reversal = ReversalBox(self.page)  # issue 13 #6, in its own module
        self.reversal.changed.connect(self._decided)
        right_layout.addWidget(self.reversal)
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
    def refresh(self) -> None:
        flt = self.filters.current_filter()
        sort, desc = self.filters.current_sort()
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
        self.decision_bar.show_for(d, self.page.ctx.actor)
        self.reversal.show_for(d)

    # -- running work ----------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.page.runner.submit(lambda _c: job(), done, self.show_message, owner=self)

    def _decided(self, message: str, application_id: int) -> None:
        """A decision went through: say so, reload the queue and the application."""
        self.show_message(message)
        self.refresh()
        self.open_application(application_id)

    def _requested(self, name: str) -> None:
        if name in ("agreement", "decline_letter"):
            self._document(name)
        else:
            self.decide.run(name)

    @property
    def confirm_dialog(self) -> ConfirmDialog | None:
        return self.decide.confirm_dialog

    def take_next(self) -> None:
        def done(taken: Any) -> None:
            if taken is None:
                self.show_message(self.tr("Nothing is waiting to be taken."))
                return
            self.show_message(self.tr("You took {0}.").format(taken.number))
            self.refresh()
            self.open_application(taken.id)

        self._run(self.decide.decisions().take_next, done)

    # decisions, callable directly (tests, shortcuts) as the buttons do
    def approve(self, amount: int | None = None, term: int | None = None,
                rate: Decimal | None = None) -> None:  # fmt: skip
        self.decide.approve(amount, term, rate)

    def recommend(self, amount: int | None = None, term: int | None = None,
                  rate: Decimal | None = None) -> None:  # fmt: skip
        self.decide.recommend(amount, term, rate)

    def decline(self, codes: list[str], note: str = "") -> None:
        self.decide.decline(codes, note)

    def add_note(self, body: str) -> None:
        self.decide.add_note(body)

    # -- intake and import ----------------------------------------------------------------
    def new_application(self) -> IntakeDialog:
        service = ApplicationService(self.page.ctx, self.page.db.vault)

        def submit(form: ApplicationForm, customer: str, new: CustomerInput | None) -> object:
            if new is not None:
                return service.submit(form, new_customer=new)
            return service.submit(form, customer=customer)

        codes = [p.code for p in ApplicationService(self.page.read_ctx).products()]
        dialog = IntakeDialog(codes, submit, self.page.runner, self)
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

        # Bytes: the service tells UTF-8, GBK and GB18030 apart and reports which.
        self._run(lambda: service.import_csv(path.read_bytes(), path.name), done)

    # -- documents ---------------------------------------------------------------------
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
            write_private_bytes(path, render(application_id))
            return path

        def done(saved: Path) -> None:
            self.show_message(self.tr("Saved {0}.").format(str(saved)))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))

        self._run(job, done)
