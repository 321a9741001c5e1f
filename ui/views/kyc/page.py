"""KYC desk (placeholder until issue 5 replaces it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.icons import Icon
from ui.views.placeholder import EmptyStatePage
from ui.views.registry import PageContext


class KycPage(EmptyStatePage):
    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(
            Icon.KYC,
            QCoreApplication.translate("KycPage", "KYC"),
            QCoreApplication.translate(
                "KycPage", "This desk arrives with issue 5: checklists, evidence and verification."
            ),
            parent,
        )
        self.setObjectName("page_kyc")
