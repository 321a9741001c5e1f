"""The KYC queue as a paged table model (keyset pages from ``QueueService``)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from app.kyc.queue import QueueFilter, QueueKey, QueueRow, QueueService
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.paged import PagedTableModel
from ui.tasks import TaskRunner

REASON_NAMES = {
    "submitted": QT_TRANSLATE_NOOP("KycQueue", "To verify"),
    "rejected": QT_TRANSLATE_NOOP("KycQueue", "Rejected, awaiting resubmission"),
    "expired": QT_TRANSLATE_NOOP("KycQueue", "Expired, awaiting fresh evidence"),
    "expiring": QT_TRANSLATE_NOOP("KycQueue", "Expiring within 30 days"),
}
STATE_NAMES = {
    "incomplete": QT_TRANSLATE_NOOP("KycQueue", "Incomplete"),
    "complete": QT_TRANSLATE_NOOP("KycQueue", "Complete"),
    "expired": QT_TRANSLATE_NOOP("KycQueue", "Expired"),
    "rejected": QT_TRANSLATE_NOOP("KycQueue", "Rejected"),
}
KIND_NAMES = {
    "individual": QT_TRANSLATE_NOOP("KycQueue", "Individual"),
    "business": QT_TRANSLATE_NOOP("KycQueue", "Business"),
}
STATE_COLOURS = {"complete": "#2e7d32", "expired": "#b26a00", "rejected": "#c62828"}


def tr(text: str) -> str:
    return QCoreApplication.translate("KycQueue", text)


class KycQueueModel(PagedTableModel):
    """Checklists needing work, oldest first; the filter runs in the database. GUI thread."""

    class Column(IntEnum):
        NUMBER = 0
        CUSTOMER = 1
        KIND = 2
        REASON = 3
        DUE = 4
        STATE = 5
        CLAIMED_BY = 6

    HEADERS: ClassVar[dict[int, str]] = {
        Column.NUMBER: QT_TRANSLATE_NOOP("KycQueue", "Customer no."),
        Column.CUSTOMER: QT_TRANSLATE_NOOP("KycQueue", "Customer"),
        Column.KIND: QT_TRANSLATE_NOOP("KycQueue", "Type"),
        Column.REASON: QT_TRANSLATE_NOOP("KycQueue", "Needs"),
        Column.DUE: QT_TRANSLATE_NOOP("KycQueue", "Waiting since / due"),
        Column.STATE: QT_TRANSLATE_NOOP("KycQueue", "Checklist"),
        Column.CLAIMED_BY: QT_TRANSLATE_NOOP("KycQueue", "Worked by"),
    }
    TR_CONTEXT: ClassVar[str] = "KycQueue"

    def __init__(
        self,
        service: QueueService,
        *,
        runner: TaskRunner | None = None,
        page_size: int = 100,
        parent: QObject | None = None,
    ) -> None:
        self._service = service
        self._filter = QueueFilter()
        super().__init__(
            self._fetcher(self._filter),
            self._key,
            page_size=page_size,
            runner=runner,
            parent=parent,
        )

    @staticmethod
    def _key(row: QueueRow) -> QueueKey:
        return row.key

    def _fetcher(self, f: QueueFilter) -> Any:
        service = self._service

        def fetch(after: QueueKey | None, limit: int) -> list[QueueRow]:
            return service.page(f, after, limit)

        return fetch

    @property
    def queue_filter(self) -> QueueFilter:
        return self._filter

    def set_filter(self, f: QueueFilter) -> None:
        """New filter: the first page is queried again (no proxy model)."""
        self._filter = f
        self.set_fetch(self._fetcher(f))

    def display(self, row: QueueRow, column: int) -> str | None:
        c = self.Column
        if column == c.NUMBER:
            return row.customer_number
        if column == c.CUSTOMER:
            return row.customer_name
        if column == c.KIND:
            return tr(KIND_NAMES.get(row.customer_kind, row.customer_kind))
        if column == c.REASON:
            return tr(REASON_NAMES.get(row.reason, row.reason))
        if column == c.DUE:
            local = row.due.astimezone()
            return (
                local.strftime("%Y-%m-%d")
                if row.reason == "expiring"
                else (local.strftime("%Y-%m-%d %H:%M"))
            )
        if column == c.STATE:
            return tr(STATE_NAMES.get(row.state, row.state))
        if column == c.CLAIMED_BY:
            return row.claimed_by_name or ""
        return None

    def role_data(self, row: QueueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.Column.STATE:
            colour = STATE_COLOURS.get(row.state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.Column.CUSTOMER:
            return row.customer_number
        return None
