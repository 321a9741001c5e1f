"""Supervisor dialogs of the collections desk, driven like a user and checked in the
database: reassigning a case, matching suspense money to a contract, routing a
bucket, escalating; an agent does not get them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.collections.actions import Escalation
from app.collections.suspense import park
from app.loans.payment_file import FileRow
from db.models.collections import BucketAssignment, CollectionCase, SuspensePayment
from db.models.loans import Loan, Payment
from tests.db.test_collections_service import Desk
from tests.support import TestDB
from tests.ui.test_collections_desk import make_page
from ui.tasks import TaskRunner
from ui.views.collections.supervisor import ReassignDialog, TeamsDialog
from ui.views.collections.supervisor_tools import EscalationsDialog, SuspenseDialog


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def test_supervisor_reassigns_the_open_case(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,
) -> None:
    desk = Desk(sqlite_db)
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    page.open_case(desk.case.id)
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)
    page.actions_by_name["collections_reassign"].trigger()
    dialog = page.supervisor_dialog
    assert isinstance(dialog, ReassignDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(ok.isEnabled, timeout=10_000)
    target = desk.agent2.actor.user_id
    dialog.agent.setCurrentIndex(dialog.agent.findData(target))
    with qtbot.waitSignal(dialog.reassigned, timeout=10_000):
        ok.click()
    with sqlite_db.sessions() as s:
        case = s.get(CollectionCase, desk.case.id)
        assert case is not None and case.agent_id == target and case.claimed_by is None


def test_supervisor_matches_suspense_money_to_a_contract(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,
) -> None:
    desk = Desk(sqlite_db)
    with sqlite_db.sessions() as s:
        number = s.get(Loan, desk.loan_id).number  # type: ignore[union-attr]
    row = FileRow(7, "BANK-777", number + "X", 123_45, date(2026, 2, 20), "Payer")
    assert park(desk.sup, row, "bank.csv")
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    page.actions_by_name["collections_suspense"].trigger()
    dialog = page.supervisor_dialog
    assert isinstance(dialog, SuspenseDialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.search.text() == number + "X"  # prefilled with what the bank sent
    dialog.search.setText(number)
    with qtbot.waitSignal(dialog.finished_work, timeout=10_000):
        dialog.find_loans()
    assert dialog.loan_table.rowCount() == 1
    assert dialog.loan_table.item(0, 0).text() == number
    dialog.match_button.click()
    qtbot.waitUntil(lambda: "posted to" in dialog.status.text(), timeout=10_000)
    with sqlite_db.sessions() as s:
        item = s.scalars(select(SuspensePayment)).one()
        assert item.status == "matched" and item.matched_loan_id == desk.loan_id
        paid = s.scalars(select(Payment).where(Payment.external_ref == "BANK-777")).one()
        assert paid.loan_id == desk.loan_id and paid.amount == 123_45
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10_000)


def test_supervisor_routes_a_bucket_to_a_new_team(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,
) -> None:
    desk = Desk(sqlite_db)
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    page.actions_by_name["collections_teams"].trigger()
    dialog = page.supervisor_dialog
    assert isinstance(dialog, TeamsDialog)
    qtbot.waitUntil(lambda: dialog.new_members.count() >= 3, timeout=10_000)
    dialog.new_name.setText("Late stage")
    dialog.new_members.item(0).setCheckState(dialog.new_members.item(0).checkState().Checked)
    with qtbot.waitSignal(dialog.finished_work, timeout=10_000):
        dialog.create_team()
    qtbot.waitUntil(lambda: dialog.team.count() == 1, timeout=10_000)
    dialog.bucket.setCurrentIndex(dialog.bucket.findData("M3"))
    dialog.target.setCurrentIndex(dialog.target.findData("auto"))
    dialog.save_routing()
    qtbot.waitUntil(lambda: dialog.routing.rowCount() == 1, timeout=10_000)
    with sqlite_db.sessions() as s:
        rule = s.get(BucketAssignment, "M3")
        assert rule is not None and rule.auto_assign and rule.agent_id is None


def test_supervisor_escalates_a_case_past_the_threshold(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,
) -> None:
    desk = Desk(sqlite_db, overdue_days=95)
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    page.actions_by_name["collections_escalations"].trigger()
    dialog = page.supervisor_dialog
    assert isinstance(dialog, EscalationsDialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    dialog.escalate(Escalation.LEGAL)  # no reason: refused, nothing written
    qtbot.waitUntil(lambda: "reason" in dialog.status.text(), timeout=10_000)
    dialog.reason.setText("no payment in three months")
    dialog.escalate(Escalation.LEGAL)
    qtbot.waitUntil(lambda: "legal" in dialog.table.item(0, 5).text(), timeout=10_000)
    with sqlite_db.sessions() as s:
        assert s.get(CollectionCase, desk.case.id).escalation == "legal"  # type: ignore[union-attr]


def test_agents_do_not_get_the_supervisor_actions(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,
) -> None:
    desk = Desk(sqlite_db)
    page = make_page(qtbot, sqlite_db, desk.agent, runner)
    for name in ("collections_reassign", "collections_teams", "collections_suspense",
                 "collections_escalations"):  # fmt: skip
        assert not page.actions_by_name[name].isVisible()
