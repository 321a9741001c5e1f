"""Files kept in the database, sealed at rest under the master key hierarchy.

Two tables hold customers' documents as whole files: KYC evidence (ID-card
scans, payslips) and ticket attachments (a receipt or a letter a caller sent).
Each file is sealed with AES-GCM bound to its table, row and upload hash, so a
file copied onto another row does not open there. The same four jobs run over
both: seal what an older schema stored in plaintext (``init``), re-seal under a
new key (``rotate-key``), name every file that is in plaintext or does not open
(``verify``), and open one for a screen.

A file is in plaintext when its stored bytes hash to the upload hash (a sealed
file never does); evidence from before this rule is also recognised by its
missing generation byte. Keyset batches by id keep memory flat; sealing commits
each batch on its own, so a crash resumes where it stopped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.errors import StateError
from app.security.pii import BLOB_GENERATION, KeyUnavailable, PiiVault
from db.models.kyc import KycEvidence
from db.models.servicedesk import TicketAttachment

BATCH = 50  # files are up to megabytes each

LOCKED = (
    "Customer documents are encrypted: this workstation needs the master key to store "
    "or open them (Admin > Master key)."
)


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class SealedFiles:
    """One table of sealed files: its model (``id``, ``sha256``, ``content``), the
    word for one file in messages, and the associated data it is bound to."""

    model: Any
    noun: str
    column: str

    def aad(self, row_id: int, sha256: str) -> bytes:
        """What a sealed file is bound to: its table, column, row and hash."""
        return f"{self.column}:{row_id}:{sha256}".encode()

    def is_sealed(self, raw: bytes, sha256: str) -> bool:
        return raw[:1] == bytes([BLOB_GENERATION]) and sha256_hex(raw) != sha256

    def seal(self, vault: PiiVault, row_id: int, sha256: str, content: bytes) -> bytes:
        return vault.seal_blob(self.aad(row_id, sha256), content)

    def open(self, vault: PiiVault | None, row_id: int, sha256: str, raw: bytes) -> bytes:
        """The file's plaintext (one stored before sealing as it is). StateError
        without the key; KeyUnavailable when the sealed bytes were altered or moved."""
        if not self.is_sealed(raw, sha256):
            return raw
        if vault is None:
            raise StateError(LOCKED)
        return vault.open_blob(self.aad(row_id, sha256), raw)


EVIDENCE = SealedFiles(KycEvidence, "evidence", "kyc_evidence.content")
ATTACHMENTS = SealedFiles(TicketAttachment, "ticket attachment", "ticket_attachments.content")
ALL_FILES = (EVIDENCE, ATTACHMENTS)


def _batches(session: Session, files: SealedFiles) -> Iterator[list[tuple[int, str, bytes]]]:
    model, last = files.model, 0
    while True:
        rows = session.execute(
            select(model.id, model.sha256, model.content)
            .where(model.id > last)
            .order_by(model.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        yield [(r[0], r[1], bytes(r[2])) for r in rows]
        last = rows[-1][0]


def plaintext_files(session: Session, files: SealedFiles) -> list[int]:
    """Ids of the table's files still stored unsealed."""
    return [
        i for batch in _batches(session, files) for i, sha, raw in batch
        if not files.is_sealed(raw, sha)
    ]  # fmt: skip


def _setter(files: SealedFiles) -> Any:
    table = cast(Table, files.model.__table__)
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(content=bindparam("new_content"))
    )


def seal_plaintext(sessions: sessionmaker[Session], vault: PiiVault, files: SealedFiles) -> int:
    """Seal every unsealed file of the table under its row; returns how many."""
    sealed, last, model = 0, 0, files.model
    while True:
        with sessions.begin() as session:
            rows = session.execute(
                select(model.id, model.sha256, model.content)
                .where(model.id > last)
                .order_by(model.id)
                .limit(BATCH)
            ).all()
            changes = [
                {"row_id": i, "new_content": files.seal(vault, i, sha, bytes(raw))}
                for i, sha, raw in rows
                if not files.is_sealed(bytes(raw), sha)
            ]
            if changes:
                session.execute(_setter(files), changes)
            sealed += len(changes)
        if len(rows) < BATCH:
            return sealed
        last = rows[-1][0]


def reseal(
    session: Session, files: SealedFiles, old: PiiVault, new: PiiVault,
    mismatch: Callable[[str], Exception],
) -> int:  # fmt: skip
    """Re-encrypt every file of the table from ``old`` to ``new`` in the caller's
    transaction (plaintext ones are sealed on the way); returns how many. A file
    that does not open under ``old`` raises ``mismatch(message)`` naming it."""
    count = 0
    for batch in _batches(session, files):
        changes: list[dict[str, object]] = []
        for row_id, sha, raw in batch:
            try:
                data = files.open(old, row_id, sha, raw)
            except KeyUnavailable as exc:
                raise mismatch(
                    f"{files.noun} {row_id}: the stored file does not decrypt under its own "
                    "row (altered, copied from another row, or written under another key)."
                ) from exc
            changes.append({"row_id": row_id, "new_content": files.seal(new, row_id, sha, data)})
        session.execute(_setter(files), changes)
        count += len(changes)
    return count


def file_problems(session: Session, files: SealedFiles, vault: PiiVault | None) -> list[str]:
    """One line per file of the table that is unsealed, does not open under its
    row, or does not match its upload hash (without the key only unsealed ones)."""
    problems: list[str] = []
    for batch in _batches(session, files):
        for row_id, sha, raw in batch:
            if not files.is_sealed(raw, sha):
                problems.append(f"{files.noun} {row_id} is stored unencrypted")
                continue
            if vault is None:
                continue
            try:
                content = files.open(vault, row_id, sha, raw)
            except KeyUnavailable:
                problems.append(f"{files.noun} {row_id} does not decrypt under its row")
                continue
            if sha256_hex(content) != sha:
                problems.append(f"{files.noun} {row_id} does not match its hash")
    return problems
