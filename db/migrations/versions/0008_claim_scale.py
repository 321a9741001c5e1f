"""claims at scale: "next case" indexes, and the audit trail over 16 hash chains

Revision ID: 0008_claim_scale
Revises: 0006_collections

The audit part converts the single chain in place: every existing event becomes
chain 0 with ``chain_seq = seq`` (their hashes stay valid: the hash has always
covered the position in the chain), the old head (id 1) becomes chain 0's head,
and ``seq`` turns into an autoincrement id so chains never contend for it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_claim_scale"
down_revision = "0006_collections"
branch_labels = None
depends_on = None


GENESIS_HASH = "0" * 64
CHAINS = 16  # app.security.audit.CHAINS when this revision was written


def upgrade() -> None:
    _audit_chains()
    op.create_index("ix_collection_cases_claimed_by", "collection_cases", ["claimed_by"])
    op.create_index(
        "ix_collection_cases_claim_pool",
        "collection_cases",
        ["team_id", "priority", "id"],
        postgresql_where=sa.text("is_open AND agent_id IS NULL AND lease_until IS NULL"),
    )
    op.create_index(
        "ix_collection_cases_claim_own",
        "collection_cases",
        ["agent_id", "priority", "id"],
        postgresql_where=sa.text("is_open AND lease_until IS NULL"),
    )
    op.create_index(
        "ix_collection_cases_claim_lease",
        "collection_cases",
        ["team_id", "agent_id", "is_open", "lease_until", "priority", "id"],
    )


def _audit_chains() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("chain", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("prev_seq", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("last_event_seq", sa.BigInteger(), nullable=True))
    op.execute("UPDATE audit_events SET chain = 0, chain_seq = seq, prev_seq = seq - 1")
    op.execute("UPDATE audit_head SET last_event_seq = last_seq")
    op.execute("UPDATE audit_head SET id = 0 WHERE id = 1")
    have = {row[0] for row in bind.execute(sa.text("SELECT id FROM audit_head"))}
    if have:  # an initialised database: every chain gets its head now
        heads = sa.table(
            "audit_head",
            sa.column("id", sa.BigInteger()),
            sa.column("last_seq", sa.BigInteger()),
            sa.column("last_hash", sa.String()),
            sa.column("last_event_seq", sa.BigInteger()),
        )
        op.bulk_insert(
            heads,
            [
                {"id": c, "last_seq": 0, "last_hash": GENESIS_HASH, "last_event_seq": 0}
                for c in range(CHAINS)
                if c not in have
            ],
        )
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("chain", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("chain_seq", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("prev_seq", existing_type=sa.BigInteger(), nullable=False)
        batch.create_unique_constraint("uq_audit_events_chain", ["chain", "chain_seq"])
    with op.batch_alter_table("audit_head") as batch:
        batch.alter_column("last_event_seq", existing_type=sa.BigInteger(), nullable=False)
    # seq: assigned by the database from now on (SQLite's INTEGER PRIMARY KEY already is)
    if bind.dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE audit_events_seq_seq OWNED BY audit_events.seq")
        op.execute(
            "SELECT setval('audit_events_seq_seq', "
            "(SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events), false)"
        )
        op.execute(
            "ALTER TABLE audit_events ALTER COLUMN seq SET DEFAULT nextval('audit_events_seq_seq')"
        )
    elif bind.dialect.name in ("mysql", "mariadb"):
        op.execute("ALTER TABLE audit_events MODIFY seq BIGINT NOT NULL AUTO_INCREMENT")


def downgrade() -> None:
    # The audit trail is not folded back into one chain: events of other chains
    # cannot be re-hashed without breaking what verify proved about them.
    raise NotImplementedError("the audit chains of 0008_claim_scale cannot be merged back")
