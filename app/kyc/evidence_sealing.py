"""Seal evidence files stored before encryption, and check that every stored file
opens: :mod:`app.security.sealed_files` over the evidence table."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.security.pii import PiiVault
from app.security.sealed_files import EVIDENCE, file_problems, plaintext_files, seal_plaintext


def plaintext_evidence(session: Session) -> list[int]:
    """Ids of evidence files still stored unsealed."""
    return plaintext_files(session, EVIDENCE)


def seal_evidence(sessions: sessionmaker[Session], vault: PiiVault) -> int:
    """Seal every unsealed evidence file under its row; returns how many."""
    return seal_plaintext(sessions, vault, EVIDENCE)


def evidence_problems(session: Session, vault: PiiVault | None) -> list[str]:
    """One line per evidence file that is unsealed, does not open, or does not
    match its upload hash."""
    return file_problems(session, EVIDENCE, vault)
