"""Issue 20 #18: someone who can write the database (and the checkpoint file) but does
not hold the master key rewrites the audit trail; verify names each attempt."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, timedelta

import pytest
from sqlalchemy import delete, insert, select, update

from app.clock import utc_now
from app.context import Actor
from app.security import audit
from app.security.audit_checkpoint import checkpoint_path
from app.security.audit_keys import AuditKeyUnavailable, forget, keys_for, register
from app.verify import check_audit_chain
from db.models.audit import AuditEvent, AuditHead
from tests.support import TestDB

CHAIN = 0  # the system actor's chain


def _append(db: TestDB, n: int, actor: Actor | None = None) -> None:
    for i in range(n):  # one commit each: every commit moves the checkpoint
        with db.sessions.begin() as s:
            audit.record(
                s, actor or Actor.system(), "test.touched", "thing", i, now=utc_now(),
                after={"i": i},
            )  # fmt: skip


def _rows(db: TestDB, chain: int = CHAIN) -> list[AuditEvent]:
    with db.sessions() as s:
        rows = list(
            s.scalars(
                select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.chain_seq)
            )
        )
        s.expunge_all()
    return rows


def _plain(ev: AuditEvent, prev_hash: str, **changes: object) -> str:
    fields = {
        "occurred_at": ev.occurred_at, "actor_id": ev.actor_id, "actor_name": ev.actor_name,
        "action": ev.action, "entity": ev.entity, "entity_id": ev.entity_id,
        "before_json": ev.before_json, "after_json": ev.after_json, **changes,
    }  # fmt: skip
    return audit.event_hash(prev_hash, ev.chain_seq, **fields)  # type: ignore[arg-type]


def _rewind(db: TestDB, keep: int) -> None:
    """Delete chain 0's events after its ``keep``-th and point the head at it."""
    rows = _rows(db)
    last = rows[keep - 1]
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.chain == CHAIN, AuditEvent.chain_seq > keep))
        s.execute(
            update(AuditHead)
            .where(AuditHead.id == CHAIN)
            .values(last_seq=keep, last_hash=last.hash, last_event_seq=last.seq)
        )


def _victim(db: TestDB) -> AuditEvent:
    return _rows(db)[-3]


def delete_tail(db: TestDB, old: bytes) -> None:
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == _rows(db)[-1].seq))


def rewind_head(db: TestDB, old: bytes) -> None:
    _rewind(db, len(_rows(db)) - 2)


def edit_rehash_plain(db: TestDB, old: bytes) -> None:
    ev = _victim(db)
    digest = _plain(ev, ev.prev_hash, actor_name="mallory")
    with db.sessions.begin() as s:
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == ev.seq)
            .values(actor_name="mallory", hash=digest)
        )
        s.execute(update(AuditEvent).where(AuditEvent.prev_seq == ev.seq).values(prev_hash=digest))


def edit_rehmac_wrong_key(db: TestDB, old: bytes) -> None:
    ev = _victim(db)
    digest = audit.keyed_link(
        b"w" * 32, ev.prev_hash, ev.chain, ev.chain_seq, ev.prev_seq, ev.occurred_at,
        ev.actor_id, "mallory", ev.action, ev.entity, ev.entity_id, ev.before_json,
        ev.after_json,
    )  # fmt: skip
    with db.sessions.begin() as s:
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == ev.seq)
            .values(actor_name="mallory", hash=digest)
        )
        s.execute(update(AuditEvent).where(AuditEvent.prev_seq == ev.seq).values(prev_hash=digest))


def truncate_all(db: TestDB, old: bytes) -> None:
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent))


def truncate_and_reset(db: TestDB, old: bytes) -> None:
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent))
        s.execute(
            update(AuditHead).values(last_seq=0, last_hash=audit.GENESIS_HASH, last_event_seq=0)
        )


def append_forged(db: TestDB, old: bytes) -> None:
    last = _rows(db)[-1]
    forged = _plain(last, last.hash, action="loan.written_off")
    with db.sessions.begin() as s:
        s.execute(
            insert(AuditEvent).values(
                chain=CHAIN, chain_seq=last.chain_seq + 1, prev_seq=last.seq,
                occurred_at=utc_now(), actor_id=None, actor_name="system",
                action="loan.written_off", entity="loan", entity_id="1", before_json=None,
                after_json=None, prev_hash=last.hash, hash=forged,
            )
        )  # fmt: skip
        seq = s.scalar(select(AuditEvent.seq).where(AuditEvent.hash == forged))
        s.execute(
            update(AuditHead)
            .where(AuditHead.id == CHAIN)
            .values(last_seq=last.chain_seq + 1, last_hash=forged, last_event_seq=seq)
        )


def reorder(db: TestDB, old: bytes) -> None:
    rows = _rows(db)
    a, b = rows[-3], rows[-2]
    with db.sessions.begin() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == a.seq).values(chain_seq=-1))
        s.execute(update(AuditEvent).where(AuditEvent.seq == b.seq).values(chain_seq=a.chain_seq))
        s.execute(update(AuditEvent).where(AuditEvent.seq == a.seq).values(chain_seq=b.chain_seq))


def change_timestamp(db: TestDB, old: bytes) -> None:
    ev = _victim(db)
    with db.sessions.begin() as s:
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == ev.seq)
            .values(occurred_at=ev.occurred_at - timedelta(days=3))
        )


def change_actor(db: TestDB, old: bytes) -> None:
    ev = _victim(db)
    with db.sessions.begin() as s:
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == ev.seq)
            .values(actor_id=2, actor_name="mallory")
        )


def delete_middle(db: TestDB, old: bytes) -> None:
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == _victim(db).seq))


def duplicate_event(db: TestDB, old: bytes) -> None:
    rows = _rows(db)
    ev, last = rows[-3], rows[-1]
    with db.sessions.begin() as s:
        s.execute(
            insert(AuditEvent).values(
                chain=CHAIN, chain_seq=last.chain_seq + 1, prev_seq=last.seq,
                occurred_at=ev.occurred_at, actor_id=ev.actor_id, actor_name=ev.actor_name,
                action=ev.action, entity=ev.entity, entity_id=ev.entity_id,
                before_json=ev.before_json, after_json=ev.after_json, prev_hash=last.hash,
                hash=ev.hash,
            )
        )  # fmt: skip
        seq = s.scalar(
            select(AuditEvent.seq).where(
                AuditEvent.chain == CHAIN, AuditEvent.chain_seq == last.chain_seq + 1
            )
        )
        s.execute(
            update(AuditHead)
            .where(AuditHead.id == CHAIN)
            .values(last_seq=last.chain_seq + 1, last_hash=ev.hash, last_event_seq=seq)
        )


def swap_two(db: TestDB, old: bytes) -> None:
    rows = _rows(db)
    a, b = rows[-4], rows[-2]
    cols = ("occurred_at", "actor_id", "actor_name", "action", "entity", "entity_id")
    cols += ("before_json", "after_json", "prev_hash", "hash")
    with db.sessions.begin() as s:
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == a.seq)
            .values({c: getattr(b, c) for c in cols})
        )
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == b.seq)
            .values({c: getattr(a, c) for c in cols})
        )


def forge_epoch(db: TestDB, old: bytes) -> None:
    """Move the epoch past the head and re-hash the signed events with plain SHA-256."""
    rows = _rows(db)
    prev = audit.GENESIS_HASH
    with db.sessions.begin() as s:
        for ev in rows:
            digest = _plain(ev, prev)
            s.execute(
                update(AuditEvent)
                .where(AuditEvent.seq == ev.seq)
                .values(prev_hash=prev, hash=digest)
            )
            prev = digest
        s.execute(
            update(AuditHead)
            .where(AuditHead.id == CHAIN)
            .values(last_hash=prev, keyed_from=len(rows) + 1)
        )


def delete_checkpoint(db: TestDB, old: bytes) -> None:
    path = checkpoint_path(db.engine)
    assert path is not None
    path.unlink()


def edit_checkpoint(db: TestDB, old: bytes) -> None:
    path = checkpoint_path(db.engine)
    assert path is not None
    data = json.loads(path.read_text())
    data["chains"][str(CHAIN)][0] -= 3  # claim fewer events, to hide a deleted tail
    path.write_text(json.dumps(data))
    _rewind(db, len(_rows(db)) - 3)


def restore_old_checkpoint(db: TestDB, old: bytes) -> None:
    """Rewind the trail to where an older (genuinely signed) checkpoint was, and put
    that checkpoint back."""
    _rewind(db, len(_rows(db)) - 3)
    path = checkpoint_path(db.engine)
    assert path is not None
    path.write_bytes(old)


CASES: dict[str, tuple[Callable[[TestDB, bytes], None], str]] = {
    "delete_tail": (delete_tail, "the tail of chain 0 was deleted"),
    "rewind_head": (rewind_head, "missing after the checkpointed head"),
    "edit_rehash_plain": (edit_rehash_plain, "re-hashed with a plain SHA-256"),
    "edit_rehmac_wrong_key": (edit_rehmac_wrong_key, "does not match the audit key"),
    "truncate_all": (truncate_all, "the audit trail was truncated"),
    "truncate_and_reset": (truncate_and_reset, "truncated and reset"),
    "append_forged": (append_forged, "altered or forged"),
    "reorder": (reorder, "does not follow its predecessor"),
    "change_timestamp": (change_timestamp, "altered or forged"),
    "change_actor": (change_actor, "altered or forged"),
    "delete_middle": (delete_middle, "is missing (deleted)"),
    "duplicate_event": (duplicate_event, "altered or forged"),
    "swap_two": (swap_two, "does not follow its predecessor"),
    "forge_epoch": (forge_epoch, "key epoch of audit chain 0 was moved"),
    "delete_checkpoint": (delete_checkpoint, "no audit checkpoint for this database"),
    "edit_checkpoint": (edit_checkpoint, "was edited (its signature does not match)"),
    "restore_old_checkpoint": (restore_old_checkpoint, "an older audit checkpoint was put back"),
}


def _verify(db: TestDB) -> tuple[bool, str]:
    with db.sessions() as s:
        result = check_audit_chain(s)
    return result.ok, result.detail


@pytest.mark.parametrize("case", list(CASES))
def test_each_tampering_fails_verify_and_is_named(db: TestDB, case: str) -> None:
    _append(db, 3)
    path = checkpoint_path(db.engine)
    assert path is not None
    old = path.read_bytes()
    _append(db, 4)
    ok, detail = _verify(db)
    assert ok, detail
    tamper, expected = CASES[case]
    tamper(db, old)
    ok, detail = _verify(db)
    assert not ok
    assert expected in detail


def test_without_the_master_key_nothing_is_signed_or_verified(db: TestDB) -> None:
    keys = keys_for(db.engine)
    assert keys is not None
    forget(db.engine)
    try:
        with pytest.raises(AuditKeyUnavailable, match="master key"), db.sessions.begin() as s:
            audit.record(s, Actor.system(), "test.touched", "thing", 1, now=utc_now())
        ok, detail = _verify(db)
        assert not ok and "does not hold" in detail
    finally:
        register(db.engine, keys)
    ok, detail = _verify(db)
    assert ok, detail


def test_concurrent_writers_keep_a_valid_chain(db: TestDB) -> None:
    """Two sessions append to the same chain and to others at once (servers)."""
    if db.backend == "sqlite":
        pytest.skip("SQLite has one writer at a time")
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    actors = [Actor.system(), Actor.for_user(3, "u3", "U3", frozenset())]

    def writer(k: int) -> None:
        try:
            start.wait()
            for i in range(15):
                _append(db, 1, actors[(i + k) % 2])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ok, detail = _verify(db)
    assert ok, detail
    with db.sessions() as s:
        counts = dict(
            s.execute(
                select(AuditHead.id, AuditHead.last_seq).where(AuditHead.id.in_([0, 3]))
            ).all()
        )
    assert counts[3] == 15 and counts[0] >= 15


def test_an_event_stamped_in_local_time_still_verifies(db: TestDB) -> None:
    """A desk's clock in Asia/Shanghai (whole second, no microseconds) and a naive
    one: the database returns UTC, so the link must be signed over UTC too."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    local = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with db.sessions.begin() as s:
        audit.record(s, Actor.system(), "test.local", "thing", 1, now=local)
        audit.record(s, Actor.system(), "test.naive", "thing", 2, now=datetime(2026, 3, 2, 1))
    ok, detail = _verify(db)
    assert ok, detail
    stored = [ev.occurred_at for ev in _rows(db) if ev.action.startswith("test.")]
    assert stored[-2:] == [local, datetime(2026, 3, 2, 1, tzinfo=UTC)]


def test_without_a_keyring_an_older_checkpoint_put_back_is_still_noticed(db: TestDB) -> None:
    """A workstation with no keyring remembers its newest checkpoint in an owner-only
    file in its own data directory, not beside the database, so copying an older
    checkpoint back into the database folder is caught as with a keyring."""
    import dataclasses
    import stat

    from app.security.audit_checkpoint import AnchorFile, anchor_store
    from app.security.keys import MemoryStore

    class NoKeyring(MemoryStore):
        def available(self) -> bool:
            return False

    anchor = anchor_store(NoKeyring())
    assert isinstance(anchor, AnchorFile)
    keys = keys_for(db.engine)
    assert keys is not None
    register(db.engine, dataclasses.replace(keys, anchor_store=anchor))
    try:
        _append(db, 3)
        path = checkpoint_path(db.engine)
        assert path is not None
        old = path.read_bytes()
        _append(db, 4)
        assert anchor.path.exists() and anchor.path.parent != path.parent
        assert stat.S_IMODE(anchor.path.stat().st_mode) == 0o600
        assert _verify(db)[0]
        restore_old_checkpoint(db, old)
        ok, detail = _verify(db)
        assert not ok and "an older audit checkpoint was put back" in detail
    finally:
        register(db.engine, keys)
