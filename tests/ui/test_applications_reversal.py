"""Reverse a disbursement through the widgets: one senior asks on the disbursed
application with a summary and a reason, another approves it from the list of
reversals waiting for a second person (issue 13 #6)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.security.permissions import Role
from db.models.loans import DisbursementReversal, Loan
from db.models.origination import Application
from tests.db.reversal_support import Desk, balances
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


def _click(qtbot: QtBot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_one_senior_asks_and_another_approves_the_reversal(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    db = sqlite_db
    desk = Desk.open(db)
    ids = desk.investors({"投资人甲": 1_500_000})
    app_id = desk.funded(1_000_000, 12, {ids["投资人甲"]: 1_000_000})
    before = balances(db)
    loan_id = desk.disburse(app_id)

    # the one who disbursed finds the mistake and asks
    page = make_page(qtbot, db, desk.disburser, runner, desk.gate)
    box = page.reversal
    page.open_application(app_id)
    qtbot.waitUntil(box.request_button.isEnabled, timeout=10_000)
    _click(qtbot, box.request_button)
    dialog = box.confirm_dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.isVisible()
    assert dialog.summary["Amount"].text() == "10,000.00"
    assert "投资人甲 10,000.00" in dialog.summary["Investors get back"].text()
    _click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "Say why" in dialog.error.text()
    assert dialog.reason is not None
    qtbot.keyClicks(dialog.reason, "paid to the wrong card")
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: "second person approves" in page.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "asked for a reversal" in box.hint.text(), timeout=10_000)
    assert not box.request_button.isEnabled()
    # the asker sees the request waiting, but cannot approve it
    qtbot.waitUntil(lambda: box.table.rowCount() == 1, timeout=10_000)
    box.table.selectRow(0)
    _click(qtbot, box.approve_button)
    own = box.confirm_dialog
    assert isinstance(own, ConfirmDialog)
    _click(qtbot, own.ok_button)
    qtbot.waitUntil(lambda: "Four eyes" in own.error.text(), timeout=10_000)
    own.reject()

    # a second senior approves it from the waiting list
    other = make_page(qtbot, db, desk.approver, runner, desk.gate)
    table = other.reversal.table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
    assert table.item(0, 5).text() == "paid to the wrong card"
    assert table.item(0, 4).text() == desk.disburser.actor.username
    table.selectRow(0)
    _click(qtbot, other.reversal.approve_button)
    approve = other.reversal.confirm_dialog
    assert isinstance(approve, ConfirmDialog) and approve.isVisible()
    assert approve.summary["Reason"].text() == "paid to the wrong card"
    _click(qtbot, approve.ok_button)
    qtbot.waitUntil(lambda: not approve.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: other.message.text() == "Disbursement reversed.", timeout=10_000)
    qtbot.waitUntil(
        lambda: other.detail is not None and other.detail.status == "funding", timeout=10_000
    )
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=10_000)
    runner.wait_for_done()
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        application = s.get(Application, app_id)
        reversal = s.query(DisbursementReversal).one()
        assert loan is not None and loan.status == "reversed"
        assert application is not None and application.status == "funding"
        assert reversal.decided_by == desk.approver.actor.user_id
    assert balances(db) == before
    # an underwriter (no disbursing) is offered neither
    uw = make_page(qtbot, db, db.user(Role.UNDERWRITER), runner, desk.gate)
    assert not uw.reversal.table.isVisibleTo(uw) and not uw.reversal.request_button.isEnabled()
