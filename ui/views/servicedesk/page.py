"""Tickets desk (placeholder until issue 7 replaces it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.icons import Icon
from ui.views.placeholder import EmptyStatePage
from ui.views.registry import PageContext


class TicketsPage(EmptyStatePage):
    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(
            Icon.TICKETS,
            QCoreApplication.translate("TicketsPage", "Tickets"),
            QCoreApplication.translate(
                "TicketsPage",
                "This desk arrives with issue 7: call logs and tickets with SLA clocks.",
            ),
            parent,
        )
        self.setObjectName("page_servicedesk")
