"""Applications desk (placeholder until issue 4 replaces it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.icons import Icon
from ui.views.placeholder import EmptyStatePage
from ui.views.registry import PageContext


class ApplicationsPage(EmptyStatePage):
    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(
            Icon.APPLICATIONS,
            QCoreApplication.translate("ApplicationsPage", "Applications"),
            QCoreApplication.translate(
                "ApplicationsPage",
                "This desk arrives with issue 4: the underwriter's queue, scorecard and decisions.",
            ),
            parent,
        )
        self.setObjectName("page_origination")
