"""loans: one payment reference table shared by postings and suspense

Revision ID: 0014_payment_references
Revises: 0017_disbursement_reversals

A reference was unique in ``payments`` and, separately, in ``payment_suspense``, so two
workstations could book the same reference to a loan and to suspense at the same
moment (issue 20 #11). ``payment_references`` holds each reference once, with the kind
that booked it first and a fingerprint of its payload (sha256 of contract, amount and
value date); both paths insert into it in their transaction. Existing references are
copied in (payments first, then suspense items not yet posted).
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0014_payment_references"
down_revision = "0017_disbursement_reversals"
branch_labels = None
depends_on = ("0006_collections",)  # copies payment_suspense


def _fingerprint(contract: str, amount: int, value_date: object) -> str:
    text = f"{contract}|{int(amount)}|{value_date}"
    return hashlib.sha256(text.encode()).hexdigest()


def upgrade() -> None:
    table = op.create_table(
        "payment_references",
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column(
            "created_at",
            db.types.UTCDateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("reference", name="pk_payment_references"),
    )
    conn = op.get_bind()
    seen: set[str] = set()
    rows: list[dict[str, object]] = []
    payments = conn.execute(
        sa.text(
            "SELECT p.external_ref, l.number, p.amount, p.value_date FROM payments p "
            "JOIN loans l ON l.id = p.loan_id ORDER BY p.id"
        )
    )
    suspense = conn.execute(
        sa.text(
            "SELECT reference, contract_number, amount, value_date FROM payment_suspense "
            "ORDER BY id"
        )
    )
    for kind, result in (("payment", payments), ("suspense", suspense)):
        for ref, contract, amount, day in result:
            if ref in seen:
                continue
            seen.add(ref)
            rows.append(
                {"reference": ref, "kind": kind,
                 "fingerprint": _fingerprint(contract, amount, day)}
            )  # fmt: skip
            if len(rows) >= 5000:
                op.bulk_insert(table, rows)
                rows = []
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("payment_references")
