"""Personal data never in plaintext at rest, audited reveals, master key entry,
and the KYC queue: keyset paging, filters, take-next without double claims."""

from __future__ import annotations

import random
import threading
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from app.customers import fields as customer_fields
from app.customers.service import CustomerService, insert_customer
from app.demo import DemoSummary, ensure_demo_users, make_customer
from app.errors import PermissionDenied, ValidationError
from app.kyc.checklists import CLAIM_TTL
from app.kyc.demo import fill_kyc
from app.kyc.master_key import MasterKeyService
from app.kyc.queue import QueueFilter, QueueRow, QueueService
from app.kyc.records import ChecklistView
from app.kyc.service import ChecklistService
from app.security.keys import MemoryStore, encode_key, master_key_name
from app.security.permissions import Role
from app.security.pii import new_key
from db.models.audit import AuditEvent
from db.models.customers import Customer
from db.models.kyc import KycItem
from tests.db.desk_helpers import FakeClock, timed
from tests.kyc_support import new_customer, work_items
from tests.support import TEST_KEYS, TestDB


def _demo(db: TestDB, customers: int) -> list[str]:
    """Demo customers plus KYC demo data; returns their plaintext ID, phone and card."""
    ctx = db.system()
    rng = random.Random(7)
    with ctx.transaction() as s:
        ensure_demo_users(s, ctx)
        for n in range(customers):
            insert_customer(s, db.vault, make_customer(rng, n), None)
    fill_kyc(ctx, db.vault, rng, DemoSummary())
    secrets: list[str] = []
    with db.sessions() as s:
        # four eyes in the demo too: one officer submits, another decides
        decided = s.execute(
            select(KycItem.submitted_by, KycItem.decided_by).where(
                KycItem.submitted_by.is_not(None), KycItem.decided_by.is_not(None)
            )
        ).all()
        assert decided and all(sub != dec for sub, dec in decided)
        for c in s.scalars(select(Customer)):
            for kind in ("id_number", "phone", "bank_card"):
                blob = getattr(c, f"{kind}_enc")
                if blob is not None:
                    secrets.append(customer_fields.open_blob(db.vault, c.id, kind, blob))
    assert len(secrets) == 3 * customers
    return secrets


def test_no_plaintext_personal_data_in_the_raw_database(db: TestDB) -> None:
    secrets = _demo(db, 24)
    if db.backend == "sqlite":
        db.engine.dispose()  # close connections so everything sits in the files
        path = Path(db.url)
        raw = b"".join(
            p.read_bytes()
            for p in path.parent.glob(path.name + "*")
            if not p.name.endswith(".masterkey")
        )
        found = [v for v in secrets if v.encode() in raw]
    else:
        dump: list[str] = []
        with db.engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                rows = conn.execute(text(f"SELECT * FROM {table}")).all()
                dump.extend(repr(tuple(r)) for r in rows)
                dump.extend(
                    bytes(v).decode("latin-1")
                    for r in rows
                    for v in r
                    if isinstance(v, bytes | memoryview)
                )
        everything = "\n".join(dump)
        found = [v for v in secrets if v in everything]
    assert found == []


def test_reveal_needs_permission_and_is_audited(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer, phone="13712345678")
    assert CustomerService(officer, db.vault).reveal(cid, "phone", "verification_call") == (
        "13712345678"
    )
    with pytest.raises(PermissionDenied, match=r"pii\.reveal"):
        CustomerService(db.user(Role.AUDITOR), db.vault).reveal(cid, "phone")
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "pii.revealed")).all()
    assert [(e.actor_name, e.entity_id) for e in events] == [(officer.actor.username, str(cid))]
    assert "13712345678" not in (events[0].after_json or "")


def test_admin_enters_the_master_key_on_a_workstation(db: TestDB) -> None:
    with db.sessions() as s:
        from app.platform import load_state

        install_id = load_state(s).install_id
    right = TEST_KEYS.get(master_key_name(install_id))
    assert right is not None
    workstation = MemoryStore()
    service = MasterKeyService(db.admin(), workstation, db.engine)
    status = service.status()
    assert status.vault is None and "master key" in (status.reason or "")
    with pytest.raises(ValidationError, match="base64"):
        service.enter("not a key")
    with pytest.raises(ValidationError, match="does not open"):
        service.enter(encode_key(new_key()))
    assert workstation.get(master_key_name(install_id)) is None
    opened = service.enter(right)
    assert opened.vault is not None and workstation.get(master_key_name(install_id)) == right
    assert service.status().vault is not None
    with pytest.raises(PermissionDenied):
        MasterKeyService(db.user(Role.KYC_OFFICER), MemoryStore(), db.engine).enter(right)
    with db.sessions() as s:
        actions = s.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity == "platform")
            .order_by(AuditEvent.seq)
        ).all()
    assert actions[-2:] == ["pii.master_key_refused", "pii.master_key_entered"]


def _submitted(db: TestDB, officer: object, n: int) -> list[ChecklistView]:
    views = []
    for index in range(n):
        cid = new_customer(db, officer, index=index)  # type: ignore[arg-type]
        view = ChecklistService(officer, db.vault).open(cid)  # type: ignore[arg-type]
        views.append(
            work_items(
                db,
                officer,
                view,
                verify=False,  # type: ignore[arg-type]
                skip=frozenset({"income_proof", "owners"}),
            )
        )
    return views


def test_queue_pages_by_keyset_oldest_first_filtered_in_db(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    views = _submitted(db, officer, 5)
    colleague = db.user(Role.KYC_OFFICER)  # four eyes: not the officer who submitted
    for i in views[2].items:  # all its submissions rejected: it waits on the customer
        if i.state == "submitted":
            ChecklistService(colleague, db.vault).reject(i.id, "unreadable")
    queue = QueueService(officer)
    seen = []
    after = None
    while True:
        page = queue.page(after=after, limit=2)
        if not page:
            break
        assert len(page) <= 2
        seen.extend(page)
        after = page[-1].key
    ids = [v.id for v in views]
    # oldest submission first; the rejected one is due at its rejection, so last
    assert [r.checklist_id for r in seen] == ids[:2] + ids[3:] + [ids[2]]
    assert seen[-1].reason == "rejected"
    assert [(r.due, r.checklist_id) for r in seen] == sorted((r.due, r.checklist_id) for r in seen)
    submitted = queue.page(QueueFilter(reason="submitted"))
    assert views[2].id not in {r.checklist_id for r in submitted} and len(submitted) == 4
    business = queue.page(QueueFilter(kind="business"))
    assert business == []
    # Rows are built on first read; built, each is the row __init__ would give.
    fresh = queue.page(QueueFilter(reason="submitted"))
    assert all(set(r.__dict__) == {"_pending"} for r in fresh)
    rebuilt = [QueueRow(*(getattr(r, f.name) for f in fields(QueueRow))) for r in fresh]
    assert fresh == rebuilt == submitted
    assert all(set(r.__dict__) == {f.name for f in fields(QueueRow)} for r in fresh)
    with pytest.raises(ValidationError, match="queue reason"):
        queue.page(QueueFilter(reason="bogus"))


def test_unclaimed_filter_cut_off_moves_with_the_clock(db: TestDB) -> None:
    """The page statement is built once per filter; the claim expiry is bound per call."""
    officer = db.user(Role.KYC_OFFICER)
    views = _submitted(db, officer, 2)
    start = datetime.now(UTC)
    clock = FakeClock(start)
    other = timed(db.user(Role.KYC_OFFICER), clock)
    taken = QueueService(other).take_next()
    assert taken is not None and taken.id == views[0].id
    free = QueueFilter(unclaimed_only=True)
    viewer = QueueService(timed(officer, clock))
    assert [r.checklist_id for r in viewer.page(free)] == [views[1].id]
    clock.set(start + CLAIM_TTL - timedelta(seconds=1))
    assert [r.checklist_id for r in viewer.page(free)] == [views[1].id]
    clock.set(start + CLAIM_TTL + timedelta(seconds=1))  # the claim has lapsed
    assert [r.checklist_id for r in viewer.page(free)] == [v.id for v in views]
    everything = viewer.page(QueueFilter())
    assert [r.claimed_by_name for r in everything] == [other.actor.display_name, None]
    page_two = viewer.page(free, after=everything[0].key, limit=1)
    assert [r.checklist_id for r in page_two] == [views[1].id]
    assert all(r.due.tzinfo is UTC for r in everything)


def test_take_next_never_hands_one_checklist_to_two_officers(db: TestDB) -> None:
    first = db.user(Role.KYC_OFFICER)
    second = db.user(Role.KYC_OFFICER)
    clerk = db.user(Role.KYC_OFFICER)  # submits: take-next offers it to the other two
    views = _submitted(db, clerk, 2)
    assert QueueService(clerk).take_next() is None  # nothing the clerk may verify
    barrier = threading.Barrier(2)
    got: dict[str, int | None] = {}
    errors: list[BaseException] = []

    def take(name: str, ctx: object) -> None:
        try:
            barrier.wait(timeout=10)
            view = QueueService(ctx).take_next()  # type: ignore[arg-type]
            got[name] = view.id if view else None
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=take, args=("a", first)),
        threading.Thread(target=take, args=("b", second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(v for v in got.values() if v is not None) == sorted(v.id for v in views)
    third = db.user(Role.KYC_OFFICER)
    assert QueueService(third).take_next() is None
    # the claim shows; it keeps others from submitting, never from deciding (four eyes)
    page = QueueService(third).page()
    assert {r.claimed_by_name for r in page} == {
        first.actor.display_name,
        second.actor.display_name,
    }
    claimed_by_a = got["a"]
    view = ChecklistService(second, db.vault).get(claimed_by_a or 0)
    target = next(i.id for i in view.items if i.state == "submitted")
    from app.errors import StateError

    pending = next(i.id for i in view.items if i.state == "pending")
    with pytest.raises(StateError, match="is working on this checklist"):
        ChecklistService(second, db.vault).submit(pending)
    verified = ChecklistService(second, db.vault).verify(target)
    assert next(i.state for i in verified.items if i.id == target) == "verified"
    QueueService(first).release(claimed_by_a or 0)
    assert QueueService(third).take_next() is not None
