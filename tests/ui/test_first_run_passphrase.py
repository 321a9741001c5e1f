"""First start (`make run`) on a machine with no keyring and no
P2PDESK_MASTER_PASSPHRASE: the client asks for a new passphrase, twice, with a
length and variety rule, then creates the demo database with its master key wrapped
by it (issue 20 #1 regression: it failed with "no vault")."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

import ui.client
from tests.ui.conftest import TestKeyring, make_controller
from ui.dialogs.new_passphrase import NewPassphraseDialog
from ui.settings import AppSettings

PASSPHRASE = "tea leaves at dawn 42"


def _type(qtbot: QtBot, dialog: NewPassphraseDialog, first: str, second: str) -> None:
    dialog.first.clear()
    dialog.second.clear()
    qtbot.keyClicks(dialog.first, first)
    qtbot.keyClicks(dialog.second, second)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_first_run_without_keyring_asks_a_new_passphrase_then_creates_the_demo(
    qtbot: QtBot, app_settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.client, "DEMO_CUSTOMERS", 4)  # the path, not the volume
    path = tmp_path / "data" / "p2pdesk.db"
    ctl = make_controller(
        qtbot,
        app_settings,
        TestKeyring(available=False),
        None,
        default_db_path=path,
        first_run_demo=True,
    )
    ctl.start()
    qtbot.waitUntil(lambda: ctl.new_passphrase_dialog is not None, timeout=10_000)
    dialog = ctl.new_passphrase_dialog
    assert isinstance(dialog, NewPassphraseDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert not path.exists()  # nothing is created before the passphrase is chosen

    _type(qtbot, dialog, "short pass", "short pass")
    assert dialog.message.text() == "The passphrase is too short: at least 12 characters."
    _type(qtbot, dialog, "abababababababab", "abababababababab")
    assert "too repetitive" in dialog.message.text()
    _type(qtbot, dialog, PASSPHRASE, PASSPHRASE + "!")
    assert dialog.message.text() == "The two passphrases differ."
    assert dialog.isVisible() and not path.exists()

    with qtbot.waitSignal(ctl.database_opened, timeout=180_000):
        _type(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    db = ctl.db
    assert db is not None
    assert db.vault is not None and db.key_source == "passphrase_file"
    assert ctl.passphrase_dialog is None  # the passphrase just chosen opened it
    wrapped = Path(str(path) + ".masterkey.wrapped")
    assert stat.S_IMODE(wrapped.stat().st_mode) == 0o600
    assert json.loads(wrapped.read_text())["kdf"] == "scrypt"
    assert not Path(str(path) + ".masterkey").exists()  # never a plaintext key
    ctl.runner.wait_for_done()
    ctl.quit()
