"""Collections end-of-day steps: set-based, chunked, and a rerun changes nothing.

``collections.cases`` opens a case when a loan reaches the opening DPD, follows its
DPD and bucket, routes it to the bucket's team (round robin where asked), resolves
it when the loan is current and closes it when the loan is paid off or written off.
``collections.promises`` evaluates pending promises to pay; ``collections.priority``
rescores open cases. They run after the loan steps (DPD and buckets are theirs).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from app.collections.assignment import auto_assign
from app.collections.case_sync import move_resolve_close, open_cases
from app.collections.overdue import overdue_sum
from app.collections.promises import PromiseStatus, PromiseTerms, evaluate_promise
from app.eod import EodStep
from app.loans.locking import lock_loans
from app.settings import get_setting
from db.models.collections import BucketAssignment, PromiseToPay
from db.models.collections import CollectionCase as C
from db.models.loans import Loan, Payment

CHUNK = 2000


def collection_steps() -> list[EodStep]:
    return [
        EodStep("collections.cases", run_cases),
        EodStep("collections.promises", run_promises),
        EodStep("collections.priority", run_priority),
    ]


def rows(result: Result[Any]) -> int:
    """Rows an UPDATE changed (0 where the driver cannot say)."""
    return max(0, int(cast("CursorResult[Any]", result).rowcount or 0))


def _id_ranges(
    session: Session, column: InstrumentedAttribute[int], chunk: int = CHUNK
) -> Iterator[tuple[int, int]]:
    lo, hi = session.execute(select(func.min(column), func.max(column))).one()
    if lo is None:
        return
    start = int(lo)
    while start <= int(hi):
        yield start, start + chunk - 1
        start += chunk


def overdue_amount_sql(day: date) -> object:
    """Correlated scalar: what is overdue on the case's loan on ``day`` (minor units)."""
    return overdue_sum(C.loan_id, day).scalar_subquery()


def run_cases(sessions: sessionmaker[Session], day: date) -> int:
    """Open, move, resolve and close cases for ``day``; returns rows changed."""
    changed = 0
    with sessions() as session:
        open_dpd = int(get_setting(session, "collections.open_case_dpd"))
        ranges = list(_id_ranges(session, Loan.id))
    for lo, hi in ranges:
        with sessions.begin() as session:
            changed += _open_cases(session, day, open_dpd, lo, hi)
    with sessions() as session:
        case_ranges = list(_id_ranges(session, C.id))
    for lo, hi in case_ranges:
        with sessions.begin() as session:
            changed += _move_resolve_close(session, day, lo, hi)
    with sessions.begin() as session:
        changed += _route(session)
    with sessions.begin() as session:
        changed += auto_assign(session)
    return changed


def _open_cases(session: Session, day: date, open_dpd: int, lo: int, hi: int) -> int:
    # Loans first, in id order, then their cases: the order of every loan writer
    # (app.loans.locking), so a payment import waits here instead of deadlocking.
    has_case = select(C.loan_id).where(C.loan_id.between(lo, hi), C.is_open == true())
    lock_loans(session, and_(
        Loan.id.between(lo, hi),
        or_(and_(Loan.status == "active", Loan.dpd >= open_dpd), Loan.id.in_(has_case)),
    ))  # fmt: skip
    return open_cases(session, day, open_dpd, Loan.id.between(lo, hi), C.loan_id.between(lo, hi))


def lock_case_loans(session: Session, cases: ColumnElement[bool]) -> None:
    """Lock the loans of the open ``cases`` in id order before writing the cases."""
    lock_loans(session, Loan.id.in_(select(C.loan_id).where(cases, C.is_open == true())))


def _move_resolve_close(session: Session, day: date, lo: int, hi: int) -> int:
    lock_case_loans(session, C.id.between(lo, hi))
    return move_resolve_close(session, day, C.id.between(lo, hi))


def _route(session: Session) -> int:
    """Send open cases whose bucket changed to that bucket's team (and agent)."""
    a = BucketAssignment
    rule = exists().where(a.bucket == C.bucket)
    unrouted = or_(C.routed_bucket.is_(None), C.routed_bucket != C.bucket)

    def pick(column: object) -> object:
        return select(column).where(a.bucket == C.bucket).scalar_subquery()  # type: ignore[call-overload]

    lock_case_loans(session, and_(unrouted, rule))

    result = session.execute(
        update(C)
        .where(C.is_open == true(), unrouted, rule)
        .values(
            team_id=pick(a.team_id),
            agent_id=pick(a.agent_id),
            routed_bucket=C.bucket,
            claimed_by=None,
            lease_until=None,
            version=C.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return rows(result)


def run_promises(sessions: sessionmaker[Session], day: date) -> int:
    """Mark pending promises kept or broken and refresh the case's promise fields."""
    with sessions() as session:
        grace = int(get_setting(session, "collections.promise_grace_days"))
        tolerance = int(get_setting(session, "collections.promise_tolerance"))
    changed = 0
    last_id = 0
    touched: set[int] = set()
    while True:
        with sessions.begin() as session:
            promises = session.scalars(
                select(PromiseToPay)
                .where(PromiseToPay.status == "pending", PromiseToPay.id > last_id)
                .where(PromiseToPay.made_on <= day)
                .order_by(PromiseToPay.id)
                .limit(500)
            ).all()
            if not promises:
                break
            last_id = promises[-1].id
            for p in promises:
                result = evaluate_promise(
                    PromiseTerms(p.amount, p.made_on, p.due_date),
                    payments_since(session, p.loan_id, p.made_on),
                    day,
                    grace_days=grace,
                    tolerance=tolerance,
                )
                if result.status is PromiseStatus.PENDING and result.paid == p.paid_amount:
                    continue
                p.status = result.status.value
                p.paid_amount = result.paid
                p.evaluated_on = day
                touched.add(p.case_id)
                changed += 1
    with sessions.begin() as session:
        lock_case_loans(session, C.id.in_(touched) if touched else true())
        changed += refresh_promise_fields(session, day, touched or None)
    return changed


def payments_since(session: Session, loan_id: int, since: date) -> list[tuple[date, int]]:
    rows = session.execute(
        select(Payment.value_date, Payment.amount).where(
            Payment.loan_id == loan_id, Payment.status == "posted", Payment.value_date >= since
        )
    ).all()
    return [(r[0], int(r[1])) for r in rows]


def refresh_promise_fields(session: Session, day: date, case_ids: set[int] | None) -> int:
    """Broken-promise count and next pending promise date on open cases (set-based)."""
    p = PromiseToPay
    broken = (
        select(func.count(p.id))
        .where(p.case_id == C.id, p.status == PromiseStatus.BROKEN.value)
        .scalar_subquery()
    )
    next_due = (
        select(func.min(p.due_date))
        .where(p.case_id == C.id, p.status == PromiseStatus.PENDING.value)
        .scalar_subquery()
    )
    stmt = update(C).where(C.is_open == true())
    if case_ids is not None:
        stmt = stmt.where(C.id.in_(case_ids))
    stale = or_(
        C.broken_promises != broken,
        and_(C.promise_due_on.is_(None), next_due.isnot(None)),
        and_(C.promise_due_on.isnot(None), next_due.is_(None)),
        C.promise_due_on != next_due,
    )
    result = session.execute(
        stmt.where(stale)
        .values(broken_promises=broken, promise_due_on=next_due, version=C.version + 1)
        .execution_options(synchronize_session=False)
    )
    return rows(result)


def run_priority(sessions: sessionmaker[Session], day: date) -> int:
    from app.collections.scoring import rescore_range

    changed = 0
    with sessions() as session:
        ranges = list(_id_ranges(session, C.id))
    for lo, hi in ranges:
        with sessions.begin() as session:
            lock_case_loans(session, C.id.between(lo, hi))
            changed += rescore_range(session, day, lo, hi)
    return changed
