"""Every personal-data ciphertext is bound to its table, column and row (issue 20 #19,
the encryption half): a card or ID number copied from one customer to another in the
database is refused when read, never shown as the other customer's, and `verify`
names the row. Values written before binding still read, and `init` binds them.
Every backend."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, update

from app.cli import main
from app.context import Actor, ServiceContext
from app.customers import fields
from app.customers.service import CustomerService
from app.platform import load_state, open_vault
from app.security.keys import KEY_ENV, MemoryStore, encode_key, master_key_name
from app.security.permissions import Role
from app.security.pii import CiphertextMismatch, PiiVault, normalise, wrap_data_key
from app.security.rotation import bind_to_rows
from app.verify import run_checks
from db.models.customers import Customer
from tests.kyc_support import new_customer
from tests.support import TEST_KEYS, TestDB

CARD_A, CARD_B = "6222020200112233445", "6222020200998877665"
ID_A = "11010519491231002X"


def _copy(db: TestDB, source: int, target: int, *columns: str) -> None:
    """What someone with write access to the database does: a plain UPDATE."""
    with db.sessions.begin() as s:
        values = s.execute(
            select(*(getattr(Customer, c) for c in columns)).where(Customer.id == source)
        ).one()
        s.execute(
            update(Customer)
            .where(Customer.id == target)
            .values(dict(zip(columns, values, strict=True)))
        )


def _failed(db: TestDB, vault: PiiVault) -> list[tuple[str, str]]:
    with db.sessions() as s:
        return [(c.name, c.detail) for c in run_checks(s, vault) if not c.ok]


def _master_key(db: TestDB) -> bytes:
    with db.sessions() as s:
        install_id = load_state(s).install_id
    text = TEST_KEYS.get(master_key_name(install_id))
    assert text is not None
    from app.security.keys import decode_key

    key = decode_key(text)
    assert key is not None
    return key


def test_a_card_and_id_number_copied_to_another_customer_are_refused_and_named(
    db: TestDB, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = db.user(Role.KYC_OFFICER)
    a = new_customer(db, officer, 0, bank_card=CARD_A, id_number=ID_A)
    b = new_customer(db, officer, 1, bank_card=CARD_B)
    service = CustomerService(officer, db.vault)
    assert service.reveal(b, "bank_card", "kyc_review") == CARD_B
    assert _failed(db, db.vault) == []

    _copy(db, a, b, "bank_card_enc", "id_number_enc")

    for kind in ("bank_card", "id_number"):
        with pytest.raises(CiphertextMismatch, match=f"customers row {b}: the stored {kind}_enc"):
            service.reveal(b, kind, "kyc_review")
    assert service.reveal(a, "bank_card", "kyc_review") == CARD_A  # the source still reads
    failed = _failed(db, db.vault)
    assert [name for name, _ in failed] == ["personal data decrypts under its row"]
    assert f"customer {b} (" in failed[0][1]
    assert "does not decrypt under its own row" in failed[0][1]
    assert "(and 1 more)" in failed[0][1]  # the ID number too

    # the command names the row, exit 1, with the key given as an administrator would
    monkeypatch.setenv(KEY_ENV, encode_key(_master_key(db)))
    assert main(["verify", "--db", db.url]) == 1
    out = capsys.readouterr().out
    assert f"FAIL personal data decrypts under its row: customer {b} (" in out


def test_a_value_moved_to_another_column_of_the_same_customer_is_refused(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    a = new_customer(db, officer, 0)
    with db.sessions.begin() as s:
        s.execute(update(Customer).where(Customer.id == a).values(phone_enc=Customer.bank_card_enc))
    with pytest.raises(CiphertextMismatch, match="phone_enc"):
        CustomerService(officer, db.vault).reveal(a, "phone", "kyc_review")


def _legacy(vault: PiiVault, kind: str, value: str) -> bytes:
    """The unbound form written before binding: nonce + AES-GCM, the kind as AAD."""
    nonce = os.urandom(12)
    aead = AESGCM(vault.index_root)
    return nonce + aead.encrypt(nonce, normalise(kind, value).encode(), kind.encode())


def test_values_written_before_binding_still_read_and_init_binds_them(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    new_customer(db, officer, 0, bank_card=CARD_A)
    b = new_customer(db, officer, 1, bank_card=CARD_B)
    # An older database: one 32-byte root (also the blind-index root, so search keeps
    # working) and unbound ciphertexts.
    master, root = _master_key(db), db.vault.index_root
    old = PiiVault(root)
    with db.sessions.begin() as s:
        state = load_state(s)
        state.data_key_wrapped = wrap_data_key(master, root, state.install_id)
        for c in s.scalars(select(Customer)):
            for kind, column in fields.ENCRYPTED.items():
                value = fields.read(db.vault, c, kind)
                if value is not None:
                    setattr(c, column, _legacy(old, kind, value))
    store = MemoryStore()
    with db.sessions() as s:
        install_id = load_state(s).install_id
        store.set(master_key_name(install_id), encode_key(master))
        legacy_vault = open_vault(s, store, db.engine).vault
    assert legacy_vault is not None and legacy_vault.legacy_readable
    service = CustomerService(officer, legacy_vault)
    assert service.reveal(b, "bank_card", "kyc_review") == CARD_B
    assert [c.id for c in service.search(CARD_B)] == [b]
    failed = _failed(db, legacy_vault)
    assert failed and "is not bound to its row" in failed[0][1]

    assert bind_to_rows(ServiceContext(db.sessions, Actor.system("init")), db.engine, store) > 0
    with db.sessions() as s:
        vault = open_vault(s, store, db.engine).vault
    assert vault is not None and not vault.legacy_readable
    assert _failed(db, vault) == []
    service = CustomerService(officer, vault)
    assert service.reveal(b, "bank_card", "kyc_review") == CARD_B
    assert [c.id for c in service.search(CARD_B)] == [b]
    # once bound, an unbound value put back (from an old backup) is refused
    with db.sessions.begin() as s:
        s.execute(
            update(Customer)
            .where(Customer.id == b)
            .values(bank_card_enc=_legacy(old, "bank_card", CARD_A))
        )
    with pytest.raises(CiphertextMismatch):
        service.reveal(b, "bank_card", "kyc_review")
    assert f"customer {b} (" in _failed(db, vault)[0][1]


def test_search_by_id_number_and_phone_still_works(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    a = new_customer(db, officer, 0, id_number=ID_A, phone="13712345678")
    service = CustomerService(officer, db.vault)
    assert [c.id for c in service.search(ID_A.lower())] == [a]
    assert [c.id for c in service.search("137 1234 5678")] == [a]
    with db.sessions() as s:
        c = s.get(Customer, a)
        assert c is not None and c.version == 1
        assert fields.read(db.vault, c, "id_number") == ID_A
