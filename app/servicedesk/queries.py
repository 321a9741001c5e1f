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
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    false,
    literal_column,
    or_,
    select,
    text,
    true,
    union,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Session, aliased

from app.context import ServiceContext
from app.keyset import after_key
from app.security.permissions import Permission
from app.servicedesk.read import TicketRow, current_setup, rows_from_columns
from app.servicedesk.rules import parse_ticket_number
from app.servicedesk.store import SlaSetup
from app.settings import get_setting
from db.models.customers import Customer
from db.models.security import User
from db.models.servicedesk import SupportTeam, SupportTeamMember, Ticket, TicketEntry
from db.types import raw


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


def _due_before(session: Session, now: datetime) -> datetime:
    minutes = int(get_setting(session, "servicedesk.breaching_soon_minutes"))
    return now + timedelta(minutes=minutes)


def _bound_filter(queue: Queue, has_user: bool) -> ColumnElement[bool]:
    """The WHERE of every queue but search, with the user and the cut-off bound
    (``:user_id``, ``:due_before``), so one statement serves every page and user."""
    active = Ticket.is_active == true()
    user = bindparam("user_id", type_=Ticket.assignee_id.type)
    if queue in (Queue.MINE, Queue.TEAM, Queue.ESCALATED) and not has_user:
        return false()
    if queue is Queue.MINE:
        return (Ticket.assignee_id == user) & active
    if queue is Queue.TEAM:
        # The teams I am a member of or supervise (as a subquery, no extra round trip).
        teams = union(
            select(SupportTeamMember.team_id).where(SupportTeamMember.user_id == user),
            select(SupportTeam.id).where(SupportTeam.supervisor_id == user),
        )
        return Ticket.team_id.in_(teams) & active
    if queue is Queue.UNASSIGNED:
        return Ticket.assignee_id.is_(None) & active
    if queue is Queue.BREACHING:
        due_before = bindparam("due_before", type_=Ticket.due_sort_at.type)
        return active & (Ticket.due_sort_at <= due_before)
    if queue is Queue.ESCALATED:
        return (Ticket.escalated_to_id == user) & active
    return active


def _after(key: Any, ascending: bool) -> ColumnElement[bool]:
    """Rows strictly after the bound page key (``:after_value``, ``:after_id``),
    in the form each backend's planner turns into an index range (app.keyset)."""
    value = bindparam("after_value", type_=key.type)
    last_id = bindparam("after_id", type_=Ticket.id.type)
    return after_key(key, Ticket.id, value, last_id, descending=not ascending)


_assignee = aliased(User)
_escalated_to = aliased(User)

_ROW_COLUMNS = (
    Ticket.id,
    Ticket.number,
    Ticket.subject,
    Ticket.status,
    Ticket.priority,
    Ticket.category,
    Ticket.channel,
    Ticket.customer_id,
    Customer.name,
    Ticket.loan_id,
    Ticket.assignee_id,
    _assignee.display_name,
    Ticket.team_id,
    SupportTeam.name,
    Ticket.is_complaint,
    Ticket.tags,
    raw(Ticket.opened_at),
    raw(Ticket.updated_at),
    raw(Ticket.resolution_due_at),
    raw(Ticket.due_sort_at),
    Ticket.escalated_at.is_not(None),
    _escalated_to.display_name,
    raw(Ticket.sla_started_at),
    Ticket.paused_seconds,
    raw(Ticket.paused_since),
    raw(Ticket.first_response_at),
    raw(Ticket.resolved_at),
    or_(
        Ticket.first_response_breached_at.is_not(None),
        Ticket.resolution_breached_at.is_not(None),
    ),
    Ticket.version,
)
"""What a queue row shows and its SLA clocks read, names joined: no ORM entities.
Times come raw and ``read.rows_from_columns`` converts them (``db.types.utc_from_db``)."""


def _statement(where: ColumnElement[bool], sort: Sort, paged: bool) -> Select[*tuple[Any, ...]]:
    key = Ticket.due_sort_at if sort is Sort.DUE else Ticket.opened_at
    ascending = sort is Sort.DUE
    stmt = (
        select(*_ROW_COLUMNS)
        .outerjoin(Customer, Customer.id == Ticket.customer_id)
        .outerjoin(_assignee, _assignee.id == Ticket.assignee_id)
        .outerjoin(SupportTeam, SupportTeam.id == Ticket.team_id)
        .outerjoin(_escalated_to, _escalated_to.id == Ticket.escalated_to_id)
        .where(where)
    )
    if paged:
        stmt = stmt.where(_after(key, ascending))
    order = (key, Ticket.id) if ascending else (key.desc(), Ticket.id.desc())
    return stmt.order_by(*order).limit(bindparam("limit", type_=Integer))


@lru_cache(maxsize=64)
def _queue_statement(
    queue: Queue, sort: Sort, paged: bool, has_user: bool
) -> Select[*tuple[Any, ...]]:
    """The SELECT of one queue and sort, built once (every value is bound)."""
    return _statement(_bound_filter(Queue(queue), has_user), Sort(sort), paged)


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
    setup: SlaSetup | None = None,
) -> Page:
    """One page of ``queue`` in ``sort`` order after ``after``.

    ``setup`` defaults to the stored SLA calendar and targets (:func:`current_setup`).
    """
    # Callers (a combo box's currentData) may pass the plain string value: coerce, so the
    # filter below and the statement cache key are the enum, never a look-alike string.
    queue, sort = Queue(queue), Sort(sort)
    params: dict[str, Any] = {"limit": limit + 1, "user_id": user_id}
    if after is not None:
        params["after_value"], params["after_id"] = after.value, after.id
    if queue is Queue.SEARCH:
        where = Ticket.id.in_(search_ids(session, search or ""))
        stmt = _statement(where, sort, after is not None)
    else:
        if queue is Queue.BREACHING:
            params["due_before"] = _due_before(session, now)
        stmt = _queue_statement(queue, sort, after is not None, user_id is not None)
    if session.new or session.dirty or session.deleted:
        session.flush()  # the Core execute below does not autoflush
    result = session.connection().execute(stmt, params).all()
    more = len(result) > limit
    rows = rows_from_columns(result[:limit], setup or current_setup(session), now)
    next_key = None
    if more and rows:
        last = rows[-1]
        next_key = PageKey(last.due_sort_key if sort is Sort.DUE else last.created_at, last.id)
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
            # Read only: a deferred transaction on SQLite (no write lock to wait for).
            session.connection(execution_options={"sqlite_deferred": True})
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
