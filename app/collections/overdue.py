"""What a loan has overdue on a day: one SQL expression for end of day and actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from db.models.loans import Installment


def overdue_sum(loan_id: Any, day: date) -> Select[int]:
    """SELECT of the amount still owed (minor units) on ``loan_id``'s open installments
    due before ``day``. ``loan_id`` is a value or a column (for a correlated subquery)."""
    i = Installment
    owed = (
        i.principal
        + i.interest
        + i.fees
        + i.penalty
        - i.paid_principal
        - i.paid_interest
        - i.paid_fees
        - i.paid_penalty
    )
    return select(func.coalesce(func.sum(owed), 0)).where(
        i.loan_id == loan_id, i.status == "open", i.due_date < day
    )
