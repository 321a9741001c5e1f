"""KYC evidence is sealed at rest, bound to its row, and checked by verify
(issue 20, items 3 and 19), on every backend."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select, text, update

from app.kyc.evidence import EvidenceService
from app.kyc.evidence_sealing import plaintext_evidence, seal_evidence
from app.kyc.png import card_image, letter_pdf
from app.kyc.service import ChecklistService
from app.security.permissions import Role
from app.security.pii import BLOB_GENERATION
from app.verify import check_files_sealed, run_checks
from db.models.audit import AuditEvent
from db.models.kyc import KycEvidence
from tests.db.test_kyc_privacy_queue import _demo
from tests.kyc_support import item, new_customer
from tests.support import TestDB

SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"%PDF-")


def _raw(db: TestDB, evidence_id: int) -> bytes:
    with db.sessions() as s:
        return bytes(
            s.scalar(select(KycEvidence.content).where(KycEvidence.id == evidence_id)) or b""
        )


def _two_files(db: TestDB) -> tuple[EvidenceService, int, int, bytes, bytes]:
    officer = db.user(Role.KYC_OFFICER)
    view = ChecklistService(officer, db.vault).open(new_customer(db, officer))
    ev = EvidenceService(officer, db.vault)
    png, pdf = card_image(3), letter_pdf("Payslip", ["March 12,000.00"])
    first = ev.attach(item(view, "face_match"), "face.png", png)
    second = ev.attach(item(view, "income_proof"), "payslip.pdf", pdf)
    return ev, first.id, second.id, png, pdf


def test_evidence_is_sealed_and_opens_with_the_hash_checked(db: TestDB) -> None:
    ev, png_id, pdf_id, png, pdf = _two_files(db)
    for evidence_id, plain in ((png_id, png), (pdf_id, pdf)):
        raw = _raw(db, evidence_id)
        assert raw[0] == BLOB_GENERATION
        assert plain not in raw and not any(sig in raw for sig in SIGNATURES)
        opened = ev.open(evidence_id)
        assert opened.intact and opened.content == plain
    with db.sessions() as s:
        assert check_files_sealed(s, db.vault).ok


def test_sealed_file_copied_to_another_row_does_not_open(db: TestDB) -> None:
    ev, png_id, pdf_id, _png, _pdf = _two_files(db)
    with db.sessions.begin() as s:
        s.execute(
            update(KycEvidence).where(KycEvidence.id == pdf_id).values(content=_raw(db, png_id))
        )
    opened = EvidenceService(db.user(Role.AUDITOR), db.vault).open(pdf_id)
    assert not opened.intact and opened.content == b""
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "kyc.evidence_tampered"))
        assert [e.entity_id for e in events] == [str(pdf_id)]
        result = check_files_sealed(s, db.vault)
    assert not result.ok and f"evidence {pdf_id} does not decrypt under its row" in result.detail
    assert ev.open(png_id).intact


def test_unsealed_evidence_still_opens_until_init_seals_it(db: TestDB) -> None:
    ev, png_id, _pdf_id, png, _pdf = _two_files(db)
    with db.sessions.begin() as s:  # as a database from before sealing holds it
        s.execute(update(KycEvidence).where(KycEvidence.id == png_id).values(content=png))
    assert ev.open(png_id).content == png
    with db.sessions() as s:
        assert plaintext_evidence(s) == [png_id]
        failed = [c for c in run_checks(s, db.vault) if not c.ok]
    assert [c.detail for c in failed if c.name.startswith("files encrypted")] == [
        f"evidence {png_id} is stored unencrypted"
    ]
    assert seal_evidence(db.sessions, db.vault) == 1
    assert seal_evidence(db.sessions, db.vault) == 0  # idempotent
    raw = _raw(db, png_id)
    assert raw[0] == BLOB_GENERATION and png not in raw
    opened = ev.open(png_id)
    assert opened.intact and opened.content == png
    with db.sessions() as s:
        assert plaintext_evidence(s) == []
        assert check_files_sealed(s, db.vault).ok


def test_no_evidence_signature_in_the_raw_database_after_the_demo(db: TestDB) -> None:
    _demo(db, 12)
    with db.sessions() as s:
        assert (s.scalar(select(KycEvidence.id).limit(1))) is not None
    if db.backend == "sqlite":
        db.engine.dispose()
        path = Path(db.url)
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    else:
        chunks: list[bytes] = []
        with db.engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                for row in conn.execute(text(f"SELECT * FROM {table}")):
                    chunks.extend(bytes(v) for v in row if isinstance(v, bytes | memoryview))
                    chunks.append(repr(tuple(row)).encode())
        raw = b"\n".join(chunks)
    found = [sig for sig in SIGNATURES if sig in raw]
    assert found == []
