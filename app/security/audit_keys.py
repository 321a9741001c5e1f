"""The audit trail's keys: derived from the master key, never stored in the database.

Each audit event's link is an HMAC under a key derived (HKDF, domain-separated, salted
with the database's install id) from the master key hierarchy: from the index root,
which the database stores only wrapped by the master key that workstations keep
outside it (keyring, passphrase-wrapped file or ``P2PDESK_MASTER_KEY``), and which,
unlike the master key and the data root, survives a key rotation, so the trail
signed before a rotation still verifies after it. Whoever can write the database but
does not hold the master key can neither forge a link nor sign a checkpoint.

A process learns the keys of a database when it opens its vault (or creates it at
``init``) and keeps them here by database identity, so every engine and session on
that database in this process signs with them.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.engine import URL

from app.errors import P2PDeskError
from app.security.keys import SecretStore

_LINK_INFO = b"p2pdesk audit chain link v1"
_CHECKPOINT_INFO = b"p2pdesk audit checkpoint v1"
_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306}


class AuditKeyUnavailable(P2PDeskError):
    """This workstation does not hold the master key, so it cannot sign the audit trail."""


@dataclass(frozen=True)
class AuditKeys:
    """The link key, the checkpoint key, the database they belong to, and where this
    workstation remembers the newest checkpoint it wrote (its keyring, when it has one)."""

    link: bytes
    checkpoint: bytes
    install_id: str
    anchor_store: SecretStore | None = None


def derive_audit_keys(
    root: bytes, install_id: str, anchor_store: SecretStore | None = None
) -> AuditKeys:
    def one(info: bytes) -> bytes:
        kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=install_id.encode(), info=info)
        return kdf.derive(root)

    return AuditKeys(one(_LINK_INFO), one(_CHECKPOINT_INFO), install_id, anchor_store)


def _url_of(bind: object) -> URL:
    engine = getattr(bind, "engine", bind)  # a Connection names its Engine
    url: URL = engine.url  # type: ignore[attr-defined]
    return url


def database_identity(bind: object) -> str:
    """The database an engine, connection or URL points at, whatever the driver, user
    or password: ``sqlite:/abs/path`` or ``backend://host:port/name``."""
    url = bind if isinstance(bind, URL) else _url_of(bind)
    backend = url.get_backend_name()
    if backend == "sqlite":
        name = url.database or ":memory:"
        if name != ":memory:" and not name.startswith("file:"):
            name = str(Path(name).resolve())
        return f"sqlite:{name}"
    backend = "mysql" if backend == "mariadb" else backend
    port = url.port or _DEFAULT_PORTS.get(backend, 0)
    return f"{backend}://{(url.host or 'localhost').lower()}:{port}/{url.database or ''}"


def identity_digest(bind: object) -> str:
    """A short stable name for a database (file names, keyring entries)."""
    return hashlib.sha256(database_identity(bind).encode("utf-8")).hexdigest()[:24]


_KEYS: dict[str, AuditKeys] = {}
_LOCK = threading.Lock()


def register(bind: object, keys: AuditKeys) -> None:
    """From now on this process signs the audit trail of ``bind``'s database with
    ``keys`` (call it only with a master key that opened the database's data key)."""
    with _LOCK:
        _KEYS[database_identity(bind)] = keys


def forget(bind: object) -> None:
    with _LOCK:
        _KEYS.pop(database_identity(bind), None)


def keys_for(bind: object) -> AuditKeys | None:
    """The audit keys this process holds for ``bind``'s database, if any."""
    return _KEYS.get(database_identity(bind))


def require_keys(bind: object) -> AuditKeys:
    keys = keys_for(bind)
    if keys is None:
        raise AuditKeyUnavailable(
            "This workstation does not hold this database's master key, so it cannot sign "
            "the audit trail; nothing was saved. Enter the master key (Admin > Master key) "
            "or its passphrase, or set P2PDESK_MASTER_KEY."
        )
    return keys
