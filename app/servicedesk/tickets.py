"""Ticket building blocks shared by the desk services (inside the caller's
transaction): input validation, insertion, and status side effects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.security import audit
from app.security.permissions import Permission, Role, permissions_for
from app.security.redact import redact_pii
from app.servicedesk import holds
from app.servicedesk.rules import (
    ACTIVE,
    HOLD_CATEGORIES,
    Category,
    Channel,
    EntryKind,
    Priority,
    Status,
    normalise_tags,
)
from app.servicedesk.store import (
    SlaSetup,
    add_entry,
    pause,
    refresh_due,
    resume,
    start_clocks,
    take_number,
)
from db.models.customers import Customer
from db.models.loans import Loan
from db.models.security import User
from db.models.servicedesk import SupportTeam, Ticket

MAX_SUBJECT = 200


@dataclass(frozen=True)
class NewTicket:
    subject: str
    category: str = Category.OTHER
    priority: str = Priority.NORMAL
    channel: str = Channel.INBOUND_CALL
    description: str = ""
    customer_id: int | None = None
    loan_id: int | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    complaint: bool = False


def _choice(name: str, value: str, allowed: type[Category | Channel | Priority]) -> str:
    try:
        return str(allowed(value))
    except ValueError:
        options = ", ".join(m.value for m in allowed)
        raise ValidationError(name, f"'{value}' is not one of {options}") from None


def validate_links(session: Session, customer_id: int | None, loan_id: int | None) -> int | None:
    """Check customer and loan exist and belong together; returns the customer id."""
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise ValidationError("customer", f"customer {customer_id} does not exist")
    if loan_id is not None:
        loan = session.get(Loan, loan_id)
        if loan is None:
            raise ValidationError("loan", f"loan {loan_id} does not exist")
        if customer_id is not None and loan.customer_id != customer_id:
            raise ValidationError("loan", f"loan {loan.number} belongs to another customer")
        return loan.customer_id
    return customer_id


def can_work_tickets(user: User) -> bool:
    """An active person whose roles let them work tickets (a ticket can go to them)."""
    if not user.active or user.kind != "person":
        return False
    roles = {Role(r.role) for r in user.roles if r.role in Role._value2member_map_}
    return Permission.TICKET_WORK in permissions_for(roles)


def require_hold_loan(
    session: Session, category: str, customer_id: int | None, loan_id: int | None
) -> None:
    """A dispute or hardship is about a loan: for a customer with loans it must name
    one, or no collections hold could be raised (issue 13 #16, for every way in)."""
    if category not in HOLD_CATEGORIES or loan_id is not None or customer_id is None:
        return
    has_loans = session.scalar(select(Loan.id).where(Loan.customer_id == customer_id).limit(1))
    if has_loans is not None:
        raise ValidationError("loan", "choose the loan the dispute or hardship is about")


def _validate_people(session: Session, assignee_id: int | None, team_id: int | None) -> None:
    if assignee_id is not None:
        user = session.get(User, assignee_id)
        if user is None:
            raise ValidationError("assignee", f"user {assignee_id} does not exist")
        if not can_work_tickets(user):
            raise ValidationError("assignee", f"{user.display_name} cannot work tickets")
    if team_id is not None and session.get(SupportTeam, team_id) is None:
        raise ValidationError("team", f"team {team_id} does not exist")


def insert_ticket(
    session: Session, ctx: ServiceContext, setup: SlaSetup, data: NewTicket, now: datetime
) -> Ticket:
    """Validate and add a ticket in the caller's transaction (sequence row must exist)."""
    subject = redact_pii(data.subject.strip())
    if not subject:
        raise ValidationError("subject", "is required")
    if len(subject) > MAX_SUBJECT:
        raise ValidationError("subject", f"is longer than {MAX_SUBJECT} characters")
    category = _choice("category", data.category, Category)
    priority = _choice("priority", data.priority, Priority)
    channel = _choice("channel", data.channel, Channel)
    customer_id = validate_links(session, data.customer_id, data.loan_id)
    _validate_people(session, data.assignee_id, data.team_id)
    tags = normalise_tags(data.tags)
    complaint = data.complaint or category == Category.COMPLAINT
    status = Status.OPEN if data.assignee_id is not None else Status.NEW
    ticket = Ticket(
        number=take_number(session, now.astimezone(setup.calendar.zone).year),
        customer_id=customer_id,
        loan_id=data.loan_id,
        channel=channel,
        category=category,
        priority=priority,
        status=str(status),
        is_active=True,
        subject=subject,
        description=redact_pii(data.description.strip()),
        tags="," + ",".join(tags) + "," if tags else "",
        assignee_id=data.assignee_id,
        team_id=data.team_id,
        is_complaint=complaint,
        complaint_received_on=now.astimezone(setup.calendar.zone).date() if complaint else None,
        opened_at=now,
        updated_at=now,
        created_by=ctx.actor.user_id,
        paused_seconds=0,
    )
    start_clocks(ticket, setup, now)
    session.add(ticket)
    session.flush()
    add_entry(session, ticket, ctx.actor, EntryKind.STATUS_CHANGE, now, data={"to": str(status)})
    if category in HOLD_CATEGORIES and ticket.loan_id is not None:
        holds.raise_hold(session, ctx.actor, ticket, now)
    audit.record(
        session,
        ctx.actor,
        "ticket.created",
        "ticket",
        ticket.id,
        now=now,
        after={
            "number": ticket.number,
            "category": category,
            "priority": priority,
            "customer_id": customer_id,
            "loan_id": data.loan_id,
        },
    )
    return ticket


def _require_workable(ticket: Ticket) -> None:
    if ticket.status in (Status.MERGED, Status.CLOSED):
        raise StateError(f"Ticket {ticket.number} is {ticket.status}; it cannot be changed.")


def mark_first_response(ticket: Ticket, setup: SlaSetup, now: datetime) -> None:
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        refresh_due(ticket, setup, now)


def apply_status(
    session: Session,
    ctx: ServiceContext,
    ticket: Ticket,
    setup: SlaSetup,
    new: Status,
    now: datetime,
) -> None:
    """Set ``new`` and keep clocks, flags and holds consistent (already validated)."""
    old = Status(ticket.status)
    if old is Status.PENDING_CUSTOMER and new is not Status.PENDING_CUSTOMER:
        resume(ticket, setup, now)
    if old is Status.RESOLVED and new is Status.OPEN:
        resume(ticket, setup, now, since=ticket.resolved_at)  # the resolved spell is paused
        ticket.resolved_at = None
        if ticket.category in HOLD_CATEGORIES:
            holds.raise_hold(session, ctx.actor, ticket, now)
    ticket.status = str(new)
    ticket.is_active = new in ACTIVE
    if new is Status.PENDING_CUSTOMER:
        pause(ticket, setup, now)
    elif new is Status.RESOLVED:
        ticket.resolved_at = now
        if ticket.is_complaint and ticket.complaint_resolved_on is None:
            ticket.complaint_resolved_on = now.astimezone(setup.calendar.zone).date()
        holds.mark_resolved(session, ticket, now)
    elif new is Status.CLOSED:
        ticket.closed_at = now
    ticket.updated_at = now
    refresh_due(ticket, setup, now)
