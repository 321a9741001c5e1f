"""Seal evidence files stored before encryption (generation 0), and check that
every stored file opens. Runs where the master key is (``init``, ``verify``).
Keyset batches by id, each its own transaction, so a crash resumes where it
stopped; a file is rewritten only together with nothing else."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.kyc.evidence import evidence_aad, is_sealed, open_content, sha256_hex
from app.security.pii import KeyUnavailable, PiiVault
from db.models.kyc import KycEvidence

BATCH = 50  # evidence files are up to megabytes each


def _batches(session: Session) -> Iterator[list[tuple[int, str, bytes]]]:
    last = 0
    while True:
        rows = session.execute(
            select(KycEvidence.id, KycEvidence.sha256, KycEvidence.content)
            .where(KycEvidence.id > last)
            .order_by(KycEvidence.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        yield [(r[0], r[1], bytes(r[2])) for r in rows]
        last = rows[-1][0]


def plaintext_evidence(session: Session) -> list[int]:
    """Ids of evidence files still stored unsealed."""
    return [i for batch in _batches(session) for i, _h, raw in batch if not is_sealed(raw)]


def seal_evidence(sessions: sessionmaker[Session], vault: PiiVault) -> int:
    """Seal every unsealed evidence file under its row; returns how many."""
    sealed, last = 0, 0
    while True:
        with sessions.begin() as session:
            rows = session.execute(
                select(KycEvidence.id, KycEvidence.sha256, KycEvidence.content)
                .where(KycEvidence.id > last)
                .order_by(KycEvidence.id)
                .limit(BATCH)
            ).all()
            for evidence_id, sha, content in rows:
                raw = bytes(content)
                if not is_sealed(raw):
                    e = session.get(KycEvidence, evidence_id)
                    assert e is not None
                    e.content = vault.seal_blob(evidence_aad(evidence_id, sha), raw)
                    sealed += 1
        if len(rows) < BATCH:
            return sealed
        last = rows[-1][0]


def evidence_problems(session: Session, vault: PiiVault | None) -> list[str]:
    """One line per evidence file that is unsealed, does not open under this row,
    or does not match its upload hash (without the key only unsealed ones)."""
    problems: list[str] = []
    for batch in _batches(session):
        for evidence_id, sha, raw in batch:
            if not is_sealed(raw):
                problems.append(f"evidence {evidence_id} is stored unencrypted")
                continue
            if vault is None:
                continue
            try:
                content = open_content(vault, evidence_id, sha, raw)
            except KeyUnavailable:
                problems.append(f"evidence {evidence_id} does not decrypt under its row")
                continue
            if sha256_hex(content) != sha:
                problems.append(f"evidence {evidence_id} does not match its hash")
    return problems
