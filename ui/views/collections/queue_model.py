"""The case queue: open cases a page at a time, highest priority first."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from app.collections.queries import QueueFilter, QueueRow
from app.money import format_amount
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.paged import FetchPage, PagedTableModel
from ui.views.collections.labels import bucket_text, explain_priority, tr

CTX = "CaseQueue"


class CaseColumn(IntEnum):
    PRIORITY = 0
    CUSTOMER = 1
    LOAN = 2
    BUCKET = 3
    DPD = 4
    OVERDUE = 5
    AGENT = 6
    PROMISE = 7
    STATE = 8


class CaseQueueModel(PagedTableModel):
    Column = CaseColumn
    TR_CONTEXT = CTX
    HEADERS: ClassVar[dict[int, str]] = {
        CaseColumn.PRIORITY: QT_TRANSLATE_NOOP("CaseQueue", "Priority"),
        CaseColumn.CUSTOMER: QT_TRANSLATE_NOOP("CaseQueue", "Customer"),
        CaseColumn.LOAN: QT_TRANSLATE_NOOP("CaseQueue", "Contract"),
        CaseColumn.BUCKET: QT_TRANSLATE_NOOP("CaseQueue", "Bucket"),
        CaseColumn.DPD: QT_TRANSLATE_NOOP("CaseQueue", "DPD"),
        CaseColumn.OVERDUE: QT_TRANSLATE_NOOP("CaseQueue", "Overdue"),
        CaseColumn.AGENT: QT_TRANSLATE_NOOP("CaseQueue", "Agent"),
        CaseColumn.PROMISE: QT_TRANSLATE_NOOP("CaseQueue", "Promise due"),
        CaseColumn.STATE: QT_TRANSLATE_NOOP("CaseQueue", "State"),
    }

    def display(self, row: QueueRow, column: int) -> str | None:
        values: dict[int, Callable[[], str]] = {
            CaseColumn.PRIORITY: lambda: str(row.priority_total),
            CaseColumn.CUSTOMER: lambda: row.customer_name,
            CaseColumn.LOAN: lambda: row.loan_number,
            CaseColumn.BUCKET: lambda: bucket_text(row.bucket),
            CaseColumn.DPD: lambda: str(row.dpd),
            CaseColumn.OVERDUE: lambda: format_amount(row.overdue_amount, True),
            CaseColumn.AGENT: lambda: row.agent_name or tr("(team pool)"),
            CaseColumn.PROMISE: lambda: (
                row.promise_due_on.isoformat() if row.promise_due_on else ""
            ),
            CaseColumn.STATE: lambda: self._state(row),
        }
        make = values.get(column)
        return make() if make else None

    @staticmethod
    def _state(row: QueueRow) -> str:
        parts = []
        if row.paused:
            parts.append(tr("paused (dispute/hardship)"))
        if row.escalation:
            parts.append(tr("escalated: {0}").format(row.escalation))
        if row.claimed_by is not None:
            parts.append(tr("being worked"))
        return ", ".join(parts)

    def role_data(self, row: QueueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == CaseColumn.PRIORITY:
            return explain_priority(row.priority)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            CaseColumn.PRIORITY,
            CaseColumn.DPD,
            CaseColumn.OVERDUE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def queue_fetch(read_sessions: Any, flt: QueueFilter) -> FetchPage:
    """A keyset fetch over ``queue_page``; opens its own session (pool thread)."""
    from app.collections.queries import queue_page

    def fetch(after: Any, limit: int) -> list[QueueRow]:
        with read_sessions() as session:
            return queue_page(session, flt, after, limit)

    return fetch


def key_of(flt: QueueFilter) -> Callable[[QueueRow], tuple[int, int]]:
    return lambda row: row.sort_key(flt.sort)
