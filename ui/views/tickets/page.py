"""The tickets desk page: queue selector and search, the paged queue, the ticket
detail. In the shell the call panel is the main window's dock (Ctrl+Shift+L from
any desk); a page built on its own (tests) embeds one with its own action."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import ServiceContext
from app.errors import P2PDeskError
from app.security.permissions import Permission
from app.security.pii import PiiVault
from app.servicedesk.breaches import sweep_breaches
from app.servicedesk.calls import CallResult, CallService
from app.servicedesk.queries import Queue, Sort, TicketQueries
from app.servicedesk.service import TicketService
from ui.actions import DeskVerb, desk_key
from ui.models.paged import ROW_ROLE
from ui.tasks import TaskRunner
from ui.views.registry import PageContext
from ui.views.tickets.call_panel import LOG_CALL_ACTION_ID, CallPanel, create_log_call_action
from ui.views.tickets.complaints_export import ComplaintExportDialog
from ui.views.tickets.detail import TicketDetailPane
from ui.views.tickets.manage import NewTicketDialog
from ui.views.tickets.queue_model import Col, TicketQueueModel


class TicketsPage(QWidget):
    """GUI thread. Built by the shell with its PageContext (``from_page``) or, in
    tests, straight from service contexts."""

    def __init__(
        self,
        page: PageContext | None = None,
        parent: QWidget | None = None,
        *,
        ctx: ServiceContext | None = None,
        vault: PiiVault | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_servicedesk")
        if page is not None:
            ctx, vault, runner = page.ctx, page.db.vault, page.runner
            read_ctx = page.read_ctx
        else:
            assert ctx is not None
            read_ctx = ctx
        self._ctx = ctx
        self._runner = runner or TaskRunner(self)
        self._vault = vault
        self._page = page
        self._read_ctx = read_ctx
        self.dialog: NewTicketDialog | None = None
        self.service = TicketService(ctx)
        self.model = TicketQueueModel(TicketQueries(read_ctx), runner)
        self.queue = QComboBox()
        self.queue.setObjectName("ticket_queue_choice")
        for q, text in (
            (Queue.MINE, self.tr("My tickets")),
            (Queue.TEAM, self.tr("My team's")),
            (Queue.UNASSIGNED, self.tr("Unassigned")),
            (Queue.BREACHING, self.tr("Breaching soon")),
            (Queue.ESCALATED, self.tr("Escalated to me")),
            (Queue.ALL, self.tr("All open")),
        ):
            self.queue.addItem(text, q)
        self.sort = QComboBox()
        self.sort.setObjectName("ticket_sort")
        self.sort.addItem(self.tr("Due first"), Sort.DUE)
        self.sort.addItem(self.tr("Newest first"), Sort.NEWEST)
        self.search = QLineEdit()
        self.search.setObjectName("ticket_search")
        self.search.setPlaceholderText(self.tr("Search subject, notes or ticket number"))
        self.search.returnPressed.connect(self.refresh)
        refresh = self._button(
            "ticket_refresh", self.tr("&Refresh"), self.refresh, DeskVerb.REFRESH
        )
        self.take_next_button = self._button(
            "ticket_take_next", self.tr("Take next"), self.take_next, DeskVerb.TAKE_NEXT
        )
        self.new_button = self._button(
            "ticket_new", self.tr("New ticket…"), self.new_ticket, DeskVerb.NEW
        )
        can_work = ctx.actor.can(Permission.TICKET_WORK)
        self.take_next_button.setVisible(can_work)
        self.new_button.setVisible(can_work)
        self.export_button = QPushButton(self.tr("Export complaints…"))
        self.export_button.setObjectName("ticket_export_complaints")
        self.export_button.clicked.connect(self.export_complaints)
        self.call_button = QPushButton(self.tr("Log a &call"))
        self.call_button.setObjectName("ticket_log_call")
        self.call_button.clicked.connect(self.open_call_panel)
        self.table = QTableView()
        self.table.setObjectName("ticket_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((Col.NUMBER, 120), (Col.SUBJECT, 220), (Col.STATUS, 110)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.detail = TicketDetailPane(
            self.service, self._runner, page, read_ctx=read_ctx, vault=vault
        )
        self.detail.changed.connect(lambda _tid: self.refresh())
        self.call_panel: CallPanel | None = None
        self.log_call_action: QAction | None = None
        if page is None:
            self.call_panel = CallPanel(CallService(ctx, vault), ctx.clock, runner=self._runner)
            self.call_panel.setVisible(False)
            self.call_panel.call_saved.connect(self._call_saved)
            self.log_call_action = create_log_call_action(self, self.open_call_panel)
            self.addAction(self.log_call_action)

        bar = QHBoxLayout()
        for w in (
            self.take_next_button,
            self.new_button,
            self.queue,
            self.sort,
            self.search,
            refresh,
            self.export_button,
            self.call_button,
        ):
            bar.addWidget(w)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.detail)
        if self.call_panel is not None:
            right.addWidget(self.call_panel)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 560])  # the queue's SLA column stays in view
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.queue.currentIndexChanged.connect(self.refresh)
        self.sort.currentIndexChanged.connect(self.refresh)
        self._shown_once = False
        self.refresh()

    def refresh(self) -> None:
        """Escalate breaches due by now (durable, audited), then reload the queue."""
        # A read-only user still sees the lights: they are computed on read.
        with contextlib.suppress(P2PDeskError):
            sweep_breaches(self._ctx)
        text = self.search.text().strip()
        if text:
            self.model.show_queue(Queue.SEARCH, Sort.NEWEST, text)
        else:
            # Qt hands the enum back as its plain string value: rebuild the enum.
            self.model.show_queue(Queue(self.queue.currentData()), Sort(self.sort.currentData()))

    def _button(
        self, name: str, text: str, slot: Callable[[], object], verb: DeskVerb
    ) -> QPushButton:
        """A bar button with the desk's key for ``verb`` (live while this desk shows)."""
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setToolTip(desk_key(verb).toString(QKeySequence.SequenceFormat.NativeText))
        action = QAction(text, self)
        action.setObjectName(f"{name}_action")
        action.setShortcut(desk_key(verb))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: button.isVisible() and button.isEnabled() and slot())
        self.addAction(action)
        return button

    def take_next(self) -> None:
        """Claim the soonest-due waiting ticket of my teams and show it (in a task)."""
        service = self.service
        self.take_next_button.setEnabled(False)
        self.detail.message.setText(self.tr("Taking the next ticket…"))
        self._runner.submit(
            lambda _c: service.take_next(),
            self._taken,
            self._take_failed,
            owner=self,
            name="ticket-take-next",
        )

    def _taken(self, result: Any) -> None:
        self.take_next_button.setEnabled(True)
        if result is None:
            self.detail.message.setText(self.tr("No ticket is waiting in your teams' queues."))
            return
        self.detail.message.clear()
        self.detail.show_ticket(result)
        self.refresh()

    def _take_failed(self, message: str) -> None:
        self.take_next_button.setEnabled(True)
        self.detail.message.setText(message)

    def new_ticket(self) -> NewTicketDialog:
        """The new-ticket dialog (email, walk-in, letter, online); window modal."""
        dialog = NewTicketDialog(
            self.service, self._vault, self._runner, self, read_ctx=self._read_ctx
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._created)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def _created(self, result: Any) -> None:
        self.detail.show_ticket(result)
        self.refresh()

    def open_call_panel(self) -> None:
        """The shell's log-call action (its dock) if there is one, else the embedded panel."""
        if self.call_panel is None:
            action = self.window().findChild(QAction, LOG_CALL_ACTION_ID)
            if action is not None:
                action.trigger()
            return
        self.call_panel.start_call()
        self.call_panel.setVisible(True)
        self.call_panel.search.setFocus()

    def export_complaints(self) -> ComplaintExportDialog:
        """The complaint register export dialog (CSV or PDF, written in a task)."""
        dialog = ComplaintExportDialog(self._ctx, self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def showEvent(self, event: QShowEvent) -> None:
        # Calls logged from the dock on another desk appear when the desk is shown again.
        if self._shown_once:
            self.refresh()
        self._shown_once = True
        super().showEvent(event)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is None:
            self.detail.show_ticket(None)
        else:
            self.detail.load(row.id)

    def _call_saved(self, result: CallResult) -> None:
        self.detail.show_ticket(result.ticket)
        self.refresh()
