"""Ticket services on every backend: state machine (every pair), numbers, SLA
clocks with pauses and breaches, escalation, merge, append-only timeline."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.errors import ConflictError, PermissionDenied, StateError, ValidationError
from app.security.permissions import Role
from app.servicedesk.admin import DeskAdminService
from app.servicedesk.breaches import sweep_breaches
from app.servicedesk.merge import merge_tickets
from app.servicedesk.queries import Queue, Sort, TicketQueries
from app.servicedesk.read import TicketDetail
from app.servicedesk.rules import TRANSITIONS, Status
from app.servicedesk.service import NewTicket, TicketService
from app.servicedesk.sla import Light, SlaPolicy
from db.models.audit import AuditEvent
from db.models.servicedesk import AppendOnlyViolation, TicketEntry
from tests.db.desk_helpers import Desk, make_desk, sh
from tests.support import TestDB

S = Status


def _new(desk: Desk, subject: str = "Where is my repayment?", **kw: object) -> TicketDetail:
    data = NewTicket(subject=subject, customer_id=desk.customer_id, team_id=desk.team_id, **kw)  # type: ignore[arg-type]
    return TicketService(desk.agent).create(data)


def _drive(desk: Desk, state: Status) -> int:
    """A ticket in ``state`` reached through legal moves."""
    svc = TicketService(desk.agent)
    t = _new(desk).row.id
    path: dict[Status, list[Status]] = {
        S.NEW: [],
        S.OPEN: [S.OPEN],
        S.PENDING_CUSTOMER: [S.PENDING_CUSTOMER],
        S.PENDING_INTERNAL: [S.PENDING_INTERNAL],
        S.RESOLVED: [S.RESOLVED],
        S.CLOSED: [S.RESOLVED, S.CLOSED],
    }
    if state is S.MERGED:
        merge_tickets(desk.agent, t, _new(desk).row.id)
        return t
    for step in path[state]:
        svc.transition(t, step)
    return t


def test_every_status_pair(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    for source in Status:
        for target in Status:
            t = _drive(desk, source)
            allowed = target in TRANSITIONS[source]
            if target is S.MERGED:
                act: Callable[[], object] = lambda t=t: merge_tickets(  # noqa: E731
                    desk.agent, t, _new(desk).row.id
                )
            else:
                act = lambda t=t, target=target: svc.transition(t, target)  # noqa: E731
            if allowed:
                act()
                assert svc.get(t).row.status == target, (source, target)
            else:
                with pytest.raises(StateError):
                    act()
                assert svc.get(t).row.status == source, (source, target)


def test_reopen_only_within_the_window(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    t = _drive(desk, S.RESOLVED)
    desk.clock.set(sh(2026, 3, 6, 9))
    assert svc.transition(t, S.OPEN).row.status == "open"
    svc.transition(t, S.RESOLVED)
    desk.clock.set(sh(2026, 3, 20, 9))
    with pytest.raises(StateError, match="more than 7 days"):
        svc.transition(t, S.OPEN)


def test_numbers_are_per_year_and_sequential(db: TestDB) -> None:
    desk = make_desk(db, sh(2026, 12, 31, 10))
    a, b = _new(desk), _new(desk)
    desk.clock.set(sh(2027, 1, 4, 10))
    c = _new(desk)
    assert (a.row.number, b.row.number, c.row.number) == (
        "T-2026-000001",
        "T-2026-000002",
        "T-2027-000001",
    )


def test_sla_vectors_through_the_service(db: TestDB) -> None:
    desk = make_desk(db, sh(2026, 3, 6, 15))  # Friday 15:00
    DeskAdminService(desk.admin).set_policy(SlaPolicy("normal", 60, 120))
    t = _new(desk)
    assert t.row.due_at == sh(2026, 3, 9, 9)  # Monday 09:00
    # created outside hours: the clock starts at the next business minute
    desk.clock.set(sh(2026, 3, 7, 11))
    weekend = _new(desk)
    assert weekend.row.due_at == sh(2026, 3, 9, 10)
    assert weekend.row.sla.resolution.light is Light.GREEN


def test_pending_customer_pauses_and_reply_resumes(db: TestDB) -> None:
    desk = make_desk(db)  # Monday 08:00
    DeskAdminService(desk.admin).set_policy(SlaPolicy("normal", 60, 240))
    svc = TicketService(desk.agent)
    t = _new(desk).row.id
    desk.clock.set(sh(2026, 3, 2, 9))
    paused = svc.transition(t, S.PENDING_CUSTOMER)
    assert paused.row.sla.resolution.light is Light.PAUSED and paused.row.due_at is None
    desk.clock.set(sh(2026, 3, 2, 11))
    resumed = svc.record_customer_reply(t, "Here is the receipt")
    assert resumed.row.status == "open"
    assert resumed.row.due_at == sh(2026, 3, 2, 14)  # 4h target + 2h paused
    assert resumed.row.sla.resolution.left_seconds == 3 * 3600


def test_breach_then_pause_stays_breached_and_escalates_once(db: TestDB) -> None:
    desk = make_desk(db)
    DeskAdminService(desk.admin).set_policy(SlaPolicy("normal", 30, 120))
    svc = TicketService(desk.agent)
    t = _new(desk).row.id
    desk.clock.set(sh(2026, 3, 2, 8, 10))
    svc.add_note(t, "We are on it", visible_to_customer=True)
    desk.clock.set(sh(2026, 3, 2, 9, 50))
    assert svc.get(t).row.sla.light is Light.AMBER
    desk.clock.set(sh(2026, 3, 2, 10))
    assert svc.get(t).row.sla.light is Light.RED  # on read, before any sweep
    assert sweep_breaches(desk.agent) == 1
    assert sweep_breaches(desk.agent) == 0  # once
    paused = svc.transition(t, S.PENDING_CUSTOMER)
    assert paused.row.sla.breached and paused.row.sla.resolution.light is Light.RED
    assert paused.row.escalated and paused.row.due_at == sh(2026, 3, 2, 10)
    escalated = TicketQueries(desk.supervisor).page(Queue.ESCALATED, Sort.DUE)
    assert [r.id for r in escalated.rows] == [t]
    assert TicketQueries(desk.agent).page(Queue.ESCALATED).rows == ()
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "ticket.sla_breached"))
        assert [e.entity_id for e in events] == [str(t)]


def test_merge_moves_the_timeline_and_points_to_the_survivor(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    dup = _new(desk, "Duplicate: refund").row.id
    svc.add_note(dup, "first note on the duplicate")
    survivor = _new(desk, "Refund").row.id
    merged = merge_tickets(desk.agent, dup, survivor)
    bodies = [e.body for e in merged.entries]
    assert "first note on the duplicate" in bodies
    moved = [e for e in merged.entries if e.body == "first note on the duplicate"]
    assert moved[0].moved_from_ticket_id == dup
    gone = svc.get(dup)
    assert gone.row.status == "merged" and gone.merged_into_number == merged.row.number
    with pytest.raises(StateError):
        svc.add_note(dup, "late")
    with pytest.raises(ValidationError):
        merge_tickets(desk.agent, survivor, survivor)


def test_timeline_is_append_only_and_corrections_are_new_entries(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    t = _new(desk).row.id
    note = svc.add_note(t, "Customer paid on the 3rd").entries[-1]
    with db.sessions() as s:
        entry = s.get(TicketEntry, note.id)
        assert entry is not None
        entry.body = "rewritten"
        with pytest.raises(AppendOnlyViolation):
            s.flush()
        s.rollback()
        entry = s.get(TicketEntry, note.id)
        s.delete(entry)
        with pytest.raises(AppendOnlyViolation):
            s.flush()
    fixed = svc.correct_entry(note.id, "Customer paid on the 4th")
    assert [e.body for e in fixed.entries][-2:] == [
        "Customer paid on the 3rd",
        "Customer paid on the 4th",
    ]
    assert fixed.entries[-1].corrects_entry_id == note.id


def test_first_response_optimistic_version_and_permissions(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    t = _new(desk)
    shared = svc.add_note(t.row.id, "We are checking", visible_to_customer=True)
    assert shared.row.sla.first_response.light is Light.MET
    with pytest.raises(ConflictError, match="changed by"):
        svc.transition(t.row.id, S.OPEN, expected_version=t.row.version)
    auditor = db.user(Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        TicketService(auditor).add_note(t.row.id, "no")
    with pytest.raises(ValidationError, match="subject"):
        TicketService(desk.agent).create(NewTicket(subject="  "))
