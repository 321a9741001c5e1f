"""The ticket queue table: keyset-paged rows from TicketQueries."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.servicedesk.queries import PageKey, Queue, Sort, TicketQueries
from app.servicedesk.read import TicketRow
from app.servicedesk.sla import Light, format_left
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.paged import PagedTableModel
from ui.tasks import TaskRunner
from ui.views.tickets.labels import priority_text, status_text

LIGHT_ROLE = Qt.ItemDataRole.UserRole + 2

#: Background colours of the SLA cell (amber near the target, red past it).
LIGHT_COLOURS = {
    Light.RED: QColor("#f4c7c3"),
    Light.AMBER: QColor("#fce8b2"),
    Light.GREEN: QColor("#d9ead3"),
}


class Col(IntEnum):
    NUMBER = 0
    SUBJECT = 1
    STATUS = 2
    PRIORITY = 3
    CUSTOMER = 4
    ASSIGNEE = 5
    SLA = 6


class TicketQueueModel(PagedTableModel):
    """GUI thread. Pages come from ``TicketQueries.page`` (on the runner if given)."""

    Column: ClassVar[type[IntEnum]] = Col
    TR_CONTEXT: ClassVar[str] = "TicketQueue"
    HEADERS: ClassVar[dict[int, str]] = {
        Col.NUMBER: QT_TRANSLATE_NOOP("TicketQueue", "Number"),
        Col.SUBJECT: QT_TRANSLATE_NOOP("TicketQueue", "Subject"),
        Col.STATUS: QT_TRANSLATE_NOOP("TicketQueue", "Status"),
        Col.PRIORITY: QT_TRANSLATE_NOOP("TicketQueue", "Priority"),
        Col.CUSTOMER: QT_TRANSLATE_NOOP("TicketQueue", "Customer"),
        Col.ASSIGNEE: QT_TRANSLATE_NOOP("TicketQueue", "Assignee"),
        Col.SLA: QT_TRANSLATE_NOOP("TicketQueue", "Time left"),
    }

    def __init__(
        self, queries: TicketQueries, runner: TaskRunner | None = None, page_size: int = 100
    ) -> None:
        super().__init__(None, None, page_size=page_size, runner=runner)
        self._queries = queries

    def show_queue(self, queue: Queue, sort: Sort = Sort.DUE, search: str | None = None) -> None:
        queries = self._queries
        queue, sort = Queue(queue), Sort(sort)

        def fetch(after: PageKey | None, limit: int) -> list[TicketRow]:
            return list(queries.page(queue, sort, after, limit, search).rows)

        def key_of(row: TicketRow) -> PageKey:
            value = row.created_at if sort is Sort.NEWEST else row.due_sort_key
            return PageKey(value, row.id)

        self.set_fetch(fetch, key_of)

    def display(self, row: Any, column: int) -> str | None:
        r: TicketRow = row
        if column == Col.NUMBER:
            return r.number
        if column == Col.SUBJECT:
            return r.subject
        if column == Col.STATUS:
            return status_text(r.status)
        if column == Col.PRIORITY:
            return priority_text(r.priority)
        if column == Col.CUSTOMER:
            return r.customer_name or ""
        if column == Col.ASSIGNEE:
            return r.assignee_name or ""
        if column == Col.SLA:
            if r.sla.light is Light.PAUSED:
                return self.tr("paused")
            if r.sla.light in (Light.MET, Light.MISSED):
                return ""
            return format_left(r.sla.left_seconds)
        return None

    def role_data(self, row: Any, column: int, role: int) -> Any:
        r: TicketRow = row
        if role == LIGHT_ROLE:
            return str(r.sla.light)
        if role == Qt.ItemDataRole.BackgroundRole and column == Col.SLA:
            colour = LIGHT_COLOURS.get(r.sla.light)
            return QBrush(colour) if colour is not None else None
        return None
