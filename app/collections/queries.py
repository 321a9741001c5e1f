"""Read models: the case queue (keyset pages), the case view and the team board.

Query helpers take a Session and never open their own; services and the UI's
background tasks call them inside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    case,
    exists,
    func,
    inspect,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from app.collections.priority import PriorityScore
from app.customers.service import CustomerSummary, summarise
from app.errors import NotFound
from app.keyset import after_key
from app.loans.queries import InstallmentRow, PaymentRow, loan_detail
from db.models.collections import CaseNote, CollectionCase, ContactAttempt, PromiseToPay
from db.models.customers import Customer
from db.models.loans import Loan
from db.models.security import User
from db.models.servicedesk import CollectionHold

if TYPE_CHECKING:
    from app.collections.arrangements import ArrangementView
    from app.servicedesk.holds import Hold


class QueueScope(StrEnum):
    MINE = "mine"  # assigned to me
    POOL = "pool"  # my teams' unassigned cases
    ALL = "all"


class QueueSort(StrEnum):
    PRIORITY = "priority"
    DPD = "dpd"
    OVERDUE = "overdue"


_SORT_COLUMN = {
    QueueSort.PRIORITY: CollectionCase.priority,
    QueueSort.DPD: CollectionCase.dpd,
    QueueSort.OVERDUE: CollectionCase.overdue_amount,
}


@dataclass(frozen=True)
class QueueFilter:
    scope: QueueScope = QueueScope.ALL
    user_id: int | None = None
    bucket: str | None = None
    team_id: int | None = None
    sort: QueueSort = QueueSort.PRIORITY


@dataclass(frozen=True)
class QueueRow:
    case_id: int
    loan_id: int
    loan_number: str
    customer_id: int
    customer_name: str
    bucket: str
    dpd: int
    overdue_amount: int
    priority_total: int  # the stored score, the queue's sort key
    agent_name: str | None
    promise_due_on: date | None
    broken_promises: int
    claimed_by: int | None
    lease_until: datetime | None
    paused: bool
    escalation: str | None
    version: int
    priority_reasons: str | None = field(default=None, repr=False, compare=False)

    @cached_property
    def priority(self) -> PriorityScore:
        """The explained score, parsed on first use (the tooltip and the case view)."""
        return PriorityScore.from_json(self.priority_reasons)

    def sort_key(self, sort: QueueSort) -> tuple[int, int]:
        if sort is QueueSort.PRIORITY:
            return self.priority_total, self.case_id
        return (self.dpd if sort is QueueSort.DPD else self.overdue_amount), self.case_id


def _held() -> ColumnElement[bool]:
    return exists().where(
        CollectionHold.loan_id == CollectionCase.loan_id, CollectionHold.lifted_at.is_(None)
    )


@lru_cache(maxsize=64)
def _queue_statement(flt: QueueFilter, paged: bool) -> Select[*tuple[Any, ...]]:
    """The queue's SELECT for one filter, built once: after and limit are bound."""
    c = CollectionCase
    agent = aliased(User)
    key = _SORT_COLUMN[flt.sort]
    stmt = (
        select(
            c.id,
            c.loan_id,
            Loan.number,
            c.customer_id,
            Customer.name,
            c.bucket,
            c.dpd,
            c.overdue_amount,
            c.priority,
            agent.display_name,
            c.promise_due_on,
            c.broken_promises,
            c.claimed_by,
            c.lease_until,
            _held().label("held"),
            c.escalation,
            c.version,
            c.priority_reasons,
        )
        .join(Loan, Loan.id == c.loan_id)
        .join(Customer, Customer.id == c.customer_id)
        .outerjoin(agent, agent.id == c.agent_id)
        .where(c.is_open == true())
    )
    if flt.scope is QueueScope.MINE:
        stmt = stmt.where(c.agent_id == flt.user_id)
    elif flt.scope is QueueScope.POOL:
        from db.models.collections import CollectionTeamMember as M

        teams = select(M.team_id).where(M.user_id == flt.user_id, M.active == true())
        stmt = stmt.where(c.agent_id.is_(None), c.team_id.in_(teams))
    if flt.bucket:
        stmt = stmt.where(c.bucket == flt.bucket)
    if flt.team_id is not None:
        stmt = stmt.where(c.team_id == flt.team_id)
    if paged:
        value = bindparam("after_value", type_=Integer)
        last_id = bindparam("after_id", type_=Integer)
        stmt = stmt.where(after_key(key, c.id, value, last_id, descending=True))
    return stmt.order_by(key.desc(), c.id.desc()).limit(bindparam("limit", type_=Integer))


def queue_page(
    session: Session, flt: QueueFilter, after: tuple[int, int] | None, limit: int
) -> list[QueueRow]:
    """One page of open cases, highest first, keyset on (sort value, id)."""
    stmt = _queue_statement(flt, after is not None)
    params: dict[str, Any] = {"limit": limit}
    if after is not None:
        params["after_value"], params["after_id"] = after
    if session.new or session.dirty or session.deleted:
        session.flush()  # the Core execute below does not autoflush (case_view's own row)
    # Plain column tuples straight into the frozen rows: the priority reasons stay
    # JSON text until a tooltip or the case view asks for them.
    return [
        QueueRow(
            case_id,
            loan_id,
            number,
            customer_id,
            name,
            bucket,
            dpd,
            overdue,
            priority or 0,
            agent_name,
            promise_due_on,
            broken,
            claimed_by,
            lease_until,
            bool(held),
            escalation,
            version,
            reasons,
        )
        for (
            case_id,
            loan_id,
            number,
            customer_id,
            name,
            bucket,
            dpd,
            overdue,
            priority,
            agent_name,
            promise_due_on,
            broken,
            claimed_by,
            lease_until,
            held,
            escalation,
            version,
            reasons,
        ) in session.connection().execute(stmt, params)
    ]


@dataclass(frozen=True)
class ContactRow:
    id: int
    at: datetime
    agent_name: str
    channel: str
    direction: str
    address_masked: str
    outcome: str
    duration_seconds: int
    note: str


@dataclass(frozen=True)
class PromiseRow:
    id: int
    amount: int
    made_on: date
    due_date: date
    status: str
    paid_amount: int


@dataclass(frozen=True)
class NoteRow:
    id: int
    author_name: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class TicketRow:
    number: str
    subject: str
    category: str
    status: str


@dataclass(frozen=True)
class CaseView:
    row: QueueRow
    customer: CustomerSummary
    timezone: str
    status: str
    overdue_installments: tuple[InstallmentRow, ...]
    penalties: int  # penalty and late fees still owed on overdue installments
    total_to_bring_current: int
    payments: tuple[PaymentRow, ...]
    contacts: tuple[ContactRow, ...]
    promises: tuple[PromiseRow, ...]
    notes: tuple[NoteRow, ...]
    holds: tuple[str, ...]  # "dispute (ticket T-...)"
    open_tickets: tuple[TicketRow, ...]
    hold_views: tuple[Hold, ...] = ()  # the same holds; a supervisor lifts liftable ones
    arrangements: tuple[ArrangementView, ...] = ()  # newest first, with their state


def owed(i: InstallmentRow) -> int:
    return (
        i.principal
        + i.interest
        + i.fees
        + i.penalty
        - i.paid_principal
        - i.paid_interest
        - i.paid_fees
        - i.paid_penalty
    )


def case_view(session: Session, case_id: int, business_date: date) -> CaseView:
    case = session.get(CollectionCase, case_id)
    if case is None:
        raise NotFound(f"collection case {case_id} does not exist")
    customer = session.get(Customer, case.customer_id)
    assert customer is not None
    detail = loan_detail(session, case.loan_id)
    overdue = tuple(
        i
        for i in detail.installments
        if i.status == "open" and i.due_date < business_date and owed(i) > 0
    )
    penalties = sum(i.fees + i.penalty - i.paid_fees - i.paid_penalty for i in overdue)
    row = _row_for(session, case)
    contacts = session.scalars(
        select(ContactAttempt)
        .where(ContactAttempt.case_id == case.id)
        .order_by(ContactAttempt.at.desc(), ContactAttempt.id.desc())
        .limit(200)
    ).all()
    promises = session.scalars(
        select(PromiseToPay).where(PromiseToPay.case_id == case.id).order_by(PromiseToPay.id)
    ).all()
    notes = session.scalars(
        select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id.desc())
    ).all()
    return CaseView(
        row=row,
        customer=summarise(customer),
        timezone=customer.timezone,
        status=case.status,
        overdue_installments=overdue,
        penalties=penalties,
        total_to_bring_current=sum(owed(i) for i in overdue),
        payments=detail.payments,
        contacts=tuple(
            ContactRow(
                x.id,
                x.at,
                x.agent_name,
                x.channel,
                x.direction,
                x.address_masked,
                x.outcome,
                x.duration_seconds,
                x.note,
            )
            for x in contacts
        ),
        promises=tuple(
            PromiseRow(p.id, p.amount, p.made_on, p.due_date, p.status, p.paid_amount)
            for p in promises
        ),
        notes=tuple(NoteRow(n.id, n.author_name, n.body, n.created_at) for n in notes),
        holds=_holds(session, case.loan_id),
        hold_views=_hold_views(session, case.loan_id),
        open_tickets=_open_tickets(session, case.customer_id),
        arrangements=_arrangements(session, case.id, business_date),
    )


def _arrangements(session: Session, case_id: int, day: date) -> tuple[ArrangementView, ...]:
    from app.collections.arrangements import case_arrangements

    return case_arrangements(session, case_id, day)


def _row_for(session: Session, case: CollectionCase) -> QueueRow:
    rows = queue_page(
        session, QueueFilter(), (case.priority, case.id + 1), 1
    )  # the keyset bound selects exactly this case when it is open
    if rows and rows[0].case_id == case.id:
        return rows[0]
    loan_number = session.scalar(select(Loan.number).where(Loan.id == case.loan_id)) or ""
    name = session.scalar(select(Customer.name).where(Customer.id == case.customer_id)) or ""
    return QueueRow(
        case.id, case.loan_id, loan_number, case.customer_id, name, case.bucket, case.dpd,
        case.overdue_amount, case.priority or 0, None, case.promise_due_on,
        case.broken_promises, case.claimed_by, case.lease_until, False, case.escalation,
        case.version, case.priority_reasons,
    )  # fmt: skip


def _hold_views(session: Session, loan_id: int) -> tuple[Hold, ...]:
    from app.servicedesk.holds import active_holds

    return tuple(active_holds(session, loan_id))


def _holds(session: Session, loan_id: int) -> tuple[str, ...]:
    from app.servicedesk.holds import active_holds

    return tuple(f"{h.kind} (ticket {h.ticket_number})" for h in active_holds(session, loan_id))


def _open_tickets(session: Session, customer_id: int) -> tuple[TicketRow, ...]:
    """The customer's open tickets, when the service desk tables exist."""
    if not inspect(session.connection()).has_table("tickets"):
        return ()
    from db.models.servicedesk import Ticket

    tickets = session.scalars(
        select(Ticket)
        .where(Ticket.customer_id == customer_id, Ticket.is_active == true())
        .order_by(Ticket.id.desc())
        .limit(50)
    ).all()
    return tuple(TicketRow(t.number, t.subject, t.category, t.status) for t in tickets)


@dataclass(frozen=True)
class BoardCell:
    bucket: str
    agent_name: str | None
    cases: int
    overdue: int


@dataclass(frozen=True)
class AgentDay:
    agent_name: str
    attempts: int
    right_party_contacts: int
    promises_made: int
    promises_kept: int
    collected: int


def board(session: Session, day: date) -> tuple[list[BoardCell], list[AgentDay]]:
    """Cases and amounts per bucket and agent; per agent, the day's activity."""
    c = CollectionCase
    cells = [
        BoardCell(bucket, name, int(n), int(amount or 0))
        for bucket, name, n, amount in session.execute(
            select(c.bucket, User.display_name, func.count(c.id), func.sum(c.overdue_amount))
            .outerjoin(User, User.id == c.agent_id)
            .where(c.is_open == true())
            .group_by(c.bucket, User.display_name)
            .order_by(c.bucket, User.display_name)
        )
    ]
    stats: dict[int, dict[str, Any]] = {}

    def slot(user_id: int, name: str) -> dict[str, Any]:
        return stats.setdefault(
            user_id, {"name": name, "att": 0, "rpc": 0, "made": 0, "kept": 0, "coll": 0}
        )

    a = ContactAttempt
    for uid, name, att, rpc in session.execute(
        select(
            a.agent_id,
            User.display_name,
            func.count(a.id),
            func.sum(case((a.right_party == true(), 1), else_=0)),
        )
        .join(User, User.id == a.agent_id)
        .where(a.business_date == day)
        .group_by(a.agent_id, User.display_name)
    ):
        s = slot(int(uid), name)
        s["att"] += int(att)
        s["rpc"] += int(rpc or 0)
    p = PromiseToPay
    for uid, name, made in session.execute(
        select(p.created_by, User.display_name, func.count(p.id))
        .join(User, User.id == p.created_by)
        .where(p.made_on == day)
        .group_by(p.created_by, User.display_name)
    ):
        slot(int(uid or 0), name)["made"] += int(made)
    for uid, name, kept in session.execute(
        select(p.created_by, User.display_name, func.count(p.id))
        .join(User, User.id == p.created_by)
        .where(p.evaluated_on == day, p.status == "kept")
        .group_by(p.created_by, User.display_name)
    ):
        slot(int(uid or 0), name)["kept"] += int(kept)
    from db.models.loans import Payment

    for uid, name, total in session.execute(
        select(c.agent_id, User.display_name, func.sum(Payment.amount))
        .join(c, c.loan_id == Payment.loan_id)
        .join(User, User.id == c.agent_id)
        .where(Payment.value_date == day, Payment.status == "posted", c.opened_on <= day)
        .where(or_(c.is_open == true(), c.resolved_on >= day, c.closed_on >= day))
        .group_by(c.agent_id, User.display_name)
    ):
        slot(int(uid or 0), name)["coll"] += int(total or 0)
    agents = [
        AgentDay(s["name"], s["att"], s["rpc"], s["made"], s["kept"], s["coll"])
        for _, s in sorted(stats.items())
    ]
    return cells, agents
