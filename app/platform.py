"""Platform state: business date, currency, and the personal-data vault."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.paths import data_dir
from app.security.audit_checkpoint import anchor_store
from app.security.audit_keys import derive_audit_keys
from app.security.audit_keys import register as register_audit_keys
from app.security.keys import (
    MasterKeyError,
    SecretStore,
    decode_key,
    encode_key,
    env_master_key,
    keyring_master_key,
    master_key_name,
)
from app.security.keywrap import PassphraseError, unwrap_master_key, wrap_master_key, write_private
from app.security.pii import KeyUnavailable, PiiVault, unwrap_data_key
from db.models.platform import PlatformState

log = logging.getLogger(__name__)
STATE_ID = 1


@dataclass(frozen=True)
class PlatformInfo:
    business_date: date
    currency: str
    install_id: str


def load_state(session: Session, *, for_update: bool = False) -> PlatformState:
    state = session.get(PlatformState, STATE_ID, with_for_update=for_update)
    if state is None:
        raise NotFound("This database has not been initialised. Run `p2pdesk init`.")
    return state


def platform_info(session: Session) -> PlatformInfo:
    state = load_state(session)
    return PlatformInfo(state.business_date, state.currency, state.install_id)


def business_date(session: Session) -> date:
    return load_state(session).business_date


PASSPHRASE_ENV = "P2PDESK_MASTER_PASSPHRASE"


class KeySource(StrEnum):
    """Where this workstation found the master key (shown in Admin > Master key)."""

    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    PASSPHRASE_FILE = "passphrase_file"
    PLAINTEXT_FILE = "plaintext_file"  # left by an older client; wrapped on first use


def sidecar_key_path(engine: Engine) -> Path | None:
    """For a SQLite file, where an older client left a plaintext master key."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    if engine.url.database == ":memory:":
        return None
    return Path(engine.url.database + ".masterkey")


def wrapped_key_path(engine: Engine, install_id: str) -> Path:
    """Where the passphrase-wrapped master key lives: beside a SQLite file, else in
    the user data directory under the database's install id."""
    sidecar = sidecar_key_path(engine)
    if sidecar is not None:
        return sidecar.with_name(sidecar.name + ".wrapped")
    return data_dir() / "keys" / f"{install_id}.masterkey.wrapped"


def env_passphrase(passphrase: str | None = None) -> str | None:
    """``passphrase`` if given, else ``P2PDESK_MASTER_PASSPHRASE`` when set."""
    return passphrase if passphrase else (os.environ.get(PASSPHRASE_ENV) or None)


def store_wrapped_key(engine: Engine, install_id: str, key: bytes, passphrase: str) -> Path:
    """Write ``key`` wrapped by ``passphrase`` (0600); delete a plaintext sidecar."""
    path = wrapped_key_path(engine, install_id)
    write_private(path, wrap_master_key(key, passphrase, install_id))
    sidecar = sidecar_key_path(engine)
    if sidecar is not None and sidecar.exists():
        sidecar.unlink()
    return path


def find_master_key(
    store: SecretStore, engine: Engine, install_id: str, passphrase: str | None = None
) -> tuple[bytes, KeySource] | None:
    """The master key and where it came from: ``P2PDESK_MASTER_KEY`` (a malformed one
    raises), the keyring, the passphrase-wrapped file (a wrong passphrase raises),
    or an older client's plaintext file. None when there is none (or the wrapped
    file waits for a passphrase; see :func:`needs_passphrase`)."""
    env = env_master_key()
    if env is not None:
        return env, KeySource.ENVIRONMENT
    key = keyring_master_key(store, install_id)
    if key is not None:
        return key, KeySource.KEYRING
    wrapped = wrapped_key_path(engine, install_id)
    phrase = env_passphrase(passphrase)
    if wrapped.exists():
        if phrase is None:
            return None
        return unwrap_master_key(wrapped.read_text(), phrase, install_id), KeySource.PASSPHRASE_FILE
    sidecar = sidecar_key_path(engine)
    if sidecar is not None and sidecar.exists():
        key = decode_key(sidecar.read_text())
        if key is None:
            raise MasterKeyError(f"The master-key file {sidecar} is damaged.")
        return key, KeySource.PLAINTEXT_FILE
    return None


def pending_key_name(install_id: str) -> str:
    """The keyring entry of a rotated master key not yet known to be committed."""
    return f"master-key-pending:{install_id}"


def pending_key_path(engine: Engine, install_id: str) -> Path:
    path = wrapped_key_path(engine, install_id)
    return path.with_name(path.name + ".pending")


def store_pending_key(
    store: SecretStore,
    engine: Engine,
    install_id: str,
    key: bytes,
    source: KeySource,
    passphrase: str | None = None,
) -> None:
    """Keep a new master key beside the current one until its rotation commits,
    the same way the current one is kept (keyring, or wrapped by the passphrase)."""
    if source is KeySource.KEYRING:
        store.set(pending_key_name(install_id), encode_key(key))
        return
    phrase = env_passphrase(passphrase)
    if phrase is None:
        raise PassphraseError("The master-key passphrase is needed to keep the new key.")
    write_private(pending_key_path(engine, install_id), wrap_master_key(key, phrase, install_id))


def pending_master_key(
    store: SecretStore, engine: Engine, install_id: str, passphrase: str | None = None
) -> bytes | None:
    """A rotated key whose promotion a crash interrupted, if there is one."""
    if store.available():
        text = store.get(pending_key_name(install_id))
        if text:
            return decode_key(text)
    path = pending_key_path(engine, install_id)
    phrase = env_passphrase(passphrase)
    if path.exists() and phrase is not None:
        try:
            return unwrap_master_key(path.read_text(), phrase, install_id)
        except PassphraseError:
            return None
    return None


def promote_pending_key(store: SecretStore, engine: Engine, install_id: str) -> None:
    """The pending key becomes the current one; the old one is gone from here."""
    if store.available():
        text = store.get(pending_key_name(install_id))
        if text:
            store.set(master_key_name(install_id), text)
            store.delete(pending_key_name(install_id))
    path = pending_key_path(engine, install_id)
    if path.exists():
        os.replace(path, wrapped_key_path(engine, install_id))


@dataclass(frozen=True)
class VaultStatus:
    vault: PiiVault | None
    reason: str | None  # why personal data is hidden, when it is
    source: KeySource | None = None
    needs_passphrase: bool = False  # a wrapped key waits for its passphrase


def open_vault(
    session: Session, store: SecretStore, engine: Engine, passphrase: str | None = None
) -> VaultStatus:
    """Unwrap the data key with this workstation's master key, if it has one.

    ``passphrase`` (else ``P2PDESK_MASTER_PASSPHRASE``) opens a wrapped key file; an
    older client's plaintext key file is wrapped with it and deleted on first use."""
    state = load_state(session)
    if state.data_key_wrapped is None:
        return VaultStatus(None, "This database has no data key; run `p2pdesk init`.")
    install_id = state.install_id
    try:
        found = find_master_key(store, engine, install_id, passphrase)
    except PassphraseError as exc:
        return VaultStatus(None, str(exc), needs_passphrase=True)
    except MasterKeyError as exc:
        return VaultStatus(None, str(exc))
    if found is None:
        if wrapped_key_path(engine, install_id).exists():
            return VaultStatus(
                None,
                "Personal data is locked: enter the master-key passphrase "
                f"(or set {PASSPHRASE_ENV}).",
                needs_passphrase=True,
            )
        return VaultStatus(
            None,
            "Personal data is hidden: this workstation does not hold the master key for "
            "this database. An administrator can enter it (Admin > Master key).",
        )
    master, source = found
    try:
        try:
            payload = unwrap_data_key(master, state.data_key_wrapped, install_id)
        except KeyUnavailable:
            # A rotation committed but crashed before its new key became current.
            pending = pending_master_key(store, engine, install_id, passphrase)
            if pending is None or source is KeySource.ENVIRONMENT:
                raise
            payload = unwrap_data_key(pending, state.data_key_wrapped, install_id)
            promote_pending_key(store, engine, install_id)
            log.warning("promoted the master key of an interrupted rotation")
        vault = PiiVault(payload, opened_from=state.data_key_wrapped)
    except KeyUnavailable as exc:
        if source is KeySource.ENVIRONMENT:
            return VaultStatus(
                None,
                "P2PDESK_MASTER_KEY does not open this database's data key "
                "(it is the key of another database, or mistyped).",
                source,
            )
        return VaultStatus(None, str(exc), source)
    # The master key opened this database: this process may now sign its audit trail.
    register_audit_keys(
        engine,
        derive_audit_keys(vault.index_root, install_id, anchor_store(store)),
    )
    phrase = env_passphrase(passphrase)
    if source is KeySource.PLAINTEXT_FILE and phrase is not None:
        store_wrapped_key(engine, install_id, master, phrase)
        source = KeySource.PASSPHRASE_FILE
    return VaultStatus(vault, None, source)
