"""The Chinese translation covers every string of the shell and compiles."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from tests.ui.conftest import try_login
from ui.app_main import TRANSLATIONS_DIR, choose_language, install_translators
from ui.client import ClientController
from ui.dialogs.login import LoginDialog
from ui.i18n import translate_service_message

ROOT = Path(__file__).resolve().parents[2]
TS = TRANSLATIONS_DIR / "p2pdesk_zh_CN.ts"
BIN = ROOT / ".venv" / "bin"


def messages(path: Path) -> dict[tuple[str, str], str | None]:
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            unfinished = translation.get("type") in ("unfinished", "obsolete", "vanished")
            found[(name, message.findtext("source") or "")] = (
                None if unfinished else translation.text
            )
    return found


def test_every_message_is_translated() -> None:
    untranslated = [key for key, text in messages(TS).items() if not text]
    assert untranslated == []


def test_placeholders_survive_translation() -> None:
    for (_context, source), text in messages(TS).items():
        for n in range(5):
            assert (f"{{{n}}}" in source) == (f"{{{n}}}" in (text or "")), source


def _tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed")
        path = Path(found)
    return path


def shell_sources() -> list[str]:
    """The shell's modules; each feature desk under ui/views/<feature>/ brings its own
    strings with its issue."""
    ui = ROOT / "ui"
    paths = [
        *ui.glob("*.py"),
        *ui.glob("dialogs/*.py"),
        *ui.glob("models/*.py"),
        ui / "views" / "placeholder.py",
        ui / "views" / "registry.py",
    ]
    return sorted(str(p) for p in paths)


def test_the_ts_file_lists_every_string_of_the_shell(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = shell_sources()
    subprocess.run(
        [str(_tool("pyside6-lupdate")), *sources, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    assert set(messages(fresh)) - set(messages(TS)) == set()


def test_the_shipped_catalogue_is_built_from_the_ts_source(tmp_path: Path) -> None:
    """The client loads the committed .qm; a .qm older than the .ts shows English to
    Chinese users (it once lacked every string added after it was built)."""
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [str(_tool("pyside6-lrelease")), str(TS), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    shipped = TS.with_suffix(".qm")
    assert shipped.read_bytes() == fresh.read_bytes(), (
        "resources/translations/p2pdesk_zh_CN.qm is stale: run `make translations`"
    )


@pytest.fixture
def qm_dir(tmp_path: Path) -> Path:
    qm = tmp_path / "p2pdesk_zh_CN.qm"
    subprocess.run(
        [str(_tool("pyside6-lrelease")), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    assert qm.stat().st_size > 0
    return tmp_path


@pytest.fixture
def chinese(qtbot: QtBot, qm_dir: Path) -> Iterator[list[QTranslator]]:
    app = QCoreApplication.instance()
    assert app is not None
    installed = install_translators(app, "zh_CN", qm_dir)
    yield installed
    for translator in installed:
        app.removeTranslator(translator)


def test_the_compiled_translation_is_used(qtbot: QtBot, chinese: list[QTranslator]) -> None:
    assert chinese  # at least p2pdesk's own .qm was found and installed
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    login = LoginDialog()
    qtbot.addWidget(login)
    assert login.windowTitle() == "p2pdesk — 登录"
    assert login.login_button.text() == "登录(&L)"


def test_english_loads_nothing(qtbot: QtBot, qm_dir: Path) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    assert install_translators(app, "en", qm_dir) == []
    assert choose_language("zh_CN") == "zh_CN"


LOCKED = (
    "This account is locked after 5 failed logins. Try again in 12 minutes or ask an administrator."
)


def test_service_sentences_are_shown_in_the_users_language(
    qtbot: QtBot, chinese: list[QTranslator]
) -> None:
    assert translate_service_message("Wrong user name or password.") == "用户名或密码错误。"
    assert translate_service_message(LOCKED) == (
        "此账户因 5 次登录失败已被锁定。请 12 分钟后重试，或联系管理员。"
    )
    assert translate_service_message("Something new.") == "Something new."


def test_service_sentences_stay_as_they_are_in_english(qtbot: QtBot) -> None:
    assert translate_service_message(LOCKED) == LOCKED


def test_the_login_window_shows_refusals_translated(
    qtbot: QtBot, chinese: list[QTranslator], controller: ClientController
) -> None:
    assert try_login(qtbot, controller, "admin", "not-it") == "用户名或密码错误。"
