"""The users table of the users dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt

from app.security.users import UserInfo
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.paged import FetchPage, PagedTableModel


class UserColumn(IntEnum):
    USERNAME = 0
    NAME = 1
    ROLES = 2
    STATUS = 3
    LAST_LOGIN = 4


ROLE_NAMES: dict[str, str] = {
    "admin": QT_TRANSLATE_NOOP("Roles", "Administrator"),
    "underwriter": QT_TRANSLATE_NOOP("Roles", "Underwriter"),
    "senior_underwriter": QT_TRANSLATE_NOOP("Roles", "Senior underwriter"),
    "kyc_officer": QT_TRANSLATE_NOOP("Roles", "KYC officer"),
    "collections_agent": QT_TRANSLATE_NOOP("Roles", "Collections agent"),
    "collections_supervisor": QT_TRANSLATE_NOOP("Roles", "Collections supervisor"),
    "support_agent": QT_TRANSLATE_NOOP("Roles", "Support agent"),
    "auditor": QT_TRANSLATE_NOOP("Roles", "Auditor"),
}


def role_name(role: str) -> str:
    return QCoreApplication.translate("Roles", ROLE_NAMES.get(role, role))


def roles_text(roles: Any) -> str:
    return ", ".join(role_name(str(r)) for r in sorted(str(r) for r in roles))


class UsersTableModel(PagedTableModel):
    """Rows are :class:`UserInfo`, ordered by user name."""

    Column = UserColumn
    TR_CONTEXT = "UsersTable"
    HEADERS: ClassVar[dict[int, str]] = {
        UserColumn.USERNAME: QT_TRANSLATE_NOOP("UsersTable", "User name"),
        UserColumn.NAME: QT_TRANSLATE_NOOP("UsersTable", "Name"),
        UserColumn.ROLES: QT_TRANSLATE_NOOP("UsersTable", "Roles"),
        UserColumn.STATUS: QT_TRANSLATE_NOOP("UsersTable", "Status"),
        UserColumn.LAST_LOGIN: QT_TRANSLATE_NOOP("UsersTable", "Last login"),
    }

    def display(self, row: UserInfo, column: int) -> str | None:
        if column == UserColumn.USERNAME:
            return row.username
        if column == UserColumn.NAME:
            return row.display_name
        if column == UserColumn.ROLES:
            return roles_text(row.roles)
        if column == UserColumn.STATUS:
            return user_status(row)
        if column == UserColumn.LAST_LOGIN:
            if row.last_login_at is None:
                return "—"
            return row.last_login_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return None

    def role_data(self, row: UserInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            from PySide6.QtGui import QColor

            return QColor("gray")
        return None


def user_status(user: UserInfo, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    if user.pending_change == "create":
        return QCoreApplication.translate("UsersTable", "New, waiting for approval: {0}").format(
            roles_text(user.pending_roles)
        )
    if user.pending_change == "grant":
        return QCoreApplication.translate("UsersTable", "Roles waiting for approval: {0}").format(
            roles_text(user.pending_roles)
        )
    if user.kind == "service" and user.active:
        return QCoreApplication.translate("UsersTable", "Service account")
    if not user.active:
        return QCoreApplication.translate("UsersTable", "Deactivated")
    if user.locked_until is not None and user.locked_until > now:
        return QCoreApplication.translate("UsersTable", "Locked")
    return QCoreApplication.translate("UsersTable", "Active")


def users_fetch(list_users: Callable[[], Sequence[UserInfo]]) -> FetchPage:
    """Keyset pages over the user list, by user name.

    UserService returns the whole list (a platform has tens of users, not
    millions), so the keyset runs over it in memory; the model stays the same
    should a paged query ever be needed.
    """

    def fetch(after: Any, limit: int) -> list[UserInfo]:
        users = sorted(list_users(), key=lambda u: u.username)
        if after is not None:
            users = [u for u in users if u.username > after]
        return users[:limit]

    return fetch


def user_key(user: UserInfo) -> str:
    return user.username
