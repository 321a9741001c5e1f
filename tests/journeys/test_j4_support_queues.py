"""J4 support queues: the team lead signs in, opens the Tickets desk from the navigation,
and walks every queue and every sort with the keyboard; each one shows its own rows,
in its own order (issue 13 #15 and J4: the combo boxes once changed nothing).

Driven through the real MainWindow (clicks and keys); the fixture makes the tickets
with the services: different statuses, priorities, due times, assignees and teams,
opened at times before the real clock so their SLA due times fall where the queues
need them (the client reads the wall clock)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from app.context import ServiceContext
from app.security.permissions import Role
from app.servicedesk.admin import DeskAdminService
from app.servicedesk.queries import Queue, Sort
from app.servicedesk.service import NewTicket, TicketService
from tests.db.desk_helpers import FakeClock, timed
from tests.journeys.support_intake import click, sign_in
from tests.support import TestDB
from tests.ui.conftest import TestKeyring, make_controller
from ui.client import ClientController
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.views.tickets.page import TicketsPage
from ui.views.tickets.queue_model import Col

#: The tickets of the fixture by letter: (subject, priority, opened hours ago, who has
#: it, team, what happened after). Due = opened + the priority's resolution target
#: (urgent 4 h, high 8 h, normal 16 h, low 40 h) on a calendar open all day.
TICKETS = {
    "A": ("Payoff quote today", "urgent", 3.5, "lead", "front", "answered"),  # due in 30 min
    "B": ("Statement copy", "low", 1.0, "lead", "front", "answered"),  # due in 39 h
    "C": ("Fee question", "normal", 2.0, None, "front", "answered"),  # due in 14 h
    "D": ("Refund not received", "high", 10.0, "agent", "front", ""),  # 2 h past due
    "E": ("Card change", "high", 0.5, None, "back", "answered"),  # due in 7.5 h
    "F": ("Closed long ago", "normal", 5.0, "lead", "front", "resolved"),  # not active
    "G": ("Waiting for documents", "normal", 20.0, "agent", "front", "pending"),  # paused
}


def _at(now: datetime, hours_ago: float) -> datetime:
    return now - timedelta(hours=hours_ago)


@pytest.fixture
def support_desk(sqlite_db: TestDB) -> dict[str, str]:
    """Two teams, a lead (supervisor and member of the front line), an agent, and the
    tickets of ``TICKETS``; returns ticket number by letter."""
    now = datetime.now(UTC).replace(microsecond=0)
    clock = FakeClock(now)
    admin = timed(sqlite_db.admin(), clock)
    people = {
        name: timed(sqlite_db.user(Role.SUPPORT_AGENT, username=name), clock)
        for name in ("lead", "agent", "other")
    }
    desk = DeskAdminService(admin)
    # Open every day, all day, in UTC, so due times are opened + target whatever the hour.
    desk.set_calendar("UTC", frozenset(range(7)), time(0, 0), time(23, 59))
    for day, _name in desk.holidays():
        desk.remove_holiday(day)
    ids = {name: ctx.actor.user_id or 0 for name, ctx in people.items()}
    teams = {
        "front": desk.create_team("Front line", ids["lead"], (ids["lead"], ids["agent"])).id,
        "back": desk.create_team("Back office", ids["other"], (ids["other"],)).id,
    }
    numbers: dict[str, str] = {}
    for letter, (subject, priority, ago, who, team, then) in TICKETS.items():
        opened = FakeClock(_at(now, ago))
        actor: ServiceContext = timed(people[who or "other"], opened)
        service = TicketService(actor)
        t = service.create(
            NewTicket(
                subject=f"{letter}: {subject}",
                priority=priority,
                channel="email",
                assignee_id=ids[who] if who else None,
                team_id=teams[team],
            )
        )
        numbers[letter] = t.row.number
        if then in ("answered", "resolved", "pending"):
            service.add_note(t.row.id, "We are on it", visible_to_customer=True)
        if then == "resolved":
            service.transition(t.row.id, "resolved")
        if then == "pending":
            service.transition(t.row.id, "pending_customer")
    return numbers


@pytest.fixture
def client(
    qtbot: QtBot, sqlite_db: TestDB, tmp_path: Path, support_desk: dict[str, str]
) -> Iterator[ClientController]:
    """The real client on the fixture's database, at the login window."""
    settings = AppSettings(str(tmp_path / "settings.ini"))
    ctl = make_controller(qtbot, settings, TestKeyring(), sqlite_db.url)
    with qtbot.waitSignal(ctl.database_opened, timeout=10_000):
        ctl.start()
    yield ctl
    ctl.runner.wait_for_done()
    ctl.quit()


def _open_tickets_desk(qtbot: QtBot, window: MainWindow) -> TicketsPage:
    """Click "Tickets" in the navigation list."""
    nav: QListWidget = window.navigation
    row = next(i for i in range(nav.count()) if nav.item(i).text() == "Tickets")
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.current_page()
    assert isinstance(page, TicketsPage)
    return page


def _pick(qtbot: QtBot, combo: QComboBox, data: object) -> None:
    """Focus the combo box and walk to the entry with the arrow keys."""
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def _shown(qtbot: QtBot, ctl: ClientController, page: TicketsPage) -> list[str]:
    """The ticket numbers the table shows, top to bottom (every page fetched)."""
    model = page.model
    assert page.table.model() is model
    qtbot.waitUntil(lambda: model.exhausted and not model.loading, timeout=10_000)
    return [str(model.index(r, Col.NUMBER).data()) for r in range(model.rowCount())]


def test_j4_each_queue_and_each_sort_changes_the_rows_shown(
    qtbot: QtBot, client: ClientController, support_desk: dict[str, str]
) -> None:
    n = support_desk

    def rows(*letters: str) -> list[str]:
        return [n[x] for x in letters]

    window = sign_in(qtbot, client, "lead")
    page = _open_tickets_desk(qtbot, window)
    seen: dict[tuple[Queue, Sort], list[str]] = {}

    def look(queue: Queue, sort: Sort) -> list[str]:
        _pick(qtbot, page.queue, queue)
        _pick(qtbot, page.sort, sort)
        seen[(queue, sort)] = _shown(qtbot, client, page)
        return seen[(queue, sort)]

    # Every open ticket: soonest due first (D is already past due; G waits on the
    # customer, its clock paused), then newest first.
    assert look(Queue.ALL, Sort.DUE) == rows("D", "A", "E", "C", "B", "G")
    assert look(Queue.ALL, Sort.NEWEST) == rows("E", "B", "C", "A", "D", "G")
    # Mine: assigned to the lead (F is resolved: in no queue).
    assert look(Queue.MINE, Sort.NEWEST) == rows("B", "A")
    assert look(Queue.MINE, Sort.DUE) == rows("A", "B")
    # My team's: the front line, whoever has them; not the back office's E.
    assert look(Queue.TEAM, Sort.DUE) == rows("D", "A", "C", "B", "G")
    assert look(Queue.TEAM, Sort.NEWEST) == rows("B", "C", "A", "D", "G")
    # Unassigned: across teams.
    assert look(Queue.UNASSIGNED, Sort.DUE) == rows("E", "C")
    assert look(Queue.UNASSIGNED, Sort.NEWEST) == rows("E", "C")
    # Breaching soon: due within two hours, or past due.
    assert look(Queue.BREACHING, Sort.DUE) == rows("D", "A")
    assert look(Queue.BREACHING, Sort.NEWEST) == rows("A", "D")
    # Escalated to me: the refresh swept D's breach to the front line's supervisor.
    assert look(Queue.ESCALATED, Sort.DUE) == rows("D")
    # Each queue shows rows of its own.
    by_queue = {q: seen[(q, Sort.DUE)] for q in Queue if (q, Sort.DUE) in seen}
    assert len({tuple(v) for v in by_queue.values()}) == len(by_queue)

    # The SLA column agrees with the order: D is red, A amber, G paused.
    _pick(qtbot, page.queue, Queue.ALL)
    _pick(qtbot, page.sort, Sort.DUE)
    shown = _shown(qtbot, client, page)
    model = page.table.model()
    sla = {shown[r]: str(model.index(r, Col.SLA).data()) for r in range(len(shown))}
    assert sla[n["D"]].startswith("-") and sla[n["G"]] == "paused"

    # Search narrows to what matches, newest first; clearing it brings the queue back.
    page.search.setFocus()
    qtbot.keyClicks(page.search, n["C"])
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert _shown(qtbot, client, page) == rows("C")
    page.search.clear()
    click(qtbot, page.findChild(QPushButton, "ticket_refresh"))
    assert _shown(qtbot, client, page) == rows("D", "A", "E", "C", "B", "G")
