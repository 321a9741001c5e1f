"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import hashlib
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.errors import ValidationError

MIN_LENGTH = 8


def _hasher() -> PasswordHasher:
    # Memory-hard parameters (RFC 9106 second recommendation, lighter on time).
    # The test suite sets P2PDESK_FAST_HASH=1 for cheap (still argon2id) hashes;
    # verification reads the parameters from the stored hash either way.
    if os.environ.get("P2PDESK_FAST_HASH") == "1":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=2)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` after checking the policy."""
    check_policy(password)
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def fingerprint(stored_hash: str) -> str:
    """What an audit event records of a password hash: enough for ``verify`` to see a
    hash swapped in the database, nothing that helps guess the password (the salted
    argon2id hash itself is not published)."""
    return hashlib.sha256(stored_hash.encode("utf-8")).hexdigest()


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError("password", f"must be at least {MIN_LENGTH} characters long")
    if password.strip() != password:
        raise ValidationError("password", "must not start or end with spaces")
