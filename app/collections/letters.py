"""The facts a dunning letter states, gathered set-based for a whole batch.

The same facts the case view shows (customer name, contract number, days past due,
the open installments due before the business date that still owe something, the
penalties among them and the total to bring the loan current), but read with two
queries per page of cases instead of opening every case's full view: a bucket's
batch of 10,000 letters is 20 pages, not 100,000 queries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from db.models.collections import CollectionCase
from db.models.customers import Customer
from db.models.loans import Installment, Loan
from db.models.servicedesk import CollectionHold

PAGE = 500  # cases per query: well under every backend's bound-parameter limit


@dataclass(frozen=True)
class OverdueLine:
    n: int
    due_date: date
    owed: int


@dataclass(frozen=True)
class DunningData:
    case_id: int
    letter_date: date
    customer_name: str
    loan_number: str
    dpd: int
    lines: tuple[OverdueLine, ...]
    penalties: int  # penalty interest and late fees still owed on the overdue installments
    total: int  # everything owed on the overdue installments (penalties included)


def pages(ids: Sequence[int], size: int = PAGE) -> Iterator[Sequence[int]]:
    """``ids`` in slices of at most ``size``."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def letter_facts(
    session: Session, case_ids: Sequence[int], business_date: date
) -> list[DunningData]:
    """The letters for ``case_ids`` (in that order), skipping cases under a hold (dunning
    is paused with contact), cases with nothing overdue and ids that do not exist.
    Two queries per page of cases; the caller's session and transaction."""
    letters: list[DunningData] = []
    for page in pages(case_ids):
        letters += _page(session, page, business_date)
    return letters


def dunning_data(session: Session, case_id: int, business_date: date) -> DunningData | None:
    """One case's letter; None while a hold pauses dunning or nothing is overdue."""
    if session.get(CollectionCase, case_id) is None:
        raise NotFound(f"collection case {case_id} does not exist")
    found = letter_facts(session, [case_id], business_date)
    return found[0] if found else None


def _page(session: Session, case_ids: Sequence[int], day: date) -> list[DunningData]:
    c = CollectionCase
    held = exists().where(CollectionHold.loan_id == c.loan_id, CollectionHold.lifted_at.is_(None))
    cases = session.execute(
        select(c.id, c.loan_id, c.dpd, Loan.number, Customer.name)
        .join(Loan, Loan.id == c.loan_id)
        .join(Customer, Customer.id == c.customer_id)
        .where(c.id.in_(case_ids), ~held)
    ).all()
    if not cases:
        return []
    i = Installment
    owed: dict[int, list[tuple[int, date, int, int]]] = {}
    for loan_id, n, due, principal, interest, fees, penalty, p_p, p_i, p_f, p_pen in (
        session.execute(
            select(
                i.loan_id, i.n, i.due_date, i.principal, i.interest, i.fees, i.penalty,
                i.paid_principal, i.paid_interest, i.paid_fees, i.paid_penalty,
            )
            .where(
                i.loan_id.in_({loan_id for _, loan_id, _, _, _ in cases}),
                i.status == "open",
                i.due_date < day,
            )
            .order_by(i.loan_id, i.n)
        )
    ):  # fmt: skip
        charges = fees + penalty - p_f - p_pen
        amount = principal + interest - p_p - p_i + charges
        if amount > 0:  # the same rule as app.collections.queries.owed / case_view
            owed.setdefault(loan_id, []).append((n, due, amount, charges))
    by_id = {row[0]: row for row in cases}
    letters = []
    for case_id in case_ids:
        row = by_id.get(case_id)
        if row is None or row[1] not in owed:
            continue
        _, loan_id, dpd, number, name = row
        due_lines = owed[loan_id]
        letters.append(
            DunningData(
                case_id=case_id,
                letter_date=day,
                customer_name=name,
                loan_number=number,
                dpd=dpd,
                lines=tuple(OverdueLine(n, due, amount) for n, due, amount, _ in due_lines),
                penalties=sum(charges for _, _, _, charges in due_lines),
                total=sum(amount for _, _, amount, _ in due_lines),
            )
        )
    return letters
