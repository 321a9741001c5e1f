"""The append-only, hash-chained audit trail and its verification."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.context import Actor
from app.security.audit_checkpoint import ChainMark, advance_checkpoint
from app.security.audit_keys import keys_for, require_keys
from db.models.audit import AuditEvent, AuditHead

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
#: Starts every keyed link's input, so no plain hash input can be taken for one.
LINK_DOMAIN = "p2pdesk-audit-link/2"
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


def _payload(*fields: object) -> bytes:
    """What a link covers: the fields as compact JSON (times in ISO form), UTF-8."""
    shown = [f.isoformat() if isinstance(f, datetime) else f for f in fields]
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
    payload = _payload(
        prev_hash, chain_seq, occurred_at, actor_id, actor_name, action, entity, entity_id,
        before_json, after_json,
    )  # fmt: skip
    return hashlib.sha256(payload).hexdigest()


def keyed_link(
    key: bytes,
    prev_hash: str,
    chain: int,
    chain_seq: int,
    prev_seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    entity: str,
    entity_id: str,
    before_json: str | None,
    after_json: str | None,
) -> str:
    """The link of a keyed event: HMAC-SHA256 under the audit key over the previous
    link and everything the event says, its place in the chain included."""
    payload = _payload(
        LINK_DOMAIN, prev_hash, chain, chain_seq, prev_seq, occurred_at, actor_id, actor_name,
        action, entity, entity_id, before_json, after_json,
    )  # fmt: skip
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def ensure_head(session: Session) -> None:
    """Create the chain head rows the database lacks (init); a new chain is keyed
    from its first event."""
    have = set(session.scalars(select(AuditHead.id)))
    for chain in range(CHAINS):
        if chain not in have:
            session.add(
                AuditHead(
                    id=chain, last_seq=0, last_hash=GENESIS_HASH, last_event_seq=0, keyed_from=1
                )
            )
    session.flush()


def can_sign(session: Session) -> bool:
    """Whether this process holds the audit key of ``session``'s database."""
    return keys_for(session.get_bind()) is not None


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
    The link is signed with the audit key (AuditKeyUnavailable without the master
    key); after the commit the workstation's checkpoint of the head moves on.
    """
    keys = require_keys(session.get_bind())
    # Stored and signed in UTC: the database hands the time back in UTC, so a link
    # signed over a local time (a desk's Shanghai clock) would never verify.
    now = now.astimezone(UTC) if now.tzinfo is not None else now.replace(tzinfo=UTC)
    chain = chain_of(actor.user_id)
    head = session.execute(
        select(AuditHead).where(AuditHead.id == chain).with_for_update()
    ).scalar_one()
    chain_seq = head.last_seq + 1
    before_json = canonical_json(before)
    after_json = canonical_json(after)
    digest = keyed_link(
        keys.link,
        head.last_hash,
        chain,
        chain_seq,
        head.last_event_seq,
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
    _checkpoint_on_commit(session, chain)
    return event


# -- the checkpoint after each commit that appended ---------------------------------

_TOUCHED = "p2pdesk_audit_chains"
_MARKS = "p2pdesk_audit_marks"


def _checkpoint_on_commit(session: Session, chain: int) -> None:
    touched = session.info.get(_TOUCHED)
    if touched is None:
        touched = session.info[_TOUCHED] = set()
        sa_event.listen(session, "before_commit", _read_heads)
        sa_event.listen(session, "after_commit", _write_checkpoint)
        sa_event.listen(session, "after_rollback", _drop_marks)
    touched.add(chain)


def _read_heads(session: Session) -> None:
    """Still inside the transaction (the heads are ours, locked): what will commit.
    Read rather than remembered, so a rolled-back savepoint leaves no phantom head."""
    touched = session.info.get(_TOUCHED)
    if not touched:
        return
    session.info[_MARKS] = head_marks(session, touched)


def head_marks(
    session: Session, chains: set[int] | None = None
) -> tuple[dict[int, ChainMark], dict[int, int]]:
    """The heads of ``chains`` (all when None) as checkpoint marks, and every chain's
    key epoch (16 rows, one read)."""
    rows = session.execute(
        select(
            AuditHead.id,
            AuditHead.last_seq,
            AuditHead.last_hash,
            AuditHead.last_event_seq,
            AuditHead.keyed_from,
        )
    ).all()
    marks = {
        int(r.id): ChainMark(int(r.last_seq), r.last_hash, int(r.last_event_seq))
        for r in rows
        if r.last_seq > 0 and (chains is None or r.id in chains)
    }
    return marks, {int(r.id): int(r.keyed_from) for r in rows}


def _write_checkpoint(session: Session) -> None:
    pending = session.info.pop(_MARKS, None)
    touched = session.info.get(_TOUCHED)
    if touched is not None:
        touched.clear()
    if not pending or not pending[0]:
        return
    marks, epochs = pending
    bind = session.get_bind()
    keys = keys_for(bind)
    if keys is None:
        return
    try:
        advance_checkpoint(bind, keys, marks, epochs)
    except OSError:  # the commit stands; verify will say the checkpoint is behind
        log.exception("could not write the audit checkpoint")


def _drop_marks(session: Session) -> None:
    session.info.pop(_MARKS, None)
    touched = session.info.get(_TOUCHED)
    if touched is not None:
        touched.clear()


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    reason: str | None = None


def verify_chain(session: Session, batch: int = 5000) -> ChainCheck:
    """Every chain checked link by link (streamed) against the audit key and this
    workstation's checkpoint; the first thing wrong, named. See ``audit_verify``."""
    from app.security.audit_verify import verify_chain as verify

    return verify(session, batch)


def count_events(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
