"""The hash-chained audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigId


class AuditEvent(Base):
    """One state change: who, when, what, before and after.

    ``seq`` is assigned by the application under the chain-head lock, so the
    chain has no gaps; ``hash`` covers the previous hash and every field.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_entity", "entity", "entity_id"),
        Index("ix_audit_events_actor_seq", "actor_id", "seq"),
        Index("ix_audit_events_occurred_seq", "occurred_at", "seq"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(BigId)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """Single row holding the last sequence number and hash; locked to append."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    last_seq: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))
