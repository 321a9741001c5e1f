"""Icons by meaning: the desktop theme's icon first, a bundled SVG second."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"


class Icon(StrEnum):
    """What an icon means; the value is the bundled SVG's stem."""

    APP = "app"
    APPLICATIONS = "applications"
    KYC = "kyc"
    COLLECTIONS = "collections"
    TICKETS = "tickets"
    USERS = "users"
    AUDIT = "audit"
    SEARCH = "search"
    LOCK = "lock"
    DATABASE = "database"
    BACKUP = "backup"
    QUIT = "quit"
    ABOUT = "about"
    REVEAL = "reveal"
    LANGUAGE = "language"
    CUSTOMER = "customer"
    KEY = "key"


# freedesktop icon-naming-spec names, where one fits the meaning
_THEME: dict[Icon, str] = {
    Icon.SEARCH: "edit-find",
    Icon.LOCK: "system-lock-screen",
    Icon.BACKUP: "document-save-as",
    Icon.QUIT: "application-exit",
    Icon.ABOUT: "help-about",
    Icon.USERS: "system-users",
    Icon.DATABASE: "network-server",
    Icon.KEY: "dialog-password",
}


def bundled_path(icon: Icon) -> Path:
    return ICON_DIR / f"{icon.value}.svg"


def icon(meaning: Icon) -> QIcon:
    """The icon for ``meaning``. Needs a QGuiApplication; call on the GUI thread."""
    fallback = QIcon(str(bundled_path(meaning)))
    theme = _THEME.get(meaning)
    if theme is not None and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme, fallback)
    return fallback
