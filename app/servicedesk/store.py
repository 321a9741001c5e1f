"""Session-level helpers shared by the desk services: calendar and policies,
ticket numbers, timeline appends, and the SLA bookkeeping on a ticket row.

Every function works inside the caller's transaction; none opens its own,
except :func:`ensure_sequence`, which must run before the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.business_calendar import BusinessCalendar
from app.context import Actor
from app.errors import ConflictError, NotFound
from app.security.redact import redact_pii
from app.servicedesk.rules import EntryKind, Status, ticket_number
from app.servicedesk.sla import DEFAULT_POLICIES, ClockState, SlaPolicy, due_at, elapsed_seconds
from db.models.servicedesk import (
    SlaCalendarRow,
    SlaHoliday,
    SlaPolicyRow,
    SupportTeam,
    Ticket,
    TicketEntry,
    TicketSequence,
)

#: due_sort_at of tickets whose clock is not running (paused, resolved): last in "due" order.
FAR_FUTURE = datetime(2999, 1, 1, tzinfo=UTC)


def load_calendar(session: Session) -> BusinessCalendar:
    row = session.get(SlaCalendarRow, 1)
    holidays = frozenset(session.scalars(select(SlaHoliday.day)))
    if row is None:
        return BusinessCalendar(holidays=holidays)
    return BusinessCalendar(
        timezone=row.timezone,
        work_days=frozenset(int(d) for d in row.work_days.split(",") if d.strip()),
        start=time(row.start_minute // 60, row.start_minute % 60),
        end=time(row.end_minute // 60, row.end_minute % 60),
        holidays=holidays,
    )


def load_policies(session: Session) -> dict[str, SlaPolicy]:
    policies = {p.priority: p for p in DEFAULT_POLICIES}
    for row in session.scalars(select(SlaPolicyRow)):
        policies[row.priority] = SlaPolicy(
            row.priority, row.first_response_minutes, row.resolution_minutes, row.amber_percent
        )
    return policies


@dataclass(frozen=True)
class SlaSetup:
    """Calendar and policies, loaded once per transaction."""

    calendar: BusinessCalendar
    policies: Mapping[str, SlaPolicy]

    @classmethod
    def load(cls, session: Session) -> SlaSetup:
        return cls(load_calendar(session), load_policies(session))

    def policy(self, priority: str) -> SlaPolicy:
        return self.policies[priority]


def ensure_sequence(sessions: sessionmaker[Session], year: int) -> None:
    """Make sure the year's sequence row exists (own short transaction).

    Two workstations may race to create it; the loser's insert fails on the
    primary key and is ignored. Numbering itself then locks that row.
    """
    try:
        with sessions.begin() as session:
            if session.get(TicketSequence, year) is None:
                session.add(TicketSequence(year=year, last_number=0))
    except IntegrityError:
        pass


def take_number(session: Session, year: int) -> str:
    """The next ticket number of ``year``; the sequence row stays locked until commit."""
    seq = session.execute(
        select(TicketSequence).where(TicketSequence.year == year).with_for_update()
    ).scalar_one()
    seq.last_number += 1
    session.flush()
    return ticket_number(year, seq.last_number)


def get_ticket(session: Session, ticket_id: int, *, lock: bool = False) -> Ticket:
    stmt = select(Ticket).where(Ticket.id == ticket_id)
    if lock:
        stmt = stmt.with_for_update()
    ticket = session.execute(stmt).scalar_one_or_none()
    if ticket is None:
        raise NotFound(f"ticket {ticket_id} does not exist")
    return ticket


def check_version(session: Session, ticket: Ticket, expected: int | None) -> None:
    """ConflictError naming who changed the ticket, unless ``expected`` is current."""
    if expected is None or expected == ticket.version:
        return
    last = session.scalars(
        select(TicketEntry.author_name)
        .where(TicketEntry.ticket_id == ticket.id)
        .order_by(TicketEntry.id.desc())
        .limit(1)
    ).first()
    who = last or "someone else"
    raise ConflictError(
        f"Ticket {ticket.number} was changed by {who} since you opened it; reload and try again."
    )


def add_entry(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    kind: EntryKind,
    now: datetime,
    body: str = "",
    *,
    visible: bool = False,
    data: Mapping[str, Any] | None = None,
    corrects: int | None = None,
) -> TicketEntry:
    entry = TicketEntry(
        ticket_id=ticket.id,
        origin_ticket_id=ticket.id,
        kind=str(kind),
        body=redact_pii(body),
        visible_to_customer=visible,
        data_json=None if data is None else json.dumps(data, ensure_ascii=False, default=str),
        corrects_entry_id=corrects,
        author_id=actor.user_id,
        author_name=actor.username,
        occurred_at=now,
    )
    session.add(entry)
    ticket.updated_at = now
    session.flush()
    return entry


# --- SLA bookkeeping ---------------------------------------------------------


def resolution_clock(ticket: Ticket, policy: SlaPolicy) -> ClockState:
    return ClockState(
        started_at=ticket.sla_started_at,
        target_minutes=policy.resolution_minutes,
        paused_seconds=ticket.paused_seconds,
        paused_since=ticket.paused_since,
        stopped_at=ticket.resolved_at,
    )


def response_clock(ticket: Ticket, policy: SlaPolicy) -> ClockState:
    return ClockState(
        started_at=ticket.sla_started_at,
        target_minutes=policy.first_response_minutes,
        paused_seconds=ticket.paused_seconds,
        paused_since=ticket.paused_since,
        stopped_at=ticket.first_response_at,
    )


def start_clocks(ticket: Ticket, setup: SlaSetup, now: datetime) -> None:
    """A new ticket: the clocks start at the next business moment."""
    ticket.sla_started_at = setup.calendar.next_business_moment(now)
    ticket.paused_seconds = 0
    ticket.paused_since = None
    refresh_due(ticket, setup, now)


def refresh_due(ticket: Ticket, setup: SlaSetup, now: datetime) -> None:
    """Recompute the stored due moments (and the queue sort key) after a change."""
    cal, policy = setup.calendar, setup.policy(ticket.priority)
    ticket.first_response_due_at = (
        None
        if ticket.first_response_at is not None
        else due_at(cal, response_clock(ticket, policy), now, ticket.first_response_due_at)
    )
    ticket.resolution_due_at = due_at(
        cal, resolution_clock(ticket, policy), now, ticket.resolution_due_at
    )
    active = Status(ticket.status) not in (Status.RESOLVED, Status.CLOSED, Status.MERGED)
    ticket.due_sort_at = (
        ticket.resolution_due_at if active and ticket.resolution_due_at else FAR_FUTURE
    )


def pause(ticket: Ticket, setup: SlaSetup, now: datetime) -> None:
    if ticket.paused_since is None:
        ticket.paused_since = now
    refresh_due(ticket, setup, now)


def resume(ticket: Ticket, setup: SlaSetup, now: datetime, since: datetime | None = None) -> None:
    """End a pause (pending customer), or count the resolved spell as paused on reopen."""
    start = since or ticket.paused_since
    if start is not None:
        ticket.paused_seconds += setup.calendar.business_seconds_between(start, now)
    ticket.paused_since = None
    refresh_due(ticket, setup, now)


@dataclass(frozen=True)
class Breach:
    clock: str  # first_response | resolution
    due_at: datetime | None


def detect_breaches(ticket: Ticket, setup: SlaSetup, now: datetime) -> list[Breach]:
    """Mark clocks that have passed their target (once); return the new breaches."""
    cal, policy = setup.calendar, setup.policy(ticket.priority)
    found: list[Breach] = []
    if ticket.first_response_at is None and ticket.first_response_breached_at is None:
        clock = response_clock(ticket, policy)
        if elapsed_seconds(cal, clock, now) >= clock.target_minutes * 60:
            ticket.first_response_breached_at = now
            found.append(Breach("first_response", ticket.first_response_due_at))
    if ticket.resolved_at is None and ticket.resolution_breached_at is None:
        clock = resolution_clock(ticket, policy)
        if elapsed_seconds(cal, clock, now) >= clock.target_minutes * 60:
            ticket.resolution_breached_at = now
            found.append(Breach("resolution", ticket.resolution_due_at))
    if found:
        refresh_due(ticket, setup, now)
    return found


def team_supervisor(session: Session, team_id: int | None) -> int | None:
    if team_id is None:
        return None
    team = session.get(SupportTeam, team_id)
    return None if team is None else team.supervisor_id
