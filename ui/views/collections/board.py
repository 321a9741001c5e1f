"""The supervisor's board: cases and amounts per bucket and agent, each agent's day,
and the arrangements waiting for approval. GUI thread; queries run on the runner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.collections.arrangements import ArrangementService, PendingArrangement
from app.money import format_amount
from ui.views.collections.labels import bucket_text, notify
from ui.views.registry import PageContext


def _fill(table: QTableWidget, rows: list[list[str]], numeric: tuple[int, ...] = ()) -> None:
    """Replace the rows; ``numeric`` columns are right-aligned like figures should be."""
    table.setRowCount(len(rows))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if c in numeric:
                item.setTextAlignment(right)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()  # a handful of rows: cheap, and headers stay readable


def _tidy(table: QTableWidget, stretch: int) -> None:
    """No row numbers; ``stretch`` (a text column) takes the spare width."""
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)


class SupervisorBoard(QWidget):
    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collections_board")
        self._page = page
        self.pending: list[PendingArrangement] = []
        self.buckets = QTableWidget(0, 4)
        self.buckets.setObjectName("board_buckets")
        self.buckets.setHorizontalHeaderLabels(
            [self.tr("Bucket"), self.tr("Agent"), self.tr("Cases"), self.tr("Overdue")]
        )
        self.agents = QTableWidget(0, 6)
        self.agents.setObjectName("board_agents")
        self.agents.setHorizontalHeaderLabels(
            [self.tr("Agent"), self.tr("Attempts"), self.tr("Right-party contacts"),
             self.tr("Promises made"), self.tr("Promises kept"), self.tr("Collected")]
        )  # fmt: skip
        self.arrangements = QTableWidget(0, 7)
        self.arrangements.setObjectName("board_arrangements")
        self.arrangements.setHorizontalHeaderLabels(
            [self.tr("Customer"), self.tr("Contract"), self.tr("DPD"), self.tr("Overdue"),
             self.tr("Plan"), self.tr("Agent's note"), self.tr("Proposed by")]
        )  # fmt: skip
        self.arrangements.setWordWrap(True)
        for table, stretch in ((self.buckets, 1), (self.agents, 0), (self.arrangements, 5)):
            _tidy(table, stretch)
        self.approve_button = QPushButton(self.tr("Approve arrangement"))
        self.approve_button.setObjectName("board_approve")
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button = QPushButton(self.tr("Reject arrangement"))
        self.reject_button.setObjectName("board_reject")
        self.reject_button.clicked.connect(lambda: self.decide(False))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.setObjectName("board_refresh")
        refresh.clicked.connect(self.refresh)
        self.status = QLabel()
        buttons = QHBoxLayout()
        for w in (self.approve_button, self.reject_button, refresh):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Open cases by bucket and agent")))
        layout.addWidget(self.buckets)
        layout.addWidget(QLabel(self.tr("Today per agent")))
        layout.addWidget(self.agents)
        layout.addWidget(QLabel(self.tr("Arrangements waiting for approval")))
        layout.addWidget(self.arrangements)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        read = self._page.read_ctx
        ctx = self._page.ctx

        def job(_control: Any) -> Any:
            from app.collections.queries import board
            from app.platform import load_state

            with read.sessions() as session:
                cells, agents = board(session, load_state(session).business_date)
            return cells, agents, ArrangementService(ctx).waiting()

        self._page.runner.submit(job, self._loaded, self._failed, owner=self, name="board")

    def _loaded(self, result: Any) -> None:
        cells, agents, pending = result
        _fill(
            self.buckets,
            [[bucket_text(c.bucket), c.agent_name or self.tr("(team pool)"), str(c.cases),
              format_amount(c.overdue, True)] for c in cells],
            numeric=(2, 3),
        )  # fmt: skip
        _fill(
            self.agents,
            [[a.agent_name, str(a.attempts), str(a.right_party_contacts), str(a.promises_made),
              str(a.promises_kept), format_amount(a.collected, True)] for a in agents],
            numeric=(1, 2, 3, 4, 5),
        )  # fmt: skip
        self.pending = pending
        _fill(
            self.arrangements,
            [[f"{p.customer_name} · {p.customer_number}", p.contract, str(p.dpd),
              format_amount(p.overdue_amount, True),
              "; ".join(f"{d.isoformat()} {format_amount(m, True)}" for d, m in p.info.plan),
              p.info.reason or "—", p.info.proposed_by] for p in pending],
            numeric=(2, 3),
        )  # fmt: skip
        if pending:
            self.arrangements.selectRow(0)

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def decide(self, approve: bool) -> None:
        row = self.arrangements.currentRow()
        if not 0 <= row < len(self.pending):
            self.status.setText(self.tr("Select an arrangement first."))
            return
        chosen = self.pending[row].info
        ctx = self._page.ctx

        def job(_control: Any) -> None:
            ArrangementService(ctx).decide(chosen.id, chosen.version, approve)

        def done(_result: Any) -> None:
            self.status.setText(
                self.tr("Arrangement approved.") if approve else self.tr("Arrangement rejected.")
            )
            self.refresh()

        def failed(message: str) -> None:
            notify(self, self.tr("Arrangement"), message, warning=True)

        self._page.runner.submit(job, done, failed, owner=self, name="decide")
