"""Start call on a case (issue 13 point 11): the contact rules first, then the debtor's
number for that call only (audited as a reveal, reason "collection call"), dialled
with a tel: URL or copied; masked again when the call ends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.collections.rules import Outcome
from app.collections.service import ContactInput
from app.context import ServiceContext
from app.customers import fields
from db.models.audit import AuditEvent
from db.models.collections import ContactAttempt
from db.models.customers import Customer
from tests.db.test_collections_service import Desk
from tests.journeys.support_intake import answer_dialog
from tests.support import TestDB
from tests.ui.test_collections_desk import make_page, runner  # noqa: F401  (fixture)
from ui.tasks import TaskRunner
from ui.views.collections.dialogs import LogContactDialog
from ui.views.collections.page import CollectionsPage

PHONE = "13912345678"


def _give_phone(db: TestDB, customer_id: int) -> None:
    with db.sessions.begin() as s:
        c = s.get(Customer, customer_id)
        assert c is not None
        c.phone_enc = fields.seal(db.vault, c.id, "phone", PHONE)
        c.phone_last4 = PHONE[-4:]
        c.phone_bidx = db.vault.blind_index("phone", PHONE)


def _open(qtbot: QtBot, page: CollectionsPage, case_id: int) -> None:
    page.open_case(case_id)
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)


def _reveals(db: TestDB) -> list[AuditEvent]:
    with db.sessions() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == "pii.revealed")))


def _page_at(
    qtbot: QtBot,
    db: TestDB,
    ctx: ServiceContext,
    runner: TaskRunner,  # noqa: F811
    moment: datetime,
    monkeypatch: pytest.MonkeyPatch,
) -> CollectionsPage:
    import tests.ui.test_collections_desk as desk_tests

    monkeypatch.setattr(desk_tests, "NOON", moment)
    return make_page(qtbot, db, ctx, runner)


def test_start_call_shows_the_debtors_number_for_that_call_only(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = Desk(sqlite_db)
    _give_phone(sqlite_db, desk.case.customer_id)
    dialled: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: dialled.append(url) or True)
    page = make_page(qtbot, sqlite_db, desk.agent, runner)
    _open(qtbot, page, desk.case.id)
    bar = page.panel.call_bar
    assert bar.isVisible() and bar.start_button.isEnabled()
    assert PHONE not in page.panel.browser.toPlainText()  # masked on the case view
    assert "*******5678" in page.panel.browser.toPlainText()

    qtbot.mouseClick(bar.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(bar.number.isVisible, timeout=10_000)
    assert bar.number.text() == PHONE
    [event] = _reveals(sqlite_db)
    assert event.actor_name == desk.agent.actor.username
    assert event.entity == "customer" and event.entity_id == str(desk.case.customer_id)
    assert '"collection_call"' in (event.after_json or "")

    qtbot.mouseClick(bar.dial_button, Qt.MouseButton.LeftButton)
    assert [u.toString() for u in dialled] == [f"tel:{PHONE}"]
    qtbot.mouseClick(bar.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == PHONE

    def outcome(dialog: LogContactDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.waitUntil(ok.isEnabled, timeout=10_000)
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.RIGHT_PARTY_CONTACT))
        ok.click()

    answered = answer_dialog(LogContactDialog, outcome)
    qtbot.mouseClick(bar.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.waitUntil(lambda: page.status.text() == "Contact logged.", timeout=10_000)
    assert not bar.number.isVisible() and bar.start_button.isVisible()
    assert PHONE not in bar.number.text()
    assert QGuiApplication.clipboard().text() != PHONE  # taken off the clipboard
    assert PHONE not in page.panel.browser.toPlainText()
    with sqlite_db.sessions() as s:
        [contact] = s.scalars(select(ContactAttempt)).all()
    assert contact.party == "debtor" and contact.address_masked == "*******5678"


def test_start_call_is_refused_by_the_rules_and_reveals_nothing(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = Desk(sqlite_db)
    _give_phone(sqlite_db, desk.case.customer_id)
    night = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    page = _page_at(qtbot, sqlite_db, desk.agent, runner, night, monkeypatch)
    _open(qtbot, page, desk.case.id)
    bar = page.panel.call_bar
    qtbot.mouseClick(bar.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Quiet hours" in bar.message.text(), timeout=10_000)
    assert not bar.number.isVisible() and PHONE not in bar.number.text()
    assert bar.start_button.isEnabled()
    assert _reveals(sqlite_db) == []


def test_the_daily_limit_blocks_the_call(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
) -> None:
    from tests.db.test_collections_service import CALL

    desk = Desk(sqlite_db)
    _give_phone(sqlite_db, desk.case.customer_id)
    for ctx in (desk.agent, desk.agent2, desk.agent):
        desk.cases(ctx).log_contact(desk.case.id, CALL)
    page = make_page(qtbot, sqlite_db, desk.agent2, runner)
    _open(qtbot, page, desk.case.id)
    bar = page.panel.call_bar
    qtbot.mouseClick(bar.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Daily limit" in bar.message.text(), timeout=10_000)
    assert not bar.number.isVisible()
    assert _reveals(sqlite_db) == []
    assert ContactInput  # the same rules as logging a contact
