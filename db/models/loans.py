"""Loan servicing tables: products, investors, loans, installments, payments, write-offs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, created_column, id_column
from db.types import BigId


class Product(Base):
    """One version of a loan product. A product in use is never rewritten: an edit
    creates the next version (same ``code``) and retires the old one."""

    __tablename__ = "loan_products"
    __table_args__ = (UniqueConstraint("code", "revision"),)

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(20))
    min_amount: Mapped[int]
    max_amount: Mapped[int]
    min_term: Mapped[int] = mapped_column(Integer)
    max_term: Mapped[int] = mapped_column(Integer)
    origination_fee_rate: Mapped[Decimal]
    service_fee_rate: Mapped[Decimal]
    late_fee: Mapped[int]
    grace_days: Mapped[int] = mapped_column(Integer)
    penalty_rate: Mapped[Decimal]  # daily, on overdue principal
    reserve_rate: Mapped[Decimal]
    allocation_order: Mapped[str] = mapped_column(String(64))
    prepayment_rule: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProductGrade(Base):
    """The annual rate of one credit grade (A-G) of a product version."""

    __tablename__ = "loan_product_grades"
    __table_args__ = (UniqueConstraint("product_id", "grade"),)

    id: Mapped[int] = id_column()
    product_id: Mapped[int] = mapped_column(BigId, ForeignKey("loan_products.id"))
    grade: Mapped[str] = mapped_column(String(1))
    annual_rate: Mapped[Decimal]


class Investor(Base):
    __tablename__ = "investors"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="individual")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Loan(Base):
    """A disbursed loan. Pricing terms are copied from the product version at
    disbursement, so later product versions never change a running loan."""

    __tablename__ = "loans"
    __table_args__ = (
        Index("ix_loans_status_dpd_id", "status", "dpd", "id"),
        Index("ix_loans_customer_id", "customer_id", "id"),
        Index("ix_loans_bucket_id", "bucket", "id"),
        Index("ix_loans_disbursed_id", "disbursed_on", "id"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(40), unique=True)
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    product_id: Mapped[int] = mapped_column(BigId, ForeignKey("loan_products.id"))
    grade: Mapped[str] = mapped_column(String(1))
    method: Mapped[str] = mapped_column(String(20))
    principal: Mapped[int]
    annual_rate: Mapped[Decimal]
    term: Mapped[int] = mapped_column(Integer)
    disbursed_on: Mapped[date]
    origination_fee: Mapped[int]
    reserve_amount: Mapped[int]
    service_fee_rate: Mapped[Decimal]
    late_fee: Mapped[int]
    grace_days: Mapped[int] = mapped_column(Integer)
    penalty_rate: Mapped[Decimal]
    allocation_order: Mapped[str] = mapped_column(String(64))
    prepayment_rule: Mapped[str] = mapped_column(String(20))
    recurring_amount: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="active")
    dpd: Mapped[int] = mapped_column(Integer, default=0)
    bucket: Mapped[str] = mapped_column(String(24), default="current")
    accrued_through: Mapped[date]
    paid_off_on: Mapped[date | None]
    written_off_on: Mapped[date | None]
    credit_balance: Mapped[int] = mapped_column(default=0)
    event_seq: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Installment(Base):
    """One installment of a loan and what has been charged and paid on it.

    Rows are never deleted: a prepayment that shortens the term marks the dropped
    ones ``cancelled``. ``due_day`` is the due date's ordinal so set-based SQL can
    compute days past due on every backend without date functions."""

    __tablename__ = "installments"
    __table_args__ = (
        UniqueConstraint("loan_id", "n"),
        Index("ix_installments_due_date_loan", "due_date", "loan_id"),
    )

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    n: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date]
    due_day: Mapped[int]
    late_fee_from: Mapped[date]
    principal: Mapped[int]
    interest: Mapped[int]
    fees: Mapped[int] = mapped_column(default=0)
    penalty: Mapped[int] = mapped_column(default=0)
    paid_principal: Mapped[int] = mapped_column(default=0)
    paid_interest: Mapped[int] = mapped_column(default=0)
    paid_fees: Mapped[int] = mapped_column(default=0)
    paid_penalty: Mapped[int] = mapped_column(default=0)
    late_fee_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="open")  # open|paid|cancelled


class Holding(Base):
    """One investor's stake in a loan. ``outstanding`` is the principal still owed to
    the investor; ``reserve_covered`` what the risk reserve paid at write-off."""

    __tablename__ = "holdings"
    __table_args__ = (
        UniqueConstraint("loan_id", "investor_id"),
        Index("ix_holdings_investor_loan", "investor_id", "loan_id"),
    )

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    investor_id: Mapped[int] = mapped_column(BigId, ForeignKey("investors.id"))
    amount: Mapped[int]
    outstanding: Mapped[int]
    reserve_covered: Mapped[int] = mapped_column(default=0)


class Payment(Base):
    """A borrower payment, unique by external reference. Reversal flips the status;
    the row and its ledger entries stay."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_loan_value", "loan_id", "value_date", "id"),)

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    external_ref: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int]
    value_date: Mapped[date]
    posted_on: Mapped[date]
    event_seq: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="posted")  # posted|reversed
    prepaid: Mapped[int] = mapped_column(default=0)
    credited: Mapped[int] = mapped_column(default=0)
    reversed_on: Mapped[date | None]
    reversal_reason: Mapped[str | None] = mapped_column(Text)
    posted_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    reversed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class AllocationLine(Base):
    """One line of a payment's waterfall. A replay (backdated payment, reversal) that
    changes a payment's lines marks the old ones superseded and adds new ones."""

    __tablename__ = "payment_allocations"
    __table_args__ = (Index("ix_payment_allocations_payment", "payment_id", "superseded"),)

    id: Mapped[int] = id_column()
    payment_id: Mapped[int] = mapped_column(BigId, ForeignKey("payments.id"))
    installment_n: Mapped[int | None] = mapped_column(Integer)
    component: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int]
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)


class WriteOff(Base):
    """A write-off proposal and its approval by a second user (four eyes)."""

    __tablename__ = "write_offs"
    __table_args__ = (Index("ix_write_offs_loan", "loan_id", "status"),)

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    reason: Mapped[str] = mapped_column(Text)
    proposed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    proposed_by_name: Mapped[str] = mapped_column(String(64))
    proposed_at: Mapped[datetime]
    decided_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    decided_on: Mapped[date | None]
    event_seq: Mapped[int | None]
    principal_written_off: Mapped[int] = mapped_column(default=0)
    reserve_paid: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Reschedule(Base):
    """A reschedule in a loan's history: from ``effective_date`` the open installments
    are replaced by ``plan_json`` (``[[iso_date, principal, interest], ...]``)."""

    __tablename__ = "loan_reschedules"
    __table_args__ = (Index("ix_loan_reschedules_loan", "loan_id", "event_seq"),)

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    effective_date: Mapped[date]
    event_seq: Mapped[int]
    plan_json: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()


class DisbursementReversal(Base):
    """A request to undo a disbursement on its own business day, and its decision by
    a second person (four eyes). Approval posts ``entry_id``, the journal entry that
    reverses the disbursement's; the loan is then ``reversed``. ``application_id``
    is the application that was disbursed (origination has its own migration branch,
    so no foreign key)."""

    __tablename__ = "disbursement_reversals"
    __table_args__ = (
        Index("ix_disbursement_reversals_status", "status", "id"),
        Index("ix_disbursement_reversals_loan", "loan_id", "status"),
    )

    id: Mapped[int] = id_column()
    loan_id: Mapped[int] = mapped_column(BigId, ForeignKey("loans.id"))
    application_id: Mapped[int | None] = mapped_column(BigId)
    status: Mapped[str] = mapped_column(String(12), default="requested")  # |approved|rejected
    reason: Mapped[str] = mapped_column(Text)
    business_date: Mapped[date]  # the disbursement's (and the request's) business day
    requested_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    requested_by_name: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime]
    decided_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    decided_by_name: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    entry_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("journal_entries.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PaymentReference(Base):
    """One row per payment reference ever booked, by a posting or by suspense: the
    primary key makes a reference booked once across both, even by two workstations
    at the same moment, and ``fingerprint`` binds it to the payload it was first
    booked with (contract, amount, value date)."""

    __tablename__ = "payment_references"

    reference: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # payment | suspense
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_column()
