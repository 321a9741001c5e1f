"""One lock order for everything that hangs off a loan.

A transaction that writes a loan's installments, holdings, payments, ledger lines or
collection case first locks the loan row, and when it works on many loans it locks
them all at once in id order (:func:`lock_loans`), before touching any of their
rows. End of day's set-based chunks and a payment import's chunks then meet on the
loan rows, in the same order, and one waits for the other instead of each holding
what the other needs (issue 20 #12: end of day locked installments, then loans and
cases, in scan order; the import locked a loan, then its installments and case, in
file order). SQLite serialises writers and ignores the locking clause.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from db.bulk import among
from db.models.loans import Loan


def lock_loans(
    session: Session,
    where: ColumnElement[bool] | None = None,
    *,
    ids: Sequence[int] | None = None,
) -> list[int]:
    """Lock the loans matching ``where`` (or with the given ``ids``) in id order,
    inside the caller's transaction; return their ids."""
    stmt: Select[tuple[int]] = select(Loan.id)
    if ids is not None:
        if not ids:
            return []
        stmt = stmt.where(among(session.get_bind().dialect.name, Loan.id, sorted(set(ids))))
    if where is not None:
        stmt = stmt.where(where)
    return list(session.scalars(stmt.order_by(Loan.id).with_for_update()))
