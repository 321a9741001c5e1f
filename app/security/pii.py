"""Personal data at rest: AES-GCM encryption, blind indexes, masking.

A random data key is created at ``init`` and stored in the database only wrapped
(encrypted) by a master key that each workstation keeps outside the database
(the OS keyring; see ``app.security.keys``). Without the master key the client
still opens, with personal data hidden.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import P2PDeskError

KEY_BYTES = 32
_NONCE_BYTES = 12
#: The key generation byte that starts every sealed blob this client writes. Blobs
#: written before versioning (plaintext evidence) count as generation 0.
BLOB_GENERATION = 1


class KeyUnavailable(P2PDeskError):
    """The master key is missing or does not open this database's data key."""


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def wrap_data_key(master_key: bytes, data_key: bytes, install_id: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(master_key).encrypt(nonce, data_key, install_id.encode())


def unwrap_data_key(master_key: bytes, wrapped: bytes, install_id: str) -> bytes:
    try:
        return AESGCM(master_key).decrypt(
            wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], install_id.encode()
        )
    except (InvalidTag, ValueError) as exc:
        raise KeyUnavailable(
            "The master key on this workstation does not open this database's personal data."
        ) from exc


def normalise(kind: str, value: str) -> str:
    """Canonical form used for both the blind index and storage."""
    text = value.strip().upper() if kind == "id_number" else value.strip()
    if kind in ("phone", "bank_card"):
        text = re.sub(r"[\s\-()]", "", text)
    return text


class PiiVault:
    """Encrypts, decrypts and indexes personal data with one database's data key."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError("data key must be 32 bytes")
        self._aead = AESGCM(data_key)
        self._index_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"p2pdesk blind index"
        ).derive(data_key)
        self._blob_aead = AESGCM(
            HKDF(
                algorithm=hashes.SHA256(), length=32, salt=None, info=b"p2pdesk sealed blob"
            ).derive(data_key)
        )

    def seal_blob(self, aad: bytes, data: bytes) -> bytes:
        """``data`` encrypted and bound to ``aad`` (the row and column it belongs to):
        generation byte + nonce + AES-GCM ciphertext."""
        nonce = os.urandom(_NONCE_BYTES)
        return bytes([BLOB_GENERATION]) + nonce + self._blob_aead.encrypt(nonce, data, aad)

    def open_blob(self, aad: bytes, blob: bytes) -> bytes:
        """The plaintext of :meth:`seal_blob`; KeyUnavailable when it was altered,
        moved to another row, or sealed under another key generation."""
        if not blob or blob[0] != BLOB_GENERATION:
            raise KeyUnavailable("the stored file is not sealed under this key generation")
        body = blob[1:]
        try:
            return self._blob_aead.decrypt(body[:_NONCE_BYTES], body[_NONCE_BYTES:], aad)
        except InvalidTag as exc:
            raise KeyUnavailable("the stored file cannot be decrypted (tampered?)") from exc

    def encrypt(self, kind: str, value: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        plain = normalise(kind, value).encode("utf-8")
        return nonce + self._aead.encrypt(nonce, plain, kind.encode())

    def decrypt(self, kind: str, blob: bytes) -> str:
        try:
            plain = self._aead.decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], kind.encode())
        except InvalidTag as exc:
            raise KeyUnavailable(f"the stored {kind} cannot be decrypted (tampered?)") from exc
        return plain.decode("utf-8")

    def blind_index(self, kind: str, value: str) -> str:
        message = f"{kind}:{normalise(kind, value)}".encode()
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()


def last4(kind: str, value: str) -> str:
    return normalise(kind, value)[-4:]


def mask(kind: str, last_four: str | None) -> str:
    """Masked display: ``1101**********1234`` style (prefix hidden too, we keep no prefix)."""
    if not last_four:
        return ""
    stars = {"id_number": 14, "phone": 7, "bank_card": 12}.get(kind, 6)
    return "*" * stars + last_four
