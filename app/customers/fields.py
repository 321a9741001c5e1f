"""The customer columns kept encrypted, each ciphertext bound to its row.

Every personal-data column of ``customers`` is sealed with the table, the column
and the customer id as associated data (``app.security.pii``), so a value copied
from one customer to another, or from one column to another, does not open.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.security.pii import CiphertextMismatch, PiiVault
from db.models.customers import Customer

TABLE = "customers"
BATCH = 1000
#: kind -> encrypted column; the kind decides the normal form of the plaintext.
ENCRYPTED: dict[str, str] = {
    "id_number": "id_number_enc",
    "phone": "phone_enc",
    "bank_card": "bank_card_enc",
    "birth_date": "birth_date_enc",
}


def seal(vault: PiiVault, customer_id: int, kind: str, value: str) -> bytes:
    """``value`` encrypted for customer ``customer_id``'s ``kind`` column."""
    return vault.seal_field(TABLE, ENCRYPTED[kind], customer_id, kind, value)


def open_blob(vault: PiiVault, customer_id: int, kind: str, blob: bytes) -> str:
    """The plaintext of customer ``customer_id``'s ``kind`` ciphertext; raises
    CiphertextMismatch when it belongs to another row or column."""
    return vault.open_field(TABLE, ENCRYPTED[kind], customer_id, kind, bytes(blob))


def read(vault: PiiVault, customer: Customer, kind: str) -> str | None:
    """The decrypted value of ``customer``'s ``kind`` (None when empty)."""
    blob = getattr(customer, ENCRYPTED[kind])
    return None if blob is None else open_blob(vault, customer.id, kind, blob)


def field_problems(session: Session, vault: PiiVault) -> list[str]:
    """One line per customer value that does not open under its own row and
    column with this workstation's key, or is still in the unbound form."""
    problems: list[str] = []
    columns = [getattr(Customer, column) for column in ENCRYPTED.values()]
    last = 0
    while True:
        rows = session.execute(
            select(Customer.id, Customer.number, *columns)
            .where(Customer.id > last)
            .order_by(Customer.id)
            .limit(BATCH)
        ).all()
        for row in rows:
            for (kind, column), blob in zip(ENCRYPTED.items(), row[2:], strict=True):
                if blob is None:
                    continue
                try:
                    _plain, bound = vault.open_field_checked(TABLE, column, row[0], kind, blob)
                except CiphertextMismatch:
                    problems.append(
                        f"customer {row[0]} ({row[1]}): {column} does not decrypt under its "
                        "own row and column with the current key (copied from another row, "
                        "altered, or written under another key)"
                    )
                    continue
                if not bound:
                    problems.append(
                        f"customer {row[0]} ({row[1]}): {column} is not bound to its row; "
                        "run `p2pdesk init` where the master key is"
                    )
        if len(rows) < BATCH:
            return problems
        last = rows[-1][0]
