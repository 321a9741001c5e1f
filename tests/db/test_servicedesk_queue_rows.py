"""The ticket queue's Core rows on every backend: the same rows as the ORM read
path, the SLA setup reused only while the stored calendar and targets are
unchanged, and raw times converted exactly as ``UTCDateTime`` converts them."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from app.servicedesk.admin import DeskAdminService
from app.servicedesk.breaches import sweep_breaches
from app.servicedesk.queries import Queue, Sort, TicketQueries
from app.servicedesk.read import SlaView, TicketRow, current_setup
from app.servicedesk.rules import Status
from app.servicedesk.service import NewTicket, TicketService
from app.servicedesk.sla import Light, SlaPolicy
from db.models.servicedesk import Ticket
from db.types import raw, utc_from_db
from tests.db.desk_helpers import Desk, make_desk, sh
from tests.support import TestDB


def _ticket(desk: Desk, subject: str, **kw: object) -> int:
    data = NewTicket(subject=subject, customer_id=desk.customer_id, team_id=desk.team_id, **kw)  # type: ignore[arg-type]
    return TicketService(desk.agent).create(data).row.id


def _all(queries: TicketQueries, queue: Queue, sort: Sort) -> list[TicketRow]:
    rows: list[TicketRow] = []
    page = queries.page(queue, sort, limit=2)
    rows.extend(page.rows)
    while page.next_key is not None:
        page = queries.page(queue, sort, page.next_key, limit=2)
        rows.extend(page.rows)
    return rows


def _assert_same(row: TicketRow, expected: TicketRow) -> None:
    assert row == expected
    for clock in ("first_response", "resolution"):
        assert getattr(row.sla, clock) == getattr(expected.sla, clock), clock
    assert (row.sla.light, row.sla.left_seconds, row.sla.breached, row.sla.escalated_to) == (
        expected.sla.light,
        expected.sla.left_seconds,
        expected.sla.breached,
        expected.sla.escalated_to,
    )


def test_the_row_builder_names_every_field() -> None:
    """rows_from_columns fills the instance dictionaries with the field names spelled out."""
    assert tuple(f.name for f in fields(TicketRow)) == (
        "id", "number", "subject", "status", "priority", "category", "channel", "customer_id",
        "customer_name", "loan_id", "assignee_id", "assignee_name", "team_id", "team_name",
        "is_complaint", "tags", "created_at", "updated_at", "due_at", "due_sort_key",
        "escalated", "sla", "version",
    )  # fmt: skip
    assert tuple(f.name for f in fields(SlaView)) == (
        "calendar", "policy", "started_at", "paused_seconds", "paused_since",
        "first_response_at", "resolved_at", "breach_recorded", "now", "escalated_to",
    )  # fmt: skip


def test_queue_rows_equal_the_detail_rows_in_every_queue(db: TestDB) -> None:
    desk = make_desk(db)  # Monday 08:00
    DeskAdminService(desk.admin).set_policy(SlaPolicy("normal", 60, 240))
    svc = TicketService(desk.agent)
    boss = TicketService(desk.supervisor)
    plain = _ticket(desk, "plain", tags=("vip", "refund"))
    mine = _ticket(desk, "mine")
    svc.assign(mine, desk.agent.actor.user_id)
    paused = _ticket(desk, "paused")
    desk.clock.set(sh(2026, 3, 2, 9))
    svc.transition(paused, Status.PENDING_CUSTOMER)
    answered = _ticket(desk, "answered", priority="urgent")
    svc.add_note(answered, "On it", visible_to_customer=True)
    escalated = _ticket(desk, "escalated", priority="high")
    unknown = TicketService(desk.agent).create(NewTicket(subject="no customer")).row.id
    desk.clock.set(sh(2026, 3, 2, 11, 30))  # some clocks amber or red by now
    assert sweep_breaches(desk.agent) >= 1  # stored breaches, escalated to the supervisor
    ids = {plain, mine, paused, answered, escalated, unknown}
    for ctx in (desk.agent, desk.supervisor):
        queries = TicketQueries(ctx)
        for queue in Queue:
            if queue is Queue.SEARCH:
                continue
            for sort in Sort:
                rows = _all(queries, queue, sort)
                assert len({r.id for r in rows}) == len(rows)
                keys = [(r.due_sort_key if sort is Sort.DUE else r.created_at, r.id) for r in rows]
                assert keys == sorted(keys, reverse=sort is Sort.NEWEST)
                for row in rows:
                    _assert_same(row, boss.get(row.id).row)
    everything = {r.id: r for r in _all(TicketQueries(desk.agent), Queue.ALL, Sort.DUE)}
    assert set(everything) == ids
    assert everything[plain].tags == ("refund", "vip")
    assert everything[unknown].customer_name is None and everything[plain].customer_name == "王芳"
    assert everything[mine].assignee_name == desk.agent.actor.display_name
    assert everything[plain].team_name == "Front line"
    assert everything[paused].sla.resolution.light is Light.PAUSED
    assert everything[plain].sla.light is Light.RED  # first response 60 min, 3.5 h gone
    assert everything[answered].sla.first_response.light is Light.MET
    assert everything[escalated].escalated and everything[escalated].sla.breached
    assert everything[escalated].sla.escalated_to == desk.supervisor.actor.display_name
    found = TicketQueries(desk.agent).page(Queue.SEARCH, Sort.NEWEST, search="escalated").rows
    assert [r.id for r in found] == [escalated]
    _assert_same(found[0], boss.get(escalated).row)


def test_a_queue_row_builds_its_fields_on_first_read(db: TestDB) -> None:
    """A page's rows keep their columns until a field is read (a screen shows a third
    of a page); the first read builds every field at once, and a name that is no
    field still raises AttributeError."""
    desk = make_desk(db)
    first = _ticket(desk, "first", tags=("vip",))
    _ticket(desk, "second")
    page = TicketQueries(desk.agent).page(Queue.ALL, Sort.NEWEST, limit=5)
    row = next(r for r in page.rows if r.__dict__.get("_pending") is not None)
    assert set(row.__dict__) == {"_pending"}
    assert row.number.startswith("T-")
    assert set(row.__dict__) == {f.name for f in fields(TicketRow)}
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        row.nope  # type: ignore[attr-defined]  # noqa: B018
    by_id = {r.id: r for r in page.rows}
    _assert_same(by_id[first], TicketService(desk.supervisor).get(first).row)
    assert by_id[first].tags == ("vip",)


def test_an_sla_edit_shows_on_the_next_page(db: TestDB) -> None:
    desk = make_desk(db)  # Monday 2 March 2026 08:00, Mon-Fri 08:00-16:00
    admin = DeskAdminService(desk.admin)
    admin.set_policy(SlaPolicy("normal", 480, 960))
    t = _ticket(desk, "clock")
    desk.clock.set(sh(2026, 3, 2, 10))  # two business hours gone
    queries = TicketQueries(desk.agent)

    def row() -> TicketRow:
        (found,) = [r for r in queries.page(Queue.ALL).rows if r.id == t]
        _assert_same(found, TicketService(desk.agent).get(t).row)
        return found

    assert (row().sla.light, row().sla.first_response.left_seconds) == (Light.GREEN, 6 * 3600)
    admin.set_policy(SlaPolicy("normal", 150, 960))  # 30 of 150 minutes left: amber
    assert (row().sla.light, row().sla.first_response.left_seconds) == (Light.AMBER, 30 * 60)
    admin.set_policy(SlaPolicy("normal", 100, 960, amber_percent=10))
    assert (row().sla.light, row().sla.first_response.left_seconds) == (Light.RED, -20 * 60)
    admin.set_holiday(date(2026, 3, 2), "closed today")  # no business time has passed
    assert (row().sla.light, row().sla.first_response.left_seconds) == (Light.GREEN, 100 * 60)
    admin.remove_holiday(date(2026, 3, 2))
    admin.set_holiday(date(2026, 3, 3), "tomorrow")  # same count of holidays, other day
    assert row().sla.first_response.left_seconds == -20 * 60
    admin.set_calendar("Asia/Shanghai", frozenset(range(5)), time(9), time(16))
    assert row().sla.first_response.left_seconds == 40 * 60  # one hour gone since 09:00
    admin.set_calendar("Asia/Tokyo", frozenset(range(5)), time(10, 30), time(16))
    assert row().sla.first_response.left_seconds == 70 * 60  # 10:00 here is 11:00 in Tokyo


def test_the_setup_is_reused_only_while_nothing_changed(db: TestDB) -> None:
    desk = make_desk(db)
    with db.sessions() as s:
        first = current_setup(s)
    with db.sessions() as s:
        assert current_setup(s) is first  # the memo of spans carries over
    DeskAdminService(desk.admin).set_policy(SlaPolicy("low", 480, 2400, amber_percent=30))
    with db.sessions() as s:
        changed = current_setup(s)
    assert changed is not first and changed.policy("low").amber_percent == 30
    assert changed.calendar == first.calendar
    DeskAdminService(desk.admin).set_holiday(date(2026, 10, 1), "National Day")
    with db.sessions() as s:
        assert current_setup(s).calendar.holidays == frozenset({date(2026, 10, 1)})


def test_raw_times_convert_as_the_column_type_does(db: TestDB) -> None:
    desk = make_desk(db)
    ticket_id = _ticket(desk, "times")
    stamps = [
        datetime(2026, 3, 2, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 7, 59, 59, 999_999, tzinfo=UTC),
        datetime(2026, 3, 8, 10, 0, 0, 1, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2999, 1, 1, tzinfo=UTC),
        sh(2026, 11, 1, 1, 30) + timedelta(microseconds=123_456),
    ]
    for stamp in stamps:
        with db.sessions.begin() as s:
            s.execute(update(Ticket).where(Ticket.id == ticket_id).values(paused_since=stamp))
        with db.sessions() as s:
            driver, typed = s.execute(
                select(raw(Ticket.paused_since), Ticket.paused_since).where(Ticket.id == ticket_id)
            ).one()
        converted = utc_from_db(driver)
        assert converted == typed == stamp
        assert converted.tzinfo is UTC and typed.tzinfo is UTC
    assert utc_from_db(None) is None
    for text in ("2026-03-02 08:00:00", "2026-03-02T08:00:00.5", "2026-03-02 16:00:00+08:00"):
        parsed = datetime.fromisoformat(text)
        expected = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        assert utc_from_db(text) == expected and utc_from_db(text).tzinfo is UTC
