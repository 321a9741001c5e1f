"""Working a case: contact attempts under the rules, promises, notes, disputes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from app.amounts import check_entry
from app.collections.claim import renew_lease
from app.collections.promises import PromiseTerms
from app.collections.rules import (
    PAUSING_OUTCOMES,
    RIGHT_PARTY_OUTCOMES,
    Channel,
    ContactDecision,
    ContactRuleSettings,
    Direction,
    Outcome,
    Party,
    check_contact,
    is_connected,
    local_day_bounds_utc,
)
from app.collections.scoring import rescore
from app.context import ServiceContext
from app.errors import NotFound, StateError, ValidationError
from app.loans.payment_guard import ceiling, check_amount, owed
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import mask
from app.security.redact import redact_pii
from app.settings import get_setting
from db.models.collections import CaseNote, CollectionCase, ContactAttempt, PromiseToPay
from db.models.customers import Customer


class ContactBlocked(StateError):
    """The contact rules forbid this attempt; ``decision`` names every rule and why."""

    def __init__(self, decision: ContactDecision) -> None:
        super().__init__(decision.explain())
        self.decision = decision


@dataclass(frozen=True)
class ContactInput:
    channel: Channel
    outcome: Outcome
    direction: Direction = Direction.OUTBOUND
    party: Party = Party.DEBTOR
    duration_seconds: int = 0
    note: str = ""
    promise_amount: int | None = None  # with Outcome.PROMISE_TO_PAY
    promise_date: date | None = None


@dataclass(frozen=True)
class ContactLogged:
    contact_id: int
    case_id: int
    promise_id: int | None
    hold_ticket: str | None  # the ticket a dispute or hardship opened
    case_version: int


def rule_settings(session: Session) -> ContactRuleSettings:
    return ContactRuleSettings(
        int(get_setting(session, "collections.quiet_start_hour")),
        int(get_setting(session, "collections.quiet_end_hour")),
        int(get_setting(session, "collections.max_connected_calls_per_day")),
    )


def hold_reason(session: Session, loan_id: int) -> str | None:
    """Why contact on the loan is paused (an unlifted dispute or hardship hold)."""
    from app.servicedesk.holds import active_holds

    holds = active_holds(session, loan_id)
    if not holds:
        return None
    return "; ".join(f"{h.kind} (ticket {h.ticket_number})" for h in holds)


def connected_today(session: Session, customer_id: int, at: datetime, zone: str) -> int:
    start, end = local_day_bounds_utc(at, zone)
    return int(
        session.scalar(
            select(func.count(ContactAttempt.id)).where(
                ContactAttempt.customer_id == customer_id,
                ContactAttempt.connected == true(),
                ContactAttempt.at >= start,
                ContactAttempt.at < end,
            )
        )
        or 0
    )


def _address(customer: Customer, channel: Channel) -> str:
    if channel in (Channel.CALL, Channel.SMS):
        return mask("phone", customer.phone_last4)
    if channel is Channel.EMAIL and customer.email:
        local, _, domain = customer.email.partition("@")
        return f"{local[:1]}***@{domain}"
    return customer.city or ""


def load_case(session: Session, case_id: int, *, lock: bool = False) -> CollectionCase:
    case = session.get(CollectionCase, case_id, with_for_update=lock)
    if case is None:
        raise NotFound(f"collection case {case_id} does not exist")
    return case


class CaseService:
    """An agent's use cases on one case. Thread-safe: one transaction per call."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def check(
        self, case_id: int, channel: Channel, direction: Direction, party: Party
    ) -> ContactDecision:
        """What the rules say about contacting this debtor now (for the dialog)."""
        self.ctx.require(Permission.COLLECTIONS_VIEW)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id)
            customer = session.get(Customer, case.customer_id)
            assert customer is not None
            now = self.ctx.now()
            return check_contact(
                at=now,
                timezone=customer.timezone,
                channel=channel,
                direction=direction,
                party=party,
                connected_today=connected_today(session, customer.id, now, customer.timezone),
                settings=rule_settings(session),
                hold_reason=hold_reason(session, case.loan_id),
            )

    def log_contact(self, case_id: int, data: ContactInput) -> ContactLogged:
        """Check the rules, then log the attempt (and its promise or dispute).

        The customer row is locked first, so two agents logging at once cannot both
        pass the daily cap. Raises :class:`ContactBlocked` naming every broken rule.
        """
        self.ctx.require(Permission.COLLECTIONS_WORK)
        if data.duration_seconds < 0:
            raise ValidationError("duration", "cannot be negative")
        if data.outcome is Outcome.PROMISE_TO_PAY and (
            data.promise_amount is None or data.promise_date is None
        ):
            raise ValidationError("promise", "a promise to pay needs an amount and a date")
        now = self.ctx.now()
        if data.outcome in PAUSING_OUTCOMES:
            from app.servicedesk.store import ensure_sequence

            ensure_sequence(self.ctx.sessions, now.year)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id)
            customer = session.get(Customer, case.customer_id, with_for_update=True)
            assert customer is not None
            session.refresh(case, with_for_update=True)
            if not case.is_open:
                raise StateError(f"case {case.id} is {case.status}; it cannot be worked")
            decision = check_contact(
                at=now,
                timezone=customer.timezone,
                channel=data.channel,
                direction=data.direction,
                party=data.party,
                connected_today=connected_today(session, customer.id, now, customer.timezone),
                settings=rule_settings(session),
                hold_reason=hold_reason(session, case.loan_id),
            )
            if not decision.allowed:
                raise ContactBlocked(decision)
            day = load_state(session).business_date
            attempt = ContactAttempt(
                case_id=case.id,
                customer_id=customer.id,
                agent_id=self.ctx.actor.user_id,
                agent_name=self.ctx.actor.username,
                at=now,
                business_date=day,
                channel=data.channel.value,
                direction=data.direction.value,
                party=data.party.value,
                address_masked=_address(customer, data.channel),
                outcome=data.outcome.value,
                connected=is_connected(data.outcome),
                right_party=data.outcome in RIGHT_PARTY_OUTCOMES,
                duration_seconds=data.duration_seconds,
                note=redact_pii(data.note.strip()),
            )
            session.add(attempt)
            session.flush()
            promise_id = None
            if data.outcome is Outcome.PROMISE_TO_PAY:
                assert data.promise_amount is not None and data.promise_date is not None
                promise_id = add_promise(
                    session, case, data.promise_amount, data.promise_date, day, attempt.id, self.ctx
                )
            ticket = None
            if data.outcome in PAUSING_OUTCOMES:
                ticket = self._raise_hold(session, case, data, now)
            case.last_contact_at = now
            renew_lease(session, case, self.ctx.actor.user_id, now)
            rescore(case, day)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.contact_logged",
                "collection_case",
                case.id,
                now=now,
                after={
                    "contact": attempt.id,
                    "channel": attempt.channel,
                    "outcome": attempt.outcome,
                    "promise": promise_id,
                    "ticket": ticket,
                },
            )
            return ContactLogged(attempt.id, case.id, promise_id, ticket, case.version)

    def _raise_hold(
        self, session: Session, case: CollectionCase, data: ContactInput, now: datetime
    ) -> str:
        """A dispute or hardship from a call opens a ticket, which raises the hold."""
        from app.servicedesk.rules import Category
        from app.servicedesk.rules import Channel as TicketChannel
        from app.servicedesk.service import NewTicket, insert_ticket
        from app.servicedesk.store import SlaSetup

        category = (
            Category.DISPUTE if data.outcome is Outcome.DISPUTE else Category.HARDSHIP
        ).value
        inbound = data.direction is Direction.INBOUND
        ticket = insert_ticket(
            session,
            self.ctx,
            SlaSetup.load(session),
            NewTicket(
                subject=f"{category.title()} raised on collection case {case.id}",
                category=category,
                channel=(
                    TicketChannel.INBOUND_CALL if inbound else TicketChannel.OUTBOUND_CALL
                ).value,
                description=redact_pii(data.note.strip()),
                customer_id=case.customer_id,
                loan_id=case.loan_id,
            ),
            now,
        )
        return ticket.number

    def make_promise(self, case_id: int, amount: int, due: date) -> int:
        self.ctx.require(Permission.COLLECTIONS_WORK)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id, lock=True)
            day = load_state(session).business_date
            promise_id = add_promise(session, case, amount, due, day, None, self.ctx)
            rescore(case, day)
            return promise_id

    def add_note(self, case_id: int, body: str) -> int:
        self.ctx.require(Permission.COLLECTIONS_WORK)
        if not body.strip():
            raise ValidationError("note", "is empty")
        with self.ctx.transaction() as session:
            case = load_case(session, case_id)
            note = CaseNote(
                case_id=case.id,
                author_id=self.ctx.actor.user_id,
                author_name=self.ctx.actor.username,
                body=redact_pii(body.strip()),
            )
            session.add(note)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.note_added",
                "collection_case",
                case.id,
                now=self.ctx.now(),
                after={"note": note.id},
            )
            return note.id


def check_promise_amount(session: Session, loan_id: int, amount: int) -> None:
    """A promise is a payment to come: the payment ceiling applies (no more than the
    loan owes plus the tolerance, never above the largest payment)."""
    check_entry(session, amount, "promise amount")
    check_amount(amount, owed(session, [loan_id]).get(loan_id), ceiling(session), "promise amount")


def add_promise(
    session: Session,
    case: CollectionCase,
    amount: int,
    due: date,
    today: date,
    contact_id: int | None,
    ctx: ServiceContext,
) -> int:
    PromiseTerms(amount, today, due)  # validates amount and date
    check_promise_amount(session, case.loan_id, amount)
    promise = PromiseToPay(
        case_id=case.id,
        loan_id=case.loan_id,
        contact_id=contact_id,
        amount=amount,
        made_on=today,
        due_date=due,
        status="pending",
        created_by=ctx.actor.user_id,
    )
    session.add(promise)
    session.flush()
    if case.promise_due_on is None or due < case.promise_due_on:
        case.promise_due_on = due
    audit.record(
        session,
        ctx.actor,
        "collections.promise_made",
        "collection_case",
        case.id,
        now=ctx.now(),
        after={"promise": promise.id, "amount": amount, "due": due},
    )
    return promise.id
