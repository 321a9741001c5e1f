"""Move birth dates stored in plaintext (databases older than 0009) to their
encrypted column. Needs the data key, so it runs where the master key is: ``init``
on an upgraded database. Idempotent; each batch is its own transaction."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.customers import fields
from app.security.pii import PiiVault
from db.models.customers import Customer

BATCH = 500


def plaintext_birth_dates(session: Session) -> int:
    """How many customers still have a plaintext birth date (verify reports them)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Customer)
            .where(Customer.birth_date_legacy.is_not(None))
        )
        or 0
    )


def seal_birth_dates(sessions: sessionmaker[Session], vault: PiiVault) -> int:
    """Encrypt every plaintext birth date and empty the old column; returns how many."""
    sealed = 0
    while True:
        with sessions.begin() as session:
            rows = session.scalars(
                select(Customer)
                .where(Customer.birth_date_legacy.is_not(None))
                .order_by(Customer.id)
                .limit(BATCH)
            ).all()
            for c in rows:
                assert c.birth_date_legacy is not None
                c.birth_date_enc = fields.seal(
                    vault, c.id, "birth_date", c.birth_date_legacy.isoformat()
                )
                c.birth_date_legacy = None
            sealed += len(rows)
        if len(rows) < BATCH:
            return sealed
