"""Origination tables: versioned scorecards, applications, their score parts,
notes and funding commitments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
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


class Scorecard(Base):
    """One version of the scorecard. Versions are never edited once stored; the
    active one scores new applications."""

    __tablename__ = "scorecards"

    id: Mapped[int] = id_column()
    version: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()


class ScorecardCharacteristic(Base):
    __tablename__ = "scorecard_characteristics"
    __table_args__ = (UniqueConstraint("scorecard_id", "code"),)

    id: Mapped[int] = id_column()
    scorecard_id: Mapped[int] = mapped_column(BigId, ForeignKey("scorecards.id"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    reason_code: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(300))
    label_zh: Mapped[str | None] = mapped_column(String(100))
    reason_zh: Mapped[str | None] = mapped_column(String(300))


class ScorecardBin(Base):
    """``lower <= value < upper`` earns ``points``; a null bound is open."""

    __tablename__ = "scorecard_bins"
    __table_args__ = (UniqueConstraint("characteristic_id", "position"),)

    id: Mapped[int] = id_column()
    characteristic_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("scorecard_characteristics.id")
    )
    position: Mapped[int] = mapped_column(Integer)
    lower: Mapped[int | None] = mapped_column(BigInteger)
    upper: Mapped[int | None] = mapped_column(BigInteger)
    points: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(60))
    label_zh: Mapped[str | None] = mapped_column(String(60))


class ScorecardBand(Base):
    __tablename__ = "scorecard_bands"
    __table_args__ = (UniqueConstraint("scorecard_id", "grade"),)

    id: Mapped[int] = id_column()
    scorecard_id: Mapped[int] = mapped_column(BigId, ForeignKey("scorecards.id"))
    grade: Mapped[str] = mapped_column(String(1))
    min_score: Mapped[int] = mapped_column(Integer)
    pd: Mapped[Decimal]


class Application(Base):
    """A loan application from intake to disbursement (or decline, withdrawal,
    expiry). Indexes serve the queue's filters and keyset sorts and "take next"."""

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_status_submitted", "status", "submitted_at", "id"),
        Index("ix_applications_status_amount", "status", "amount", "id"),
        Index("ix_applications_status_grade", "status", "grade", "submitted_at", "id"),
        Index("ix_applications_take_next", "status", "assigned_to", "submitted_at", "id"),
        Index("ix_applications_assigned", "assigned_to", "status", "submitted_at", "id"),
        Index("ix_applications_product", "product_id", "status", "submitted_at", "id"),
        Index("ix_applications_customer", "customer_id", "id"),
        Index("ix_applications_submitted", "submitted_at", "id"),
        Index("ix_applications_amount", "amount", "id"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(20), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(16))  # counter | phone | web
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    product_id: Mapped[int] = mapped_column(BigId, ForeignKey("loan_products.id"))
    amount: Mapped[int]
    term: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(200))
    monthly_income: Mapped[int]
    monthly_debt: Mapped[int]
    bureau_score: Mapped[int] = mapped_column(Integer)
    open_accounts: Mapped[int] = mapped_column(Integer)
    delinquencies_24m: Mapped[int] = mapped_column(Integer)
    inquiries_6m: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    submitted_at: Mapped[datetime]
    submitted_on: Mapped[date]  # business date
    status_changed_at: Mapped[datetime]
    assigned_to: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    assigned_at: Mapped[datetime | None]
    scorecard_id: Mapped[int] = mapped_column(BigId, ForeignKey("scorecards.id"))
    score: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(1))
    pd: Mapped[Decimal]
    dti_bp: Mapped[int] = mapped_column(Integer)
    recommended_rate: Mapped[Decimal | None]
    offer_amount: Mapped[int | None]
    offer_term: Mapped[int | None] = mapped_column(Integer)
    offer_rate: Mapped[Decimal | None]
    recommended_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    recommended_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decline_reasons: Mapped[str | None] = mapped_column(String(200))  # comma-separated codes
    info_message: Mapped[str | None] = mapped_column(Text)
    info_due: Mapped[date | None]
    loan_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("loans.id"))
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ApplicationScorePart(Base):
    """The points one characteristic earned, as scored (kept with the words told)."""

    __tablename__ = "application_score_parts"
    __table_args__ = (UniqueConstraint("application_id", "code"),)

    id: Mapped[int] = id_column()
    application_id: Mapped[int] = mapped_column(BigId, ForeignKey("applications.id"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    value: Mapped[int]
    bin_label: Mapped[str] = mapped_column(String(60))
    points: Mapped[int] = mapped_column(Integer)
    max_points: Mapped[int] = mapped_column(Integer)
    reason_code: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(300))


class ApplicationNote(Base):
    __tablename__ = "application_notes"
    __table_args__ = (Index("ix_application_notes_app", "application_id", "id"),)

    id: Mapped[int] = id_column()
    application_id: Mapped[int] = mapped_column(BigId, ForeignKey("applications.id"))
    author_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class ApplicationFunding(Base):
    """An investor's commitment to an approved application; becomes a holding at
    disbursement."""

    __tablename__ = "application_fundings"
    __table_args__ = (UniqueConstraint("application_id", "investor_id"),)

    id: Mapped[int] = id_column()
    application_id: Mapped[int] = mapped_column(BigId, ForeignKey("applications.id"))
    investor_id: Mapped[int] = mapped_column(BigId, ForeignKey("investors.id"))
    amount: Mapped[int]
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime]
