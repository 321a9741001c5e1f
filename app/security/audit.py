"""The append-only, hash-chained audit trail and its verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.context import Actor
from db.models.audit import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
_HEAD_ID = 1


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return "<bytes>"
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot audit a {type(value).__name__}")


def canonical_json(data: Mapping[str, Any] | None) -> str | None:
    if data is None:
        return None
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


def event_hash(
    prev_hash: str,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    entity: str,
    entity_id: str,
    before_json: str | None,
    after_json: str | None,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            seq,
            occurred_at.isoformat(),
            actor_id,
            actor_name,
            action,
            entity,
            entity_id,
            before_json,
            after_json,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def ensure_head(session: Session) -> None:
    """Create the chain head row if the database has none yet (init)."""
    if session.get(AuditHead, _HEAD_ID) is None:
        session.add(AuditHead(id=_HEAD_ID, last_seq=0, last_hash=GENESIS_HASH))
        session.flush()


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    *,
    now: datetime,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction.

    The chain head is locked (``FOR UPDATE``; SQLite transactions already hold the
    write lock) so concurrent workstations append one at a time with no gaps.
    """
    head = session.execute(
        select(AuditHead).where(AuditHead.id == _HEAD_ID).with_for_update()
    ).scalar_one()
    seq = head.last_seq + 1
    before_json = canonical_json(before)
    after_json = canonical_json(after)
    digest = event_hash(
        head.last_hash,
        seq,
        now,
        actor.user_id,
        actor.username,
        action,
        entity,
        str(entity_id),
        before_json,
        after_json,
    )
    event = AuditEvent(
        seq=seq,
        occurred_at=now,
        actor_id=actor.user_id,
        actor_name=actor.username,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before_json=before_json,
        after_json=after_json,
        prev_hash=head.last_hash,
        hash=digest,
    )
    session.add(event)
    head.last_seq = seq
    head.last_hash = digest
    session.flush()
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    reason: str | None = None


def _events(session: Session, batch: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify_chain(session: Session, batch: int = 5000) -> ChainCheck:
    """Recompute every hash in order; name the first event that does not fit."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for ev in _events(session, batch):
        if ev.seq != expected_seq:
            return ChainCheck(
                False, count, expected_seq, f"audit event {expected_seq} is missing (deleted)"
            )
        if ev.prev_hash != expected_prev:
            return ChainCheck(
                False, count, ev.seq, f"audit event {ev.seq} does not follow its predecessor"
            )
        digest = event_hash(
            ev.prev_hash,
            ev.seq,
            ev.occurred_at,
            ev.actor_id,
            ev.actor_name,
            ev.action,
            ev.entity,
            ev.entity_id,
            ev.before_json,
            ev.after_json,
        )
        if digest != ev.hash:
            return ChainCheck(False, count, ev.seq, f"audit event {ev.seq} was altered")
        expected_prev = ev.hash
        expected_seq += 1
        count += 1
    head = session.get(AuditHead, _HEAD_ID)
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq != last_seq or head.last_hash != expected_prev):
        return ChainCheck(
            False,
            count,
            last_seq + 1,
            f"audit events after {last_seq} are missing (the chain head says {head.last_seq})",
        )
    return ChainCheck(True, count)


def count_events(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
