"""Login window: good, bad, locked and deactivated accounts; first paint before the DB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from pytestqt.qtbot import QtBot

from app.security.permissions import Role
from app.security.users import UserService
from tests.support import ADMIN_PASSWORD, USER_PASSWORD, TestDB
from tests.ui.conftest import TestKeyring, log_in, make_controller, try_login
from ui.client import ClientController
from ui.settings import AppSettings


def test_login_window_paints_before_the_database_opens(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings, keyring: TestKeyring
) -> None:
    ctl = make_controller(qtbot, app_settings, keyring, sqlite_db.url)
    ctl.start()
    assert ctl.login.isVisible()
    assert not ctl.login.login_button.isEnabled()  # nothing to log in to yet
    qtbot.waitUntil(ctl.login.login_button.isEnabled, timeout=10_000)
    assert "sqlite" in ctl.login.database_label.text()
    ctl.runner.wait_for_done()


def test_icon_and_copyable_labels_follow_the_first_paint(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings, keyring: TestKeyring
) -> None:
    """What the login window leaves until it has painted (see ui.dialogs.login) is
    there once it has: its icon and the labels a user may copy from."""
    ctl = make_controller(qtbot, app_settings, keyring, sqlite_db.url)
    login = ctl.login
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    own_icon = Qt.WidgetAttribute.WA_SetWindowIcon  # set by setWindowIcon on the widget
    assert not login.testAttribute(own_icon)
    assert not login.database_label.textInteractionFlags() & selectable
    ctl.start()
    qtbot.waitUntil(lambda: login.testAttribute(own_icon), timeout=10_000)
    assert not login.windowIcon().isNull()
    for label in (login.database_label, login.demo_hint):
        assert label.textInteractionFlags() & selectable
    ctl.runner.wait_for_done()


def test_good_login_opens_the_main_window(qtbot: QtBot, controller: ClientController) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    assert window.isVisible()
    assert not controller.login.isVisible()
    assert "Administrator" in window.user_label.text()
    assert controller.login.password.text() == ""  # not kept around


def test_wrong_password_keeps_the_login_window(qtbot: QtBot, controller: ClientController) -> None:
    message = try_login(qtbot, controller, "admin", "not-the-password")
    assert message == "Wrong user name or password."
    assert controller.login.isVisible()
    assert controller.window is None


def test_five_failures_lock_the_account(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    sqlite_db.user(Role.SUPPORT_AGENT, username="sam")
    for _ in range(4):
        assert try_login(qtbot, controller, "sam", "wrong") == "Wrong user name or password."
    assert "locked for 15 minutes" in try_login(qtbot, controller, "sam", "wrong")
    # even the right password is refused now, with the reason
    message = try_login(qtbot, controller, "sam", USER_PASSWORD)
    assert "This account is locked" in message
    assert controller.window is None


def test_deactivated_account_is_told_so(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    ctx = sqlite_db.user(Role.AUDITOR, username="gone")
    UserService(sqlite_db.admin()).deactivate(ctx.actor.user_id or 0)
    message = try_login(qtbot, controller, "gone", USER_PASSWORD)
    assert message == "This account is deactivated. Ask an administrator."


def test_enter_moves_to_the_password_then_logs_in(
    qtbot: QtBot, controller: ClientController
) -> None:
    login = controller.login
    login.show()
    login.activateWindow()
    login.username.setFocus()
    qtbot.waitUntil(login.username.hasFocus, timeout=5_000)
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClick(login.username, Qt.Key.Key_Return)
    assert login.password.hasFocus()
    assert login.message.text() == "Log in to continue."  # nothing submitted yet
    qtbot.keyClicks(login.password, "wrong")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: login.message.text() == "Wrong user name or password.", timeout=10_000)
    # Enter never reaches another button: no connection dialog opened on the way
    assert controller.connection_dialog is None
    login.password.clear()
    qtbot.keyClicks(login.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(controller.logged_in, timeout=10_000) as blocker:
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.addWidget(blocker.args[0])
    assert controller.connection_dialog is None


def test_database_opens_only_after_the_login_window_has_painted(
    qtbot: QtBot,
    sqlite_db: TestDB,
    app_settings: AppSettings,
    keyring: TestKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The open task (whose thread imports SQLAlchemy) is submitted after the first paint."""
    ctl = make_controller(qtbot, app_settings, keyring, sqlite_db.url)
    events: list[str] = []
    submit = ctl.runner.submit

    def recording_submit(*args: Any, **kwargs: Any) -> Any:
        events.append(f"submit {kwargs.get('name')}")
        return submit(*args, **kwargs)

    monkeypatch.setattr(ctl.runner, "submit", recording_submit)

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    paints = Paints()
    ctl.login.installEventFilter(paints)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
        assert events == []  # start() itself submits nothing
    assert events[0] == "paint"
    assert "submit open-database" in events
    ctl.login.removeEventFilter(paints)
    ctl.runner.wait_for_done()


def test_sqlalchemy_is_not_imported_at_the_login_windows_first_paint(sqlite_db: TestDB) -> None:
    """The real entry point in a fresh interpreter (this process has SQLAlchemy already)."""
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home,
               "XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home,
               "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "bench.startup_bench", "login", sqlite_db.url],
            check=False, capture_output=True, text=True, env=env, cwd=root, timeout=60,
        )  # fmt: skip
    line = done.stdout.splitlines()[0] if done.stdout else ""
    assert line, done.stderr[-800:]
    # Nor Qt's enum namespace or logging.handlers: both wait for the paint too.
    assert json.loads(line) == {"painted": True, "heavy": [], "early": []}


def test_a_user_deactivated_while_logged_in_returns_to_the_login_window(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    """Issue 20 #15: the next call after deactivation is refused and the client logs out."""
    ctx = sqlite_db.user(Role.SUPPORT_AGENT, username="leaver")
    window = log_in(qtbot, controller, "leaver", USER_PASSWORD)
    UserService(sqlite_db.admin()).deactivate(ctx.actor.user_id or 0)
    with qtbot.waitSignal(controller.runner.session_revoked, timeout=10_000):
        window.search_customers("张")
    assert controller.window is None
    assert not window.isVisible()
    assert controller.login.isVisible()
    message = controller.login.message.text()
    assert message.startswith("You were logged out.")
    assert "leaver was deactivated" in message
