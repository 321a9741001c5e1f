"""Shared pieces of the intake and KYC journeys: a client on a fresh database, the
people who work it, and a person's way through login, logout and modal dialogs.

Not a conftest: journey modules import the fixtures they use from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.security.permissions import Role
from tests.support import USER_PASSWORD, TestDB
from tests.ui.conftest import TestKeyring, log_in, make_controller
from ui.actions import ActionId
from ui.client import ClientController
from ui.main_window import MainWindow
from ui.settings import AppSettings

W = TypeVar("W", bound=QWidget)

#: The people of the intake journeys: username -> roles.
PEOPLE: dict[str, tuple[Role, ...]] = {
    "clerk": (Role.UNDERWRITER,),
    "under": (Role.UNDERWRITER,),
    "senior": (Role.SENIOR_UNDERWRITER,),
    "kyc_a": (Role.KYC_OFFICER,),
    "kyc_b": (Role.KYC_OFFICER,),
}


def start_client(
    qtbot: QtBot, db: TestDB, tmp_path: Path, people: dict[str, tuple[Role, ...]]
) -> Iterator[ClientController]:
    """The real client on ``db`` with ``people`` (username -> roles), at login."""
    for username, roles in people.items():
        db.user(*roles, username=username)
    settings = AppSettings(str(tmp_path / "settings.ini"))
    ctl = make_controller(qtbot, settings, TestKeyring(), db.url)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    yield ctl
    ctl.runner.wait_for_done()
    ctl.quit()


@pytest.fixture
def client(qtbot: QtBot, sqlite_db: TestDB, tmp_path: Path) -> Iterator[ClientController]:
    """The real client on a fresh SQLite database with the journey's people, at login."""
    yield from start_client(qtbot, sqlite_db, tmp_path, PEOPLE)


@pytest.fixture(params=["sqlite", "postgresql"])
def journey_db(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, server_templates: Any
) -> Iterator[TestDB]:
    """J1-J3 run on SQLite always and on PostgreSQL when P2PDESK_TEST_POSTGRES_URL is
    set (a failure without it when P2PDESK_REQUIRE_SERVERS=1, like tests/db)."""
    from tests.conftest import _make_db

    yield from _make_db(request.param, tmp_path, sqlite_template, server_templates)


@pytest.fixture
def backend_client(qtbot: QtBot, journey_db: TestDB, tmp_path: Path) -> Iterator[ClientController]:
    """The real client on ``journey_db`` (each backend) with the intake people."""
    yield from start_client(qtbot, journey_db, tmp_path, PEOPLE)


def sign_in(qtbot: QtBot, ctl: ClientController, username: str) -> MainWindow:
    """Type the username and password into the login window and press Log in."""
    return log_in(qtbot, ctl, username, USER_PASSWORD)


def sign_out(qtbot: QtBot, ctl: ClientController, window: MainWindow) -> None:
    """File > Log out (after the window's tasks finish), back at the login window."""
    ctl.runner.wait_for_done()
    window.actions_by_id[ActionId.LOG_OUT].trigger()
    qtbot.waitUntil(ctl.login.isVisible, timeout=5_000)


def go_to(window: MainWindow, nav: ActionId) -> QWidget:
    """Click the desk in the navigation list."""
    window.actions_by_id[nav].trigger()
    page = window.current_page()
    assert page is not None
    return page


def answer_dialog(kind: type[W], fill: Callable[[W], None], tries: int = 500) -> list[W]:
    """Answer the next modal dialog of ``kind`` as a person would (``fill`` types and
    clicks); returns a list that holds the dialog once it was answered. Call before
    the click that opens it: ``exec()`` runs its own event loop, where this polls."""
    answered: list[W] = []
    generation = _POLLS.generation

    def poll(left: int) -> None:
        if generation != _POLLS.generation:
            return  # the test that asked has ended: its widgets are gone
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            answered.append(widget)
            fill(widget)
        elif left > 0:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(tries))
    return answered


class _PollGeneration:
    """Bumped after each journey test, so a poll left over from one (its dialog never
    came) stops instead of filling the next test's dialog with dead widgets."""

    generation = 0


_POLLS = _PollGeneration()  # bumped by tests/conftest.py after every test


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type into ``widget``: key by key for ASCII; Chinese arrives as an input
    method commit, as a pinyin IME delivers it (QTest cannot key CJK)."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
