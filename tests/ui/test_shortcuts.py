"""One shortcut table (ui.actions): no window, for any role on any desk, has two live
actions on one key sequence, and the same verb has the same key on every desk
(issue 13 point 19). File > Log out returns to the login window (point 20)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget
from pytestqt.qtbot import QtBot

from app.security.permissions import Role
from tests.support import ADMIN_PASSWORD, USER_PASSWORD, TestDB
from tests.ui.conftest import log_in
from ui.actions import DESK_SHORTCUTS, SPECS, ActionId, DeskVerb
from ui.client import ClientController
from ui.main_window import MainWindow

_WIDGET_CONTEXTS = (
    Qt.ShortcutContext.WidgetShortcut,
    Qt.ShortcutContext.WidgetWithChildrenShortcut,
)


def _key(seq: QKeySequence) -> str:
    return seq.toString(QKeySequence.SequenceFormat.PortableText)


def live_shortcuts(window: MainWindow) -> list[tuple[str, str]]:
    """(key, owner) of every shortcut Qt would consider for a key press now."""
    found: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        if not (action.isEnabled() and action.isVisible()):
            continue
        widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        context = action.shortcutContext()
        if context == Qt.ShortcutContext.ApplicationShortcut:
            live = bool(widgets)
        elif context in _WIDGET_CONTEXTS:
            live = any(w.isVisible() for w in widgets)
        else:  # a window shortcut: in a menu, or on a shown widget of the window
            live = any(isinstance(w, QMenu) or w.isVisible() for w in widgets)
        if live:
            found += [(_key(s), action.objectName() or action.text()) for s in action.shortcuts()]
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and not button.shortcut().isEmpty():
            found.append((_key(button.shortcut()), button.objectName() or button.text()))
    return [(k, o) for k, o in found if k]


def clashes(window: MainWindow) -> dict[str, list[str]]:
    shortcuts = live_shortcuts(window)
    twice = {k for k, n in Counter(k for k, _ in shortcuts).items() if n > 1}
    return {k: sorted(o for kk, o in shortcuts if kk == k) for k in twice}


def test_the_shortcut_table_gives_each_key_one_meaning(qapp: object) -> None:
    # (standard keys need the application for the platform's key bindings)
    keys = [_key(QKeySequence(spec.shortcut)) for spec in SPECS.values() if spec.shortcut]
    keys += [_key(QKeySequence(k)) for k in DESK_SHORTCUTS.values()]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert set(DESK_SHORTCUTS) == set(DeskVerb)


@pytest.mark.parametrize("role", list(Role))
def test_no_window_has_two_live_actions_on_one_key(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController, role: Role
) -> None:
    if role == Role.ADMIN:
        window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    else:
        sqlite_db.user(role, username="someone")
        window = log_in(qtbot, controller, "someone", USER_PASSWORD)
    window.show()
    seen: dict[str, dict[str, list[str]]] = {}
    for spec in window.pages:
        window.actions_by_id[spec.nav].trigger()
        controller.runner.wait_for_done()
        seen[spec.nav.value] = clashes(window)
    log_call = window.actions_by_id[ActionId.LOG_CALL]
    if log_call.isVisible():
        log_call.trigger()  # the call panel docks beside the desk
        seen["call panel"] = clashes(window)
    controller.runner.wait_for_done()
    assert seen == {name: {} for name in seen}


def test_take_next_is_the_same_key_on_every_desk(
    qtbot: QtBot, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    window.show()
    take_next = _key(QKeySequence(DESK_SHORTCUTS[DeskVerb.TAKE_NEXT]))
    names = {
        ActionId.NAV_APPLICATIONS: "Take next",
        ActionId.NAV_KYC: "kyc.take_next",
        ActionId.NAV_COLLECTIONS: "collections_next_case",
        ActionId.NAV_TICKETS: "ticket_take_next_action",
    }
    for nav, name in names.items():
        window.actions_by_id[nav].trigger()
        owners = dict((o, k) for k, o in live_shortcuts(window))
        assert owners.get(name) == take_next, nav
    controller.runner.wait_for_done()


def test_file_log_out_returns_to_the_login_window(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    file_menu = window.menuBar().findChild(QMenu, "menu_file")
    assert file_menu is not None
    log_out = window.actions_by_id[ActionId.LOG_OUT]
    assert log_out in file_menu.actions() and log_out.text() == "Log &out"
    log_out.trigger()
    assert controller.window is None
    assert controller.login.isVisible() and controller.login.login_button.isEnabled()
    assert controller.login.password.text() == ""
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    sqlite_db.user(Role.SUPPORT_AGENT, username="next")
    other = log_in(qtbot, controller, "next", USER_PASSWORD)
    assert other is not window and other.session.actor.username == "next"
