"""The tickets desk beyond the call panel, through its widgets (issue 13 #18): a new
ticket from a letter, take next and assign, category / priority / loan, merge a
duplicate, and the description."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.servicedesk.merge import attach_file
from app.servicedesk.queries import Queue
from app.servicedesk.service import NewTicket, TicketService
from db.models.audit import AuditEvent
from db.models.servicedesk import CollectionHold, Ticket
from tests.collections_support import make_loan
from tests.db.desk_helpers import Desk, make_desk
from tests.support import TestDB
from ui.views.tickets.page import TicketsPage


def _page(qtbot: QtBot, desk: Desk, db: TestDB) -> TicketsPage:
    page = TicketsPage(ctx=desk.agent, vault=db.vault)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    return page


def _click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose(qtbot: QtBot, combo: QComboBox, data: object) -> None:
    """Pick an entry as a user does: focus the combo, walk with the arrow keys."""
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def _queue(qtbot: QtBot, page: TicketsPage, queue: Queue) -> list[str]:
    _choose(qtbot, page.queue, queue)
    page._runner.wait_for_done()
    qtbot.waitUntil(lambda: not page.model.canFetchMore(), timeout=10_000)
    return [r.number for r in page.model.rows()]


def _select_row(qtbot: QtBot, page: TicketsPage, number: str) -> None:
    """Click the ticket's row in the queue and wait for its detail."""
    page._runner.wait_for_done()
    rows = [r.number for r in page.model.rows()]
    index = page.model.index(rows.index(number), 0)
    rect = page.table.visualRect(index)
    with qtbot.waitSignal(page.detail.shown, timeout=10_000):
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.detail.detail is not None and page.detail.detail.row.number == number


def _ticket(db: TestDB, number: str) -> Ticket:
    with db.sessions() as s:
        return s.scalars(select(Ticket).where(Ticket.number == number)).one()


def test_a_letter_becomes_a_ticket_through_the_new_ticket_dialog(
    qtbot: QtBot, sqlite_db: TestDB
) -> None:
    desk = make_desk(sqlite_db)
    loan = make_loan(sqlite_db, desk.customer_id, disbursed=date(2026, 1, 5))
    page = _page(qtbot, desk, sqlite_db)
    _click(qtbot, page.new_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.search, "13800001234")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        _click(qtbot, dialog.find_button)
    assert dialog.customer.currentData() == desk.customer_id
    assert dialog.loan.currentData() == loan  # the customer's one loan, preselected
    _choose(qtbot, dialog.channel, "letter")
    _choose(qtbot, dialog.category, "dispute")
    _choose(qtbot, dialog.priority, "high")
    qtbot.keyClicks(dialog.description, "The customer disputes the late fee of March")
    _click(qtbot, dialog.ok_button)  # no subject yet: refused inside the dialog
    qtbot.waitUntil(lambda: "subject" in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible()
    assert dialog.description.toPlainText() == "The customer disputes the late fee of March"
    qtbot.keyClicks(dialog.subject, "Letter: late fee disputed")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        _click(qtbot, dialog.ok_button)
    number = saved.args[0].row.number
    assert page.detail.header.text().startswith(number)
    assert "Letter" in page.detail.facts.text()
    row = _ticket(sqlite_db, number)
    assert (row.channel, row.category, row.priority) == ("letter", "dispute", "high")
    assert (row.customer_id, row.loan_id) == (desk.customer_id, loan)
    assert row.description == "The customer disputes the late fee of March"
    with sqlite_db.sessions() as s:
        assert s.scalars(select(CollectionHold.ticket_id)).all() == [row.id]
    assert number in _queue(qtbot, page, Queue.UNASSIGNED)


def test_take_next_then_assign_back_to_the_team(qtbot: QtBot, sqlite_db: TestDB) -> None:
    desk = make_desk(sqlite_db)
    svc = TicketService(desk.supervisor)
    low = svc.create(NewTicket(subject="Low", priority="low", team_id=desk.team_id)).row
    urgent = svc.create(NewTicket(subject="Urgent", priority="urgent", team_id=desk.team_id)).row
    page = _page(qtbot, desk, sqlite_db)
    with qtbot.waitSignal(page.detail.shown, timeout=10_000):
        _click(qtbot, page.take_next_button)
    assert page.detail.detail is not None
    assert page.detail.detail.row.number == urgent.number  # soonest due first
    assert _queue(qtbot, page, Queue.MINE) == [urgent.number]
    _select_row(qtbot, page, urgent.number)
    _click(qtbot, page.detail.buttons["assign"])
    dialog = page.detail.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10_000)
    _choose(qtbot, dialog.assignee, None)  # nobody: back to the team's queue
    _choose(qtbot, dialog.team, desk.team_id)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        _click(qtbot, dialog.ok_button)
    assert _ticket(sqlite_db, urgent.number).assignee_id is None
    assert _queue(qtbot, page, Queue.MINE) == []
    assert _queue(qtbot, page, Queue.UNASSIGNED) == [urgent.number, low.number]
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5_000)
    page.table.setFocus()
    with qtbot.waitSignal(page.detail.shown, timeout=10_000):  # Take next is Ctrl+T
        qtbot.keyClick(page.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert page.detail.detail is not None and page.detail.detail.row.number == urgent.number
    assert _ticket(sqlite_db, urgent.number).assignee_id == desk.agent.actor.user_id


def test_category_priority_and_loan_change_and_the_due_time_follows(
    qtbot: QtBot, sqlite_db: TestDB
) -> None:
    desk = make_desk(sqlite_db)
    loan = make_loan(sqlite_db, desk.customer_id, disbursed=date(2026, 1, 5))
    svc = TicketService(desk.agent)
    t = svc.create(NewTicket(subject="Fee", customer_id=desk.customer_id, team_id=desk.team_id)).row
    page = _page(qtbot, desk, sqlite_db)
    _queue(qtbot, page, Queue.ALL)
    _select_row(qtbot, page, t.number)
    before = page.detail.sla.text()
    _click(qtbot, page.detail.buttons["change"])
    dialog = page.detail.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loan.count() == 2, timeout=10_000)
    _choose(qtbot, dialog.category, "hardship")
    _choose(qtbot, dialog.priority, "urgent")
    _choose(qtbot, dialog.loan, loan)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        _click(qtbot, dialog.ok_button)
    row = _ticket(sqlite_db, t.number)
    assert (row.category, row.priority, row.loan_id) == ("hardship", "urgent", loan)
    assert row.resolution_due_at is not None and t.due_at is not None
    assert row.resolution_due_at.replace(tzinfo=None) < t.due_at.replace(tzinfo=None)
    assert page.detail.sla.text() != before  # 4 business hours now, not 16
    assert "L-T" in page.detail.facts.text()
    with sqlite_db.sessions() as s:
        updated = s.scalars(select(AuditEvent).where(AuditEvent.action == "ticket.updated")).all()
        assert len(updated) == 1 and "urgent" in (updated[0].after_json or "")
        assert s.scalars(select(CollectionHold.kind)).all() == ["hardship"]


def test_a_duplicate_is_merged_with_its_history_and_attachments(
    qtbot: QtBot, sqlite_db: TestDB
) -> None:
    desk = make_desk(sqlite_db)
    svc = TicketService(desk.agent)
    keep = svc.create(NewTicket(subject="Refund", customer_id=desk.customer_id)).row
    dup = svc.create(NewTicket(subject="Refund again", customer_id=desk.customer_id)).row
    svc.add_note(dup.id, "second email about the refund")
    attach_file(desk.agent, dup.id, "receipt.txt", "text/plain", b"paid 100", sqlite_db.vault)
    page = _page(qtbot, desk, sqlite_db)
    _queue(qtbot, page, Queue.ALL)
    _select_row(qtbot, page, dup.number)
    _click(qtbot, page.detail.buttons["merge"])
    dialog = page.detail.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10_000)
    assert dialog.target.currentData() == keep.id
    with (
        qtbot.waitSignal(page.detail.attachments.listed, timeout=10_000),
        qtbot.waitSignal(dialog.saved, timeout=10_000),
    ):
        _click(qtbot, dialog.ok_button)
    shown = page.detail.detail
    assert shown is not None and shown.row.number == keep.number
    timeline = [page.detail.timeline.item(i).text() for i in range(page.detail.timeline.count())]
    assert any("second email about the refund" in line for line in timeline)
    assert page.detail.attachments.list.count() == 1
    assert "receipt.txt" in page.detail.attachments.list.item(0).text()
    gone = _ticket(sqlite_db, dup.number)
    assert (gone.status, gone.merged_into_id) == ("merged", keep.id)
    assert _queue(qtbot, page, Queue.ALL) == [keep.number]
    with sqlite_db.sessions() as s:
        merged = s.scalars(select(AuditEvent).where(AuditEvent.action == "ticket.merged")).all()
        assert [e.entity_id for e in merged] == [str(dup.id)]


def test_the_description_shows_and_is_edited(qtbot: QtBot, sqlite_db: TestDB) -> None:
    desk = make_desk(sqlite_db)
    t = (
        TicketService(desk.agent)
        .create(NewTicket(subject="Walk-in", channel="walk_in", description="Came to the branch"))
        .row
    )
    page = _page(qtbot, desk, sqlite_db)
    _queue(qtbot, page, Queue.ALL)
    _select_row(qtbot, page, t.number)
    assert page.detail.description.toPlainText() == "Came to the branch"
    page.detail.tabs.setCurrentIndex(
        page.detail.tabs.indexOf(page.detail.description.parentWidget())
    )
    page.detail.description.setFocus()
    qtbot.keyClick(page.detail.description, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.detail.description, " to ask for a payoff quote")
    with qtbot.waitSignal(page.detail.changed, timeout=10_000):
        _click(qtbot, page.detail.description_save)
    assert _ticket(sqlite_db, t.number).description == (
        "Came to the branch to ask for a payoff quote"
    )
    assert page.detail.detail is not None
    assert page.detail.detail.entries[-1].kind == "change"


def test_the_timeline_reads_in_chinese_without_codes_or_ids(
    qtbot: QtBot, sqlite_db: TestDB, chinese: list[QTranslator]
) -> None:
    """A status change, an assignment and a change of priority and loan are worded in
    Chinese with names, not ``to: open`` or ``assignee_id: 7``."""
    desk = make_desk(sqlite_db)
    svc = TicketService(desk.agent)
    loan = make_loan(sqlite_db, desk.customer_id, disbursed=date(2025, 10, 5))
    t = svc.create(NewTicket(subject="还款疑问", customer_id=desk.customer_id)).row
    svc.assign(t.id, desk.agent.actor.user_id, desk.team_id)
    svc.update(t.id, priority="high", loan_id=loan)
    svc.transition(t.id, "pending_customer", note="等客户回电")
    page = _page(qtbot, desk, sqlite_db)
    with qtbot.waitSignal(page.detail.shown, timeout=10_000):
        page.detail.load(t.id)
    lines = [page.detail.timeline.item(i).text() for i in range(page.detail.timeline.count())]
    text = "\n".join(lines)
    assert "分派给" in text and "Front line" in text, text
    assert "优先级：" in text and "借款：L" in text, text
    assert "→ 等待客户" in text, text
    assert "等客户回电" in text
    for raw in ("to:", "assignee_id", "team_id", "loan_id", "pending_customer", "priority:"):
        assert raw not in text, (raw, text)
