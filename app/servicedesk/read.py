"""What the desk services return: frozen snapshots of tickets and timelines,
with the SLA lights computed on read (so a breach shows red before any sweep)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    Select,
    String,
    cast,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.business_calendar import BusinessCalendar
from app.rows import BuiltOnRead, pending_row
from app.security.pii import mask
from app.servicedesk.rules import TRANSITIONS, Status
from app.servicedesk.sla import (
    DEFAULT_POLICIES,
    ClockReading,
    ClockState,
    Light,
    SlaPolicy,
    read_clock,
)
from app.servicedesk.store import SlaSetup
from db.models.customers import Customer
from db.models.loans import Loan
from db.models.security import User
from db.models.servicedesk import (
    SlaCalendarRow,
    SlaHoliday,
    SlaPolicyRow,
    SupportTeam,
    Ticket,
    TicketEntry,
)
from db.types import utc_from_db


@dataclass(frozen=True)
class SlaView:
    """A ticket's two SLA clocks as they read at ``now``.

    Holds what the clocks are read from; each reading is computed on first use
    (a queue page shows about 30 of its 100 rows, and every reading is then the
    same as computing it at once: ``now`` and the calendar are fixed here).
    """

    calendar: BusinessCalendar = field(repr=False, compare=False)
    policy: SlaPolicy
    started_at: datetime
    paused_seconds: int
    paused_since: datetime | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    breach_recorded: bool  # a sweep already stored a breach of either clock
    now: datetime
    escalated_to: str | None

    def _read(self, target_minutes: int, stopped_at: datetime | None) -> ClockReading:
        clock = ClockState(
            started_at=self.started_at,
            target_minutes=target_minutes,
            paused_seconds=self.paused_seconds,
            paused_since=self.paused_since,
            stopped_at=stopped_at,
        )
        return read_clock(self.calendar, clock, self.now, self.policy.amber_percent)

    @cached_property
    def first_response(self) -> ClockReading:
        return self._read(self.policy.first_response_minutes, self.first_response_at)

    @cached_property
    def resolution(self) -> ClockReading:
        return self._read(self.policy.resolution_minutes, self.resolved_at)

    @cached_property
    def breached(self) -> bool:
        """Either clock passed its target, now or before."""
        return self.breach_recorded or self.first_response.breached or self.resolution.breached

    @cached_property
    def light(self) -> Light:
        """The colour a queue row shows: the worse of the two running clocks."""
        order = [Light.RED, Light.AMBER, Light.GREEN, Light.PAUSED, Light.MISSED, Light.MET]
        lights = [self.resolution.light]
        if self.first_response.light not in (Light.MET, Light.MISSED):
            lights.append(self.first_response.light)
        return min(lights, key=order.index)

    @cached_property
    def left_seconds(self) -> int:
        running = [self.resolution]
        if self.first_response.light not in (Light.MET, Light.MISSED):
            running.append(self.first_response)
        return min(r.left_seconds for r in running)


@dataclass(frozen=True)
class TicketRow(BuiltOnRead):
    id: int
    number: str
    subject: str
    status: str
    priority: str
    category: str
    channel: str
    customer_id: int | None
    customer_name: str | None
    loan_id: int | None
    assignee_id: int | None
    assignee_name: str | None
    team_id: int | None
    team_name: str | None
    is_complaint: bool
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
    due_sort_key: datetime  # the "due" queue order (far future when not running)
    escalated: bool
    sla: SlaView
    version: int


@dataclass(frozen=True)
class EntryView:
    id: int
    kind: str
    body: str
    visible_to_customer: bool
    author_name: str
    occurred_at: datetime
    data: dict[str, Any]
    corrects_entry_id: int | None
    moved_from_ticket_id: int | None  # set when a merge moved it here
    # the people, team and loan the data names by id, for a reader: "assignee",
    # "team", "escalated_to", "loan"
    names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TicketDetail:
    row: TicketRow
    description: str
    customer_number: str | None
    customer_phone_masked: str | None
    merged_into_id: int | None
    merged_into_number: str | None
    complaint_received_on: Any
    complaint_root_cause: str | None
    complaint_resolution: str | None
    complaint_resolved_on: Any
    resolved_at: datetime | None
    allowed_statuses: tuple[str, ...]
    entries: tuple[EntryView, ...]
    loan_number: str | None = None


def sla_view(
    ticket: Ticket, setup: SlaSetup, now: datetime, escalated_to: str | None = None
) -> SlaView:
    return SlaView(
        setup.calendar,
        setup.policy(ticket.priority),
        ticket.sla_started_at,
        ticket.paused_seconds,
        ticket.paused_since,
        ticket.first_response_at,
        ticket.resolved_at,
        ticket.first_response_breached_at is not None or ticket.resolution_breached_at is not None,
        now,
        escalated_to,
    )


def _names(session: Session, tickets: list[Ticket]) -> tuple[dict[int, str], ...]:
    """Assignee/escalation, customer and team names of a page: one round trip."""
    user_ids = {t.assignee_id for t in tickets} | {t.escalated_to_id for t in tickets}
    user_ids.discard(None)
    customer_ids = {t.customer_id for t in tickets if t.customer_id is not None}
    team_ids = {t.team_id for t in tickets if t.team_id is not None}
    parts: list[Select[int, int, str]] = []
    if user_ids:
        parts.append(
            select(literal(0).label("kind"), User.id, User.display_name.label("name")).where(
                User.id.in_(user_ids)
            )
        )
    if customer_ids:
        parts.append(
            select(literal(1).label("kind"), Customer.id, Customer.name.label("name")).where(
                Customer.id.in_(customer_ids)
            )
        )
    if team_ids:
        parts.append(
            select(literal(2).label("kind"), SupportTeam.id, SupportTeam.name.label("name")).where(
                SupportTeam.id.in_(team_ids)
            )
        )
    found: tuple[dict[int, str], ...] = ({}, {}, {})
    if parts:
        stmt = parts[0] if len(parts) == 1 else union_all(*parts)
        for kind, key, name in session.execute(stmt).all():
            found[int(kind)][int(key)] = str(name)
    return found


def split_tags(stored: str) -> tuple[str, ...]:
    return tuple(t for t in stored.split(",") if t)


def to_rows(
    session: Session, tickets: list[Ticket], setup: SlaSetup, now: datetime
) -> list[TicketRow]:
    """Row snapshots with their SLA state, computed once per row here (names by
    one query per kind for the whole page, never per row)."""
    users, customers, teams = _names(session, tickets)
    return [
        TicketRow(
            id=t.id,
            number=t.number,
            subject=t.subject,
            status=t.status,
            priority=t.priority,
            category=t.category,
            channel=t.channel,
            customer_id=t.customer_id,
            customer_name=customers.get(t.customer_id) if t.customer_id else None,
            loan_id=t.loan_id,
            assignee_id=t.assignee_id,
            assignee_name=users.get(t.assignee_id) if t.assignee_id else None,
            team_id=t.team_id,
            team_name=teams.get(t.team_id) if t.team_id else None,
            is_complaint=t.is_complaint,
            tags=split_tags(t.tags),
            created_at=t.opened_at,
            updated_at=t.updated_at,
            due_at=t.resolution_due_at,
            due_sort_key=t.due_sort_at,
            escalated=t.escalated_at is not None,
            sla=sla_view(
                t, setup, now, users.get(t.escalated_to_id) if t.escalated_to_id else None
            ),
            version=t.version,
        )
        for t in tickets
    ]


def rows_from_columns(
    result: Sequence[Sequence[Any]], setup: SlaSetup, now: datetime
) -> list[TicketRow]:
    """Rows from the queue's plain columns (``queries._ROW_COLUMNS`` order, names
    joined), each built on first read.

    A page holds 100 rows and a screen shows about 30: each row keeps its columns and
    fills its fields (times converted, tags split, the SLA clocks set up) the first
    time any field is read (:class:`app.rows.BuiltOnRead`); the columns, the calendar
    and ``now`` are fixed, so that is the row it would have been at once.
    ``tests/db/test_servicedesk_queue_rows.py`` checks every row equals the one the
    detail view builds through ``__init__``.
    """
    build = _queue_row_fields
    return [pending_row(TicketRow, build, columns, setup, now) for columns in result]


def _queue_row_fields(columns: Sequence[Any], setup: SlaSetup, now: datetime) -> dict[str, Any]:
    """The fields of one queue row from its columns (see :func:`rows_from_columns`).

    The instance dictionaries are filled directly (as ``app.rows.row_maker`` does,
    with the field names spelled out: a dict display is the cheapest way to build
    them).
    """
    utc = utc_from_db
    (
        ticket_id,
        number,
        subject,
        status,
        priority,
        category,
        channel,
        customer_id,
        customer_name,
        loan_id,
        assignee_id,
        assignee_name,
        team_id,
        team_name,
        is_complaint,
        tags,
        opened_at,
        updated_at,
        resolution_due_at,
        due_sort_at,
        escalated,
        escalated_to,
        started_at,
        paused_seconds,
        paused_since,
        first_response_at,
        resolved_at,
        breach_recorded,
        version,
    ) = columns
    sla = object.__new__(SlaView)
    object.__setattr__(
        sla,
        "__dict__",
        {
            "calendar": setup.calendar,
            "policy": setup.policy(priority),
            "started_at": utc(started_at),
            "paused_seconds": paused_seconds,
            "paused_since": utc(paused_since),
            "first_response_at": utc(first_response_at),
            "resolved_at": utc(resolved_at),
            "breach_recorded": bool(breach_recorded),
            "now": now,
            "escalated_to": escalated_to,
        },
    )
    return {
        "id": ticket_id,
        "number": number,
        "subject": subject,
        "status": status,
        "priority": priority,
        "category": category,
        "channel": channel,
        "customer_id": customer_id,
        "customer_name": customer_name,
        "loan_id": loan_id,
        "assignee_id": assignee_id,
        "assignee_name": assignee_name,
        "team_id": team_id,
        "team_name": team_name,
        "is_complaint": bool(is_complaint),
        "tags": split_tags(tags),
        "created_at": utc(opened_at),
        "updated_at": utc(updated_at),
        "due_at": utc(resolution_due_at),
        "due_sort_key": utc(due_sort_at),
        "escalated": bool(escalated),
        "sla": sla,
        "version": version,
    }


_NAMED = (("assignee_id", "assignee", "user"), ("escalated_to", "escalated_to", "user"),
          ("team_id", "team", "team"), ("loan_id", "loan", "loan"))  # fmt: skip


def _entry_names(session: Session, entries: Sequence[TicketEntry]) -> dict[int, dict[str, str]]:
    """Per entry, the names behind the ids its data holds (one query per kind)."""
    data = {e.id: json.loads(e.data_json) if e.data_json else {} for e in entries}
    wanted: dict[str, set[int]] = {"user": set(), "team": set(), "loan": set()}
    for d in data.values():
        for key, _name, kind in _NAMED:
            if isinstance(d.get(key), int):
                wanted[kind].add(d[key])
    found: dict[str, dict[int, str]] = {"user": {}, "team": {}, "loan": {}}
    if wanted["user"]:
        found["user"] = dict(
            session.execute(
                select(User.id, User.display_name).where(User.id.in_(wanted["user"]))
            ).all()
        )
    if wanted["team"]:
        found["team"] = dict(
            session.execute(
                select(SupportTeam.id, SupportTeam.name).where(SupportTeam.id.in_(wanted["team"]))
            ).all()
        )
    if wanted["loan"]:
        found["loan"] = dict(
            session.execute(select(Loan.id, Loan.number).where(Loan.id.in_(wanted["loan"]))).all()
        )
    return {
        entry_id: {
            name: found[kind][d[key]]
            for key, name, kind in _NAMED
            if isinstance(d.get(key), int) and d[key] in found[kind]
        }
        for entry_id, d in data.items()
    }


def entry_view(e: TicketEntry, names: dict[str, str] | None = None) -> EntryView:
    return EntryView(
        id=e.id,
        kind=e.kind,
        body=e.body,
        visible_to_customer=e.visible_to_customer,
        author_name=e.author_name,
        occurred_at=e.occurred_at,
        data=json.loads(e.data_json) if e.data_json else {},
        corrects_entry_id=e.corrects_entry_id,
        moved_from_ticket_id=e.origin_ticket_id if e.origin_ticket_id != e.ticket_id else None,
        names=names or {},
    )


def to_detail(session: Session, ticket: Ticket, setup: SlaSetup, now: datetime) -> TicketDetail:
    session.flush()
    row = to_rows(session, [ticket], setup, now)[0]
    customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
    survivor = session.get(Ticket, ticket.merged_into_id) if ticket.merged_into_id else None
    loan = session.get(Loan, ticket.loan_id) if ticket.loan_id else None
    entries = session.scalars(
        select(TicketEntry).where(TicketEntry.ticket_id == ticket.id).order_by(TicketEntry.id)
    ).all()
    names = _entry_names(session, entries)
    return TicketDetail(
        row=row,
        description=ticket.description,
        customer_number=customer.number if customer else None,
        customer_phone_masked=mask("phone", customer.phone_last4) if customer else None,
        merged_into_id=ticket.merged_into_id,
        merged_into_number=survivor.number if survivor else None,
        complaint_received_on=ticket.complaint_received_on,
        complaint_root_cause=ticket.complaint_root_cause,
        complaint_resolution=ticket.complaint_resolution,
        complaint_resolved_on=ticket.complaint_resolved_on,
        resolved_at=ticket.resolved_at,
        allowed_statuses=tuple(str(s) for s in sorted(TRANSITIONS[Status(ticket.status)])),
        entries=tuple(entry_view(e, names.get(e.id)) for e in entries),
        loan_number=loan.number if loan else None,
    )


# --- SLA setup, reused while the stored calendar and targets are unchanged ----------


def _setup_statement() -> CompoundSelect[Any]:
    """Calendar, targets and holidays as one result (a few dozen rows, one round trip)."""
    c, p, h = SlaCalendarRow, SlaPolicyRow, SlaHoliday
    no_text, no_int, no_day = cast(null(), String(64)), cast(null(), Integer), cast(null(), Date)
    return union_all(
        select(
            literal_column("0", Integer).label("kind"),
            c.timezone.label("text1"),
            c.work_days.label("text2"),
            c.start_minute.label("int1"),
            c.end_minute.label("int2"),
            no_int.label("int3"),
            no_day.label("day"),
        ).where(c.id == 1),
        select(
            literal_column("1", Integer),
            p.priority,
            no_text,
            p.first_response_minutes,
            p.resolution_minutes,
            p.amber_percent,
            no_day,
        ),
        select(literal_column("2", Integer), no_text, no_text, no_int, no_int, no_int, h.day),
    )


_SETUP = _setup_statement()


def current_setup(session: Session) -> SlaSetup:
    """The SLA calendar and targets as stored now, built once per distinct content.

    Reads the three small tables on every call (so an admin's edit, from any
    workstation, shows on the next page), but reuses the built calendar, whose
    memo of windows and spans then serves every page until the content changes.
    """
    calendar: tuple[Any, ...] | None = None
    policies: list[tuple[Any, ...]] = []
    holidays: list[date] = []
    for kind, text1, text2, int1, int2, int3, day in session.connection().execute(_SETUP):
        if kind == 0:
            calendar = (text1, text2, int1, int2)
        elif kind == 1:
            policies.append((text1, int1, int2, int3))
        else:
            holidays.append(day)
    return _built_setup(calendar, frozenset(policies), frozenset(holidays))


@lru_cache(maxsize=8)
def _built_setup(
    calendar: tuple[Any, ...] | None,
    policies: frozenset[tuple[Any, ...]],
    holidays: frozenset[date],
) -> SlaSetup:
    """What ``store.load_calendar`` and ``store.load_policies`` build from these rows."""
    if calendar is None:
        cal = BusinessCalendar(holidays=holidays)
    else:
        timezone, work_days, start_minute, end_minute = calendar
        cal = BusinessCalendar(
            timezone=timezone,
            work_days=frozenset(int(d) for d in work_days.split(",") if d.strip()),
            start=time(start_minute // 60, start_minute % 60),
            end=time(end_minute // 60, end_minute % 60),
            holidays=holidays,
        )
    by_priority = {p.priority: p for p in DEFAULT_POLICIES}
    for priority, first_minutes, resolution_minutes, amber in sorted(policies):
        by_priority[priority] = SlaPolicy(priority, first_minutes, resolution_minutes, amber)
    return SlaSetup(cal, MappingProxyType(by_priority))
