"""Ticket use cases: create, work, transition, assign, take next, describe, annotate.

Each public method is one user action in one transaction: permission, validation,
write, timeline entry, audit event, commit; it returns a frozen TicketDetail.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import NotFound, StateError, ValidationError
from app.security import audit
from app.security.permissions import Permission
from app.security.redact import redact_pii
from app.servicedesk import holds
from app.servicedesk.read import TicketDetail, to_detail
from app.servicedesk.rules import (
    ACTIVE,
    HOLD_CATEGORIES,
    Category,
    EntryKind,
    Priority,
    Status,
    normalise_tags,
    transition_error,
)
from app.servicedesk.store import (
    SlaSetup,
    add_entry,
    check_version,
    ensure_sequence,
    get_ticket,
    refresh_due,
)
from app.servicedesk.tickets import (
    NewTicket,
    _choice,
    _require_workable,
    _validate_people,
    apply_status,
    insert_ticket,
    mark_first_response,
    require_hold_loan,
    validate_links,
)
from app.settings import get_setting
from db.models.servicedesk import SupportTeam, SupportTeamMember, Ticket, TicketEntry

MAX_DESCRIPTION = 20_000

__all__ = ["NewTicket", "TicketService", "apply_status", "insert_ticket", "mark_first_response"]


class TicketService:
    """Ticket use cases for the acting user. Thread-safe: one session per call."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _reopen_window(self, session: Session) -> timedelta:
        return timedelta(days=int(get_setting(session, "servicedesk.reopen_days")))

    def create(self, data: NewTicket) -> TicketDetail:
        self.ctx.require(Permission.TICKET_WORK)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            setup = SlaSetup.load(session)
        ensure_sequence(self.ctx.sessions, now.astimezone(setup.calendar.zone).year)
        with self.ctx.transaction() as session:
            require_hold_loan(session, data.category, data.customer_id, data.loan_id)
            ticket = insert_ticket(session, self.ctx, setup, data, now)
            return to_detail(session, ticket, setup, now)

    def get(self, ticket_id: int) -> TicketDetail:
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            return to_detail(
                session, get_ticket(session, ticket_id), SlaSetup.load(session), self.ctx.now()
            )

    def transition(
        self, ticket_id: int, target: str, *, expected_version: int | None = None, note: str = ""
    ) -> TicketDetail:
        """Move the ticket through the state machine (merging has its own action)."""
        self.ctx.require(Permission.TICKET_WORK)
        new = Status(target)
        if new is Status.MERGED:
            raise StateError("merge a duplicate with the merge action, naming the survivor")
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            ticket = get_ticket(session, ticket_id, lock=True)
            check_version(session, ticket, expected_version)
            old = Status(ticket.status)
            why = transition_error(
                old,
                new,
                resolved_at=ticket.resolved_at,
                now=now,
                reopen_window=self._reopen_window(session),
            )
            if why is not None:
                raise StateError(f"Ticket {ticket.number}: {why}.")
            setup = SlaSetup.load(session)
            apply_status(session, self.ctx, ticket, setup, new, now)
            add_entry(
                session,
                ticket,
                self.ctx.actor,
                EntryKind.STATUS_CHANGE,
                now,
                note.strip(),
                data={"from": str(old), "to": str(new)},
            )
            audit.record(
                session,
                self.ctx.actor,
                "ticket.status_changed",
                "ticket",
                ticket.id,
                now=now,
                before={"status": str(old)},
                after={"status": str(new)},
            )
            return to_detail(session, ticket, setup, now)

    def assign(
        self,
        ticket_id: int,
        assignee_id: int | None,
        team_id: int | None = None,
        *,
        expected_version: int | None = None,
    ) -> TicketDetail:
        """Assign to a person and/or team; a new ticket picked up becomes open."""
        self.ctx.require(Permission.TICKET_WORK)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            ticket = get_ticket(session, ticket_id, lock=True)
            check_version(session, ticket, expected_version)
            _require_workable(ticket)
            _validate_people(session, assignee_id, team_id)
            before = {"assignee_id": ticket.assignee_id, "team_id": ticket.team_id}
            ticket.assignee_id = assignee_id
            if team_id is not None:
                ticket.team_id = team_id
            setup = SlaSetup.load(session)
            if ticket.status == Status.NEW and assignee_id is not None:
                apply_status(session, self.ctx, ticket, setup, Status.OPEN, now)
            after = {"assignee_id": ticket.assignee_id, "team_id": ticket.team_id}
            add_entry(session, ticket, self.ctx.actor, EntryKind.ASSIGNMENT, now, data=after)
            audit.record(
                session,
                self.ctx.actor,
                "ticket.assigned",
                "ticket",
                ticket.id,
                now=now,
                before=before,
                after=after,
            )
            return to_detail(session, ticket, setup, now)

    def take_next(self) -> TicketDetail | None:
        """Claim the soonest-due unassigned ticket of my teams (or of no team) and
        assign it to me; None when nothing waits. Rows another workstation is
        claiming are skipped (``FOR UPDATE SKIP LOCKED``), so two agents never get one."""
        self.ctx.require(Permission.TICKET_WORK)
        user_id = self.ctx.actor.user_id
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            # The teams first, so the locking read below locks ticket rows only.
            teams = set(
                session.scalars(
                    select(SupportTeamMember.team_id).where(SupportTeamMember.user_id == user_id)
                )
            ) | set(
                session.scalars(select(SupportTeam.id).where(SupportTeam.supervisor_id == user_id))
            )
            mine: ColumnElement[bool] = Ticket.team_id.is_(None)
            if teams:
                mine = or_(mine, Ticket.team_id.in_(sorted(teams)))
            stmt = (
                select(Ticket)
                .where(
                    Ticket.is_active == true(),
                    Ticket.assignee_id.is_(None),
                    Ticket.status != str(Status.PENDING_CUSTOMER),
                    mine,
                )
                .order_by(Ticket.due_sort_at, Ticket.id)
                .limit(1)
            )
            if session.get_bind().dialect.name != "sqlite":
                stmt = stmt.with_for_update(skip_locked=True)
            ticket = session.scalars(stmt).first()
            if ticket is None:
                return None
            setup = SlaSetup.load(session)
            before = {"assignee_id": None, "team_id": ticket.team_id}
            ticket.assignee_id = user_id
            if ticket.status == Status.NEW:
                apply_status(session, self.ctx, ticket, setup, Status.OPEN, now)
            after = {"assignee_id": user_id, "team_id": ticket.team_id}
            add_entry(session, ticket, self.ctx.actor, EntryKind.ASSIGNMENT, now, data=after)
            audit.record(
                session,
                self.ctx.actor,
                "ticket.taken",
                "ticket",
                ticket.id,
                now=now,
                before=before,
                after=after,
            )
            return to_detail(session, ticket, setup, now)

    def edit_description(
        self, ticket_id: int, description: str, *, expected_version: int | None = None
    ) -> TicketDetail:
        """Replace the ticket's description (personal data masked); the timeline says
        it was edited and the audit keeps the text before and after."""
        self.ctx.require(Permission.TICKET_WORK)
        text = redact_pii(description.strip())
        if len(text) > MAX_DESCRIPTION:
            raise ValidationError("description", f"is longer than {MAX_DESCRIPTION} characters")
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            ticket = get_ticket(session, ticket_id, lock=True)
            check_version(session, ticket, expected_version)
            _require_workable(ticket)
            setup = SlaSetup.load(session)
            before = ticket.description
            if text == before:
                return to_detail(session, ticket, setup, now)
            ticket.description = text
            add_entry(
                session,
                ticket,
                self.ctx.actor,
                EntryKind.CHANGE,
                now,
                data={"description": "edited"},
            )
            audit.record(
                session,
                self.ctx.actor,
                "ticket.description_edited",
                "ticket",
                ticket.id,
                now=now,
                before={"description": before},
                after={"description": text},
            )
            return to_detail(session, ticket, setup, now)

    def update(
        self,
        ticket_id: int,
        *,
        priority: str | None = None,
        category: str | None = None,
        tags: tuple[str, ...] | None = None,
        loan_id: int | None = None,
        expected_version: int | None = None,
    ) -> TicketDetail:
        """Change priority (the SLA targets follow), category, tags or the linked loan."""
        self.ctx.require(Permission.TICKET_WORK)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            ticket = get_ticket(session, ticket_id, lock=True)
            check_version(session, ticket, expected_version)
            _require_workable(ticket)
            before = {
                "priority": ticket.priority,
                "category": ticket.category,
                "tags": ticket.tags,
                "loan_id": ticket.loan_id,
            }
            if priority is not None:
                ticket.priority = _choice("priority", priority, Priority)
            if category is not None:
                ticket.category = _choice("category", category, Category)
                if ticket.category == Category.COMPLAINT and not ticket.is_complaint:
                    ticket.is_complaint = True
                    ticket.complaint_received_on = now.date()
            if tags is not None:
                cleaned = normalise_tags(tags)
                ticket.tags = "," + ",".join(cleaned) + "," if cleaned else ""
            if loan_id is not None:
                ticket.customer_id = validate_links(session, ticket.customer_id, loan_id)
                ticket.loan_id = loan_id
            if category is not None and ticket.category != before["category"]:
                require_hold_loan(session, ticket.category, ticket.customer_id, ticket.loan_id)
            setup = SlaSetup.load(session)
            refresh_due(ticket, setup, now)
            if ticket.category in HOLD_CATEGORIES and ticket.status in ACTIVE:
                holds.raise_hold(session, self.ctx.actor, ticket, now)
            after = {
                "priority": ticket.priority,
                "category": ticket.category,
                "tags": ticket.tags,
                "loan_id": ticket.loan_id,
            }
            changed = {k: v for k, v in after.items() if before[k] != v}
            if not changed:
                return to_detail(session, ticket, setup, now)  # nothing to record
            add_entry(session, ticket, self.ctx.actor, EntryKind.CHANGE, now, data=changed)
            audit.record(
                session,
                self.ctx.actor,
                "ticket.updated",
                "ticket",
                ticket.id,
                now=now,
                before=before,
                after=after,
            )
            return to_detail(session, ticket, setup, now)

    def add_note(
        self,
        ticket_id: int,
        body: str,
        *,
        visible_to_customer: bool = False,
        expected_version: int | None = None,
    ) -> TicketDetail:
        """An internal note, or a note shared with the customer (a first response)."""
        self.ctx.require(Permission.TICKET_WORK)
        text = body.strip()
        if not text:
            raise ValidationError("note", "is empty")
        kind = EntryKind.CUSTOMER_NOTE if visible_to_customer else EntryKind.INTERNAL_NOTE
        return self._append(ticket_id, kind, text, expected_version, response=visible_to_customer)

    def record_customer_reply(self, ticket_id: int, body: str) -> TicketDetail:
        """The customer answered: a ticket pending customer resumes (clock restarts)."""
        self.ctx.require(Permission.TICKET_WORK)
        return self._append(
            ticket_id, EntryKind.CUSTOMER_REPLY, body.strip(), None, response=False, reply=True
        )

    def correct_entry(self, entry_id: int, body: str) -> TicketDetail:
        """Corrections are new entries pointing at the one they correct."""
        self.ctx.require(Permission.TICKET_WORK)
        with self.ctx.transaction() as session:
            original = session.get(TicketEntry, entry_id)
            if original is None:
                raise NotFound(f"timeline entry {entry_id} does not exist")
            ticket_id = original.ticket_id
        return self._append(
            ticket_id, EntryKind.CORRECTION, body.strip(), None, response=False, corrects=entry_id
        )

    def _append(
        self,
        ticket_id: int,
        kind: EntryKind,
        body: str,
        expected_version: int | None,
        *,
        response: bool,
        reply: bool = False,
        corrects: int | None = None,
    ) -> TicketDetail:
        if not body:
            raise ValidationError("text", "is empty")
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            ticket = get_ticket(session, ticket_id, lock=True)
            check_version(session, ticket, expected_version)
            if ticket.status == Status.MERGED:
                raise StateError(f"Ticket {ticket.number} was merged; add to the survivor.")
            setup = SlaSetup.load(session)
            entry = add_entry(
                session,
                ticket,
                self.ctx.actor,
                kind,
                now,
                body,
                visible=kind == EntryKind.CUSTOMER_NOTE,
                corrects=corrects,
            )
            if response:
                mark_first_response(ticket, setup, now)
            if reply and ticket.status == Status.PENDING_CUSTOMER:
                apply_status(session, self.ctx, ticket, setup, Status.OPEN, now)
                add_entry(
                    session,
                    ticket,
                    self.ctx.actor,
                    EntryKind.STATUS_CHANGE,
                    now,
                    data={"from": str(Status.PENDING_CUSTOMER), "to": str(Status.OPEN)},
                )
            audit.record(
                session,
                self.ctx.actor,
                f"ticket.{kind}",
                "ticket",
                ticket.id,
                now=now,
                after={"entry_id": entry.id, "corrects": corrects},
            )
            return to_detail(session, ticket, setup, now)
