"""claims at scale: "next case" indexes

Revision ID: 0008_claim_scale
Revises: 0006_collections
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_claim_scale"
down_revision = "0006_collections"
branch_labels = None
depends_on = None


def upgrade() -> None:
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


def downgrade() -> None:
    for name in (
        "ix_collection_cases_claim_lease",
        "ix_collection_cases_claim_own",
        "ix_collection_cases_claim_pool",
        "ix_collection_cases_claimed_by",
    ):
        op.drop_index(name, table_name="collection_cases")
