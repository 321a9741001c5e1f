"""Keep collection cases in step with their loans, set-based.

End of day follows every open case (:mod:`app.collections.eod`); a payment, a reversal
or a reschedule (an approved arrangement) must not wait for tonight: the loan-changing
paths call :func:`follow_loans` in their own transaction, so a case whose loan has
nothing overdue any more leaves the queue at once and "Next case" never hands it out.

A handful of UPDATE statements over the cases of the given loans, whatever their
number (the payment-file fast path passes a whole chunk).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, exists, false, func, literal, or_, select, true, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import Session

from app.collections.overdue import overdue_sum
from app.settings import get_setting
from db.models.collections import CollectionCase as C
from db.models.loans import Loan


def _rows(result: Result[Any]) -> int:
    return max(0, int(cast("CursorResult[Any]", result).rowcount or 0))


def _loan(column: object) -> object:
    return select(column).where(Loan.id == C.loan_id).scalar_subquery()  # type: ignore[call-overload]


def move_resolve_close(session: Session, day: date, cases: ColumnElement[bool]) -> int:
    """Open ``cases`` follow their loan's DPD and bucket; resolved when the loan is
    current, closed when it is paid off or written off. Returns rows changed."""
    in_range = and_(cases, C.is_open == true())
    differs = exists().where(
        Loan.id == C.loan_id,
        Loan.status == "active",
        or_(Loan.dpd != C.dpd, Loan.bucket != C.bucket),
    )
    moved = session.execute(
        update(C)
        .where(in_range, differs)
        .values(dpd=_loan(Loan.dpd), bucket=_loan(Loan.bucket), version=C.version + 1)
        .execution_options(synchronize_session=False)
    )
    finished = {
        "is_open": false(),
        "open_loan_id": None,
        "claimed_by": None,
        "lease_until": None,
        "version": C.version + 1,
    }
    current = exists().where(Loan.id == C.loan_id, Loan.status == "active", Loan.dpd == 0)
    resolved = session.execute(
        update(C)
        .where(in_range, current)
        .values(status="resolved", resolved_on=day, dpd=0, overdue_amount=0, **finished)
        .execution_options(synchronize_session=False)
    )
    ended = exists().where(Loan.id == C.loan_id, Loan.status.in_(("paid_off", "written_off")))
    closed = session.execute(
        update(C)
        .where(in_range, ended)
        .values(status="closed", closed_on=day, close_reason=_loan(Loan.status), **finished)
        .execution_options(synchronize_session=False)
    )
    return _rows(moved) + _rows(resolved) + _rows(closed)


def open_cases(
    session: Session,
    day: date,
    open_dpd: int,
    loans: ColumnElement[bool],
    cases: ColumnElement[bool],
) -> int:
    """Open a case for each of ``loans`` at the opening DPD without one, and set the
    amount overdue of the open ``cases`` (of the same loans). Returns rows changed."""
    has_open = exists().where(C.open_loan_id == Loan.id)
    source = select(
        Loan.id,
        Loan.id,
        Loan.customer_id,
        literal("open"),
        true(),
        literal(day),
        Loan.bucket,
        Loan.dpd,
        literal(0),
        literal(0),
        literal(0),
        literal(1),
    ).where(
        loans,
        Loan.status == "active",
        Loan.dpd >= open_dpd,
        ~has_open,
    )
    columns = [
        "loan_id",
        "open_loan_id",
        "customer_id",
        "status",
        "is_open",
        "opened_on",
        "bucket",
        "dpd",
        "overdue_amount",
        "priority",
        "broken_promises",
        "version",
    ]
    # psycopg reports no row count for INSERT .. SELECT: count the candidates first
    # (end of day holds its lock, so nothing else opens cases meanwhile).
    inserted = int(session.scalar(select(func.count()).select_from(source.subquery())) or 0)
    if inserted:
        session.execute(C.__table__.insert().from_select(columns, source))  # type: ignore[attr-defined]
    # Amount overdue: set where it differs (new cases and cases whose loan moved).
    return inserted + update_overdue_amounts(session, day, cases)


def update_overdue_amounts(session: Session, day: date, cases: ColumnElement[bool]) -> int:
    """Open ``cases`` show what is overdue on their loan on ``day``."""
    amount = overdue_sum(C.loan_id, day).scalar_subquery()
    result = session.execute(
        update(C)
        .where(cases, C.is_open == true())
        .where(C.overdue_amount != amount)  # type: ignore[operator]
        .values(overdue_amount=amount, version=C.version + 1)
        .execution_options(synchronize_session=False)
    )
    return _rows(result)


def follow_loans(session: Session, loan_ids: Collection[int], day: date) -> int:
    """The hook of every path that changes what a loan owes (payment, reversal,
    reschedule, write-off, payment file): its open case follows it now, in the
    caller's transaction. Returns the case rows changed."""
    if not loan_ids:
        return 0
    if session.new or session.dirty or session.deleted:
        session.flush()  # the loan rows' new DPD and bucket, read by the UPDATEs below
    ids = sorted(set(loan_ids))
    cases = C.loan_id.in_(ids)
    changed = move_resolve_close(session, day, cases)
    # A reversal can make a loan overdue again: its case reopens now, not tonight.
    open_dpd = int(get_setting(session, "collections.open_case_dpd"))
    changed += open_cases(session, day, open_dpd, Loan.id.in_(ids), cases)
    if changed:
        # Loaded case objects in this session are stale now; reload them on next access.
        for obj in list(session.identity_map.values()):
            if isinstance(obj, C):
                session.expire(obj)
    return changed
