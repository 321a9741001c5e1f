"""Fixtures for the client's tests: temporary settings, in-memory keyrings,
a controller on a fresh SQLite database, and logging in through the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from pytestqt.qtbot import QtBot

from tests.support import TEST_KEYS, TestDB
from ui.client import ClientController
from ui.main_window import MainWindow
from ui.settings import AppSettings


class TestKeyring:
    """An in-memory keyring that also holds the test databases' master keys."""

    __test__ = False

    def __init__(self, available: bool = True) -> None:
        self._available = available
        self.values: dict[str, str] = {}

    def available(self) -> bool:
        return self._available

    def get(self, name: str) -> str | None:
        if not self._available:
            return TEST_KEYS.get(name) if name.startswith("master-key:") else None
        return self.values.get(name) or TEST_KEYS.get(name)

    def set(self, name: str, value: str) -> None:
        if not self._available:
            raise RuntimeError("no keyring backend")
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "p2pdesk.ini"


@pytest.fixture
def app_settings(settings_path: Path) -> AppSettings:
    return AppSettings(str(settings_path))


@pytest.fixture
def keyring() -> TestKeyring:
    return TestKeyring()


@pytest.fixture
def no_keyring() -> TestKeyring:
    return TestKeyring(available=False)


def make_controller(
    qtbot: QtBot,
    settings: AppSettings,
    store: TestKeyring,
    db_url: str | None,
    idle_ms: int = 3_600_000,
    default_db_path: Path | None = None,
    first_run_demo: bool = False,
) -> ClientController:
    controller = ClientController(
        settings,
        store,
        db_url=db_url,
        idle_ms=idle_ms,
        default_db_path=default_db_path,
        first_run_demo=first_run_demo,
    )
    qtbot.addWidget(controller.login)
    return controller


@pytest.fixture
def controller(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings, keyring: TestKeyring
) -> Iterator[ClientController]:
    """A client started on a fresh test database, waiting at the login window."""
    ctl = make_controller(qtbot, app_settings, keyring, sqlite_db.url)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    yield ctl
    ctl.runner.wait_for_done()
    ctl.quit()


def log_in(qtbot: QtBot, controller: ClientController, username: str, password: str) -> MainWindow:
    """Type into the login window like a user and wait for the main window."""
    login = controller.login
    login.username.setText(username)
    login.password.setText(password)
    with qtbot.waitSignal(controller.logged_in, timeout=10_000) as blocker:
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    window = blocker.args[0]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    return window


def try_login(qtbot: QtBot, controller: ClientController, username: str, password: str) -> str:
    """A login that is expected to fail: returns the message the window shows."""
    login = controller.login
    login.username.setText(username)
    login.password.setText(password)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not login.progress.isVisible() and login.message.text() != "", timeout=10_000
    )
    return login.message.text()


@pytest.fixture
def chinese(qtbot: QtBot, tmp_path: Path) -> Iterator[list[QTranslator]]:
    """The client reading Chinese: the catalogue compiled from the .ts now (not the
    shipped .qm) and Qt's own, installed for the test and removed after it."""
    import subprocess

    from tests.ui.test_translations import TS, _tool
    from ui.app_main import install_translators

    qm = tmp_path / "p2pdesk_zh_CN.qm"
    subprocess.run(
        [str(_tool("pyside6-lrelease")), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    app = QCoreApplication.instance()
    assert app is not None
    installed = install_translators(app, "zh_CN", tmp_path)
    yield installed
    for translator in installed:
        app.removeTranslator(translator)
