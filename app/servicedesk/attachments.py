"""Reading a ticket's attachments back: the list, and one file's bytes.

Adding one is :func:`app.servicedesk.merge.attach_file` (a timeline entry plus
the stored file, sealed under the master key, one transaction). Opening a file
is audited: attachments hold customers' documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.context import ServiceContext
from app.errors import NotFound, StateError
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import KeyUnavailable, PiiVault
from app.security.sealed_files import ATTACHMENTS, sha256_hex
from db.models.servicedesk import TicketAttachment, TicketEntry


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class AttachmentFile:
    filename: str
    media_type: str
    content: bytes


def list_attachments(ctx: ServiceContext, ticket_id: int) -> list[AttachmentInfo]:
    """The ticket's files, oldest first (merged tickets' files moved with them)."""
    ctx.require(Permission.TICKET_VIEW)
    with ctx.transaction() as session:
        rows = session.execute(
            select(
                TicketAttachment.id,
                TicketAttachment.filename,
                TicketAttachment.media_type,
                TicketAttachment.size,
                TicketAttachment.sha256,
                TicketEntry.author_name,
                TicketAttachment.created_at,
            )
            .join(TicketEntry, TicketEntry.id == TicketAttachment.entry_id)
            .where(TicketEntry.ticket_id == ticket_id)
            .order_by(TicketAttachment.id)
        ).all()
        return [AttachmentInfo(*row) for row in rows]


def open_attachment(
    ctx: ServiceContext, attachment_id: int, vault: PiiVault | None
) -> AttachmentFile:
    """One file's content, opened under its row with its upload hash checked; audited.
    A file that does not open or does not match its hash is refused, and the
    attempt is audited as tampering (the event is kept; the error comes after)."""
    ctx.require(Permission.TICKET_VIEW)
    with ctx.transaction() as session:
        row = session.get(TicketAttachment, attachment_id)
        if row is None:
            raise NotFound(f"attachment {attachment_id} does not exist")
        ticket_id = session.scalar(
            select(TicketEntry.ticket_id).where(TicketEntry.id == row.entry_id)
        )
        raw = bytes(row.content)
        try:
            content: bytes | None = ATTACHMENTS.open(vault, row.id, row.sha256, raw)
        except KeyUnavailable:  # altered ciphertext, or copied from another row
            content = None
        intact = content is not None and sha256_hex(content) == row.sha256
        audit.record(
            session,
            ctx.actor,
            "ticket.attachment_opened" if intact else "ticket.attachment_tampered",
            "ticket",
            ticket_id,
            now=ctx.now(),
            after={"attachment": row.id, "filename": row.filename, "intact": intact},
        )
        filename, media_type = row.filename, row.media_type
    if content is None or not intact:
        raise StateError(
            f"'{filename}' is damaged: the stored file does not match what was attached. "
            "Run p2pdesk verify and tell your administrator."
        )
    return AttachmentFile(filename, media_type, content)
