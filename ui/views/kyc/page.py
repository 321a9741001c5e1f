"""The KYC desk: the queue of checklists needing work beside the checklist itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.kyc.queue import QueueFilter, QueueService
from app.kyc.records import ChecklistView
from app.kyc.screening import ScreeningService
from app.security.permissions import Permission
from ui.actions import DeskVerb, desk_key
from ui.models.paged import ROW_ROLE
from ui.views.kyc.checklist_panel import ChecklistPanel
from ui.views.kyc.match_queue import MatchQueue
from ui.views.kyc.queue_model import REASON_NAMES, KycQueueModel
from ui.views.registry import PageContext


class KycPage(QWidget):
    """Built by the main window from its ``PageContext``. GUI thread."""

    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_kyc")
        self._page = page
        self._runner = page.runner
        self._queue = QueueService(page.ctx)
        actor = page.ctx.actor

        self.reason = QComboBox()
        self.reason.setObjectName("kyc_queue_reason")
        self.reason.addItem(self.tr("All work"), None)
        for key, text in REASON_NAMES.items():
            self.reason.addItem(self._qt(text), key)
        self.kind = QComboBox()
        self.kind.setObjectName("kyc_queue_kind")
        self.kind.addItem(self.tr("All customers"), None)
        self.kind.addItem(self.tr("Individuals"), "individual")
        self.kind.addItem(self.tr("Businesses"), "business")
        self.reason.currentIndexChanged.connect(self._filter_changed)
        self.kind.currentIndexChanged.connect(self._filter_changed)
        self.take_next_button = QPushButton(self.tr("Take next"))
        self.take_next_button.setObjectName("kyc_take_next")
        self.take_next_button.setToolTip(
            self.tr("Claim the oldest free checklist ({0})").format(
                desk_key(DeskVerb.TAKE_NEXT).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.take_next_button.setVisible(actor.can(Permission.KYC_VERIFY))
        self.take_next_button.clicked.connect(self.take_next)
        self.release_button = QPushButton(self.tr("Release"))
        self.release_button.setObjectName("kyc_release")
        self.release_button.setToolTip(self.tr("Give the checklist you claimed back to the queue"))
        self.release_button.setVisible(actor.can(Permission.KYC_VERIFY))
        self.release_button.clicked.connect(self.release)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("kyc_refresh")
        self.refresh_button.clicked.connect(self.refresh)

        self.model = KycQueueModel(QueueService(page.read_ctx), runner=page.runner, parent=self)
        self.table = QTableView()
        self.table.setObjectName("kyc_queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((1, 150), (3, 190), (4, 130)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._row_activated)
        self.table.clicked.connect(self._row_activated)
        self.status = QLabel()
        self.status.setObjectName("kyc_queue_status")
        self.model.page_loaded.connect(self._update_status)
        self.model.load_failed.connect(self.status.setText)

        self.panel = ChecklistPanel(
            page.ctx, page.read_ctx, page.db.vault, page.runner, page.open_customer, self
        )
        self.panel.changed.connect(self.refresh)
        if page.db.vault is None and page.db.vault_reason:
            self.panel.message.setText(page.db.vault_reason)

        filters = QHBoxLayout()
        filters.addWidget(self.reason, 1)
        filters.addWidget(self.kind)
        filters.addWidget(self.take_next_button)
        filters.addWidget(self.release_button)
        filters.addWidget(self.refresh_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)
        self.matches = MatchQueue(
            ScreeningService(page.read_ctx), page.runner, self.panel._show_error, self
        )
        self.matches.customer_chosen.connect(self.open_customer)
        self.panel.changed.connect(self.matches.reload)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("kyc_tabs")
        self.tabs.addTab(left, self.tr("Checklists"))
        self.tabs.addTab(self.matches, self.tr("Screening matches"))
        self.tabs.currentChanged.connect(lambda _i: self.matches.reload())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("kyc_splitter")
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        take = QAction(self.tr("Take next"), self)
        take.setObjectName("kyc.take_next")
        take.setShortcut(desk_key(DeskVerb.TAKE_NEXT))
        take.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        take.triggered.connect(self.take_next)
        refresh = QAction(self.tr("Refresh"), self)
        refresh.setObjectName("kyc.refresh")
        refresh.setShortcut(desk_key(DeskVerb.REFRESH))
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.refresh)
        self.addActions([take, refresh])

    @staticmethod
    def _qt(text: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("KycQueue", text)

    def current_filter(self) -> QueueFilter:
        return QueueFilter(self.reason.currentData(), self.kind.currentData())

    def _filter_changed(self) -> None:
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        self.model.reload()
        self.matches.reload()

    def release(self) -> None:
        """Give the shown checklist back to the queue (a claim of mine only)."""
        view = self.panel.view
        if view is None:
            return
        checklist_id = view.id
        self._runner.submit(
            lambda _c: self._queue.release(checklist_id),
            lambda _r: self._released(checklist_id),
            self.panel._show_error,
            owner=self,
            name="kyc.release",
        )

    def _released(self, checklist_id: int) -> None:
        self.status.setText(self.tr("Checklist given back to the queue."))
        self.panel.load_checklist(checklist_id)
        self.model.reload()

    def _update_status(self, _added: int) -> None:
        more = "" if self.model.exhausted else self.tr(" (scroll for more)")
        self.status.setText(self.tr("{0} checklists{1}").format(self.model.rowCount(), more))

    def _row_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.panel.load_checklist(row.checklist_id)

    def take_next(self) -> None:
        """Claim the oldest free checklist matching the filter (row-locked in the service)."""
        f = self.current_filter()
        self._runner.submit(
            lambda _c: self._queue.take_next(f),
            self._took,
            self.panel._show_error,
            owner=self,
            name="kyc.take_next",
        )

    def _took(self, view: Any) -> None:
        if view is None:
            self.status.setText(self.tr("Nothing left in the queue for this filter."))
            return
        assert isinstance(view, ChecklistView)
        self.panel.show_checklist(view)
        self.refresh()

    def open_customer(self, customer_id: int) -> None:
        """Show (and create, the first time) a customer's checklist."""
        self.panel.open_customer(customer_id)
