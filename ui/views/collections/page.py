"""The collections desk: the case queue beside the case view, the agent's actions,
and for supervisors the team board. Built by the main window from its
``PageContext``. GUI thread; every database call runs on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.collections.actions import CaseActions
from app.collections.arrangements import ArrangementService
from app.collections.calls import CollectionCalls
from app.collections.claim import ClaimService
from app.collections.queries import QueueFilter, QueueScope, QueueSort, case_view
from app.collections.service import CaseService
from app.loans.delinquency import Bucket
from app.platform import load_state
from app.security.permissions import Permission
from app.servicedesk.holds import Hold
from ui.actions import DeskVerb, desk_key
from ui.models.paged import ROW_ROLE
from ui.views.collections import jobs
from ui.views.collections.board import SupervisorBoard
from ui.views.collections.case_panel import CasePanel
from ui.views.collections.dialogs import ArrangementDialog, LogContactDialog, PhonePaymentDialog
from ui.views.collections.labels import notify
from ui.views.collections.lift_hold import ask_to_lift
from ui.views.collections.queue_model import CaseQueueModel, key_of, queue_fetch
from ui.views.collections.supervisor import ReassignDialog, TeamsDialog
from ui.views.collections.supervisor_tools import EscalationsDialog, SuspenseDialog
from ui.views.registry import PageContext


class CollectionsPage(QWidget):
    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_collections")
        self._page = page
        self._runner = page.runner
        actor = page.ctx.actor
        self.case_id: int | None = None
        self.today: date | None = None

        self.scope = QComboBox()
        self.scope.setObjectName("collections_scope")
        self.scope.addItem(self.tr("My cases"), QueueScope.MINE)
        self.scope.addItem(self.tr("My teams' pool"), QueueScope.POOL)
        self.scope.addItem(self.tr("All open cases"), QueueScope.ALL)
        if actor.can(Permission.COLLECTIONS_SUPERVISE):
            self.scope.setCurrentIndex(2)
        self.bucket = QComboBox()
        self.bucket.setObjectName("collections_bucket")
        self.bucket.addItem(self.tr("All buckets"), None)
        for b in Bucket:
            if b is not Bucket.CURRENT:
                self.bucket.addItem(b.value, b.value)
        self.sort = QComboBox()
        self.sort.setObjectName("collections_sort")
        self.sort.addItem(self.tr("By priority"), QueueSort.PRIORITY)
        self.sort.addItem(self.tr("By days past due"), QueueSort.DPD)
        self.sort.addItem(self.tr("By amount overdue"), QueueSort.OVERDUE)
        for box in (self.scope, self.bucket, self.sort):
            box.currentIndexChanged.connect(self.reload_queue)

        self.toolbar = QToolBar()
        self.actions_by_name: dict[str, QAction] = {}
        can_work = actor.can(Permission.COLLECTIONS_WORK)
        v = DeskVerb
        for name, text, verb, slot in (
            ("collections_next_case", self.tr("Next case"), v.TAKE_NEXT, self.next_case),
            ("collections_log_contact", self.tr("Log contact…"), v.LOG_CONTACT, self.log_contact),
            ("collections_phone_payment", self.tr("Payment by phone…"), v.PHONE_PAYMENT,
             self.phone_payment),
            ("collections_arrangement", self.tr("Propose arrangement…"), v.ARRANGEMENT,
             self.propose_arrangement),
            ("collections_letters", self.tr("Letters for bucket…"), v.LETTERS,
             lambda: self.letters(None)),
        ):  # fmt: skip
            self._action(name, text, verb, slot, can_work)
        can_import = actor.can(Permission.PAYMENT_IMPORT)
        self._action("collections_import", self.tr("Import payment file…"), DeskVerb.IMPORT,
                     lambda: self.import_file(None), can_import)  # fmt: skip
        self._action(
            "collections_refresh", self.tr("Refresh"), DeskVerb.REFRESH, self.refresh, True
        )
        supervise = actor.can(Permission.COLLECTIONS_SUPERVISE)
        self._action("collections_reassign", self.tr("Reassign case…"), DeskVerb.REASSIGN,
                     self.reassign, supervise)  # fmt: skip
        self.supervisor_bar = QToolBar()
        self.supervisor_bar.setObjectName("collections_supervisor_bar")
        for name, text, keys, slot in (
            ("collections_teams", self.tr("Teams and routing…"), DeskVerb.TEAMS, self.teams),
            ("collections_escalations", self.tr("Escalations…"), DeskVerb.ESCALATIONS,
             self.escalations),
            ("collections_suspense", self.tr("Suspense…"), DeskVerb.SUSPENSE, self.suspense),
        ):  # fmt: skip
            self._action(name, text, keys, slot, supervise, self.supervisor_bar)
        self.supervisor_dialog: QDialog | None = None

        self.model = CaseQueueModel(runner=self._runner, parent=self)
        self.table = QTableView()
        self.table.setObjectName("collections_queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        widths = (60, 130, 115, 55, 50, 95, 95, 95, 110)  # by CaseColumn; fixed, not by contents
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.clicked.connect(self._row_clicked)
        self.panel = CasePanel()
        self.panel.can_lift = actor.can(Permission.COLLECTIONS_SUPERVISE)
        self.panel.lift_requested.connect(self.lift_hold)
        self.panel.can_call = can_work
        self.panel.call_bar.start_requested.connect(self.start_call)
        self.panel.call_bar.call_ended.connect(self._call_ended)
        self._action("collections_start_call", self.tr("Start call"), DeskVerb.START_CALL,
                     self.panel.call_bar.start_button.click, can_work)  # fmt: skip
        self.contact_dialog: LogContactDialog | None = None
        self.lift_dialog: QDialog | None = None
        self.status = QLabel()
        self.status.setObjectName("collections_status")
        self.model.load_failed.connect(self.status.setText)

        filters = QHBoxLayout()
        for widget in (self.scope, self.bucket, self.sort):
            filters.addWidget(widget)
        filters.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 480])
        desk = QWidget()
        desk_layout = QVBoxLayout(desk)
        desk_layout.addWidget(self.toolbar)
        desk_layout.addWidget(splitter, 1)
        desk_layout.addWidget(self.status)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("collections_tabs")
        self.tabs.addTab(desk, self.tr("Cases"))
        self.board: SupervisorBoard | None = None
        if actor.can(Permission.COLLECTIONS_SUPERVISE):
            self.board = SupervisorBoard(page)
            board_tab = QWidget()
            board_layout = QVBoxLayout(board_tab)
            board_layout.addWidget(self.supervisor_bar)
            board_layout.addWidget(self.board, 1)
            self.tabs.addTab(board_tab, self.tr("Team board"))
            self.board.refresh()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.reload_queue()

    def _action(
        self,
        name: str,
        text: str,
        keys: DeskVerb,
        slot: Callable[[], Any],
        enabled: bool,
        bar: QToolBar | None = None,
    ) -> None:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(desk_key(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        action.setVisible(enabled)
        self.addAction(action)
        (bar or self.toolbar).addAction(action)
        self.actions_by_name[name] = action

    def filter(self) -> QueueFilter:
        return QueueFilter(
            scope=QueueScope(self.scope.currentData()),
            user_id=self._page.ctx.actor.user_id,
            bucket=self.bucket.currentData(),
            sort=QueueSort(self.sort.currentData()),
        )

    def reload_queue(self) -> None:
        flt = self.filter()
        self.model.set_fetch(queue_fetch(self._page.read_ctx.sessions, flt), key_of(flt))

    def refresh(self) -> None:
        self.reload_queue()
        self.open_case(self.case_id)
        if self.board is not None:
            self.board.refresh()

    # running work -------------------------------------------------------------

    def _submit(self, name: str, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def failed(message: str) -> None:
            self.status.setText(message)
            notify(self, self.tr("Collections"), message, warning=True)

        self._runner.submit(lambda _c: job(), done, failed, owner=self, name=name)

    def _row_clicked(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is not None:
            self.open_case(row.case_id)

    def open_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is None:
            self.panel.show_case(None)
            return
        read = self._page.read_ctx

        def job() -> Any:
            with read.sessions() as session:
                day = load_state(session).business_date
                return day, case_view(session, case_id, day)

        def done(result: Any) -> None:
            self.today, view = result
            if view.row.case_id == self.case_id:
                self.panel.show_case(view)

        self._submit("case", job, done)

    def lift_hold(self, hold: Hold) -> None:
        """Ask the supervisor why, then lift the hold and reload the case."""

        def done(_lifted: Hold) -> None:
            self.status.setText(self.tr("Hold lifted."))
            self.refresh()

        def failed(message: str) -> None:
            self.status.setText(message)
            notify(self, self.tr("Collections"), message, warning=True)

        self.lift_dialog = ask_to_lift(self, self._page.ctx, self._runner, hold, done, failed)

    def start_call(self) -> None:
        """Ask the service for the debtor's number (rules checked, reveal audited)."""
        case_id = self.case_id
        bar = self.panel.call_bar
        if case_id is None:
            bar.failed(self.tr("Open a case first."))
            return
        calls = CollectionCalls(self._page.ctx, self._page.db.vault)
        self._runner.submit(
            lambda _c: calls.start_call(case_id), bar.show_call, bar.failed, owner=self,
            name="start-call",
        )  # fmt: skip

    def _call_ended(self, case_id: int) -> None:
        """The number is hidden; ask how the call went (a call to the debtor)."""
        if case_id == self.case_id:
            self.log_contact()

    def next_case(self) -> None:
        ctx = self._page.ctx

        def done(claim: Any) -> None:
            if claim is None:
                self.status.setText(self.tr("No case is waiting in your queue or pool."))
                return
            self.status.setText(self.tr("You are working case {0}.").format(claim.case_id))
            self.open_case(claim.case_id)
            self.reload_queue()

        self._submit("next", lambda: ClaimService(ctx).next_case(), done)

    def _need_case(self) -> int | None:
        if self.case_id is None or self.today is None:
            self.status.setText(self.tr("Open a case first."))
            return None
        return self.case_id

    def _after_change(self, message: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self.status.setText(message)
            self.refresh()

        return done

    def log_contact(self) -> None:
        case_id = self._need_case()
        if case_id is None or self.today is None:
            return
        service = CaseService(self._page.ctx)
        self.contact_dialog = dialog = LogContactDialog(
            lambda ch, di, pa: service.check(case_id, ch, di, pa), self._runner, self.today, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
            return
        data = dialog.value()
        assert data is not None
        self._submit(
            "contact",
            lambda: service.log_contact(case_id, data),
            self._after_change(self.tr("Contact logged.")),
        )

    def phone_payment(self) -> None:
        case_id = self._need_case()
        if case_id is None:
            return
        dialog = PhonePaymentDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
            return
        amount, ref = dialog.value() or (0, "")
        actions = CaseActions(self._page.ctx)
        self._submit(
            "payment",
            lambda: actions.record_phone_payment(case_id, amount, ref),
            self._after_change(self.tr("Payment posted.")),
        )

    def propose_arrangement(self) -> None:
        case_id = self._need_case()
        if case_id is None or self.today is None:
            return
        service = ArrangementService(self._page.ctx)
        self._submit("outstanding", lambda: service.outstanding(case_id),
                     lambda owed: self._arrangement_dialog(case_id, owed))  # fmt: skip

    def _arrangement_dialog(self, case_id: int, outstanding: int) -> None:
        if self.today is None:
            return
        self.arrangement_dialog = dialog = ArrangementDialog(self.today, outstanding, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
            return
        plan, reason = dialog.value() or ([], "")
        service = ArrangementService(self._page.ctx)
        self._submit(
            "arrangement",
            lambda: service.propose(case_id, plan, reason),
            self._after_change(self.tr("Arrangement sent for approval.")),
        )

    # supervisor dialogs (window modal, non-blocking: results keep arriving) ------------

    def _show(self, dialog: QDialog) -> QDialog:
        self.supervisor_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def reassign(self) -> None:
        view = self.panel.view
        if self._need_case() is None or view is None:
            return
        row = view.row
        title = f"{row.loan_number} · {row.customer_name}"
        self._show(ReassignDialog(self._page, row.case_id, row.version, title, self))

    def teams(self) -> None:
        self._show(TeamsDialog(self._page, self))

    def escalations(self) -> None:
        self._show(EscalationsDialog(self._page, self))

    def suspense(self) -> None:
        self._show(SuspenseDialog(self._page, self))

    def letters(self, target: Any) -> Any:
        bucket = self.bucket.currentData() or Bucket.M1.value
        return jobs.bucket_letters(self, self._page, bucket, target)

    def import_file(self, path: Any) -> Any:
        return jobs.import_file(self, self._page, path)
