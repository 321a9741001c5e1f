"""An administrator enters this database's master key on a workstation.

The key is checked first (it must unwrap this database's data key), then kept in
the workstation's secret store (the OS keyring) or, without one, in a file wrapped
by a passphrase; the personal-data vault opens with it. The key itself is never
written to the database, a log or the audit.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.platform import (
    KeySource,
    VaultStatus,
    env_passphrase,
    load_state,
    open_vault,
    store_wrapped_key,
)
from app.security import audit
from app.security.audit_checkpoint import anchor_store
from app.security.audit_keys import derive_audit_keys
from app.security.audit_keys import register as register_audit_keys
from app.security.keys import SecretStore, decode_key, encode_key, master_key_name
from app.security.permissions import Permission
from app.security.pii import KeyUnavailable, PiiVault, unwrap_data_key

log = logging.getLogger(__name__)


class MasterKeyService:
    def __init__(
        self,
        ctx: ServiceContext,
        store: SecretStore,
        engine: Engine,
        passphrase: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.store = store
        self.engine = engine
        self.passphrase = passphrase

    def status(self) -> VaultStatus:
        """Whether this workstation can open personal data, and if not, why."""
        with self.ctx.sessions() as session:
            return open_vault(session, self.store, self.engine, self.passphrase)

    def enter(self, key_text: str, passphrase: str = "") -> VaultStatus:
        """Check ``key_text`` (base64, as ``p2pdesk init`` printed it) against this
        database and keep it on this workstation: in the keyring, or without one in
        a file wrapped by ``passphrase`` (else this session's or the environment's).
        Admins only; audited."""
        self.ctx.require(Permission.SETTINGS_EDIT)
        key = decode_key(key_text)
        if key is None:
            raise ValidationError("master key", "is not a base64 key of 32 bytes")
        phrase = passphrase or env_passphrase(self.passphrase)
        if not self.store.available() and not phrase:
            raise StateError(
                "This workstation has no usable keyring: choose a passphrase to keep the "
                "master key wrapped in a file, install or unlock a keyring (e.g. GNOME "
                "Keyring, KWallet, Windows Credential Manager), or set P2PDESK_MASTER_KEY."
            )
        with self.ctx.sessions() as session:
            state = load_state(session)
            wrapped, install_id = state.data_key_wrapped, state.install_id
        if wrapped is None:
            raise StateError("This database has no data key; run `p2pdesk init`.")
        try:
            data_key = unwrap_data_key(key, wrapped, install_id)
        except KeyUnavailable as exc:
            # A refused key is audited too, where this workstation can sign the trail
            # (without the key it can only log it).
            with self.ctx.transaction() as session:
                if not audit.can_sign(session):
                    log.warning("a master key that does not open %s was refused", install_id)
                    raise ValidationError(
                        "master key", "does not open this database's personal data"
                    ) from exc
                audit.record(
                    session,
                    self.ctx.actor,
                    "pii.master_key_refused",
                    "platform",
                    install_id,
                    now=self.ctx.now(),
                )
            raise ValidationError(
                "master key", "does not open this database's personal data"
            ) from exc
        if self.store.available():
            try:
                self.store.set(master_key_name(install_id), encode_key(key))
            except Exception as exc:  # keyring backends raise their own kinds
                raise StateError(f"The keyring refused to store the key ({exc}).") from exc
            source = KeySource.KEYRING
        else:
            assert phrase is not None
            store_wrapped_key(self.engine, install_id, key, phrase)
            self.passphrase = phrase
            source = KeySource.PASSPHRASE_FILE
        register_audit_keys(
            self.engine,
            derive_audit_keys(
                PiiVault(data_key).index_root,
                install_id,
                anchor_store(self.store),
            ),
        )
        with self.ctx.transaction() as session:
            audit.record(
                session,
                self.ctx.actor,
                "pii.master_key_entered",
                "platform",
                install_id,
                now=self.ctx.now(),
            )
        return VaultStatus(PiiVault(data_key, opened_from=wrapped), None, source)
