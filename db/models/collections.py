"""Collections tables: teams, bucket assignments, cases, contacts, promises, notes,
payment arrangements and the payment suspense a bank file import leaves behind."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, created_column, id_column
from db.types import BigId


class CollectionTeam(Base):
    __tablename__ = "collection_teams"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # round robin: the member who was given the last auto-assigned case
    last_assigned_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CollectionTeamMember(Base):
    __tablename__ = "collection_team_members"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id"),
        Index("ix_collection_team_members_user", "user_id", "team_id"),
    )

    id: Mapped[int] = id_column()
    team_id: Mapped[int] = mapped_column(BigId, ForeignKey("collection_teams.id"))
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BucketAssignment(Base):
    """Which team (and optionally which agent) works a delinquency bucket; with
    ``auto_assign`` new cases are dealt round robin to the team's members, otherwise
    they wait in the team pool."""

    __tablename__ = "collection_bucket_assignments"

    bucket: Mapped[str] = mapped_column(String(24), primary_key=True)
    team_id: Mapped[int] = mapped_column(BigId, ForeignKey("collection_teams.id"))
    agent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    auto_assign: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CollectionCase(Base):
    """One delinquency episode of a loan: opened by end of day when the loan falls
    overdue, resolved when it is current again, closed when it is paid off or
    written off. At most one open case per loan (``open_loan_id`` is unique and
    NULL once the case is no longer open)."""

    __tablename__ = "collection_cases"
    __table_args__ = (
        # queues (keyset: filters, priority, id) and the claim query
        Index("ix_collection_cases_agent_queue", "agent_id", "is_open", "priority", "id"),
        Index("ix_collection_cases_team_queue", "team_id", "is_open", "priority", "id"),
        Index("ix_collection_cases_open_priority", "is_open", "priority", "id"),
        Index("ix_collection_cases_bucket_queue", "is_open", "bucket", "priority", "id"),
        Index("ix_collection_cases_open_dpd", "is_open", "dpd", "id"),
        Index("ix_collection_cases_open_overdue", "is_open", "overdue_amount", "id"),
        Index("ix_collection_cases_loan", "loan_id", "id"),
        Index("ix_collection_cases_customer", "customer_id", "is_open"),
        # "next case" (app.collections.claim): releasing an agent's claims, and picking
        # the best free case without stepping over leased ones. PostgreSQL cannot
        # order by the columns after an ``IS NULL`` condition, so it gets partial
        # indexes; MariaDB and SQLite treat ``IS NULL`` as an equality and use
        # ``..._claim_lease`` (which also finds expired leases on every backend).
        Index("ix_collection_cases_claimed_by", "claimed_by"),
        Index(
            "ix_collection_cases_claim_pool",
            "team_id",
            "priority",
            "id",
            postgresql_where=text("is_open AND agent_id IS NULL AND lease_until IS NULL"),
        ),
        Index(
            "ix_collection_cases_claim_own",
            "agent_id",
            "priority",
            "id",
            postgresql_where=text("is_open AND lease_until IS NULL"),
        ),
        Index(
            "ix_collection_cases_claim_lease",
            "team_id",
            "agent_id",
            "is_open",
            "lease_until",
            "priority",
            "id",
        ),
    )

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    open_loan_id: Mapped[int | None] = mapped_column(BigId, unique=True)
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open|resolved|closed
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    opened_on: Mapped[date]
    resolved_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    close_reason: Mapped[str | None] = mapped_column(String(24))
    bucket: Mapped[str] = mapped_column(String(24))
    # the bucket whose assignment rule last routed this case (a manual reassignment
    # sticks until the case moves to another bucket)
    routed_bucket: Mapped[str | None] = mapped_column(String(24))
    dpd: Mapped[int] = mapped_column(Integer, default=0)
    overdue_amount: Mapped[int] = mapped_column(default=0)
    team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("collection_teams.id"))
    agent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    claimed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    lease_until: Mapped[datetime | None]
    priority: Mapped[int] = mapped_column(Integer, default=0)
    priority_reasons: Mapped[str | None] = mapped_column(Text)
    promise_due_on: Mapped[date | None]
    broken_promises: Mapped[int] = mapped_column(Integer, default=0)
    last_contact_at: Mapped[datetime | None]
    escalation: Mapped[str | None] = mapped_column(String(16))  # legal | agency
    escalated_on: Mapped[date | None]
    write_off_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("write_offs.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ContactAttempt(Base):
    """One logged contact attempt; only attempts the rules allowed are ever logged."""

    __tablename__ = "collection_contacts"
    __table_args__ = (
        Index("ix_collection_contacts_customer_at", "customer_id", "at", "id"),
        Index("ix_collection_contacts_case_at", "case_id", "at", "id"),
        Index("ix_collection_contacts_agent_day", "agent_id", "business_date"),
        Index("ix_collection_contacts_day_agent", "business_date", "agent_id"),
    )

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("collection_cases.id"))
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    agent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    agent_name: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    business_date: Mapped[date]
    channel: Mapped[str] = mapped_column(String(12))
    direction: Mapped[str] = mapped_column(String(12))
    party: Mapped[str] = mapped_column(String(12), default="debtor")
    address_masked: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(24))
    connected: Mapped[bool] = mapped_column(Boolean, default=False)
    right_party: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_seconds: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_column()


class PromiseToPay(Base):
    __tablename__ = "collection_promises"
    __table_args__ = (
        Index("ix_collection_promises_status_due", "status", "due_date", "id"),
        Index("ix_collection_promises_case", "case_id", "id"),
        Index("ix_collection_promises_agent_made", "created_by", "made_on"),
    )

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("collection_cases.id"))
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    contact_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("collection_contacts.id"))
    amount: Mapped[int]
    made_on: Mapped[date]
    due_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default="pending")
    paid_amount: Mapped[int] = mapped_column(default=0)
    evaluated_on: Mapped[date | None]
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CaseNote(Base):
    __tablename__ = "collection_notes"
    __table_args__ = (Index("ix_collection_notes_case", "case_id", "id"),)

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("collection_cases.id"))
    author_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_column()


class PaymentArrangement(Base):
    """A proposed repayment plan: ``plan_json`` is ``[[iso_date, amount_minor], ...]``.
    An agent proposes, a supervisor (another user) approves or rejects."""

    __tablename__ = "collection_arrangements"
    __table_args__ = (
        Index("ix_collection_arrangements_status", "status", "id"),
        Index("ix_collection_arrangements_case", "case_id", "id"),
    )

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("collection_cases.id"))
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    plan_json: Mapped[str] = mapped_column(Text)
    total: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    proposed_by_name: Mapped[str] = mapped_column(String(64))
    proposed_at: Mapped[datetime]
    decided_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SuspensePayment(Base):
    """A bank-file row whose contract is unknown: held for a supervisor to match."""

    __tablename__ = "payment_suspense"
    __table_args__ = (Index("ix_payment_suspense_status", "status", "id"),)

    id: Mapped[int] = id_column()
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    contract_number: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int]
    value_date: Mapped[date]
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    source_file: Mapped[str] = mapped_column(String(260), default="")
    line_no: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | matched
    matched_loan_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("loans.id"))
    matched_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    matched_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
