"""Where a workstation keeps the master key: the OS keyring, behind a protocol.

Order of lookup: the environment variable ``P2PDESK_MASTER_KEY`` (base64, for
servers and CI; when set it must be right, it never silently falls back), then the
keyring (service ``p2pdesk``), then a passphrase-wrapped file (``app.platform``).
A keyring error becomes a message the user can act on, never a traceback.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
from typing import Protocol

from app.errors import P2PDeskError

log = logging.getLogger(__name__)

SERVICE = "p2pdesk"


class SecretStore(Protocol):
    """A place for secrets. ``available`` says whether it can store at all."""

    def available(self) -> bool: ...
    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


class KeyringStore:
    """The OS keyring through ``keyring``."""

    def available(self) -> bool:
        try:
            import keyring
            from keyring.backends import fail

            return not isinstance(keyring.get_keyring(), fail.Keyring)
        except Exception:  # keyring raises many kinds at import on odd desktops
            log.exception("keyring backend probe failed")
            return False

    def get(self, name: str) -> str | None:
        import keyring

        try:
            value: str | None = keyring.get_password(SERVICE, name)
            return value
        except Exception:
            log.exception("keyring read failed")
            return None

    def set(self, name: str, value: str) -> None:
        import keyring

        keyring.set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(SERVICE, name)


class MemoryStore:
    """Secrets in memory: for tests and for a session without a keyring."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def available(self) -> bool:
        return True

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        self._values[name] = value

    def delete(self, name: str) -> None:
        self._values.pop(name, None)


def master_key_name(install_id: str) -> str:
    return f"master-key:{install_id}"


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def decode_key(text: str) -> bytes | None:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        return None
    return key if len(key) == 32 else None


KEY_ENV = "P2PDESK_MASTER_KEY"


class MasterKeyError(P2PDeskError):
    """The master key given to this workstation is malformed or damaged."""


def env_master_key() -> bytes | None:
    """The key in ``P2PDESK_MASTER_KEY``; a set but malformed value is an error."""
    env = os.environ.get(KEY_ENV)
    if env is None or not env.strip():
        return None
    key = decode_key(env)
    if key is None:
        raise MasterKeyError(f"{KEY_ENV} is not a base64 key of 32 bytes.")
    return key


def keyring_master_key(store: SecretStore, install_id: str) -> bytes | None:
    """The master key kept in ``store`` (the keyring), if any."""
    stored = store.get(master_key_name(install_id)) if store.available() else None
    return decode_key(stored) if stored else None


def load_master_key(store: SecretStore, install_id: str) -> bytes | None:
    """``P2PDESK_MASTER_KEY`` when set (malformed: MasterKeyError), else the store."""
    env = env_master_key()
    return env if env is not None else keyring_master_key(store, install_id)
