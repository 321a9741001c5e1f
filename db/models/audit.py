"""The hash-chained audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigId


class AuditEvent(Base):
    """One state change: who, when, what, before and after.

    The trail is striped over a few hash chains so that workstations acting for
    different users do not queue on one head row. ``seq`` is the global order
    (an autoincrement id, for viewers and keyset paging); ``chain`` and
    ``chain_seq`` place the event in its chain, assigned under that chain head's
    lock, so each chain has no gaps. ``hash`` covers the previous hash of the chain,
    ``chain_seq`` and every field; ``prev_seq`` points at the chain predecessor's
    ``seq`` so a deleted event can be named.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_entity", "entity", "entity_id"),
        Index("ix_audit_events_actor_seq", "actor_id", "seq"),
        Index("ix_audit_events_occurred_seq", "occurred_at", "seq"),
        UniqueConstraint("chain", "chain_seq"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chain: Mapped[int] = mapped_column(Integer)
    chain_seq: Mapped[int] = mapped_column(BigInteger)
    prev_seq: Mapped[int] = mapped_column(BigInteger)
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
    """One row per chain (``id`` = chain): its last ``chain_seq``, hash and event
    ``seq`` (0 while the chain is empty); locked to append. ``keyed_from`` is the key
    epoch: the chain's events from that ``chain_seq`` on are linked by an HMAC under
    the audit key; older ones (written before the key existed) by plain SHA-256."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    last_seq: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))
    last_event_seq: Mapped[int] = mapped_column(BigInteger)
    keyed_from: Mapped[int] = mapped_column(BigInteger, server_default="1")
