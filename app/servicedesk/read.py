"""What the desk services return: frozen snapshots of tickets and timelines,
with the SLA lights computed on read (so a breach shows red before any sweep)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Select, literal, select, union_all
from sqlalchemy.orm import Session

from app.security.pii import mask
from app.servicedesk.rules import TRANSITIONS, Status
from app.servicedesk.sla import ClockReading, Light, read_clock
from app.servicedesk.store import SlaSetup, resolution_clock, response_clock
from db.models.customers import Customer
from db.models.security import User
from db.models.servicedesk import SupportTeam, Ticket, TicketEntry


@dataclass(frozen=True)
class SlaView:
    first_response: ClockReading
    resolution: ClockReading
    breached: bool  # either clock passed its target, now or before
    escalated_to: str | None

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
class TicketRow:
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


def sla_view(
    ticket: Ticket, setup: SlaSetup, now: datetime, escalated_to: str | None = None
) -> SlaView:
    policy = setup.policy(ticket.priority)
    cal = setup.calendar
    first = read_clock(cal, response_clock(ticket, policy), now, policy.amber_percent)
    resolution = read_clock(cal, resolution_clock(ticket, policy), now, policy.amber_percent)
    breached = (
        ticket.first_response_breached_at is not None
        or ticket.resolution_breached_at is not None
        or first.breached
        or resolution.breached
    )
    return SlaView(first, resolution, breached, escalated_to)


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


def entry_view(e: TicketEntry) -> EntryView:
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
    )


def to_detail(session: Session, ticket: Ticket, setup: SlaSetup, now: datetime) -> TicketDetail:
    session.flush()
    row = to_rows(session, [ticket], setup, now)[0]
    customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
    survivor = session.get(Ticket, ticket.merged_into_id) if ticket.merged_into_id else None
    entries = session.scalars(
        select(TicketEntry).where(TicketEntry.ticket_id == ticket.id).order_by(TicketEntry.id)
    ).all()
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
        entries=tuple(entry_view(e) for e in entries),
    )
