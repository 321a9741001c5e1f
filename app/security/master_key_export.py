"""An administrator reads this workstation's master key to give it to another one.

The key is only handed out after the administrator types their own password
again, only when it really opens this database's personal data, and every
showing (or refused attempt) is an audit event. The key itself never goes into
the audit, a log or the database.
"""

from __future__ import annotations

from sqlalchemy import Engine

from app.context import ServiceContext
from app.errors import AuthenticationError, StateError
from app.platform import find_master_key, load_state
from app.security import audit
from app.security.keys import SecretStore, encode_key
from app.security.passwords import verify_password
from app.security.permissions import Permission
from app.security.pii import KeyUnavailable, unwrap_data_key
from db.models.security import User


def show_master_key(
    ctx: ServiceContext,
    store: SecretStore,
    engine: Engine,
    password: str,
    passphrase: str | None = None,
) -> str:
    """This workstation's master key for this database, base64 (as ``p2pdesk init``
    printed it). Admins only (SETTINGS_EDIT), after re-entering their password;
    audited as ``pii.master_key_shown``. Any thread (opens its own sessions)."""
    ctx.require(Permission.SETTINGS_EDIT)
    with ctx.sessions() as session:
        user = session.get(User, ctx.actor.user_id) if ctx.actor.user_id is not None else None
        password_ok = (
            user is not None and user.active and verify_password(user.password_hash, password)
        )
        state = load_state(session)
        install_id, wrapped = state.install_id, state.data_key_wrapped
    if not password_ok:
        with ctx.transaction() as session:
            audit.record(
                session,
                ctx.actor,
                "pii.master_key_show_refused",
                "platform",
                install_id,
                now=ctx.now(),
            )
        raise AuthenticationError("The password is wrong.")
    found = find_master_key(store, engine, install_id, passphrase)
    key = found[0] if found is not None else None
    if key is None or wrapped is None:
        raise StateError("This workstation does not hold the master key of this database.")
    try:
        unwrap_data_key(key, wrapped, install_id)
    except KeyUnavailable as exc:
        raise StateError(
            "The master key on this workstation does not open this database's personal data."
        ) from exc
    with ctx.transaction() as session:  # committed before the key leaves this function
        audit.record(
            session, ctx.actor, "pii.master_key_shown", "platform", install_id, now=ctx.now()
        )
    return encode_key(key)
