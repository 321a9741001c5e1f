"""The master key wrapped by a passphrase, for workstations without an OS keyring.

The file beside the database (or in the user data directory for a server
database) holds JSON: the KDF (scrypt) and its parameters, a random salt, and the
master key encrypted with AES-GCM under the derived key, with the database's
install id as associated data. It is written owner-only (0600). The plaintext
master key is never written to disk.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import P2PDeskError
from db.private_files import private_mkdir

FORMAT = "p2pdesk-wrapped-master-key"
#: scrypt cost: 2**15 x 8 x 1 takes ~0.1 s and 32 MiB, the interactive-login level.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8


#: A passphrase chosen now (the first run's, not one kept from before) needs more.
MIN_NEW_PASSPHRASE = 12
MIN_DISTINCT_CHARACTERS = 6


def new_passphrase_problem(passphrase: str) -> str | None:
    """Why a newly chosen passphrase is too weak: "short" (fewer than
    MIN_NEW_PASSPHRASE characters) or "repetitive" (fewer than
    MIN_DISTINCT_CHARACTERS different characters); None when it will do."""
    if len(passphrase) < MIN_NEW_PASSPHRASE:
        return "short"
    if len(set(passphrase)) < MIN_DISTINCT_CHARACTERS:
        return "repetitive"
    return None


class PassphraseError(P2PDeskError):
    """The passphrase is missing, too short, or does not open the wrapped key."""


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=n, r=r, p=p)
    return kdf.derive(passphrase.encode("utf-8"))


def wrap_master_key(master_key: bytes, passphrase: str, install_id: str) -> str:
    """The JSON text of ``master_key`` wrapped under ``passphrase``."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseError(
            f"The master-key passphrase must have at least {MIN_PASSPHRASE} characters."
        )
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = AESGCM(kek).encrypt(nonce, master_key, install_id.encode())
    b64 = base64.b64encode
    return json.dumps(
        {
            "format": FORMAT,
            "version": 1,
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": b64(salt).decode(),
            "nonce": b64(nonce).decode(),
            "wrapped": b64(wrapped).decode(),
        },
        indent=1,
    )


def unwrap_master_key(text: str, passphrase: str, install_id: str) -> bytes:
    """The master key from a wrapped-key file's text; PassphraseError if it is wrong."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT or data.get("kdf") != "scrypt":
            raise ValueError("not a wrapped p2pdesk master key")
        salt = base64.b64decode(data["salt"], validate=True)
        nonce = base64.b64decode(data["nonce"], validate=True)
        wrapped = base64.b64decode(data["wrapped"], validate=True)
        n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PassphraseError(f"The wrapped master-key file is damaged ({exc}).") from exc
    try:
        return AESGCM(_derive(passphrase, salt, n, r, p)).decrypt(
            nonce, wrapped, install_id.encode()
        )
    except InvalidTag as exc:
        raise PassphraseError("The master-key passphrase is wrong.") from exc


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only, atomically."""
    private_mkdir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
