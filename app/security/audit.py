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
# Events are spread over this many hash chains by actor, so claims and other
# actions by different users lock different head rows (a single head serialised
# every audited action on a shared server). Changing it needs a migration that
# adds the new heads; events never move between chains.
CHAINS = 16


def chain_of(actor_id: int | None) -> int:
    """The chain an actor's events go to (system actions: chain 0)."""
    return (actor_id or 0) % CHAINS


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
    chain_seq: int,
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
            chain_seq,
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
    """Create the chain head rows the database lacks (init)."""
    have = set(session.scalars(select(AuditHead.id)))
    for chain in range(CHAINS):
        if chain not in have:
            session.add(AuditHead(id=chain, last_seq=0, last_hash=GENESIS_HASH, last_event_seq=0))
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
    """Append one event inside the caller's transaction; call it as the last write.

    The head of the actor's chain is locked (``FOR UPDATE``; SQLite transactions
    already hold the write lock) until the caller commits, so concurrent workstations
    acting for the same chain append one at a time with no gaps; other chains go on.
    """
    chain = chain_of(actor.user_id)
    head = session.execute(
        select(AuditHead).where(AuditHead.id == chain).with_for_update()
    ).scalar_one()
    chain_seq = head.last_seq + 1
    before_json = canonical_json(before)
    after_json = canonical_json(after)
    digest = event_hash(
        head.last_hash,
        chain_seq,
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
        chain=chain,
        chain_seq=chain_seq,
        prev_seq=head.last_event_seq,
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
    session.flush()  # the INSERT assigns the global seq the head points at
    head.last_seq = chain_seq
    head.last_hash = digest
    head.last_event_seq = event.seq
    session.flush()
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    reason: str | None = None


def _chain_events(session: Session, chain: int, batch: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.chain == chain, AuditEvent.chain_seq > last)
            .order_by(AuditEvent.chain_seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].chain_seq
        session.expunge_all()


def _verify_one(
    session: Session, chain: int, head: tuple[int, str, int] | None, batch: int
) -> ChainCheck:
    """Walk one chain; the first event that does not fit, named by its global seq."""
    expected_prev, expected_chain_seq, expected_prev_seq = GENESIS_HASH, 1, 0
    count = 0
    for ev in _chain_events(session, chain, batch):
        if ev.chain_seq != expected_chain_seq:
            # the successor still points at the deleted event's seq
            return ChainCheck(
                False, count, ev.prev_seq, f"audit event {ev.prev_seq} is missing (deleted)"
            )
        if ev.prev_hash != expected_prev or ev.prev_seq != expected_prev_seq:
            return ChainCheck(
                False, count, ev.seq, f"audit event {ev.seq} does not follow its predecessor"
            )
        digest = event_hash(
            ev.prev_hash,
            ev.chain_seq,
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
        expected_prev, expected_prev_seq = ev.hash, ev.seq
        expected_chain_seq += 1
        count += 1
    last_chain_seq = expected_chain_seq - 1
    if head is None:
        head = (0, GENESIS_HASH, 0)
    head_seq, head_hash, head_event = head
    if head_seq != last_chain_seq or head_hash != expected_prev or head_event != expected_prev_seq:
        return ChainCheck(
            False,
            count,
            head_event,
            f"audit events after {expected_prev_seq} are missing "
            f"(the head of chain {chain} says {head_event})",
        )
    return ChainCheck(True, count)


def verify_chain(session: Session, batch: int = 5000) -> ChainCheck:
    """Recompute every hash of every chain in order; name the first event (lowest
    global seq) that does not fit."""
    heads = {
        h.id: (h.last_seq, h.last_hash, h.last_event_seq)
        for h in session.scalars(select(AuditHead))
    }
    chains = set(heads) | set(session.scalars(select(AuditEvent.chain).distinct()))
    session.expunge_all()
    count = 0
    broken: list[ChainCheck] = []
    for chain in sorted(chains):
        check = _verify_one(session, chain, heads.get(chain), batch)
        count += check.events_checked
        if not check.ok:
            broken.append(check)
    if broken:
        first = min(broken, key=lambda c: c.first_broken_seq or 0)
        return ChainCheck(False, count, first.first_broken_seq, first.reason)
    return ChainCheck(True, count)


def count_events(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
