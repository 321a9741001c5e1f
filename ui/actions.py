"""Every action of the shell, declared once: id, text, shortcut, icon.

``objectName`` is the id's value, so tests and shortcut settings key on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import Icon, icon


class ActionId(StrEnum):
    SWITCH_CONNECTION = "file.switch_connection"
    BACKUP = "file.backup"
    LOCK = "file.lock"
    CHANGE_PASSWORD = "file.change_password"
    LOG_OUT = "file.log_out"
    QUIT = "file.quit"
    LANGUAGE_EN = "view.language_en"
    LANGUAGE_ZH = "view.language_zh_CN"
    FIND_CUSTOMER = "view.find_customer"
    NAV_APPLICATIONS = "nav.applications"
    NAV_KYC = "nav.kyc"
    NAV_COLLECTIONS = "nav.collections"
    NAV_TICKETS = "nav.tickets"
    LOG_CALL = "desk.log_call"
    ADMIN_USERS = "admin.users"
    ADMIN_AUDIT = "admin.audit"
    ADMIN_MASTER_KEY = "admin.master_key"
    ADMIN_KYC_TEMPLATES = "admin.kyc_templates"
    ADMIN_KYC_BLACKLIST = "admin.kyc_blacklist"
    ADMIN_SLA = "admin.sla"
    HELP_ABOUT = "help.about"


@dataclass(frozen=True)
class ActionSpec:
    text: str  # marked with QT_TRANSLATE_NOOP("Actions", ...)
    shortcut: QKeySequence.StandardKey | str | None = None
    icon: Icon | None = None
    checkable: bool = False


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.SWITCH_CONNECTION: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "Switch &connection…"), "Ctrl+Shift+O", Icon.DATABASE
    ),
    ActionId.BACKUP: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Back up database…"), "Ctrl+Shift+B", Icon.BACKUP
    ),
    ActionId.LOCK: ActionSpec(QT_TRANSLATE_NOOP("Actions", "&Lock window"), "Ctrl+L", Icon.LOCK),
    ActionId.CHANGE_PASSWORD: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "C&hange password…"), None, Icon.KEY
    ),
    ActionId.LOG_OUT: ActionSpec(QT_TRANSLATE_NOOP("Actions", "Log &out"), None, Icon.LOCK),
    ActionId.QUIT: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Quit"), QKeySequence.StandardKey.Quit, Icon.QUIT
    ),
    ActionId.LANGUAGE_EN: ActionSpec("English", None, None, checkable=True),
    ActionId.LANGUAGE_ZH: ActionSpec("简体中文", None, None, checkable=True),
    ActionId.FIND_CUSTOMER: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Find customer"), QKeySequence.StandardKey.Find, Icon.SEARCH
    ),
    ActionId.NAV_APPLICATIONS: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Applications"), "Ctrl+1", Icon.APPLICATIONS
    ),
    ActionId.NAV_KYC: ActionSpec(QT_TRANSLATE_NOOP("Actions", "&KYC"), "Ctrl+2", Icon.KYC),
    ActionId.NAV_COLLECTIONS: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "C&ollections"), "Ctrl+3", Icon.COLLECTIONS
    ),
    ActionId.NAV_TICKETS: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Tickets"), "Ctrl+4", Icon.TICKETS
    ),
    ActionId.LOG_CALL: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "Log a &call…"), "Ctrl+Shift+L", Icon.TICKETS
    ),
    ActionId.ADMIN_USERS: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Users…"), "Ctrl+Shift+U", Icon.USERS
    ),
    ActionId.ADMIN_AUDIT: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Audit trail…"), "Ctrl+Shift+A", Icon.AUDIT
    ),
    ActionId.ADMIN_MASTER_KEY: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&Master key…"), None, Icon.KEY
    ),
    ActionId.ADMIN_KYC_TEMPLATES: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "KYC &templates…"), None, Icon.KYC
    ),
    ActionId.ADMIN_KYC_BLACKLIST: ActionSpec(QT_TRANSLATE_NOOP("Actions", "KYC &blacklist…")),
    ActionId.ADMIN_SLA: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&SLA calendar and targets…"), None, Icon.TICKETS
    ),
    ActionId.HELP_ABOUT: ActionSpec(
        QT_TRANSLATE_NOOP("Actions", "&About p2pdesk"), None, Icon.ABOUT
    ),
}


class DeskVerb(StrEnum):
    """What a desk's own actions do. The same verb has the same key on every desk."""

    TAKE_NEXT = "take_next"  # Applications, KYC, Collections ("Next case")
    NEW = "new"
    IMPORT = "import"
    REFRESH = "refresh"
    LOG_CONTACT = "log_contact"
    START_CALL = "start_call"  # Collections: the debtor's number for one call
    PHONE_PAYMENT = "phone_payment"
    ARRANGEMENT = "arrangement"
    LETTERS = "letters"
    REASSIGN = "reassign"
    TEAMS = "teams"
    ESCALATIONS = "escalations"
    SUSPENSE = "suspense"
    SUBMIT = "submit"
    VERIFY = "verify"
    REJECT = "reject"
    ATTACH = "attach"


DESK_SHORTCUTS: dict[DeskVerb, str] = {
    DeskVerb.TAKE_NEXT: "Ctrl+T",
    DeskVerb.NEW: "Ctrl+N",
    DeskVerb.IMPORT: "Ctrl+I",
    DeskVerb.REFRESH: "F5",
    DeskVerb.LOG_CONTACT: "Ctrl+K",
    DeskVerb.START_CALL: "Ctrl+D",
    DeskVerb.PHONE_PAYMENT: "Ctrl+P",
    DeskVerb.ARRANGEMENT: "Ctrl+R",
    DeskVerb.LETTERS: "Ctrl+Shift+D",
    DeskVerb.REASSIGN: "Ctrl+Shift+G",
    DeskVerb.TEAMS: "Ctrl+Shift+T",
    DeskVerb.ESCALATIONS: "Ctrl+Shift+X",
    DeskVerb.SUSPENSE: "Ctrl+Shift+J",
    DeskVerb.SUBMIT: "Ctrl+Shift+S",
    DeskVerb.VERIFY: "Ctrl+Shift+V",
    DeskVerb.REJECT: "Ctrl+Shift+R",
    DeskVerb.ATTACH: "Ctrl+Shift+E",
}
"""The one table of desk keys. The shell's own keys are in ``SPECS``; no key appears twice
across both tables (tests/ui/test_shortcuts.py), so no desk shadows the shell."""


def desk_key(verb: DeskVerb) -> QKeySequence:
    return QKeySequence(DESK_SHORTCUTS[verb])


def create_action(action_id: ActionId, parent: QObject) -> QAction:
    """The one factory for actions. GUI thread."""
    spec = SPECS[action_id]
    action = QAction(QCoreApplication.translate("Actions", spec.text), parent)
    action.setObjectName(action_id.value)
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.icon is not None:
        action.setIcon(icon(spec.icon))
    action.setCheckable(spec.checkable)
    return action
