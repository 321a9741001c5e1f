"""The screening queue: potential sanctions/PEP matches waiting for a second officer.

A short list (open matches are few), so a plain table widget; clicking a row opens
the customer's checklist, whose screening box confirms or clears the match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kyc.screening import OpenMatch, ScreeningService
from ui.tasks import TaskRunner


class MatchQueue(QWidget):
    """GUI thread. ``customer_chosen(customer_id)`` when a row is clicked."""

    customer_chosen = Signal(int)

    def __init__(
        self,
        service: ScreeningService,
        runner: TaskRunner,
        on_error: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._on_error = on_error
        self.rows: tuple[OpenMatch, ...] = ()
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("kyc_match_queue")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Customer"),
                self.tr("List"),
                self.tr("Matched name"),
                self.tr("Screened on"),
                self.tr("Recorded by"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellClicked.connect(self._clicked)
        self.table.cellActivated.connect(self._clicked)
        self.hint = QLabel(
            self.tr("Open matches close the lending gate until another officer clears them.")
        )
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def reload(self) -> None:
        self._runner.submit(
            lambda _c: self._service.open_matches(),
            self._loaded,
            self._on_error,
            owner=self,
            name="kyc.open_matches",
        )

    def _loaded(self, rows: Any) -> None:
        self.rows = tuple(rows)
        self.table.setRowCount(len(self.rows))
        for r, m in enumerate(self.rows):
            mine = self.tr(" (you)") if m.recorded_by_me else ""
            values = (
                f"{m.customer_number} {m.customer_name}",
                m.list_name,
                m.matched_name,
                m.screened_on.isoformat(),
                m.recorded_by_name + mine,
            )
            for c, text in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows):
            self.customer_chosen.emit(self.rows[row].customer_id)
