"""The desks the main window can show. Registering a page is one line in PAGES."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.security.permissions import Permission
from ui.actions import ActionId
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import Icon

if TYPE_CHECKING:
    from app.context import ServiceContext
    from ui.db_connect import OpenDatabase
    from ui.tasks import TaskRunner


@dataclass(frozen=True)
class PageContext:
    """What a page is built with: the logged-in user's contexts, the database,
    the task runner, and a way to open the customer page."""

    ctx: ServiceContext  # writes: sessions that take the write lock on SQLite
    read_ctx: ServiceContext  # queries: sessions that do not
    db: OpenDatabase
    runner: TaskRunner
    open_customer: Callable[[int], None]


PageFactory = Callable[[PageContext], QWidget]


@dataclass(frozen=True)
class PageSpec:
    nav: ActionId
    title: str  # QT_TRANSLATE_NOOP("Navigation", ...)
    icon: Icon
    factory: PageFactory
    permission: Permission


def _applications(page: PageContext) -> QWidget:
    from ui.views.applications.page import ApplicationsPage

    return ApplicationsPage(page)


def _kyc(page: PageContext) -> QWidget:
    from ui.views.kyc.page import KycPage

    return KycPage(page)


def _collections(page: PageContext) -> QWidget:
    from ui.views.collections.page import CollectionsPage

    return CollectionsPage(page)


def _tickets(page: PageContext) -> QWidget:
    from ui.views.tickets.page import TicketsPage  # issue 7 desk

    return TicketsPage(page)


# (navigation action, title, icon, factory, permission needed to see the page)
PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        ActionId.NAV_APPLICATIONS,
        QT_TRANSLATE_NOOP("Navigation", "Applications"),
        Icon.APPLICATIONS,
        _applications,
        Permission.APPLICATION_VIEW,
    ),
    PageSpec(
        ActionId.NAV_KYC,
        QT_TRANSLATE_NOOP("Navigation", "KYC"),
        Icon.KYC,
        _kyc,
        Permission.KYC_VIEW,
    ),
    PageSpec(
        ActionId.NAV_COLLECTIONS,
        QT_TRANSLATE_NOOP("Navigation", "Collections"),
        Icon.COLLECTIONS,
        _collections,
        Permission.COLLECTIONS_VIEW,
    ),
    PageSpec(
        ActionId.NAV_TICKETS,
        QT_TRANSLATE_NOOP("Navigation", "Tickets"),
        Icon.TICKETS,
        _tickets,
        Permission.TICKET_VIEW,
    ),
)
