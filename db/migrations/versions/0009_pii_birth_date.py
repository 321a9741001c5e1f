"""customers: the birth date encrypted at rest

Revision ID: 0009_pii_birth_date
Revises: 0001_core

The plaintext birth date, with the province and the last four characters, gave 12 of
the 18 characters of every customer's resident ID number. New rows store it only
encrypted (``birth_date_enc``). Existing values cannot be encrypted here (the
migration has no key): ``p2pdesk init`` moves them over where the master key is
available (``app.customers.sealing``), emptying the old column row by row; verify
reports any left.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_pii_birth_date"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("birth_date_enc", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("birth_date_enc")
