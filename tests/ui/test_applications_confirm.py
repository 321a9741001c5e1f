"""Withdraw, Fund and Disburse ask first (issue 13 #6), and a refusal shows inside
the dialog that caused it with the typed input kept (#8)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.origination.decisions import DecisionService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db.models.audit import AuditEvent
from db.models.origination import Application
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB
from tests.ui.test_applications_desk import make_page
from ui.tasks import TaskRunner
from ui.views.applications.confirm import ConfirmDialog


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def _open(qtbot: QtBot, page, application_id: int, status: str) -> None:  # type: ignore[no-untyped-def]
    page.open_application(application_id)
    qtbot.waitUntil(
        lambda: page.detail is not None and page.detail.status == status, timeout=10_000
    )


def test_withdraw_asks_a_reason_after_a_summary(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = make_customer(sqlite_db, name="郑十一")
    uw = sqlite_db.user(Role.UNDERWRITER)
    made = ApplicationService(uw, sqlite_db.vault).submit(
        form(amount="20000"), customer_id=customer
    )
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())
    _open(qtbot, page, made.id, "submitted")
    qtbot.mouseClick(page.buttons["withdraw"], Qt.MouseButton.LeftButton)
    dialog = page.confirm_dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.isVisible()
    assert dialog.summary["Application"].text() == made.number
    assert dialog.summary["Amount"].text() == "20,000.00"
    assert dialog.summary["Borrower"].text().startswith("郑十一")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Say why" in dialog.error.text()  # nothing withdrawn
    assert dialog.reason is not None
    qtbot.keyClicks(dialog.reason, "found a cheaper offer")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: page.message.text() == "Withdrawn.", timeout=10_000)
    runner.wait_for_done()
    with sqlite_db.sessions() as s:
        assert s.get(Application, made.id).status == "withdrawn"  # type: ignore[union-attr]
        after = s.scalars(
            select(AuditEvent.after_json).where(
                AuditEvent.action == "application.withdrawn",
                AuditEvent.entity_id == str(made.id),
            )
        ).one()
    assert "found a cheaper offer" in (after or "")


def test_fund_refusal_shows_in_the_dialog(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = make_customer(sqlite_db)
    uw = sqlite_db.user(Role.UNDERWRITER)
    made = ApplicationService(uw, sqlite_db.vault).submit(
        form(amount="20000"), customer_id=customer
    )
    decisions = DecisionService(uw, FakeGate())
    taken = decisions.take_next()
    assert taken is not None
    decisions.approve(taken.id, taken.version)
    senior = sqlite_db.user(Role.SENIOR_UNDERWRITER)
    page = make_page(qtbot, sqlite_db, senior, runner, FakeGate())
    _open(qtbot, page, made.id, "approved")
    qtbot.mouseClick(page.buttons["fund"], Qt.MouseButton.LeftButton)
    dialog = page.confirm_dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.reason is None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no investor has cash
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert dialog.isVisible() and page.message.text() != "Funded."
    with sqlite_db.sessions() as s:
        assert s.get(Application, made.id).status == "approved"  # type: ignore[union-attr]
