"""Without a keyring the client asks the master-key passphrase at start, and
Admin > Master key says truthfully where the key is (issue 20, item 1)."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.platform import load_state, store_wrapped_key
from app.security.keys import master_key_name
from tests.support import ADMIN_PASSWORD, TEST_KEYS, TestDB
from tests.ui.conftest import TestKeyring, log_in, make_controller
from tests.ui.test_security_dialogs import open_master_key
from ui.dialogs.passphrase import PassphraseDialog
from ui.settings import AppSettings

PASSPHRASE = "correct horse battery"


class NoKeyring(TestKeyring):
    """A workstation without any keyring backend."""

    def __init__(self) -> None:
        super().__init__(available=False)

    def get(self, name: str) -> str | None:
        return None


def _wrap(db: TestDB) -> Path:
    with db.sessions() as session:
        install_id = load_state(session).install_id
    key_text = TEST_KEYS.get(master_key_name(install_id))
    assert key_text is not None
    return store_wrapped_key(db.engine, install_id, base64.b64decode(key_text), PASSPHRASE)


def test_client_asks_the_passphrase_and_says_where_the_key_is(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings
) -> None:
    wrapped = _wrap(sqlite_db)
    assert stat.S_IMODE(wrapped.stat().st_mode) == 0o600
    ctl = make_controller(qtbot, app_settings, NoKeyring(), sqlite_db.url)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    dialog = ctl.passphrase_dialog
    assert isinstance(dialog, PassphraseDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.passphrase.setText("not the passphrase")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text() == "The master-key passphrase is wrong."
    assert ctl.db is not None and ctl.db.vault is None
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        dialog.submit()
    assert ctl.db.vault is not None and ctl.db.key_source == "passphrase_file"
    window = log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert window.pii_label.text() == ""
    master = open_master_key(qtbot, window)
    assert "wrapped by a passphrase" in master.where.text()
    assert "keyring." not in master.where.text()
    ctl.runner.wait_for_done()


def test_keyring_key_is_reported_as_the_keyring(
    qtbot: QtBot, sqlite_db: TestDB, app_settings: AppSettings
) -> None:
    ctl = make_controller(qtbot, app_settings, TestKeyring(), sqlite_db.url)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    assert ctl.passphrase_dialog is None
    window = log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    master = open_master_key(qtbot, window)
    assert "kept in this workstation's keyring" in master.where.text()
    ctl.runner.wait_for_done()
