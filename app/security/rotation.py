"""Reseal every protected value: bind old ones to their rows, rotate the master key.

Both jobs read each encrypted customer column and each stored file (KYC evidence,
ticket attachments) under the
vault that wrote it and write it back under another, in keyset batches of bulk
UPDATEs inside **one** transaction together with the new wrapped key payload, so
the database is never half under one key and half under the other. A value that
does not open under its own row refuses the whole job (it would otherwise be
laundered into a valid ciphertext): run ``p2pdesk verify`` to see which.

Key rotation (issue 20 #1): a new master key and a new data root (the blind-index
root is kept: the blacklist stores only blind indexes, no plaintext to recompute
them from). The new master key is stored *pending* before the commit and becomes
current only after it, so a crash at any point leaves a key that opens the
database: the old one before the commit, the pending one after it
(``app.platform`` promotes it on the next open).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Engine, Table, bindparam, select, update
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.customers.fields import ENCRYPTED
from app.customers.fields import open_blob as open_customer_blob
from app.customers.fields import seal as seal_customer_value
from app.errors import StateError
from app.locks import HeldLock, LockBusy, acquire
from app.platform import (
    KeySource,
    find_master_key,
    load_state,
    promote_pending_key,
    store_pending_key,
)
from app.security import audit
from app.security.keys import SecretStore
from app.security.permissions import Permission
from app.security.pii import (
    CiphertextMismatch,
    PiiVault,
    bound_payload,
    new_key,
    unwrap_data_key,
    wrap_data_key,
)
from app.security.sealed_files import ALL_FILES, reseal
from db.models.customers import Customer

BATCH = 500


@dataclass(frozen=True)
class ResealCount:
    fields: int
    files: int


def _customer_batches(session: Session) -> Iterator[list[Customer]]:
    last = 0
    while True:
        rows = list(
            session.scalars(
                select(Customer).where(Customer.id > last).order_by(Customer.id).limit(BATCH)
            )
        )
        if not rows:
            return
        yield rows
        last = rows[-1].id


def reseal_all(session: Session, old: PiiVault, new: PiiVault) -> ResealCount:
    """Re-encrypt every customer column and stored file from ``old`` to ``new``
    in the caller's transaction (plaintext birth dates and evidence of older
    schemas are sealed on the way). Raises CiphertextMismatch naming the first row
    whose value does not open under ``old``."""
    fields = files = 0
    table = cast(Table, Customer.__table__)
    columns = [*ENCRYPTED.values(), "birth_date"]
    # One executemany per batch (Core: the rows' version column stays as it is).
    set_customer = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({c: bindparam(f"new_{c}") for c in columns})
    )
    for rows in _customer_batches(session):
        changes: list[dict[str, object]] = []
        for c in rows:
            change: dict[str, object] = {"row_id": c.id, "new_birth_date": None}
            for kind, column in ENCRYPTED.items():
                blob = getattr(c, column)
                sealed = None
                if blob is not None:
                    plain = open_customer_blob(old, c.id, kind, blob)
                    sealed = seal_customer_value(new, c.id, kind, plain)
                    fields += 1
                change[f"new_{column}"] = sealed
            if c.birth_date_legacy is not None and change["new_birth_date_enc"] is None:
                born = c.birth_date_legacy.isoformat()
                change["new_birth_date_enc"] = seal_customer_value(new, c.id, "birth_date", born)
                fields += 1
            changes.append(change)
        session.expunge_all()  # the UPDATE below is the truth; keep memory flat
        session.execute(set_customer, changes)
    for stored in ALL_FILES:
        files += reseal(session, stored, old, new, CiphertextMismatch)
    return ResealCount(fields, files)


def bind_to_rows(
    ctx: ServiceContext, engine: Engine, store: SecretStore, passphrase: str | None = None
) -> int:
    """Upgrade a database whose fields are not yet bound to their rows (32-byte key
    payload): reseal everything under the same keys in the bound form and rewrap
    the payload, so unbound values are refused from then on. Returns how many
    values were resealed (0 when already bound, or when the key is not here)."""
    with ctx.sessions.begin() as session:
        state = load_state(session, for_update=True)
        wrapped, install_id = state.data_key_wrapped, state.install_id
        found = find_master_key(store, engine, install_id, passphrase)
        if wrapped is None or found is None:
            return 0
        master = found[0]
        vault = PiiVault(unwrap_data_key(master, wrapped, install_id))
        if not vault.legacy_readable:
            return 0
        bound = PiiVault(vault.payload)
        count = reseal_all(session, vault, bound)
        state = load_state(session)
        state.data_key_wrapped = wrap_data_key(master, bound.payload, install_id)
        audit.record(
            session,
            ctx.actor,
            "pii.bound_to_rows",
            "platform",
            install_id,
            now=ctx.now(),
            after={"fields": count.fields, "files": count.files},
        )
    return count.fields + count.files


@dataclass(frozen=True)
class RotationResult:
    fields: int
    files: int
    stored: KeySource


def _take_locks(engine: Engine) -> list[HeldLock]:
    holder = f"{socket.gethostname()} (rotate-key)"
    held: list[HeldLock] = []
    try:
        for name in ("eod", "writers"):
            held.append(acquire(engine, name, holder))
    except LockBusy as exc:
        for lock in reversed(held):
            lock.release()
        who = f" ({exc.holder})" if exc.holder else ""
        raise StateError(
            f"End of day or a payment import is running{who}; rotate the key when it has finished."
        ) from exc
    return held


def rotate_master_key(
    ctx: ServiceContext, engine: Engine, store: SecretStore, passphrase: str | None = None
) -> RotationResult:
    """A new master key and data root; every protected value re-encrypted under
    them in one transaction; the new key kept where the old one was (the keyring,
    or the file wrapped by the same passphrase). Admins only; audited; refused
    while end of day or a payment import runs."""
    ctx.require(Permission.SETTINGS_EDIT)
    held = _take_locks(engine)
    try:
        with ctx.sessions() as session:
            state = load_state(session)
            wrapped, install_id = state.data_key_wrapped, state.install_id
        if wrapped is None:
            raise StateError("This database has no data key; run `p2pdesk init`.")
        found = find_master_key(store, engine, install_id, passphrase)
        if found is None:
            raise StateError(
                "This workstation does not hold the master key of this database "
                "(or its passphrase was not given: set P2PDESK_MASTER_PASSPHRASE)."
            )
        master, source = found
        if source not in (KeySource.KEYRING, KeySource.PASSPHRASE_FILE):
            raise StateError(
                "The master key comes from P2PDESK_MASTER_KEY or an unwrapped file: rotate "
                "it on a workstation that keeps it in the keyring or wrapped by a passphrase."
            )
        old = PiiVault(unwrap_data_key(master, wrapped, install_id))
        new_master = new_key()
        new = PiiVault(bound_payload(new_key(), old.index_root))
        # 1. the new key, pending: a crash before the commit leaves the old one current
        store_pending_key(store, engine, install_id, new_master, source, passphrase)
        # 2. every value and the new wrapped payload, one transaction
        with ctx.transaction() as session:
            state = load_state(session, for_update=True)
            if state.data_key_wrapped != wrapped:
                raise StateError("The master key was rotated meanwhile by someone else.")
            count = reseal_all(session, old, new)
            state = load_state(session)
            state.data_key_wrapped = wrap_data_key(new_master, new.payload, install_id)
            audit.record(
                session,
                ctx.actor,
                "pii.master_key_rotated",
                "platform",
                install_id,
                now=ctx.now(),
                after={"fields": count.fields, "files": count.files, "kept_in": str(source)},
            )
        # 3. only now is the old key retired
        promote_pending_key(store, engine, install_id)
    finally:
        for lock in reversed(held):
            lock.release()
    return RotationResult(count.fields, count.files, source)
