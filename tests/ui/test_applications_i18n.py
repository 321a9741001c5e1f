"""The Applications desk's strings are in the Chinese translation and used."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from tests.ui.test_translations import TS, _tool, messages
from ui.app_main import install_translators
from ui.views.applications.queue_model import status_name

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_of_the_desk_is_in_the_ts_file(tmp_path: Path) -> None:
    fresh = tmp_path / "applications.ts"
    sources = sorted(str(p) for p in (ROOT / "ui" / "views" / "applications").glob("*.py"))
    subprocess.run(
        [str(_tool("pyside6-lupdate")), *sources, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    found = messages(fresh)
    assert ("", "Product") not in found  # every tr() call has its class context
    assert set(found) - set(messages(TS)) == set()
    assert len(found) > 100


@pytest.fixture
def chinese(qtbot: QtBot, tmp_path: Path) -> Iterator[list[QTranslator]]:
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


def test_statuses_and_queue_headers_read_in_chinese(
    qtbot: QtBot, chinese: list[QTranslator]
) -> None:
    assert status_name("info_requested") == "待补充资料"
    assert status_name("recommended") == "待复核"
    assert QCoreApplication.translate("ApplicationsPage", "Take next") == "领取下一笔"
