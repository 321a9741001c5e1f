"""Arrangements on screen (issue 13 point 13): the supervisor's approval list names the
customer, contract, days past due, overdue amount, plan and the agent's note (not an
internal case id); the agent's case view shows the arrangement and its state."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from app.collections.arrangements import ArrangementService, even_plan
from app.money import format_amount
from db.models.customers import Customer
from db.models.loans import Loan
from tests.collections_support import business_date
from tests.db.test_collections_service import Desk
from tests.support import TestDB
from tests.ui.test_collections_desk import make_page, runner  # noqa: F401  (fixture)
from ui.tasks import TaskRunner

NOTE = "lost job in January, new one from April"


def _propose(db: TestDB, desk: Desk) -> list[tuple[object, int]]:
    today = business_date(db)
    owed = ArrangementService(desk.agent).outstanding(desk.case.id)
    plan = even_plan(owed, today + timedelta(days=10), 2)
    ArrangementService(desk.agent).propose(desk.case.id, plan, NOTE)
    return list(plan)


def test_the_approval_list_names_customer_contract_dpd_overdue_plan_and_note(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
) -> None:
    desk = Desk(sqlite_db)
    plan = _propose(sqlite_db, desk)
    with sqlite_db.sessions() as s:
        customer = s.get(Customer, desk.case.customer_id)
        loan = s.get(Loan, desk.loan_id)
        assert customer is not None and loan is not None
        name, number, contract = customer.name, customer.number, loan.number
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    board = page.board
    assert board is not None
    table = board.arrangements
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert "Case" not in headers
    cells = dict(zip(headers, (table.item(0, c).text() for c in range(len(headers))), strict=True))
    assert cells["Customer"] == f"{name} · {number}"
    assert cells["Contract"] == contract
    assert cells["DPD"] == str(desk.case.dpd) and desk.case.dpd > 0
    assert cells["Overdue"] == format_amount(desk.case.overdue_amount, True)
    assert cells["Agent's note"] == NOTE
    assert cells["Plan"].startswith(plan[0][0].isoformat())  # type: ignore[attr-defined]
    assert str(desk.case.id) not in cells.values()


def test_the_agents_case_view_shows_the_arrangement_and_its_state(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
) -> None:
    desk = Desk(sqlite_db)
    _propose(sqlite_db, desk)
    page = make_page(qtbot, sqlite_db, desk.agent, runner)
    page.open_case(desk.case.id)
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)
    text = page.panel.browser.toPlainText()
    assert "Payment arrangement" in text and NOTE in text and "pending approval" in text

    [waiting] = ArrangementService(desk.sup).pending()
    ArrangementService(desk.sup).decide(waiting.id, waiting.version, True, "fine")
    page.actions_by_name["collections_refresh"].trigger()
    qtbot.waitUntil(lambda: "approved" in page.panel.browser.toPlainText(), timeout=10_000)
    assert desk.sup.actor.username in page.panel.browser.toPlainText()
