"""KYC: versioned templates, checklists and items, evidence, screening, blacklist."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, created_column, id_column
from db.types import BigId

#: Evidence files: BLOB is 64 KiB on MySQL/MariaDB, so LONGBLOB there.
EvidenceBlob = LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")


class KycTemplate(Base):
    """One version of the checklist template for a customer kind.

    Templates are never edited in place: publishing makes a new version and
    deactivates the old one; existing checklists keep the version they were made from.
    """

    __tablename__ = "kyc_templates"
    __table_args__ = (UniqueConstraint("customer_kind", "template_version"),)

    id: Mapped[int] = id_column()
    customer_kind: Mapped[str] = mapped_column(String(16))
    template_version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class KycTemplateItem(Base):
    __tablename__ = "kyc_template_items"
    __table_args__ = (UniqueConstraint("template_id", "code"),)

    id: Mapped[int] = id_column()
    template_id: Mapped[int] = mapped_column(BigId, ForeignKey("kyc_templates.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    label_zh: Mapped[str | None] = mapped_column(String(200))
    required: Mapped[bool] = mapped_column(Boolean)
    evidence_required: Mapped[bool] = mapped_column(Boolean)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    verifier_role: Mapped[str] = mapped_column(String(32))
    check_kind: Mapped[str | None] = mapped_column(String(32))


class KycChecklist(Base):
    """A customer's checklist. ``state`` and the queue columns are derived from the
    items and kept current by every transition and by end of day, so the queue
    can be filtered and paged in the database."""

    __tablename__ = "kyc_checklists"
    __table_args__ = (
        Index("ix_kyc_checklists_queue", "queue_reason", "queue_due", "id"),
        Index("ix_kyc_checklists_queue_due", "queue_due", "id"),
        Index("ix_kyc_checklists_state_id", "state", "id"),
    )

    id: Mapped[int] = id_column()
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"), unique=True)
    template_id: Mapped[int] = mapped_column(BigId, ForeignKey("kyc_templates.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    queue_reason: Mapped[str | None] = mapped_column(String(16))
    queue_due: Mapped[datetime | None]
    claimed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class KycItem(Base):
    """One checklist item (copied from its template item) and where it stands."""

    __tablename__ = "kyc_items"
    __table_args__ = (
        UniqueConstraint("checklist_id", "code"),
        Index("ix_kyc_items_state_valid_until", "state", "valid_until"),
    )

    id: Mapped[int] = id_column()
    checklist_id: Mapped[int] = mapped_column(BigId, ForeignKey("kyc_checklists.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    label_zh: Mapped[str | None] = mapped_column(String(200))
    required: Mapped[bool] = mapped_column(Boolean)
    evidence_required: Mapped[bool] = mapped_column(Boolean)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    verifier_role: Mapped[str] = mapped_column(String(32))
    check_kind: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(400))
    submitted_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    decided_by_name: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(400))
    valid_until: Mapped[date | None]
    waiver_requested_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    waiver_requested_at: Mapped[datetime | None]
    waiver_reason: Mapped[str | None] = mapped_column(String(400))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class KycEvidence(Base):
    """An evidence file, kept in the database (the storage the whole office shares).

    Never deleted: a newer file supersedes it. ``sha256`` is checked on every open.
    """

    __tablename__ = "kyc_evidence"
    __table_args__ = (Index("ix_kyc_evidence_item_id", "item_id", "id"),)

    id: Mapped[int] = id_column()
    item_id: Mapped[int] = mapped_column(BigId, ForeignKey("kyc_items.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(EvidenceBlob, deferred=True)
    uploaded_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    uploaded_by_name: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime]
    superseded_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("kyc_evidence.id"))


class KycScreening(Base):
    """One screening run of a customer against a list (sanctions, PEP, internal)."""

    __tablename__ = "kyc_screenings"
    __table_args__ = (Index("ix_kyc_screenings_customer_id", "customer_id", "id"),)

    id: Mapped[int] = id_column()
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    list_name: Mapped[str] = mapped_column(String(100))
    screened_on: Mapped[date]
    result: Mapped[str] = mapped_column(String(16))  # no_hit | potential_match
    recorded_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    recorded_by_name: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime]


class KycScreeningMatch(Base):
    """A potential match of a screening run, reviewed to confirmed or false positive."""

    __tablename__ = "kyc_screening_matches"
    __table_args__ = (Index("ix_kyc_screening_matches_customer", "customer_id", "status"),)

    id: Mapped[int] = id_column()
    screening_id: Mapped[int] = mapped_column(BigId, ForeignKey("kyc_screenings.id"), index=True)
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    matched_name: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(16))  # potential | confirmed | false_positive
    reviewed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    reviewed_by_name: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(400))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class KycBlacklistEntry(Base):
    """An internal blacklist entry, held only as a blind index (and last four)."""

    __tablename__ = "kyc_blacklist"
    __table_args__ = (UniqueConstraint("kind", "bidx"),)

    id: Mapped[int] = id_column()
    kind: Mapped[str] = mapped_column(String(16))  # id_number | phone | bank_card
    bidx: Mapped[str] = mapped_column(String(64))
    last4: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str] = mapped_column(String(400))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    added_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
