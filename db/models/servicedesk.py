"""The support desk: tickets, their append-only timeline, call logs, SLA set-up,
canned responses and the collection holds a dispute or hardship raises.

Full-text search objects (SQLite FTS5 tables, the PostgreSQL trigram indexes,
MySQL FULLTEXT indexes) are dialect-specific and live only in the migration;
``db.search_objects`` names them so the schema drift check skips them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, event
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, created_column, id_column
from db.types import BigId

AttachmentBlob = LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")


class SupportTeam(Base):
    """A team of agents; breaches escalate to its supervisor."""

    __tablename__ = "support_teams"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    supervisor_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SupportTeamMember(Base):
    __tablename__ = "support_team_members"

    team_id: Mapped[int] = mapped_column(BigId, ForeignKey("support_teams.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id"), primary_key=True, index=True
    )


class TicketSequence(Base):
    """The last ticket number issued per year (row-locked while numbering)."""

    __tablename__ = "ticket_sequences"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # One index per queue and sort (keyset paging: filter columns, sort key, id).
        Index("ix_tickets_assignee_due", "assignee_id", "is_active", "due_sort_at", "id"),
        Index("ix_tickets_assignee_opened", "assignee_id", "is_active", "opened_at", "id"),
        Index("ix_tickets_team_due", "team_id", "is_active", "due_sort_at", "id"),
        Index("ix_tickets_team_opened", "team_id", "is_active", "opened_at", "id"),
        Index("ix_tickets_active_due", "is_active", "due_sort_at", "id"),
        Index("ix_tickets_active_opened", "is_active", "opened_at", "id"),
        Index("ix_tickets_escalated_due", "escalated_to_id", "is_active", "due_sort_at", "id"),
        Index("ix_tickets_customer_opened", "customer_id", "is_active", "opened_at", "id"),
        Index("ix_tickets_complaint_received", "is_complaint", "complaint_received_on", "id"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("customers.id"))
    loan_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("loans.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(30))
    priority: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(400), default="")  # ",a,b," for exact LIKE
    assignee_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("support_teams.id"))
    merged_into_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id"))
    # complaint register
    is_complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    complaint_received_on: Mapped[date | None]
    complaint_root_cause: Mapped[str | None] = mapped_column(String(200))
    complaint_resolution: Mapped[str | None] = mapped_column(Text)
    complaint_resolved_on: Mapped[date | None]
    # SLA clocks (business seconds); due_sort_at is the resolution due moment, or a
    # far-future sentinel while paused or stopped, so the queues sort on a non-null key.
    sla_started_at: Mapped[datetime]
    paused_since: Mapped[datetime | None]
    paused_seconds: Mapped[int] = mapped_column(default=0)
    first_response_due_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    first_response_breached_at: Mapped[datetime | None]
    resolution_due_at: Mapped[datetime | None]
    resolution_breached_at: Mapped[datetime | None]
    due_sort_at: Mapped[datetime]
    escalated_at: Mapped[datetime | None]
    escalated_to_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TicketEntry(Base):
    """One timeline entry. Append-only: never updated or deleted (merges move
    entries to the survivor with one set-based UPDATE that keeps ``origin_ticket_id``)."""

    __tablename__ = "ticket_entries"
    __table_args__ = (Index("ix_ticket_entries_ticket_id_seq", "ticket_id", "id"),)

    id: Mapped[int] = id_column()
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id"))
    origin_ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id"))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text, default="")
    visible_to_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    data_json: Mapped[str | None] = mapped_column(Text)
    corrects_entry_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("ticket_entries.id"))
    author_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime]
    created_at: Mapped[datetime] = created_column()


class TicketAttachment(Base):
    __tablename__ = "ticket_attachments"

    id: Mapped[int] = id_column()
    entry_id: Mapped[int] = mapped_column(BigId, ForeignKey("ticket_entries.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(AttachmentBlob)
    created_at: Mapped[datetime] = created_column()


class CallLog(Base):
    __tablename__ = "call_logs"
    __table_args__ = (Index("ix_call_logs_customer_started", "customer_id", "started_at", "id"),)

    id: Mapped[int] = id_column()
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("customers.id"))
    direction: Mapped[str] = mapped_column(String(10))  # inbound | outbound
    caller_phone_last4: Mapped[str | None] = mapped_column(String(4))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    identity_json: Mapped[str] = mapped_column(Text, default="{}")
    outcome: Mapped[str] = mapped_column(String(30))
    notes: Mapped[str] = mapped_column(Text, default="")
    agent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()


class SlaCalendarRow(Base):
    """The single business calendar (id 1), edited by admins."""

    __tablename__ = "sla_calendar"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    timezone: Mapped[str] = mapped_column(String(64))
    work_days: Mapped[str] = mapped_column(String(20))  # "0,1,2,3,4" (Monday = 0)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SlaHoliday(Base):
    __tablename__ = "sla_holidays"

    day: Mapped[date] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class SlaPolicyRow(Base):
    __tablename__ = "sla_policies"

    priority: Mapped[str] = mapped_column(String(10), primary_key=True)
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    amber_percent: Mapped[int] = mapped_column(Integer, default=25)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CannedResponse(Base):
    __tablename__ = "canned_responses"

    id: Mapped[int] = id_column()
    title: Mapped[str] = mapped_column(String(100), unique=True)
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CollectionHold(Base):
    """Collections contact on a loan is paused while a hold is not lifted.

    Raised by a dispute or hardship ticket; ``resolved_at`` is set when that ticket
    is resolved; a supervisor then lifts it (``lifted_at``)."""

    __tablename__ = "collection_holds"
    __table_args__ = (Index("ix_collection_holds_loan_lifted", "loan_id", "lifted_at", "id"),)

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    customer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("customers.id"))
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # dispute | hardship
    raised_at: Mapped[datetime]
    raised_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class AppendOnlyViolation(RuntimeError):
    """Someone tried to edit or delete a timeline entry (corrections are new entries)."""


@event.listens_for(TicketEntry, "before_update")
@event.listens_for(TicketEntry, "before_delete")
def _timeline_is_append_only(_mapper: object, _connection: object, target: TicketEntry) -> None:
    raise AppendOnlyViolation(
        f"timeline entry {target.id} cannot be changed; add a correction instead"
    )
