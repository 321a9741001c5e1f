"""Personal data at rest: AES-GCM encryption, blind indexes, masking.

A random data key is created at ``init`` and stored in the database only wrapped
(encrypted) by a master key that each workstation keeps outside the database
(the OS keyring; see ``app.security.keys``). Without the master key the client
still opens, with personal data hidden.

What the master key wraps (the *key payload*) comes in two forms:

- 32 bytes (databases before issue 20 #19): one root from which the field, blob
  and blind-index subkeys are derived; fields may still be in the unbound form.
- ``PAYLOAD_BOUND`` + 32 bytes data root + 32 bytes index root: every field
  ciphertext is bound to its row, so the unbound form is refused. The index root
  survives a key rotation (the blacklist keeps only blind indexes, no plaintext
  to recompute them from); the data root is new with every rotation.

A field ciphertext is ``FIELD_VERSION`` + nonce + AES-GCM with ``table.column:row``
as associated data, so a value copied onto another row or column does not open.
The unbound form (nonce + AES-GCM with the kind as associated data) is still read
while the payload is the 32-byte one, until ``init`` or ``rotate-key`` reseals it.
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

from app.customers.identity import normal_phone
from app.errors import P2PDeskError

KEY_BYTES = 32
_NONCE_BYTES = 12
#: The key generation byte that starts every sealed blob this client writes. Blobs
#: written before versioning (plaintext evidence) count as generation 0.
BLOB_GENERATION = 1
#: The version byte that starts every field ciphertext bound to its row.
FIELD_VERSION = 1
#: The first byte of a key payload whose fields are all bound (see the module doc).
PAYLOAD_BOUND = 2


class KeyUnavailable(P2PDeskError):
    """The master key is missing or does not open this database's data key."""


class CiphertextMismatch(KeyUnavailable):
    """A stored value does not open under its own row and column: it was altered,
    copied from another row, or written under another key."""


def field_aad(table: str, column: str, row_id: int) -> bytes:
    """What a field ciphertext is bound to: its table, column and row."""
    return f"{table}.{column}:{row_id}".encode()


def bound_payload(data_root: bytes, index_root: bytes) -> bytes:
    """The key payload of a database whose fields are all bound to their rows."""
    return bytes([PAYLOAD_BOUND]) + data_root + index_root


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
    if kind == "phone":  # one form however it was typed: +86, 0086, spaces, dashes
        return normal_phone(value)
    text = value.strip().upper() if kind == "id_number" else value.strip()
    if kind == "bank_card":
        text = re.sub(r"[\s\-()]", "", text)
    return text


class PiiVault:
    """Encrypts, decrypts and indexes personal data with one database's data key."""

    def __init__(self, payload: bytes, opened_from: bytes | None = None) -> None:
        #: The wrapped payload this vault was opened from; a rotation replaces it.
        self.opened_from = opened_from
        if len(payload) == KEY_BYTES:  # before binding: one root, unbound fields readable
            data_key, index_root, self.legacy_readable = payload, payload, True
        elif len(payload) == 1 + 2 * KEY_BYTES and payload[0] == PAYLOAD_BOUND:
            data_key, index_root = payload[1 : 1 + KEY_BYTES], payload[1 + KEY_BYTES :]
            self.legacy_readable = False
        else:
            raise ValueError("data key must be 32 bytes (or a bound key payload)")
        self.data_root, self.index_root = data_key, index_root
        self._aead = AESGCM(data_key)
        self._index_key = _subkey(index_root, b"p2pdesk blind index")
        self._blob_aead = AESGCM(_subkey(data_key, b"p2pdesk sealed blob"))
        self._field_aead = AESGCM(_subkey(data_key, b"p2pdesk bound field v1"))

    def require_current(self, current_wrapped: bytes | None) -> None:
        """Refuse to write under a key the database no longer uses (a rotation or
        an upgrade committed since this vault was opened): the value would be
        unreadable to everyone else."""
        if self.opened_from is not None and current_wrapped != self.opened_from:
            raise KeyUnavailable(
                "The master key of this database was changed since this workstation "
                "opened personal data. Log out and in again (an administrator gives this "
                "workstation the new key: Admin > Master key)."
            )

    @property
    def payload(self) -> bytes:
        """What the master key wraps for this vault, always in the bound form."""
        return bound_payload(self.data_root, self.index_root)

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

    def seal_field(self, table: str, column: str, row_id: int, kind: str, value: str) -> bytes:
        """``value`` (normalised for ``kind``) encrypted and bound to its row:
        ``FIELD_VERSION`` + nonce + AES-GCM ciphertext."""
        nonce = os.urandom(_NONCE_BYTES)
        plain = normalise(kind, value).encode("utf-8")
        aad = field_aad(table, column, row_id)
        return bytes([FIELD_VERSION]) + nonce + self._field_aead.encrypt(nonce, plain, aad)

    def open_field(self, table: str, column: str, row_id: int, kind: str, blob: bytes) -> str:
        """The plaintext of :meth:`seal_field`. CiphertextMismatch, naming the row, when
        the value was altered, copied from another row or column, or sealed under
        another key; an unbound value only while this database still has them."""
        plain, _bound = self.open_field_checked(table, column, row_id, kind, blob)
        return plain

    def open_field_checked(
        self, table: str, column: str, row_id: int, kind: str, blob: bytes
    ) -> tuple[str, bool]:
        """Like :meth:`open_field`, and whether the value was already bound."""
        blob = bytes(blob)
        if blob[:1] == bytes([FIELD_VERSION]):
            body = blob[1:]
            try:
                plain = self._field_aead.decrypt(
                    body[:_NONCE_BYTES], body[_NONCE_BYTES:], field_aad(table, column, row_id)
                )
                return plain.decode("utf-8"), True
            except (InvalidTag, ValueError):
                pass  # an unbound value may start with the version byte by chance
        if self.legacy_readable:
            try:
                plain = self._aead.decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], kind.encode())
                return plain.decode("utf-8"), False
            except (InvalidTag, ValueError):
                pass
        raise CiphertextMismatch(
            f"{table} row {row_id}: the stored {column} does not decrypt under its own row "
            "and column (altered, copied from another row, or written under another key); "
            "it is not shown."
        )

    def blind_index(self, kind: str, value: str) -> str:
        message = f"{kind}:{normalise(kind, value)}".encode()
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()


def _subkey(root: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(root)


def last4(kind: str, value: str) -> str:
    return normalise(kind, value)[-4:]


def mask(kind: str, last_four: str | None) -> str:
    """Masked display: ``1101**********1234`` style (prefix hidden too, we keep no prefix)."""
    if not last_four:
        return ""
    stars = {"id_number": 14, "phone": 7, "bank_card": 12}.get(kind, 6)
    return "*" * stars + last_four
