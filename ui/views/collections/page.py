"""Collections desk (placeholder until issue 6 replaces it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.icons import Icon
from ui.views.placeholder import EmptyStatePage
from ui.views.registry import PageContext


class CollectionsPage(EmptyStatePage):
    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(
            Icon.COLLECTIONS,
            QCoreApplication.translate("CollectionsPage", "Collections"),
            QCoreApplication.translate(
                "CollectionsPage",
                "This desk arrives with issue 6: queues, contact rules and promises to pay.",
            ),
            parent,
        )
        self.setObjectName("page_collections")
