"""Customer search results (masked personal data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, ClassVar

from app.customers.service import CustomerSummary
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.paged import FetchPage, PagedTableModel


class CustomerColumn(IntEnum):
    NUMBER = 0
    NAME = 1
    KIND = 2
    ID_NUMBER = 3
    PHONE = 4
    CITY = 5


KIND_NAMES = {
    "individual": QT_TRANSLATE_NOOP("CustomerTable", "Individual"),
    "business": QT_TRANSLATE_NOOP("CustomerTable", "Business"),
}


class CustomerResultsModel(PagedTableModel):
    Column = CustomerColumn
    TR_CONTEXT = "CustomerTable"
    HEADERS: ClassVar[dict[int, str]] = {
        CustomerColumn.NUMBER: QT_TRANSLATE_NOOP("CustomerTable", "Customer no."),
        CustomerColumn.NAME: QT_TRANSLATE_NOOP("CustomerTable", "Name"),
        CustomerColumn.KIND: QT_TRANSLATE_NOOP("CustomerTable", "Kind"),
        CustomerColumn.ID_NUMBER: QT_TRANSLATE_NOOP("CustomerTable", "ID number"),
        CustomerColumn.PHONE: QT_TRANSLATE_NOOP("CustomerTable", "Phone"),
        CustomerColumn.CITY: QT_TRANSLATE_NOOP("CustomerTable", "City"),
    }

    def display(self, row: CustomerSummary, column: int) -> str | None:
        from PySide6.QtCore import QCoreApplication

        if column == CustomerColumn.NUMBER:
            return row.number
        if column == CustomerColumn.NAME:
            return row.name
        if column == CustomerColumn.KIND:
            return QCoreApplication.translate("CustomerTable", KIND_NAMES.get(row.kind, row.kind))
        if column == CustomerColumn.ID_NUMBER:
            return row.id_number_masked
        if column == CustomerColumn.PHONE:
            return row.phone_masked
        if column == CustomerColumn.CITY:
            return row.city or ""
        return None


def search_fetch(search: Callable[[str], Sequence[CustomerSummary]], text: str) -> FetchPage:
    """The search service returns at most one page of best matches; no second page."""

    def fetch(after: Any, limit: int) -> list[CustomerSummary]:
        return [] if after is not None else list(search(text))[:limit]

    return fetch
