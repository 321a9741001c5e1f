"""Verifying the audit trail: every link, the key epoch, and the head against the
workstation's signed checkpoint.

Each chain is streamed in ``chain_seq`` order a batch at a time (the unique index on
``(chain, chain_seq)``), so a trail of millions of events is checked in constant
memory. Events before a chain's key epoch are checked the old way (plain SHA-256);
from the epoch on, each link must be the HMAC under the audit key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.security.audit import (
    GENESIS_HASH,
    ChainCheck,
    event_hash,
    head_marks,
    keyed_link,
)
from app.security.audit_checkpoint import (
    ChainMark,
    Checkpoint,
    CheckpointError,
    advance_checkpoint,
    checkpoint_path,
    read_checkpoint,
    remembered_counts,
)
from app.security.audit_keys import AuditKeys, keys_for, require_keys
from db.models.audit import AuditEvent, AuditHead

_COLUMNS = (
    AuditEvent.seq,
    AuditEvent.chain_seq,
    AuditEvent.prev_seq,
    AuditEvent.occurred_at,
    AuditEvent.actor_id,
    AuditEvent.actor_name,
    AuditEvent.action,
    AuditEvent.entity,
    AuditEvent.entity_id,
    AuditEvent.before_json,
    AuditEvent.after_json,
    AuditEvent.prev_hash,
    AuditEvent.hash,
)


@dataclass(frozen=True)
class _Head:
    last_seq: int
    last_hash: str
    last_event_seq: int
    keyed_from: int


_EMPTY = _Head(0, GENESIS_HASH, 0, 1)


def _chain_rows(session: Session, chain: int, batch: int) -> Iterator[Any]:
    last = 0
    while True:
        rows = session.execute(
            select(*_COLUMNS)
            .where(AuditEvent.chain == chain, AuditEvent.chain_seq > last)
            .order_by(AuditEvent.chain_seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].chain_seq


def _fail(seq: int | None, reason: str, count: int = 0) -> ChainCheck:
    return ChainCheck(False, count, seq, reason)


def _check_link(ev: Any, chain: int, keyed_from: int, keys: AuditKeys) -> str | None:
    """Why the event's own link is wrong, or None."""
    plain = event_hash(
        ev.prev_hash, ev.chain_seq, ev.occurred_at, ev.actor_id, ev.actor_name, ev.action,
        ev.entity, ev.entity_id, ev.before_json, ev.after_json,
    )  # fmt: skip
    if ev.chain_seq < keyed_from:
        if plain != ev.hash:
            return f"audit event {ev.seq} was altered (its plain hash from before the key epoch)"
        return None
    keyed = keyed_link(
        keys.link, ev.prev_hash, chain, ev.chain_seq, ev.prev_seq, ev.occurred_at, ev.actor_id,
        ev.actor_name, ev.action, ev.entity, ev.entity_id, ev.before_json, ev.after_json,
    )  # fmt: skip
    if keyed == ev.hash:
        return None
    how = (
        "re-hashed with a plain SHA-256 after the key epoch"
        if plain == ev.hash
        else "its link does not match the audit key"
    )
    return f"audit event {ev.seq} was altered or forged ({how})"


def _verify_one(
    session: Session,
    chain: int,
    head: _Head,
    keys: AuditKeys,
    checkpoint: Checkpoint | None,
    batch: int,
) -> ChainCheck:
    """Walk one chain; the first thing that does not fit, named by its global seq."""
    mark = checkpoint.chains.get(chain) if checkpoint is not None else None
    epoch = checkpoint.epochs.get(chain) if checkpoint is not None else None
    keyed_from = head.keyed_from
    if epoch is not None and epoch != keyed_from:
        return _fail(
            head.last_event_seq,
            f"the key epoch of audit chain {chain} was moved: the checkpoint says its events "
            f"are signed from #{epoch} on, the database says from #{keyed_from} "
            "(signed events passed off as plain ones?)",
        )
    expected_prev, expected_chain_seq, expected_prev_seq = GENESIS_HASH, 1, 0
    count = 0
    for ev in _chain_rows(session, chain, batch):
        if ev.chain_seq != expected_chain_seq:
            # the successor still points at the deleted event's seq
            return _fail(ev.prev_seq, f"audit event {ev.prev_seq} is missing (deleted)", count)
        if ev.prev_hash != expected_prev or ev.prev_seq != expected_prev_seq:
            return _fail(
                ev.seq,
                f"audit event {ev.seq} does not follow its predecessor "
                "(events reordered, swapped, duplicated or inserted)",
                count,
            )
        wrong = _check_link(ev, chain, keyed_from, keys)
        if wrong is not None:
            return _fail(ev.seq, wrong, count)
        if (
            mark is not None
            and ev.chain_seq == mark.count
            and (ev.hash != mark.link or ev.seq != mark.event)
        ):
            return _fail(
                ev.seq,
                f"audit chain {chain} differs from the checkpoint at its event #{mark.count} "
                f"(audit event {ev.seq}): its history was rewritten",
                count,
            )
        expected_prev, expected_prev_seq = ev.hash, ev.seq
        expected_chain_seq += 1
        count += 1
    last = expected_chain_seq - 1
    if (head.last_seq, head.last_hash, head.last_event_seq) != (
        last,
        expected_prev,
        expected_prev_seq,
    ):
        if count == 0 and head.last_seq > 0:
            reason = (
                f"every event of audit chain {chain} is gone although its head says "
                f"{head.last_seq}: the audit trail was truncated"
            )
        elif head.last_seq > last:
            reason = (
                f"audit events after {expected_prev_seq} are missing: the tail of chain "
                f"{chain} was deleted (its head says {head.last_seq} events, the last "
                f"being {head.last_event_seq})"
            )
        else:
            reason = (
                f"the head of audit chain {chain} does not match its last event "
                f"{expected_prev_seq} (the head was edited)"
            )
        return _fail(head.last_event_seq, reason, count)
    if keyed_from > last + 1:
        return _fail(
            expected_prev_seq,
            f"the key epoch of audit chain {chain} (#{keyed_from}) lies beyond its last "
            f"event (#{last}): moved to pass signed events off as plain ones",
            count,
        )
    if mark is not None and last < mark.count:
        assert checkpoint is not None
        when = checkpoint.written_at
        if count == 0:
            reason = (
                f"the audit trail was truncated and reset: chain {chain} is empty, the "
                f"checkpoint of {when} recorded {mark.count} events"
            )
        else:
            reason = (
                f"audit events are missing after the checkpointed head: chain {chain} ends "
                f"at its event #{last}, the checkpoint of {when} recorded {mark.count} "
                f"(the tail was deleted and the head rewound)"
            )
        return _fail(mark.event, reason, count)
    return ChainCheck(True, count)


def _load_checkpoint(bind: object, keys: AuditKeys) -> tuple[Checkpoint | None, str | None]:
    path = checkpoint_path(bind)
    if path is None:
        return None, None
    try:
        checkpoint = read_checkpoint(path, keys)
    except FileNotFoundError:
        return None, (
            f"no audit checkpoint for this database on this workstation ({path}): the head "
            "of the audit trail cannot be checked. If it was deleted, put it back from a "
            "backup; a workstation that has never written to this database anchors it "
            "with `p2pdesk verify --anchor`"
        )
    except CheckpointError as exc:
        return None, str(exc)
    remembered = remembered_counts(bind, keys)
    for chain, count in sorted(remembered.items()):
        mark = checkpoint.chains.get(chain)
        if (mark.count if mark is not None else 0) < count:
            return None, (
                f"an older audit checkpoint was put back ({path}): this workstation last "
                f"checkpointed {count} events of chain {chain}, the file records "
                f"{mark.count if mark is not None else 0}"
            )
    return checkpoint, None


def _heads(session: Session) -> dict[int, _Head]:
    rows = session.execute(
        select(
            AuditHead.id,
            AuditHead.last_seq,
            AuditHead.last_hash,
            AuditHead.last_event_seq,
            AuditHead.keyed_from,
        )
    ).all()
    return {
        int(r.id): _Head(int(r.last_seq), r.last_hash, int(r.last_event_seq), int(r.keyed_from))
        for r in rows
    }


def verify_chain(session: Session, batch: int = 5000, *, use_checkpoint: bool = True) -> ChainCheck:
    """Every chain, link by link, then each chain against the checkpoint; the first
    event (lowest global seq) that does not fit, or the checkpoint's own problem."""
    bind = session.get_bind()
    keys = keys_for(bind)
    heads = _heads(session)
    if keys is None:
        return _fail(
            None,
            "the audit trail is signed with a key derived from the master key, which this "
            "workstation does not hold: it cannot be verified here (give the master key: "
            "keyring, P2PDESK_MASTER_PASSPHRASE or P2PDESK_MASTER_KEY)",
        )
    chains = set(heads) | set(session.scalars(select(AuditEvent.chain).distinct()))
    checkpoint, cp_problem = _load_checkpoint(bind, keys) if use_checkpoint else (None, None)
    count = 0
    broken: list[ChainCheck] = []
    for chain in sorted(chains):
        check = _verify_one(session, chain, heads.get(chain, _EMPTY), keys, checkpoint, batch)
        count += check.events_checked
        if not check.ok:
            broken.append(check)
    if broken:
        first = min(broken, key=lambda c: c.first_broken_seq or 0)
        return ChainCheck(False, count, first.first_broken_seq, first.reason)
    if cp_problem is not None:
        return ChainCheck(False, count, None, cp_problem)
    return ChainCheck(True, count)


def anchor_here(session: Session) -> ChainCheck:
    """Write this workstation's checkpoint of the heads as they are, once the trail
    verifies against the key (``p2pdesk verify --anchor`` on a new workstation)."""
    bind = session.get_bind()
    keys = require_keys(bind)
    check = verify_chain(session, use_checkpoint=False)
    if not check.ok:
        return check
    marks: dict[int, ChainMark]
    marks, epochs = head_marks(session)
    advance_checkpoint(bind, keys, marks, epochs)
    return verify_chain(session)
