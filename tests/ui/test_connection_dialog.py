"""Connection dialog: profiles in QSettings, passwords only in the keyring, and one
clear sentence for each way a connection fails (the dialog stays open)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from tests.support import TestDB
from tests.ui.conftest import TestKeyring
from ui.db_connect import describe_database_error
from ui.dialogs.connection import ConnectionDialog
from ui.settings import AppSettings, ConnectionProfile
from ui.tasks import TaskRunner

SECRET = "s3cret-Pw-7731"


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    return TaskRunner()


def open_dialog(
    qtbot: QtBot, settings: AppSettings, store: TestKeyring, runner: TaskRunner
) -> ConnectionDialog:
    dialog = ConnectionDialog(settings, store, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_server(dialog: ConnectionDialog, kind: str = "postgresql", port: int = 1) -> None:
    dialog.name.setText("shared")
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(port)
    dialog.database.setText("p2pdesk")
    dialog.user.setText("clerk")
    dialog.password.setText(SECRET)


def wait_message(qtbot: QtBot, dialog: ConnectionDialog) -> str:
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=20_000)
    return dialog.message.text()


def test_password_goes_to_the_keyring_never_to_the_settings_file(
    qtbot: QtBot,
    app_settings: AppSettings,
    settings_path: Path,
    keyring: TestKeyring,
    runner: TaskRunner,
) -> None:
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    fill_server(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert keyring.values == {"db:shared": SECRET}
    ini = settings_path.read_text(encoding="utf-8")
    assert "clerk" in ini and "shared" in ini  # the profile is there
    assert SECRET not in ini
    reopened = AppSettings(str(settings_path)).profile("shared")
    assert reopened == ConnectionProfile(
        "shared", "postgresql", "", "127.0.0.1", 1, "p2pdesk", "clerk"
    )
    # choosing the profile again fills the password from the keyring
    again = open_dialog(qtbot, app_settings, keyring, runner)
    assert again.password.text() == SECRET


def test_without_a_keyring_the_dialog_says_so_and_stores_nothing(
    qtbot: QtBot,
    app_settings: AppSettings,
    settings_path: Path,
    no_keyring: TestKeyring,
    runner: TaskRunner,
) -> None:
    dialog = open_dialog(qtbot, app_settings, no_keyring, runner)
    fill_server(dialog)
    assert dialog.keyring_notice.isVisible()
    assert "No system keyring" in dialog.keyring_notice.text()
    assert not dialog.remember.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert no_keyring.values == {}
    assert SECRET not in settings_path.read_text(encoding="utf-8")
    again = open_dialog(qtbot, app_settings, no_keyring, runner)
    assert again.password.text() == ""  # asked for at each connect


def test_sqlite_profile_hides_the_keyring_notice(
    qtbot: QtBot, app_settings: AppSettings, no_keyring: TestKeyring, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, app_settings, no_keyring, runner)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sqlite"))
    assert not dialog.keyring_notice.isVisible()
    assert dialog.path.isVisible()


@pytest.mark.parametrize("kind", ["postgresql", "mysql"])
def test_unreachable_server_is_one_sentence_and_the_dialog_stays(
    qtbot: QtBot, app_settings: AppSettings, keyring: TestKeyring, runner: TaskRunner, kind: str
) -> None:
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    fill_server(dialog, kind, port=1)  # nothing listens on port 1
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    message = wait_message(qtbot, dialog)
    assert message == (
        "The database server cannot be reached; check the host and port, "
        "and that the server is running."
    )
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert wait_message(qtbot, dialog) == message
    assert dialog.isVisible()
    assert dialog.opened is None


def test_a_file_that_is_not_a_database(
    qtbot: QtBot,
    app_settings: AppSettings,
    keyring: TestKeyring,
    runner: TaskRunner,
    tmp_path: Path,
) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("this is not a database\n" * 200)
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sqlite"))
    dialog.name.setText("junk")
    dialog.path.setText(str(junk))
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert wait_message(qtbot, dialog) == "This file is not a SQLite database."
    assert dialog.isVisible()


def test_a_database_that_is_not_p2pdesk(
    qtbot: QtBot,
    app_settings: AppSettings,
    keyring: TestKeyring,
    runner: TaskRunner,
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE invoices (x)").connection.close()
    before = other.read_bytes()
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sqlite"))
    dialog.name.setText("other")
    dialog.path.setText(str(other))
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    message = wait_message(qtbot, dialog)
    # The same refusal as `p2pdesk init` gives (issue 20 #14), not "empty: initialise it".
    assert message.startswith("This is not a p2pdesk database") and "invoices" in message
    assert dialog.isVisible() and dialog.opened is None
    assert other.read_bytes() == before  # not switched to WAL, nothing written


def test_a_truncated_database_file_says_it_is_damaged(
    qtbot: QtBot,
    app_settings: AppSettings,
    keyring: TestKeyring,
    runner: TaskRunner,
    sqlite_db: TestDB,
    tmp_path: Path,
) -> None:
    source = Path(str(sqlite_db.engine.url.database))
    sqlite_db.engine.dispose()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sqlite"))
    qtbot.keyClicks(dialog.name, "half")
    qtbot.keyClicks(dialog.path, str(truncated))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert wait_message(qtbot, dialog) == (
        "The database file is damaged (truncated or corrupt); restore it from a backup."
    )
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert wait_message(qtbot, dialog).startswith("The database file is damaged")
    assert dialog.isVisible() and dialog.opened is None


def test_missing_file(
    qtbot: QtBot,
    app_settings: AppSettings,
    keyring: TestKeyring,
    runner: TaskRunner,
    tmp_path: Path,
) -> None:
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sqlite"))
    dialog.name.setText("nowhere")
    dialog.path.setText(str(tmp_path / "missing.db"))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "does not exist" in wait_message(qtbot, dialog)
    assert not (tmp_path / "missing.db").exists()  # testing creates nothing


def test_connecting_to_a_good_database_accepts(
    qtbot: QtBot,
    app_settings: AppSettings,
    keyring: TestKeyring,
    runner: TaskRunner,
    sqlite_db: TestDB,
) -> None:
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sqlite"))
    dialog.name.setText("local")
    dialog.path.setText(str(sqlite_db.engine.url.database))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert wait_message(qtbot, dialog).startswith("The connection works")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.opened is not None and dialog.opened.vault is not None
    assert app_settings.last_profile() == "local"
    dialog.opened.dispose()


def test_missing_fields_are_named(
    qtbot: QtBot, app_settings: AppSettings, keyring: TestKeyring, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, app_settings, keyring, runner)
    dialog.kind.setCurrentIndex(dialog.kind.findData("postgresql"))
    dialog.name.setText("x")
    dialog.host.setText("db.example")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Enter the database name."


def _error(message: str) -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception(message))


@pytest.mark.parametrize(
    ("driver_message", "expected"),
    [
        (
            'connection failed: FATAL:  password authentication failed for user "clerk"',
            "The server refused the user name or password.",
        ),
        (
            "(1045, \"Access denied for user 'clerk'@'10.0.0.5' (using password: YES)\")",
            "The server refused the user name or password.",
        ),
        (
            'connection failed: FATAL:  database "p2p" does not exist',
            "The server has no such database, or this user may not open it.",
        ),
        (
            "(1049, \"Unknown database 'p2p'\")",
            "The server has no such database, or this user may not open it.",
        ),
        (
            "(2003, \"Can't connect to MySQL server on 'db' ([Errno 111] Connection refused)\")",
            "The database server cannot be reached; check the host and port, "
            "and that the server is running.",
        ),
        (
            "connection failed: timeout expired",
            "The database server cannot be reached; check the host and port, "
            "and that the server is running.",
        ),
    ],
)
def test_server_errors_become_one_sentence(driver_message: str, expected: str) -> None:
    assert describe_database_error(_error(driver_message)) == expected


def test_other_errors_are_not_database_errors() -> None:
    assert describe_database_error(ValueError("x")) is None
