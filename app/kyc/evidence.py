"""Evidence files: attached to an item, hashed, never deleted, only superseded.

The SHA-256 taken at upload is compared on every open; a mismatch means the
bytes were changed in the database and the file is shown as tampered.

The bytes are stored sealed (AES-GCM under the data key's blob subkey, starting
with the key-generation byte) and bound to their row: the evidence id and the
upload hash are the associated data, so a file copied onto another row does not
open. Files stored before sealing (generation 0, plain image/PDF bytes, which never
start with the generation byte) still open until ``init`` seals them.
"""

from __future__ import annotations

from sqlalchemy import select

from app.context import ServiceContext
from app.errors import NotFound, StateError, ValidationError
from app.kyc.checklists import reopen_for_review
from app.kyc.records import EvidenceFile, EvidenceInfo, evidence_info
from app.kyc.rules import size_problem, sniff_mime
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import KeyUnavailable, PiiVault
from app.security.sealed_files import EVIDENCE, LOCKED, sha256_hex
from app.settings import get_setting
from db.models.kyc import KycEvidence, KycItem

MAX_BYTES_SETTING = "kyc.evidence_max_bytes"


def open_content(vault: PiiVault | None, evidence_id: int, sha256: str, raw: bytes) -> bytes:
    """The file's plaintext (a file from before sealing as it is). StateError
    without the key; KeyUnavailable when the sealed bytes were altered or moved."""
    return EVIDENCE.open(vault, evidence_id, sha256, raw)


class EvidenceService:
    def __init__(self, ctx: ServiceContext, vault: PiiVault | None = None) -> None:
        self.ctx = ctx
        self.vault = vault

    def attach(
        self, item_id: int, file_name: str, content: bytes, *, supersedes: int | None = None
    ) -> EvidenceInfo:
        """Store a file for an item (images or PDF, up to the size limit setting).

        ``supersedes`` names the current file this one replaces; it stays stored."""
        self.ctx.require(Permission.KYC_VERIFY)
        name = file_name.strip().replace("\\", "/").rsplit("/", 1)[-1][:255]
        if not name:
            raise ValidationError("file", "has no name")
        mime = sniff_mime(content)
        if mime is None:
            raise ValidationError(name, "is not an image (PNG, JPEG, GIF, WebP) or a PDF")
        vault = self.vault
        if vault is None:
            raise StateError(LOCKED)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            limit = int(get_setting(session, MAX_BYTES_SETTING))
            problem = size_problem(len(content), limit)
            if problem:
                raise ValidationError(name, problem)
            item = session.get(KycItem, item_id)
            if item is None:
                raise NotFound(f"checklist item {item_id} does not exist")
            if item.state == "waived":
                raise StateError(f"'{item.label}' is waived; it takes no evidence.")
            old = None
            if supersedes is not None:
                old = session.get(KycEvidence, supersedes, with_for_update=True)
                if old is None or old.item_id != item_id:
                    raise ValidationError("supersedes", "is not a file of this item")
                if old.superseded_by is not None:
                    raise StateError(f"'{old.file_name}' was already replaced by a newer file.")
            evidence = KycEvidence(
                item_id=item_id,
                file_name=name,
                mime_type=mime,
                size=len(content),
                sha256=sha256_hex(content),
                content=b"",  # sealed below, once the row has its id
                uploaded_by=self.ctx.actor.user_id,
                uploaded_by_name=self.ctx.actor.username,
                uploaded_at=now,
            )
            session.add(evidence)
            session.flush()
            from app.platform import load_state

            vault.require_current(load_state(session).data_key_wrapped)
            evidence.content = EVIDENCE.seal(vault, evidence.id, evidence.sha256, content)
            session.flush()
            if old is not None:
                old.superseded_by = evidence.id
                session.flush()
            reopen_for_review(session, item, self.ctx.actor, now, evidence.id)
            audit.record(
                session,
                self.ctx.actor,
                "kyc.evidence_attached",
                "kyc_evidence",
                evidence.id,
                now=now,
                after={
                    "item_id": item_id,
                    "file": name,
                    "mime": mime,
                    "size": len(content),
                    "sha256": evidence.sha256,
                    "supersedes": supersedes,
                },
            )
            return evidence_info(evidence)

    def list(self, item_id: int) -> list[EvidenceInfo]:
        """Every file of an item, oldest first (superseded ones included)."""
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.transaction() as session:
            rows = session.scalars(
                select(KycEvidence).where(KycEvidence.item_id == item_id).order_by(KycEvidence.id)
            ).all()
            return [evidence_info(e) for e in rows]

    def open(self, evidence_id: int) -> EvidenceFile:
        """The file's bytes with the hash checked; a mismatch is audited as tampering."""
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.transaction() as session:
            e = session.get(KycEvidence, evidence_id)
            if e is None:
                raise NotFound(f"evidence {evidence_id} does not exist")
            raw = bytes(e.content)
            try:
                content = open_content(self.vault, e.id, e.sha256, raw)
                actual = sha256_hex(content)
            except KeyUnavailable:  # altered ciphertext, or copied from another row
                content, actual = b"", sha256_hex(raw)
            opened = EvidenceFile(evidence_info(e), content, actual)
            if not opened.intact:
                audit.record(
                    session,
                    self.ctx.actor,
                    "kyc.evidence_tampered",
                    "kyc_evidence",
                    e.id,
                    now=self.ctx.now(),
                    after={"expected": e.sha256, "actual": opened.actual_sha256},
                )
            return opened
