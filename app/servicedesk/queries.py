"""Paged read models for the desk: the queues and search, sorted in the database.

Keyset paging: each page continues after the (sort key, id) of the last row, and
every queue/sort pair has a composite index in the schema (see db/models/
servicedesk.py), so the 5,000th page costs what the first does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    union,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.security.permissions import Permission
from app.servicedesk.read import TicketRow, to_rows
from app.servicedesk.rules import parse_ticket_number
from app.servicedesk.store import SlaSetup
from app.settings import get_setting
from db.models.servicedesk import SupportTeam, SupportTeamMember, Ticket, TicketEntry


class Queue(StrEnum):
    MINE = "mine"
    TEAM = "team"
    UNASSIGNED = "unassigned"
    BREACHING = "breaching"
    ESCALATED = "escalated"  # the supervisor's queue
    ALL = "all"  # every active ticket
    SEARCH = "search"  # every ticket matching the search text


class Sort(StrEnum):
    DUE = "due"  # soonest due first (paused and resolved last)
    NEWEST = "newest"


@dataclass(frozen=True)
class PageKey:
    value: datetime
    id: int


@dataclass(frozen=True)
class Page:
    rows: tuple[TicketRow, ...]
    next_key: PageKey | None  # None: this was the last page


def my_team_ids(session: Session, user_id: int | None) -> list[int]:
    if user_id is None:
        return []
    members = select(SupportTeamMember.team_id).where(SupportTeamMember.user_id == user_id)
    led = select(SupportTeam.id).where(SupportTeam.supervisor_id == user_id)
    return sorted(set(session.scalars(members)) | set(session.scalars(led)))


_WORD = re.compile(r"\w+", re.UNICODE)


def search_ids(session: Session, text_query: str) -> Select[Any]:
    """Ids of tickets whose number, subject, description or timeline matches."""
    q = text_query.strip()
    parsed = parse_ticket_number(q)
    if parsed is not None:
        return select(Ticket.id).where(Ticket.number == q.upper())
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and len(q) >= 3:
        phrase = '"' + q.replace('"', '""') + '"'
        in_tickets: Select[Any] = (
            select(literal_column("rowid").label("id"))
            .select_from(text("fts_tickets"))
            .where(text("fts_tickets MATCH :q1").bindparams(q1=phrase))
        )
        in_entries = select(TicketEntry.ticket_id.label("id")).where(
            TicketEntry.id.in_(
                select(literal_column("rowid"))
                .select_from(text("fts_ticket_entries"))
                .where(text("fts_ticket_entries MATCH :q2").bindparams(q2=phrase))
            )
        )
        return select(union(in_tickets, in_entries).subquery().c.id)
    if dialect == "postgresql":
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        text_expr = Ticket.subject + " " + Ticket.description
        in_tickets = select(Ticket.id).where(text_expr.ilike(pattern))
        in_entries = select(TicketEntry.ticket_id).where(TicketEntry.body.ilike(pattern))
        return select(union(in_tickets, in_entries).subquery().c.id)
    if dialect in ("mysql", "mariadb"):
        words = [w for w in _WORD.findall(q) if len(w) >= 3]
        if words:
            boolean = " ".join(f"+{w}*" for w in words)
            in_tickets = select(Ticket.id).where(
                mysql.match(
                    Ticket.__table__.c.subject, Ticket.__table__.c.description, against=boolean
                ).in_boolean_mode()
            )
            in_entries = select(TicketEntry.ticket_id).where(
                mysql.match(TicketEntry.__table__.c.body, against=boolean).in_boolean_mode()
            )
            return select(union(in_tickets, in_entries).subquery().c.id)
    # Too short for the index: subject prefix only (cheap, still bounded by LIMIT).
    return select(Ticket.id).where(Ticket.subject.startswith(q, autoescape=True))


def queue_filter(
    session: Session, queue: Queue, user_id: int | None, now: datetime, search: str | None
) -> ColumnElement[bool]:
    active = Ticket.is_active.is_(True)
    if queue is Queue.MINE:
        return (Ticket.assignee_id == user_id) & active if user_id is not None else false()
    if queue is Queue.TEAM:
        teams = my_team_ids(session, user_id)
        return Ticket.team_id.in_(teams) & active if teams else false()
    if queue is Queue.UNASSIGNED:
        return Ticket.assignee_id.is_(None) & active
    if queue is Queue.BREACHING:
        minutes = int(get_setting(session, "servicedesk.breaching_soon_minutes"))
        return active & (Ticket.due_sort_at <= now + timedelta(minutes=minutes))
    if queue is Queue.ESCALATED:
        return (Ticket.escalated_to_id == user_id) & active if user_id is not None else false()
    if queue is Queue.SEARCH:
        return Ticket.id.in_(search_ids(session, search or ""))
    return active


def _after(session: Session, key: Any, after: PageKey, ascending: bool) -> ColumnElement[bool]:
    """Rows strictly after the page key. Row-value comparison where the planner
    turns it into an index range (PostgreSQL, SQLite); the expanded form on MySQL."""
    if session.get_bind().dialect.name in ("mysql", "mariadb"):
        if ascending:
            return or_(key > after.value, and_(key == after.value, Ticket.id > after.id))
        return or_(key < after.value, and_(key == after.value, Ticket.id < after.id))
    if ascending:
        return tuple_(key, Ticket.id) > tuple_(after.value, after.id)
    return tuple_(key, Ticket.id) < tuple_(after.value, after.id)


def queue_page(
    session: Session,
    queue: Queue,
    sort: Sort,
    *,
    user_id: int | None,
    now: datetime,
    after: PageKey | None = None,
    limit: int = 100,
    search: str | None = None,
) -> Page:
    """One page of ``queue`` in ``sort`` order after ``after``."""
    key = Ticket.due_sort_at if sort is Sort.DUE else Ticket.opened_at
    stmt = select(Ticket).where(queue_filter(session, queue, user_id, now, search))
    ascending = sort is Sort.DUE
    if after is not None:
        stmt = stmt.where(_after(session, key, after, ascending))
    if ascending:
        stmt = stmt.order_by(key, Ticket.id)
    else:
        stmt = stmt.order_by(key.desc(), Ticket.id.desc())
    tickets = list(session.scalars(stmt.limit(limit + 1)))
    more = len(tickets) > limit
    tickets = tickets[:limit]
    rows = to_rows(session, tickets, SlaSetup.load(session), now)
    next_key = None
    if more and tickets:
        last = tickets[-1]
        next_key = PageKey(last.due_sort_at if sort is Sort.DUE else last.opened_at, last.id)
    return Page(tuple(rows), next_key)


class TicketQueries:
    """Read side of the desk for the acting user. Thread-safe: one session per call."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def page(
        self,
        queue: Queue,
        sort: Sort = Sort.DUE,
        after: PageKey | None = None,
        limit: int = 100,
        search: str | None = None,
    ) -> Page:
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.sessions() as session:
            return queue_page(
                session,
                queue,
                sort,
                user_id=self.ctx.actor.user_id,
                now=self.ctx.now(),
                after=after,
                limit=limit,
                search=search,
            )

    def teams(self) -> list[tuple[int, str]]:
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.sessions() as session:
            return list(
                session.execute(
                    select(SupportTeam.id, SupportTeam.name).order_by(SupportTeam.name)
                ).all()
            )
