"""The foundation on every backend: schema, login, lockout, audit chain, customers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.engine import make_url

from app.clock import utc_now
from app.context import Actor
from app.customers.service import CustomerInput, CustomerService
from app.errors import AuthenticationError, PermissionDenied, ValidationError
from app.security import audit
from app.security.audit_keys import derive_audit_keys, register
from app.security.audit_verify import anchor_here
from app.security.permissions import Role
from app.security.users import MAX_FAILED_LOGINS, UserService, authenticate
from db import schema
from db.engine import make_engine, make_sessionmaker
from db.models.audit import AuditEvent, AuditHead
from db.types import UTCDateTime
from tests.conftest import BACKENDS, _server_url
from tests.support import USER_PASSWORD, TestDB


def test_schema_at_head_without_drift(db: TestDB) -> None:
    assert schema.pending_revisions(db.engine) == []
    assert schema.schema_drift(db.engine) == []


def test_login_good_bad_and_lockout(db: TestDB) -> None:
    ctx = db.user(Role.UNDERWRITER, username="uw.one")
    assert ctx.actor.roles == {Role.UNDERWRITER}
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        authenticate(db.sessions, "uw.one", "not-the-password")
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        authenticate(db.sessions, "nobody", "whatever-pass")
    for _ in range(MAX_FAILED_LOGINS - 2):
        with pytest.raises(AuthenticationError):
            authenticate(db.sessions, "uw.one", "bad-password")
    with pytest.raises(AuthenticationError, match="locked for 15 minutes"):
        authenticate(db.sessions, "uw.one", "bad-password")
    # Even the right password is refused while locked ...
    with pytest.raises(AuthenticationError, match="locked"):
        authenticate(db.sessions, "uw.one", USER_PASSWORD)
    # ... and accepted once the lock has run out.
    later = utc_now() + timedelta(minutes=16)
    actor = authenticate(db.sessions, "uw.one", USER_PASSWORD, clock=lambda: later)
    assert actor.username == "uw.one"


def test_admin_manages_users_and_others_may_not(db: TestDB) -> None:
    admin = UserService(db.admin())
    info = admin.create_user("kyc.anna", "Anna", "anna-pass-1", {Role.KYC_OFFICER})
    with pytest.raises(ValidationError, match="already taken"):
        admin.create_user("KYC.Anna", "Anna 2", "anna-pass-1", {Role.KYC_OFFICER})
    assert info.roles == frozenset() and info.pending_change == "create"
    checker = UserService(db.admin2())
    info = checker.approve(info.id)
    assert info.roles == {Role.KYC_OFFICER} and info.active
    info = admin.set_roles(info.id, {Role.KYC_OFFICER, Role.AUDITOR})
    assert info.roles == {Role.KYC_OFFICER} and info.pending_roles == {Role.AUDITOR}
    info = checker.approve(info.id)
    assert info.roles == {Role.KYC_OFFICER, Role.AUDITOR}
    admin.deactivate(info.id)
    with pytest.raises(AuthenticationError, match="deactivated"):
        authenticate(db.sessions, "kyc.anna", "anna-pass-1")
    agent = db.user(Role.COLLECTIONS_AGENT)
    with pytest.raises(PermissionDenied, match=r"user\.manage"):
        UserService(agent).create_user("x.y.z", "X", "password-1", {Role.ADMIN})


def test_audit_chain_detects_edit_and_delete(db: TestDB) -> None:
    db.user(Role.SUPPORT_AGENT)
    with db.sessions() as s:
        check = audit.verify_chain(s)
        assert check.ok, check.reason
        assert check.events_checked >= 3
        seqs = s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
    middle = seqs[len(seqs) // 2]
    with db.sessions.begin() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == middle).values(actor_name="mallory"))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == middle and "altered" in (check.reason or "")
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == middle))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == middle and "missing" in (check.reason or "")


def test_audit_chain_detects_deleted_tail(db: TestDB) -> None:
    with db.sessions() as s:
        last = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == last))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == last


def _record_interleaved(db: TestDB, actors: list[Actor], rounds: int) -> None:
    with db.sessions.begin() as s:
        for r in range(rounds):
            for actor in actors:
                audit.record(s, actor, "test.touched", "thing", r, now=utc_now(), after={"r": r})


def test_audit_chains_detect_edit_and_delete_in_any_chain(db: TestDB) -> None:
    actors = [Actor.for_user(uid, f"u{uid}", f"U{uid}", frozenset()) for uid in (3, 4, 21)]
    _record_interleaved(db, actors, 4)
    with db.sessions() as s:
        assert audit.verify_chain(s).ok
        rows = s.execute(
            select(AuditEvent.seq, AuditEvent.chain, AuditEvent.chain_seq).order_by(AuditEvent.seq)
        ).all()
    by_chain: dict[int, list[int]] = {}
    for seq, chain, chain_seq in rows:
        by_chain.setdefault(chain, []).append(seq)
        assert chain_seq == len(by_chain[chain])  # no gaps inside a chain
    assert {audit.chain_of(a.user_id) for a in actors} <= set(by_chain)
    assert len(by_chain) >= 3
    # the second event of actor 4's chain: neither the first nor the last of the trail
    victim = by_chain[audit.chain_of(4)][1]
    with db.sessions.begin() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == victim).values(after_json="{}"))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == victim and "altered" in (check.reason or "")
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == victim))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == victim and "missing" in (check.reason or "")


def test_audit_chains_detect_deleted_tail_of_a_chain(db: TestDB) -> None:
    actors = [Actor.for_user(uid, f"u{uid}", f"U{uid}", frozenset()) for uid in (5, 6)]
    _record_interleaved(db, actors, 3)
    with db.sessions() as s:
        tail = s.scalar(
            select(AuditEvent.seq)
            .where(AuditEvent.chain == audit.chain_of(5))
            .order_by(AuditEvent.chain_seq.desc())
            .limit(1)
        )
        newest = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
    assert tail is not None and tail != newest  # not the trail's last event
    with db.sessions.begin() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == tail))
    with db.sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == tail and "missing" in (check.reason or "")


def test_audit_appends_of_different_actors_do_not_wait_for_each_other(db: TestDB) -> None:
    """Two open transactions of actors on different chains both append; the same
    chain would wait on the head row (SQLite: one writer, so servers only)."""
    if db.backend == "sqlite":
        pytest.skip("SQLite has one writer at a time")
    a, b = (Actor.for_user(uid, f"u{uid}", f"U{uid}", frozenset()) for uid in (7, 8))
    with db.sessions.begin() as first, db.sessions.begin() as second:
        # fail, not hang, if the second append had to wait for the first's head row
        wait = {"postgresql": "SET LOCAL lock_timeout = '5s'",
                "mysql": "SET SESSION innodb_lock_wait_timeout = 5"}[db.backend]  # fmt: skip
        second.execute(text(wait))
        audit.record(first, a, "test.touched", "thing", 1, now=utc_now())
        audit.record(second, b, "test.touched", "thing", 2, now=utc_now())
    with db.sessions() as s:
        assert audit.verify_chain(s).ok


def test_customer_pii_encrypted_searchable_and_reveal_audited(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    service = CustomerService(officer, db.vault)
    created = service.create(
        CustomerInput(
            kind="individual",
            name="王小明",
            id_number="11010519491231002X",
            phone="138 0013 8000",
            bank_card="6222020200112233445",
        )
    )
    assert (
        created.id_number_masked.endswith("002X") and "1101051949" not in created.id_number_masked
    )
    assert [c.id for c in service.search("13800138000")] == [created.id]
    assert [c.id for c in service.search("11010519491231002x")] == [created.id]
    assert [c.id for c in service.search("王小")] == [created.id]
    with db.engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT * FROM customers").all()
    dump = repr(raw)
    assert "13800138000" not in dump and "11010519491231002X" not in dump
    assert "6222020200112233445" not in dump
    assert service.reveal(created.id, "phone", reason="verification_call") == "13800138000"
    with db.sessions() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "pii.revealed")).one()
        assert ev.entity_id == str(created.id) and ev.actor_name == officer.actor.username
    support = db.user(Role.SUPPORT_AGENT)
    with pytest.raises(PermissionDenied):
        CustomerService(support, db.vault).reveal(created.id, "phone")


@pytest.fixture(params=BACKENDS)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database (no schema) on each backend, dropped afterwards."""
    backend = request.param
    if backend == "sqlite":
        engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    base = _server_url(backend)
    name = f"p2pd_old_{uuid.uuid4().hex[:8]}"
    q = '"' if backend == "postgresql" else "`"
    admin = make_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {q}{name}{q}")
    engine = make_engine(make_url(base).set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            force = " WITH (FORCE)" if backend == "postgresql" else ""
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {q}{name}{q}{force}")
        admin.dispose()


def test_single_chain_trail_upgrades_into_chain_zero(empty_engine: Engine) -> None:
    """A trail written before 0008_claim_scale (one head, seq = position) still
    verifies after the upgrade, new events extend it, and tampering is still found."""
    for rev in schema.head_revisions() - {"0012_audit_key_epoch"} | {"0006_collections"}:
        schema.upgrade(empty_engine, rev)
    old_events = sa.table(
        "audit_events",
        *(sa.column(n) for n in ("seq", "actor_id", "actor_name", "action", "entity")),
        *(sa.column(n) for n in ("entity_id", "before_json", "after_json", "prev_hash", "hash")),
        sa.column("occurred_at", UTCDateTime()),
    )
    at = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    prev, rows = audit.GENESIS_HASH, []
    for seq in range(1, 6):
        after = audit.canonical_json({"n": seq})
        digest = audit.event_hash(
            prev, seq, at, 1, "admin", "old.act", "thing", str(seq), None, after
        )
        rows.append(
            {"seq": seq, "occurred_at": at, "actor_id": 1, "actor_name": "admin",
             "action": "old.act", "entity": "thing", "entity_id": str(seq), "before_json": None,
             "after_json": after, "prev_hash": prev, "hash": digest}
        )  # fmt: skip
        prev = digest
    with empty_engine.begin() as conn:
        conn.execute(old_events.insert(), rows)
        conn.execute(text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 5, :h)"),
                     {"h": prev})  # fmt: skip

    schema.upgrade(empty_engine)
    # the workstation holds the master key: new events are signed, old ones keep their
    # plain hashes up to the key epoch (0012); the first verify anchors the head
    register(empty_engine, derive_audit_keys(b"k" * 32, "upgraded-install"))

    sessions = make_sessionmaker(empty_engine)
    with sessions() as s:
        check = anchor_here(s)
        assert check.ok and check.events_checked == 5, check.reason
        assert set(s.scalars(select(AuditHead.id))) == set(range(audit.CHAINS))
        moved = s.execute(select(AuditEvent.chain, AuditEvent.chain_seq, AuditEvent.prev_seq))
        assert sorted(moved) == [(0, n, n - 1) for n in range(1, 6)]
    with sessions.begin() as s:
        system = audit.record(s, Actor.system(), "new.act", "thing", 6, now=utc_now())
        user = audit.record(s, Actor.for_user(3, "u3", "U3", frozenset()), "new.act", "t", 7,
                            now=utc_now())  # fmt: skip
        assert (system.chain, system.chain_seq, system.prev_seq) == (0, 6, 5)
        assert (user.chain, user.chain_seq, user.prev_seq) == (3, 1, 0)
        assert 5 < system.seq < user.seq  # the global order goes on after the old trail
    with sessions() as s:
        assert audit.verify_chain(s).ok
    with sessions.begin() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(actor_name="mallory"))
    with sessions() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_broken_seq == 3 and "altered" in (check.reason or "")
