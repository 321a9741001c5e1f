"""users: maker-checker on user administration, and service accounts

Revision ID: 0010_authz_user_checks
Revises: 0009_pii_birth_date

Creating a user and granting roles wait for a second administrator's approval: the
requested change is held on the user row (``pending_change``, ``pending_roles``,
``pending_by``) and applied only when another admin approves it. ``kind`` tells a
person (who logs in to the client) from a service account (commands only).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_authz_user_checks"
down_revision = "0009_pii_birth_date"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="person"))
        batch.add_column(sa.Column("pending_change", sa.String(16), nullable=True))
        batch.add_column(sa.Column("pending_roles", sa.String(255), nullable=True))
        batch.add_column(sa.Column("pending_by", _BIG_ID, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("pending_by")
        batch.drop_column("pending_roles")
        batch.drop_column("pending_change")
        batch.drop_column("kind")
