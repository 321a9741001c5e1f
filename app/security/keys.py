"""Where a workstation keeps the master key: the OS keyring, behind a protocol.

Order of lookup: the keyring (service ``p2pdesk``), then the environment variable
``P2PDESK_MASTER_KEY`` (base64, for servers and CI). A keyring error becomes a
message the user can act on, never a traceback.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
from typing import Protocol

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


def load_master_key(store: SecretStore, install_id: str) -> bytes | None:
    """The master key from the store, else from ``P2PDESK_MASTER_KEY``."""
    stored = store.get(master_key_name(install_id)) if store.available() else None
    if stored:
        key = decode_key(stored)
        if key is not None:
            return key
    env = os.environ.get("P2PDESK_MASTER_KEY")
    return decode_key(env) if env else None
