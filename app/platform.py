"""Platform state: business date, currency, and the personal-data vault."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.security.keys import SecretStore, decode_key, load_master_key
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


def sidecar_key_path(engine: Engine) -> Path | None:
    """For a SQLite file, where a master key may sit beside it when no keyring exists."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    if engine.url.database == ":memory:":
        return None
    return Path(engine.url.database + ".masterkey")


@dataclass(frozen=True)
class VaultStatus:
    vault: PiiVault | None
    reason: str | None  # why personal data is hidden, when it is


def open_vault(session: Session, store: SecretStore, engine: Engine) -> VaultStatus:
    """Unwrap the data key with this workstation's master key, if it has one."""
    state = load_state(session)
    if state.data_key_wrapped is None:
        return VaultStatus(None, "This database has no data key; run `p2pdesk init`.")
    master = load_master_key(store, state.install_id)
    sidecar = sidecar_key_path(engine)
    if master is None and sidecar is not None and sidecar.exists():
        master = decode_key(sidecar.read_text())
    if master is None:
        return VaultStatus(
            None,
            "Personal data is hidden: this workstation does not hold the master key for "
            "this database. An administrator can enter it (Admin > Master key).",
        )
    try:
        return VaultStatus(
            PiiVault(unwrap_data_key(master, state.data_key_wrapped, state.install_id)), None
        )
    except KeyUnavailable as exc:
        return VaultStatus(None, str(exc))
