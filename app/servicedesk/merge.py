"""Merging a duplicate into its survivor, attachments, and the complaint flag."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import func, select, update

from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import PiiVault
from app.security.sealed_files import ATTACHMENTS, LOCKED
from app.servicedesk.read import TicketDetail, to_detail
from app.servicedesk.rules import ACTIVE, EntryKind, Status, transition_error
from app.servicedesk.store import FAR_FUTURE, SlaSetup, add_entry, check_version, get_ticket
from db.models.servicedesk import CallLog, CollectionHold, TicketAttachment, TicketEntry

MAX_ATTACHMENT = 10 * 1024 * 1024


def merge_tickets(
    ctx: ServiceContext,
    duplicate_id: int,
    survivor_id: int,
    *,
    expected_version: int | None = None,
) -> TicketDetail:
    """Merge ``duplicate`` into ``survivor``: its timeline, calls and holds move over,
    and the duplicate points to the survivor. Returns the survivor."""
    ctx.require(Permission.TICKET_WORK)
    if duplicate_id == survivor_id:
        raise ValidationError("survivor", "a ticket cannot be merged into itself")
    now = ctx.now()
    with ctx.transaction() as session:
        # Lock in id order so two merges of the same pair cannot deadlock.
        locked = {i: get_ticket(session, i, lock=True) for i in sorted((duplicate_id, survivor_id))}
        dup, survivor = locked[duplicate_id], locked[survivor_id]
        check_version(session, dup, expected_version)
        why = transition_error(Status(dup.status), Status.MERGED)
        if why is not None:
            raise StateError(f"Ticket {dup.number}: {why}.")
        if survivor.status not in ACTIVE:
            raise StateError(
                f"Ticket {survivor.number} is {survivor.status}; merge into an open one."
            )
        if dup.customer_id and survivor.customer_id and dup.customer_id != survivor.customer_id:
            raise ValidationError("survivor", "the two tickets belong to different customers")
        moved = session.scalar(select(func.count()).where(TicketEntry.ticket_id == dup.id))
        session.execute(
            update(TicketEntry).where(TicketEntry.ticket_id == dup.id).values(ticket_id=survivor.id)
        )
        session.execute(
            update(CallLog).where(CallLog.ticket_id == dup.id).values(ticket_id=survivor.id)
        )
        session.execute(
            update(CollectionHold)
            .where(CollectionHold.ticket_id == dup.id)
            .values(ticket_id=survivor.id)
        )
        session.expire_all()
        dup = get_ticket(session, duplicate_id)
        survivor = get_ticket(session, survivor_id)
        if survivor.customer_id is None:
            survivor.customer_id = dup.customer_id
        if survivor.loan_id is None:
            survivor.loan_id = dup.loan_id
        old = dup.status
        dup.status = str(Status.MERGED)
        dup.is_active = False
        dup.merged_into_id = survivor.id
        dup.due_sort_at = FAR_FUTURE
        dup.updated_at = now
        add_entry(
            session,
            dup,
            ctx.actor,
            EntryKind.MERGE,
            now,
            data={"into": survivor.number, "moved_entries": moved},
        )
        add_entry(
            session,
            survivor,
            ctx.actor,
            EntryKind.MERGE,
            now,
            data={"from": dup.number, "moved_entries": moved},
        )
        audit.record(
            session,
            ctx.actor,
            "ticket.merged",
            "ticket",
            dup.id,
            now=now,
            before={"status": old},
            after={"status": "merged", "into": survivor.number},
        )
        return to_detail(session, survivor, SlaSetup.load(session), now)


def attach_file(
    ctx: ServiceContext,
    ticket_id: int,
    filename: str,
    media_type: str,
    content: bytes,
    vault: PiiVault | None,
) -> TicketDetail:
    """Store a file on the ticket, sealed under the master key (customers send
    ID scans and statements; they are encrypted at rest like KYC evidence)."""
    ctx.require(Permission.TICKET_WORK)
    if vault is None:
        raise StateError(LOCKED)
    name = filename.strip().replace("\\", "/").rsplit("/", 1)[-1]
    if not name:
        raise ValidationError("file name", "is required")
    if len(content) > MAX_ATTACHMENT:
        raise ValidationError(name, f"is larger than {MAX_ATTACHMENT // (1024 * 1024)} MB")
    now = ctx.now()
    digest = hashlib.sha256(content).hexdigest()
    with ctx.transaction() as session:
        ticket = get_ticket(session, ticket_id, lock=True)
        if ticket.status == Status.MERGED:
            raise StateError(f"Ticket {ticket.number} was merged; attach to the survivor.")
        entry = add_entry(
            session,
            ticket,
            ctx.actor,
            EntryKind.ATTACHMENT,
            now,
            name,
            data={"filename": name, "size": len(content), "sha256": digest},
        )
        vault.require_current(load_state(session).data_key_wrapped)
        attachment = TicketAttachment(
            entry_id=entry.id,
            filename=name,
            media_type=media_type,
            size=len(content),
            sha256=digest,
            content=b"",  # sealed below, once the row has its id
        )
        session.add(attachment)
        session.flush()
        attachment.content = ATTACHMENTS.seal(vault, attachment.id, digest, content)
        audit.record(
            session,
            ctx.actor,
            "ticket.attachment_added",
            "ticket",
            ticket.id,
            now=now,
            after={"filename": name, "size": len(content), "sha256": digest},
        )
        return to_detail(session, ticket, SlaSetup.load(session), now)


def set_complaint(
    ctx: ServiceContext,
    ticket_id: int,
    *,
    is_complaint: bool,
    root_cause: str | None = None,
    resolution: str | None = None,
    received_on: date | None = None,
    resolved_on: date | None = None,
    expected_version: int | None = None,
) -> TicketDetail:
    """Flag or update the complaint register fields of a ticket."""
    ctx.require(Permission.TICKET_WORK)
    now = ctx.now()
    with ctx.transaction() as session:
        ticket = get_ticket(session, ticket_id, lock=True)
        check_version(session, ticket, expected_version)
        setup = SlaSetup.load(session)
        before = {
            "is_complaint": ticket.is_complaint,
            "root_cause": ticket.complaint_root_cause,
            "resolution": ticket.complaint_resolution,
        }
        today = now.astimezone(setup.calendar.zone).date()
        ticket.is_complaint = is_complaint
        if is_complaint:
            ticket.complaint_received_on = received_on or ticket.complaint_received_on or today
            if resolved_on is not None and resolved_on < ticket.complaint_received_on:
                raise ValidationError("resolved on", "is before the date received")
        if root_cause is not None:
            ticket.complaint_root_cause = root_cause.strip()[:200] or None
        if resolution is not None:
            ticket.complaint_resolution = resolution.strip() or None
        if resolved_on is not None:
            ticket.complaint_resolved_on = resolved_on
        after = {
            "is_complaint": ticket.is_complaint,
            "root_cause": ticket.complaint_root_cause,
            "resolution": ticket.complaint_resolution,
        }
        add_entry(session, ticket, ctx.actor, EntryKind.COMPLAINT, now, data=after)
        audit.record(
            session,
            ctx.actor,
            "ticket.complaint_updated",
            "ticket",
            ticket.id,
            now=now,
            before=before,
            after=after,
        )
        return to_detail(session, ticket, setup, now)
