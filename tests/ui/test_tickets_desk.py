"""The tickets desk under pytest-qt: logging a call that opens a ticket in a
handful of interactions, a breach turning red and escalating, model tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.servicedesk.admin import DeskAdminService
from app.servicedesk.queries import Queue, Sort, TicketQueries
from app.servicedesk.service import NewTicket, TicketService
from app.servicedesk.sla import SlaPolicy
from tests.db.desk_helpers import make_desk, sh
from tests.support import TestDB
from ui.views.tickets.call_panel import LOG_CALL_ACTION_ID
from ui.views.tickets.page import TicketsPage
from ui.views.tickets.queue_model import LIGHT_ROLE, Col, TicketQueueModel


def test_logging_a_call_opens_a_ticket(qtbot: QtBot, sqlite_db: TestDB) -> None:
    desk = make_desk(sqlite_db)
    page = TicketsPage(ctx=desk.agent, vault=sqlite_db.vault)
    qtbot.addWidget(page)
    page.show()
    interactions = 0
    assert page.log_call_action is not None and page.call_panel is not None
    page.log_call_action.trigger()  # the one shortcut
    interactions += 1
    panel = page.call_panel
    assert panel.isVisible()
    assert page.findChild(type(page.log_call_action), LOG_CALL_ACTION_ID) is not None
    qtbot.keyClicks(panel.search, "13800001234")
    with qtbot.waitSignal(panel.callers_found, timeout=10_000):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    interactions += 2
    assert panel.results.count() == 1 and panel.customer_id() == desk.customer_id
    qtbot.waitUntil(lambda: panel.target.count() >= 1, timeout=10_000)
    for key in ("full_name", "date_of_birth"):
        panel.identity[key].click()
        interactions += 1
    qtbot.keyClicks(panel.notes, "Asked why the late fee was charged")
    interactions += 1
    with qtbot.waitSignal(panel.call_saved, timeout=10_000) as saved:
        panel.save_button.click()
    interactions += 1
    result = saved.args[0]
    assert interactions <= 8  # well under 30 seconds of clicking
    assert result.created_ticket and result.verified
    assert result.ticket.row.subject == "Asked why the late fee was charged"
    assert result.ticket.row.customer_id == desk.customer_id
    assert page.detail.header.text().startswith(result.ticket.row.number)
    page._runner.wait_for_done()
    page.queue.setCurrentIndex(page.queue.findData(Queue.MINE))
    assert [r.id for r in page.model.rows()] == [result.ticket.row.id]


def test_breach_turns_red_and_escalates(qtbot: QtBot, sqlite_db: TestDB) -> None:
    desk = make_desk(sqlite_db)
    DeskAdminService(desk.admin).set_policy(SlaPolicy("normal", 30, 120))
    t = TicketService(desk.agent).create(
        NewTicket(
            subject="Payoff quote", assignee_id=desk.agent.actor.user_id, team_id=desk.team_id
        )
    )
    TicketService(desk.agent).add_note(t.row.id, "on it", visible_to_customer=True)
    page = TicketsPage(ctx=desk.agent, vault=sqlite_db.vault)
    qtbot.addWidget(page)
    index = page.model.index(0, Col.SLA)
    assert index.data(LIGHT_ROLE) == "green"
    desk.clock.set(sh(2026, 3, 2, 9, 45))
    page.refresh()
    assert page.model.index(0, Col.SLA).data(LIGHT_ROLE) == "amber"
    desk.clock.set(sh(2026, 3, 2, 10, 5))
    assert TicketQueries(desk.supervisor).page(Queue.ESCALATED).rows == ()
    page.refresh()  # sweeps breaches, then reloads
    assert page.model.index(0, Col.SLA).data(LIGHT_ROLE) == "red"
    assert page.model.index(0, Col.SLA).data().startswith("-")
    with qtbot.waitSignal(page.detail.shown, timeout=10_000):
        page.table.selectRow(0)
    assert page.detail.sla.property("light") == "red"
    assert "escalated" in page.detail.sla.text()
    escalated = TicketQueries(desk.supervisor).page(Queue.ESCALATED, Sort.DUE)
    assert [r.id for r in escalated.rows] == [t.row.id]
    page._runner.wait_for_done()


def test_queue_model_passes_the_model_tester(qtmodeltester, sqlite_db: TestDB) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(sqlite_db)
    svc = TicketService(desk.agent)
    for i in range(7):
        svc.create(NewTicket(subject=f"t{i}", team_id=desk.team_id))
    model = TicketQueueModel(TicketQueries(desk.agent), page_size=3)
    model.show_queue(Queue.TEAM, Sort.NEWEST)
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 7
    assert [model.index(r, Col.SUBJECT).data() for r in range(7)] == [
        f"t{i}" for i in range(6, -1, -1)
    ]
    model.show_queue(Queue.TEAM, Sort.DUE)
    qtmodeltester.check(model)


def _choose(qtbot: QtBot, combo: object, data: object) -> None:
    """Pick an entry the way a user does: open the combo and walk with the arrow keys."""
    from PySide6.QtWidgets import QComboBox

    assert isinstance(combo, QComboBox)
    target = combo.findData(data)
    assert target >= 0
    combo.setFocus()
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def test_queue_filters_and_sort_change_the_rows_through_the_combo_boxes(
    qtbot: QtBot, sqlite_db: TestDB
) -> None:
    """Issue 13 point 15: the combo boxes hand back plain strings; the filter and the
    statement cache must still treat them as the queue and the sort chosen."""
    desk = make_desk(sqlite_db)
    service = TicketService(desk.agent)
    mine = service.create(
        NewTicket(
            subject="Mine, urgent",
            priority="urgent",
            assignee_id=desk.agent.actor.user_id,
            team_id=desk.team_id,
        )
    ).row.id
    desk.clock.set(sh(2026, 3, 2, 9))
    unassigned = service.create(NewTicket(subject="Nobody's, low", priority="low")).row.id
    page = TicketsPage(ctx=desk.agent, vault=sqlite_db.vault)
    qtbot.addWidget(page)
    page.show()

    def shown() -> list[int]:
        page._runner.wait_for_done()
        qtbot.waitUntil(lambda: not page.model.canFetchMore(), timeout=10_000)
        return [r.id for r in page.model.rows()]

    _choose(qtbot, page.queue, Queue.ALL)
    _choose(qtbot, page.sort, Sort.DUE)
    assert shown() == [mine, unassigned]
    _choose(qtbot, page.sort, Sort.NEWEST)
    assert shown() == [unassigned, mine]
    _choose(qtbot, page.queue, Queue.MINE)
    assert shown() == [mine]
    _choose(qtbot, page.queue, Queue.UNASSIGNED)
    assert shown() == [unassigned]
    _choose(qtbot, page.queue, Queue.ESCALATED)
    assert shown() == []
