"""The review queue as a paged table model (keyset pages from the database)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from app.money import format_amount
from app.origination.queries import QueueRow
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.paged import PagedTableModel

STATUS_NAMES: dict[str, str] = {
    "submitted": QT_TRANSLATE_NOOP("ApplicationStatus", "submitted"),
    "in_review": QT_TRANSLATE_NOOP("ApplicationStatus", "in review"),
    "info_requested": QT_TRANSLATE_NOOP("ApplicationStatus", "info requested"),
    "recommended": QT_TRANSLATE_NOOP("ApplicationStatus", "recommended"),
    "approved": QT_TRANSLATE_NOOP("ApplicationStatus", "approved"),
    "funding": QT_TRANSLATE_NOOP("ApplicationStatus", "funding"),
    "disbursed": QT_TRANSLATE_NOOP("ApplicationStatus", "disbursed"),
    "declined": QT_TRANSLATE_NOOP("ApplicationStatus", "declined"),
    "withdrawn": QT_TRANSLATE_NOOP("ApplicationStatus", "withdrawn"),
    "expired": QT_TRANSLATE_NOOP("ApplicationStatus", "expired"),
}


def status_name(status: str) -> str:
    """An application status in the user's language (any thread that has an app)."""
    text = STATUS_NAMES.get(status, status.replace("_", " "))
    return QCoreApplication.translate("ApplicationStatus", text)


class Col(IntEnum):
    NUMBER = 0
    CUSTOMER = 1
    PRODUCT = 2
    AMOUNT = 3
    TERM = 4
    GRADE = 5
    STATUS = 6
    ASSIGNED = 7
    AGE = 8


class ApplicationsQueueModel(PagedTableModel):
    """Rows are :class:`QueueRow`; GUI thread."""

    Column = Col
    TR_CONTEXT = "ApplicationsQueue"
    HEADERS: ClassVar[dict[int, str]] = {
        Col.NUMBER: QT_TRANSLATE_NOOP("ApplicationsQueue", "Application"),
        Col.CUSTOMER: QT_TRANSLATE_NOOP("ApplicationsQueue", "Customer"),
        Col.PRODUCT: QT_TRANSLATE_NOOP("ApplicationsQueue", "Product"),
        Col.AMOUNT: QT_TRANSLATE_NOOP("ApplicationsQueue", "Amount"),
        Col.TERM: QT_TRANSLATE_NOOP("ApplicationsQueue", "Term"),
        Col.GRADE: QT_TRANSLATE_NOOP("ApplicationsQueue", "Grade"),
        Col.STATUS: QT_TRANSLATE_NOOP("ApplicationsQueue", "Status"),
        Col.ASSIGNED: QT_TRANSLATE_NOOP("ApplicationsQueue", "Underwriter"),
        Col.AGE: QT_TRANSLATE_NOOP("ApplicationsQueue", "Age / target (h)"),
    }

    def display(self, row: QueueRow, column: int) -> str | None:
        match column:
            case Col.NUMBER:
                return row.number
            case Col.CUSTOMER:
                return row.customer_name
            case Col.PRODUCT:
                return row.product_code
            case Col.AMOUNT:
                return format_amount(row.amount, grouping=True)
            case Col.TERM:
                return str(row.term)
            case Col.GRADE:
                return f"{row.grade} ({row.score})"
            case Col.STATUS:
                return status_name(row.status)
            case Col.ASSIGNED:
                return row.assigned_name or "—"
            case Col.AGE:
                return f"{row.age_hours} / {row.target_hours}"
        return None

    def role_data(self, row: QueueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Col.AMOUNT, Col.TERM):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == Col.AGE and row.overdue:
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole and column == Col.AGE and row.overdue:
            return self.tr("Waiting longer than the review target")
        return None
