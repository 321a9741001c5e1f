"""Call logging: identify the caller (phone first), verify identity, save the call
as a new ticket or onto one of the caller's open tickets — one transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, true

from app.context import ServiceContext
from app.customers.service import CustomerSummary, birth_date_of, summarise
from app.errors import NotFound, ValidationError
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import PiiVault
from app.security.redact import redact_pii
from app.servicedesk.read import TicketDetail, TicketRow, to_detail, to_rows
from app.servicedesk.rules import (
    ACTIVE,
    HOLD_CATEGORIES,
    CallOutcome,
    Channel,
    EntryKind,
    Status,
    identity_verified,
)
from app.servicedesk.service import NewTicket, apply_status, insert_ticket, mark_first_response
from app.servicedesk.store import SlaSetup, add_entry, ensure_sequence, get_ticket
from db.models.customers import Customer
from db.models.loans import Loan
from db.models.servicedesk import CallLog, Ticket


@dataclass(frozen=True)
class CallRecord:
    """What the call panel collects."""

    started_at: datetime
    ended_at: datetime
    notes: str
    outcome: str = CallOutcome.ANSWERED
    customer_id: int | None = None
    caller_phone: str | None = None
    identity_answers: Mapping[str, bool] = field(default_factory=dict)
    inbound: bool = True
    # Save target: an existing open ticket of the customer, or a new ticket.
    ticket_id: int | None = None
    new_ticket: NewTicket | None = None


@dataclass(frozen=True)
class CallerLoan:
    id: int
    number: str
    status: str
    dpd: int


@dataclass(frozen=True)
class CallerFacts:
    """What the agent checks the caller's answers against, and the loans a dispute
    or hardship can be about (issue 13: the panel asked without showing them)."""

    customer_id: int
    name: str
    birth_date: date | None  # None without the key
    id_last4: str | None
    address: str  # registered address: street, city, province
    loans: tuple[CallerLoan, ...]  # active first, newest first


@dataclass(frozen=True)
class CallResult:
    call_id: int
    verified: bool
    created_ticket: bool
    ticket: TicketDetail


class CallService:
    def __init__(self, ctx: ServiceContext, vault: PiiVault | None) -> None:
        self.ctx = ctx
        self.vault = vault

    def find_caller(self, text: str, limit: int = 20) -> list[CustomerSummary]:
        """Phone number first (exact, through the blind index, however it is written:
        ``+86 138 0013 8000``, ``0086-138-0013-8000``, ``138-0013-8000``); then the
        usual customer search (ID number, customer number, a phone's last four digits,
        name prefix)."""
        self.ctx.require(Permission.CUSTOMER_VIEW)
        query = text.strip()
        if not query:
            return []
        with self.ctx.transaction() as session:
            found: list[Customer] = []
            digits = "".join(ch for ch in query if ch.isdigit())
            if self.vault is not None and len(digits) >= 7:
                # as typed (phonenumbers reads +86, 0086, dashes) and as its bare digits
                hashes = {self.vault.blind_index("phone", v) for v in (query, digits)}
                found = list(
                    session.scalars(
                        select(Customer)
                        .where(Customer.phone_bidx.in_(sorted(hashes)))
                        .order_by(Customer.id)
                        .limit(limit)
                    )
                )
            if found:
                return [summarise(c) for c in found]
        from app.customers.service import CustomerService

        return CustomerService(self.ctx, self.vault).search(query, limit)

    def caller_facts(self, customer_id: int) -> CallerFacts:
        """The expected identity answers and the caller's loans. Showing the birth date
        to the agent is a use of personal data: audited, one event per caller chosen."""
        self.ctx.require(Permission.TICKET_WORK)
        with self.ctx.transaction() as session:
            c = session.get(Customer, customer_id)
            if c is None:
                raise NotFound(f"customer {customer_id} does not exist")
            rows = session.execute(
                select(Loan.id, Loan.number, Loan.status, Loan.dpd)
                .where(Loan.customer_id == customer_id)
                .order_by((Loan.status == "active").desc(), Loan.id.desc())
            ).all()
            address = " ".join(p for p in (c.address, c.city, c.province) if p)
            facts = CallerFacts(
                customer_id=c.id,
                name=c.name,
                birth_date=birth_date_of(c, self.vault),
                id_last4=c.id_number_last4,
                address=address,
                loans=tuple(CallerLoan(int(i), n, st, int(d or 0)) for i, n, st, d in rows),
            )
            audit.record(
                session,
                self.ctx.actor,
                "call.identity_shown",
                "customer",
                c.id,
                now=self.ctx.now(),
                after={"fields": ["full_name", "date_of_birth", "id_last4", "address"]},
            )
            return facts

    def open_tickets(self, customer_id: int, limit: int = 20) -> list[TicketRow]:
        """The caller's tickets still being worked, newest first (to append to)."""
        self.ctx.require(Permission.TICKET_VIEW)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            tickets = list(
                session.scalars(
                    select(Ticket)
                    .where(Ticket.customer_id == customer_id, Ticket.is_active == true())
                    .order_by(Ticket.opened_at.desc(), Ticket.id.desc())
                    .limit(limit)
                )
            )
            return to_rows(session, tickets, SlaSetup.load(session), now)

    def log_call(self, call: CallRecord) -> CallResult:
        self.ctx.require(Permission.TICKET_WORK)
        if call.ended_at < call.started_at:
            raise ValidationError("call end", "is before the call start")
        try:
            outcome = str(CallOutcome(call.outcome))
        except ValueError:
            raise ValidationError("outcome", f"'{call.outcome}' is not a call outcome") from None
        if (call.ticket_id is None) == (call.new_ticket is None):
            raise ValidationError("ticket", "choose an open ticket or create a new one")
        _check_hold_loan(self.ctx, call)
        notes = redact_pii(call.notes.strip())
        verified = identity_verified(call.identity_answers)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            setup = SlaSetup.load(session)
        if call.new_ticket is not None:
            ensure_sequence(self.ctx.sessions, now.astimezone(setup.calendar.zone).year)
        with self.ctx.transaction() as session:
            created = call.new_ticket is not None
            if call.new_ticket is not None:
                channel = Channel.INBOUND_CALL if call.inbound else Channel.OUTBOUND_CALL
                data = call.new_ticket
                ticket = insert_ticket(
                    session,
                    self.ctx,
                    setup,
                    NewTicket(
                        subject=data.subject,
                        category=data.category,
                        priority=data.priority,
                        channel=channel,
                        description=data.description or notes,
                        customer_id=data.customer_id or call.customer_id,
                        loan_id=data.loan_id,
                        assignee_id=data.assignee_id
                        if data.assignee_id is not None
                        else self.ctx.actor.user_id,
                        team_id=data.team_id,
                        tags=data.tags,
                        complaint=data.complaint,
                    ),
                    now,
                )
            else:
                assert call.ticket_id is not None
                ticket = get_ticket(session, call.ticket_id, lock=True)
                if ticket.status not in ACTIVE:
                    raise ValidationError(
                        "ticket",
                        f"{ticket.number} is {ticket.status}; "
                        "log the call on an open ticket or a new one",
                    )
                if call.customer_id is not None and ticket.customer_id not in (
                    None,
                    call.customer_id,
                ):
                    raise ValidationError("ticket", f"{ticket.number} is another customer's")
            log = CallLog(
                ticket_id=ticket.id,
                customer_id=call.customer_id or ticket.customer_id,
                direction="inbound" if call.inbound else "outbound",
                caller_phone_last4=_last4(call.caller_phone),
                started_at=call.started_at,
                ended_at=call.ended_at,
                verified=verified,
                identity_json=json.dumps(dict(call.identity_answers), sort_keys=True),
                outcome=outcome,
                notes=notes,
                agent_id=self.ctx.actor.user_id,
            )
            session.add(log)
            session.flush()
            seconds = int((call.ended_at - call.started_at).total_seconds())
            add_entry(
                session,
                ticket,
                self.ctx.actor,
                EntryKind.CALL,
                now,
                notes,
                data={
                    "call_id": log.id,
                    "verified": verified,
                    "outcome": outcome,
                    "seconds": seconds,
                    "direction": log.direction,
                },
            )
            # Speaking with the customer is a response; a call from a customer we were
            # waiting on is their reply, so the clock runs again.
            mark_first_response(ticket, setup, now)
            if ticket.status == Status.PENDING_CUSTOMER and call.inbound:
                apply_status(session, self.ctx, ticket, setup, Status.OPEN, now)
                add_entry(
                    session,
                    ticket,
                    self.ctx.actor,
                    EntryKind.STATUS_CHANGE,
                    now,
                    data={"from": "pending_customer", "to": "open"},
                )
            audit.record(
                session,
                self.ctx.actor,
                "call.logged",
                "call",
                log.id,
                now=now,
                after={
                    "ticket": ticket.number,
                    "verified": verified,
                    "outcome": outcome,
                    "seconds": seconds,
                    "new_ticket": created,
                },
            )
            return CallResult(log.id, verified, created, to_detail(session, ticket, setup, now))


def _check_hold_loan(ctx: ServiceContext, call: CallRecord) -> None:
    """A dispute or hardship is about a loan: without one no hold could be raised."""
    data = call.new_ticket
    customer = (data.customer_id if data else None) or call.customer_id
    if data is None or data.loan_id is not None or customer is None:
        return
    if data.category not in HOLD_CATEGORIES:
        return
    with ctx.sessions() as session:
        has_loans = session.scalar(select(Loan.id).where(Loan.customer_id == customer).limit(1))
    if has_loans is not None:
        raise ValidationError("loan", "choose the loan the dispute or hardship is about")


def _last4(phone: str | None) -> str | None:
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-4:] or None
