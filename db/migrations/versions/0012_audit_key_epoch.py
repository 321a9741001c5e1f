"""audit: the key epoch of each chain

Revision ID: 0012_audit_key_epoch
Revises: 0008_claim_scale

From this revision on, audit events are linked by an HMAC under a key derived from the
master key (which is never in the database). Events written before it keep their plain
SHA-256 links: each chain head records the first ``chain_seq`` that is keyed, which is
the chain's next event (1 for a chain that has none yet). The epoch is also in every
workstation's signed checkpoint, so moving it to pass signed events off as plain ones
is found by ``verify``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_audit_key_epoch"
down_revision = "0008_claim_scale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(
            sa.Column("keyed_from", sa.BigInteger(), nullable=False, server_default="1")
        )
    op.execute("UPDATE audit_head SET keyed_from = last_seq + 1")


def downgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("keyed_from")
