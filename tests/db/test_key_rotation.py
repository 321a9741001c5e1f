"""Key rotation (issue 20 #1): a new master key, every protected column and evidence
file re-encrypted under it in one transaction, the new key kept where the old one
was; the old key opens nothing afterwards; a crash on either side of the commit
leaves a key that opens the database; refused while end of day or an import runs.
Every backend."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from app.context import ServiceContext
from app.customers import fields
from app.customers.service import CustomerService
from app.errors import PermissionDenied, StateError
from app.kyc.evidence import open_content
from app.locks import acquire
from app.platform import load_state, open_vault, pending_key_name
from app.security import rotation
from app.security.keys import MemoryStore, decode_key, master_key_name
from app.security.permissions import Role
from app.security.pii import CiphertextMismatch, KeyUnavailable, PiiVault, unwrap_data_key
from app.verify import run_checks
from db.models.audit import AuditEvent
from db.models.customers import Customer
from db.models.kyc import KycEvidence
from tests.kyc_support import complete, new_customer
from tests.support import TEST_KEYS, TestDB

Snapshot = tuple[dict[tuple[int, str], str], dict[int, bytes]]


def _store(db: TestDB) -> tuple[MemoryStore, str, bytes]:
    """A keyring of this test's own (the shared test keyring serves other tests)."""
    with db.sessions() as s:
        install_id = load_state(s).install_id
    text = TEST_KEYS.get(master_key_name(install_id))
    assert text is not None
    store = MemoryStore()
    store.set(master_key_name(install_id), text)
    key = decode_key(text)
    assert key is not None
    return store, install_id, key


def _world(db: TestDB) -> ServiceContext:
    officer = db.user(Role.KYC_OFFICER)
    for index in range(3):
        cid = new_customer(db, officer, index, birth_date=date(1990, 1, index + 1))
        complete(db, officer, cid)  # evidence files attached
    return officer


def _read_all(db: TestDB, vault: PiiVault) -> Snapshot:
    values: dict[tuple[int, str], str] = {}
    files: dict[int, bytes] = {}
    with db.sessions() as s:
        for c in s.scalars(select(Customer).order_by(Customer.id)):
            for kind in fields.ENCRYPTED:
                value = fields.read(vault, c, kind)
                if value is not None:
                    values[(c.id, kind)] = value
        for e in s.scalars(select(KycEvidence).order_by(KycEvidence.id)):
            files[e.id] = open_content(vault, e.id, e.sha256, bytes(e.content))
    return values, files


def _vault(db: TestDB, store: MemoryStore) -> PiiVault:
    with db.sessions() as s:
        status = open_vault(s, store, db.engine)
    assert status.vault is not None, status.reason
    return status.vault


def _failed(db: TestDB, vault: PiiVault) -> list[str]:
    with db.sessions() as s:
        return [f"{c.name}: {c.detail}" for c in run_checks(s, vault) if not c.ok]


def test_rotation_reencrypts_everything_and_the_old_key_opens_nothing(db: TestDB) -> None:
    officer = _world(db)
    store, install_id, old_master = _store(db)
    before = _read_all(db, db.vault)
    values, files = before
    assert len(files) >= 3 and len({k for _, k in values}) == 4  # all four columns

    result = rotation.rotate_master_key(db.admin(), db.engine, store)

    assert result.fields == len(values) and result.files == len(files)
    new_master = decode_key(store.get(master_key_name(install_id)) or "")
    assert new_master is not None and new_master != old_master
    assert store.get(pending_key_name(install_id)) is None
    vault = _vault(db, store)
    assert _read_all(db, vault) == before  # every column and file reads back
    assert _failed(db, vault) == []
    some_id = next(iter(values))[0]
    phone = values[(some_id, "phone")]
    assert [c.id for c in CustomerService(officer, vault).search(phone)] == [some_id]

    # the old master key does not open the new data key, and the old data key opens
    # no column and no file
    with db.sessions() as s:
        wrapped = load_state(s).data_key_wrapped
    assert wrapped is not None
    with pytest.raises(KeyUnavailable):
        unwrap_data_key(old_master, wrapped, install_id)
    with db.sessions() as s:
        for c in s.scalars(select(Customer)):
            for kind in fields.ENCRYPTED:
                if getattr(c, fields.ENCRYPTED[kind]) is not None:
                    with pytest.raises(CiphertextMismatch):
                        fields.read(db.vault, c, kind)
        for e in s.scalars(select(KycEvidence)):
            with pytest.raises(KeyUnavailable):
                open_content(db.vault, e.id, e.sha256, bytes(e.content))
    # a workstation still holding the old vault cannot write under it
    with pytest.raises(KeyUnavailable, match="was changed since this workstation opened"):
        new_customer(db, officer, 7)
    stale = _failed(db, db.vault)
    assert any(line.startswith("personal data decrypts under its row") for line in stale)
    assert any(line.startswith("files encrypted and decrypt") for line in stale)
    with db.sessions() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "pii.master_key_rotated")
        ).one()
        assert event.actor_name == "admin"


def test_a_crash_before_the_commit_leaves_the_old_key_working(
    db: TestDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(db)
    store, install_id, old_master = _store(db)
    before = _read_all(db, db.vault)
    real = rotation.reseal_all

    def crash(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]  # every row rewritten, then
        raise RuntimeError("power cut")

    monkeypatch.setattr(rotation, "reseal_all", crash)
    with pytest.raises(RuntimeError):
        rotation.rotate_master_key(db.admin(), db.engine, store)
    assert store.get(master_key_name(install_id)) is not None
    assert decode_key(store.get(master_key_name(install_id)) or "") == old_master
    vault = _vault(db, store)
    assert _read_all(db, vault) == before
    assert _failed(db, vault) == []


def test_a_crash_after_the_commit_promotes_the_new_key_on_next_open(
    db: TestDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(db)
    store, install_id, old_master = _store(db)
    before = _read_all(db, db.vault)

    def crash(*_args: object) -> None:
        raise RuntimeError("killed before the old key was retired")

    monkeypatch.setattr(rotation, "promote_pending_key", crash)
    with pytest.raises(RuntimeError):
        rotation.rotate_master_key(db.admin(), db.engine, store)
    assert decode_key(store.get(master_key_name(install_id)) or "") == old_master
    vault = _vault(db, store)  # the committed key is the pending one: promoted now
    assert _read_all(db, vault) == before
    assert store.get(pending_key_name(install_id)) is None
    assert decode_key(store.get(master_key_name(install_id)) or "") != old_master


def test_refused_while_end_of_day_or_an_import_runs(db: TestDB) -> None:
    _world(db)
    store, install_id, old_master = _store(db)
    for name, shared in (("eod", False), ("writers", True)):
        lock = acquire(db.engine, name, "end of day on desk-7", shared=shared)
        try:
            with pytest.raises(StateError, match="End of day or a payment import is running"):
                rotation.rotate_master_key(db.admin(), db.engine, store)
        finally:
            lock.release()
    assert decode_key(store.get(master_key_name(install_id)) or "") == old_master
    assert store.get(pending_key_name(install_id)) is None


def test_only_an_admin_rotates_and_a_tampered_row_refuses_it(db: TestDB) -> None:
    officer = _world(db)
    store, install_id, old_master = _store(db)
    with pytest.raises(PermissionDenied):
        rotation.rotate_master_key(officer, db.engine, store)
    with db.sessions.begin() as s:
        first, second = s.scalars(select(Customer.id).order_by(Customer.id).limit(2)).all()
        card = s.scalar(select(Customer.bank_card_enc).where(Customer.id == first))
        s.execute(update(Customer).where(Customer.id == second).values(bank_card_enc=card))
    with pytest.raises(CiphertextMismatch, match=f"customers row {second}"):
        rotation.rotate_master_key(db.admin(), db.engine, store)
    with db.sessions() as s:
        wrapped = load_state(s).data_key_wrapped
    assert wrapped is not None
    unwrap_data_key(old_master, wrapped, install_id)  # nothing changed
