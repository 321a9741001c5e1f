"""An administrator enters this database's master key on a workstation.

The key is checked first (it must unwrap this database's data key), then kept in
the workstation's secret store (the OS keyring); the personal-data vault opens
with it. The key itself is never written to the database, a log or the audit.
"""

from __future__ import annotations

from sqlalchemy import Engine

from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.platform import VaultStatus, load_state, open_vault
from app.security import audit
from app.security.keys import SecretStore, decode_key, encode_key, master_key_name
from app.security.permissions import Permission
from app.security.pii import KeyUnavailable, PiiVault, unwrap_data_key


class MasterKeyService:
    def __init__(self, ctx: ServiceContext, store: SecretStore, engine: Engine) -> None:
        self.ctx = ctx
        self.store = store
        self.engine = engine

    def status(self) -> VaultStatus:
        """Whether this workstation can open personal data, and if not, why."""
        with self.ctx.sessions() as session:
            return open_vault(session, self.store, self.engine)

    def enter(self, key_text: str) -> VaultStatus:
        """Check ``key_text`` (base64, as ``p2pdesk init`` printed it) against this
        database and store it on this workstation. Admins only; audited."""
        self.ctx.require(Permission.SETTINGS_EDIT)
        key = decode_key(key_text)
        if key is None:
            raise ValidationError("master key", "is not a base64 key of 32 bytes")
        if not self.store.available():
            raise StateError(
                "This workstation has no usable keyring, so the master key cannot be kept. "
                "Install or unlock a keyring (e.g. GNOME Keyring, KWallet, Windows "
                "Credential Manager) or set P2PDESK_MASTER_KEY for this session."
            )
        with self.ctx.sessions() as session:
            state = load_state(session)
            wrapped, install_id = state.data_key_wrapped, state.install_id
        if wrapped is None:
            raise StateError("This database has no data key; run `p2pdesk init`.")
        try:
            data_key = unwrap_data_key(key, wrapped, install_id)
        except KeyUnavailable as exc:
            with self.ctx.transaction() as session:  # a refused key is audited too
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
        try:
            self.store.set(master_key_name(install_id), encode_key(key))
        except Exception as exc:  # keyring backends raise their own kinds
            raise StateError(f"The keyring refused to store the key ({exc}).") from exc
        with self.ctx.transaction() as session:
            audit.record(
                session,
                self.ctx.actor,
                "pii.master_key_entered",
                "platform",
                install_id,
                now=self.ctx.now(),
            )
        return VaultStatus(PiiVault(data_key), None)
