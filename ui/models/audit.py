"""The audit viewer's table: audit events, newest first, a page at a time."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from app.audit_queries import AuditFilter, AuditRow
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.paged import PagedTableModel


class AuditColumn(IntEnum):
    SEQ = 0
    WHEN = 1
    USER = 2
    ACTION = 3
    ENTITY = 4
    ENTITY_ID = 5
    CHANGE = 6


class AuditTableModel(PagedTableModel):
    """Rows are :class:`AuditRow`; sorting by # flips the keyset direction."""

    Column = AuditColumn
    TR_CONTEXT = "AuditTable"
    HEADERS: ClassVar[dict[int, str]] = {
        AuditColumn.SEQ: QT_TRANSLATE_NOOP("AuditTable", "#"),
        AuditColumn.WHEN: QT_TRANSLATE_NOOP("AuditTable", "When"),
        AuditColumn.USER: QT_TRANSLATE_NOOP("AuditTable", "User"),
        AuditColumn.ACTION: QT_TRANSLATE_NOOP("AuditTable", "Action"),
        AuditColumn.ENTITY: QT_TRANSLATE_NOOP("AuditTable", "Entity"),
        AuditColumn.ENTITY_ID: QT_TRANSLATE_NOOP("AuditTable", "ID"),
        AuditColumn.CHANGE: QT_TRANSLATE_NOOP("AuditTable", "Change"),
    }

    def display(self, row: AuditRow, column: int) -> str | None:
        if column == AuditColumn.SEQ:
            return str(row.seq)
        if column == AuditColumn.WHEN:
            return row.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if column == AuditColumn.USER:
            return row.actor_name
        if column == AuditColumn.ACTION:
            return row.action
        if column == AuditColumn.ENTITY:
            return row.entity
        if column == AuditColumn.ENTITY_ID:
            return row.entity_id
        if column == AuditColumn.CHANGE:
            return _shorten(row.after_json or row.before_json or "")
        return None

    def role_data(self, row: AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == AuditColumn.CHANGE:
            return (
                "\n".join(
                    part
                    for part in (
                        f"before: {row.before_json}" if row.before_json else "",
                        f"after: {row.after_json}" if row.after_json else "",
                    )
                    if part
                )
                or None
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AuditColumn.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def audit_key(row: AuditRow) -> int:
    return row.seq


def sort_filter(flt: AuditFilter, column: int, order: Qt.SortOrder) -> AuditFilter | None:
    """The filter for a header click, or None when that column cannot be sorted
    in the database (only # has an index to page on)."""
    if column != AuditColumn.SEQ:
        return None
    newest = order == Qt.SortOrder.DescendingOrder
    return AuditFilter(flt.actor_name, flt.entity, flt.date_from, flt.date_to, newest)
