"""loans keep half of each page free on PostgreSQL, for the daily HOT update

Revision ID: 0008_eod_scale
Revises: 0007_loan_reschedules

End of day writes every active loan once (DPD, bucket and the ``accrued_through``
stamp). On PostgreSQL each UPDATE is a new row version; when it fits on the same
page and no indexed column changes (for a current loan only ``accrued_through``
does, and no index has it) it is a HOT update that writes no index entry. A page
filled to 100 % (a bulk load, a fresh import) has no room, so every loan's new
version went to another page with an entry in each of the table's six indexes.
Fillfactor 50 leaves room for a whole page's new versions; the old ones are pruned
when the page is next read, so the next day finds the room again.

Only rows written from now on honour it: an existing table gets the room as its
rows are updated, or at once with ``VACUUM FULL loans`` in a maintenance window.
Other backends have no such setting (InnoDB and SQLite update in place).
"""

from __future__ import annotations

from alembic import op

revision = "0008_eod_scale"
down_revision = "0007_loan_reschedules"
branch_labels = None
depends_on = None

LOANS_FILLFACTOR = 50


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE loans SET (fillfactor = {LOANS_FILLFACTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE loans RESET (fillfactor)")
