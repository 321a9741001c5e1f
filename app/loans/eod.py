"""The loan steps of the end-of-day run, as set-based SQL over id-range chunks.

``loans.accrue`` charges each late fee once (after the grace days) and a day's
penalty interest on overdue principal, with their ledger lines, then stamps
``loans.accrued_through``; each chunk is one transaction, so a run that crashed
part-way redoes only the chunks whose loans are not stamped yet, and a rerun of
a finished day matches no row. ``loans.age`` recomputes DPD and bucket and is
idempotent by construction (it only writes rows whose value differs).

The rules are the ones :mod:`app.loans.replay` applies per loan in Python;
services replay a loan after a backdated payment or reversal and the two must
agree to the cent (the tests and ``p2pdesk verify`` hold them to it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CursorResult,
    Executable,
    SQLColumnExpression,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import FunctionElement

from app.eod import EodStep
from app.loans import accounts as acc
from app.loans.delinquency import BUCKET_BOUNDS
from db.models.ledger import JournalEntry, LedgerLine
from db.models.loans import Installment, Loan
from db.types import RATE_SCALE

CHUNK = 5000

I, L = Installment, Loan  # noqa: E741 - short aliases keep the SQL readable


class intdiv(FunctionElement[int]):  # noqa: N801 - reads like the SQL function it is
    """Integer division of non-negative integers (``DIV`` on MySQL, ``/`` elsewhere)."""

    type = BigInteger()
    inherit_cache = True


@compiles(intdiv)
def _intdiv_default(element: intdiv, compiler: Any, **kw: Any) -> str:
    a, b = list(element.clauses)
    return f"(({compiler.process(a, **kw)}) / ({compiler.process(b, **kw)}))"


@compiles(intdiv, "mysql")
def _intdiv_mysql(element: intdiv, compiler: Any, **kw: Any) -> str:
    a, b = list(element.clauses)
    return f"(({compiler.process(a, **kw)}) DIV ({compiler.process(b, **kw)}))"


def penalty_expr(overdue: ColumnElement[int], rate: SQLColumnExpression[Any]) -> ColumnElement[int]:
    """overdue x daily rate, rounded half up: the SQL twin of ``apply_rate``."""
    raw = type_coerce(rate, BigInteger)
    return intdiv(overdue * raw + RATE_SCALE // 2, literal(RATE_SCALE, BigInteger))


def _rows(session: Session, stmt: Executable) -> int:
    result = session.execute(stmt)
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def loan_steps() -> list[EodStep]:
    """The loan engine's end-of-day steps, in order."""
    return [EodStep("loans.accrue", accrue_day), EodStep("loans.age", age_day)]


def id_chunks(sessions: sessionmaker[Session], size: int = CHUNK) -> Iterator[tuple[int, int]]:
    with sessions() as s:
        lo, hi = s.execute(select(func.min(L.id), func.max(L.id))).one()
    if lo is None:
        return
    start = int(lo)
    while start <= int(hi):
        yield start, start + size - 1
        start += size


def _per_chunk(
    sessions: sessionmaker[Session], day: date, work: Callable[[Session, date, int, int], int]
) -> int:
    changed = 0
    for lo, hi in id_chunks(sessions):
        with sessions.begin() as session:
            changed += work(session, day, lo, hi)
    return changed


def accrue_day(sessions: sessionmaker[Session], day: date) -> int:
    """Late fees and penalty interest for ``day`` on every active loan."""
    return _per_chunk(sessions, day, accrue_chunk)


def age_day(sessions: sessionmaker[Session], day: date) -> int:
    """DPD and bucket of every active loan as of ``day``."""
    return _per_chunk(sessions, day, age_chunk)


def accrue_chunk(session: Session, day: date, lo: int, hi: int) -> int:
    due = and_(L.id.between(lo, hi), L.status == "active", L.accrued_through < day)
    pending = session.scalar(select(func.count()).select_from(L).where(due))
    if not pending:
        return 0
    entry = JournalEntry(kind="accrual", business_date=day, memo=f"eod {day} loans {lo}..{hi}")
    session.add(entry)
    session.flush()
    out_scheduled = I.principal - I.paid_principal + I.interest - I.paid_interest
    out_principal = I.principal - I.paid_principal
    live = and_(I.loan_id.between(lo, hi), I.status != "cancelled")
    fee_rows = and_(live, I.late_fee_on.is_(None), I.late_fee_from <= day, out_scheduled > 0)
    penalty_rows = and_(live, I.due_date < day, out_principal > 0)
    penalty = penalty_expr(out_principal, L.penalty_rate)
    changed = 0
    for amount, rows, debit, credit, tag in (
        (L.late_fee, fee_rows, acc.RECV_FEES, acc.FEE_INCOME, acc.T_LATE_FEE),
        (penalty, penalty_rows, acc.RECV_PENALTY, acc.PENALTY_INCOME, acc.T_PENALTY),
    ):
        for account, sign in ((debit, 1), (credit, -1)):
            total = func.sum(amount)
            source = (
                select(
                    literal(entry.id, BigInteger),
                    literal(account, String),
                    I.loan_id,
                    cast(null(), BigInteger),
                    literal(tag, String),
                    total * sign,
                )
                .join(L, L.id == I.loan_id)
                .where(due, rows)
                .group_by(I.loan_id)
                .having(total > 0)
            )
            cols = ["entry_id", "account_code", "loan_id", "investor_id", "tag", "amount"]
            changed += _rows(session, insert(LedgerLine).from_select(cols, source))
    eligible = select(L.id).where(due)
    per_loan = select(L.late_fee).where(L.id == I.loan_id).scalar_subquery()
    changed += _rows(
        session,
        update(I)
        .where(fee_rows, I.loan_id.in_(eligible))
        .values(fees=I.fees + per_loan, late_fee_on=day),
    )
    rate = select(L.penalty_rate).where(L.id == I.loan_id).scalar_subquery()
    changed += _rows(
        session,
        update(I)
        .where(penalty_rows, I.loan_id.in_(eligible))
        .values(penalty=I.penalty + penalty_expr(out_principal, rate)),
    )
    changed += _rows(session, update(L).where(due).values(accrued_through=day))
    return changed


def bucket_case(dpd: SQLColumnExpression[int]) -> ColumnElement[str]:
    """The bucket of ``dpd`` as a SQL CASE built from BUCKET_BOUNDS."""
    whens = [
        (dpd <= bound.max_dpd, bound.bucket.value)
        for bound in BUCKET_BOUNDS
        if bound.max_dpd is not None
    ]
    return case(*whens, else_=BUCKET_BOUNDS[-1].bucket.value)


def age_chunk(session: Session, day: date, lo: int, hi: int) -> int:
    active = and_(L.id.between(lo, hi), L.status == "active")
    oldest = (
        select(func.min(I.due_day))
        .where(
            I.loan_id == L.id,
            I.status != "cancelled",
            I.due_date < day,
            I.principal - I.paid_principal + I.interest - I.paid_interest > 0,
        )
        .scalar_subquery()
    )
    dpd = func.coalesce(day.toordinal() - oldest, 0)
    changed = _rows(session, update(L).where(active, L.dpd != dpd).values(dpd=dpd))
    bucket = bucket_case(L.dpd)
    changed += _rows(session, update(L).where(active, L.bucket != bucket).values(bucket=bucket))
    owing = exists().where(
        I.loan_id == L.id,
        I.status != "cancelled",
        I.principal + I.interest + I.fees + I.penalty
        - I.paid_principal - I.paid_interest - I.paid_fees - I.paid_penalty > 0,
    )  # fmt: skip
    changed += _rows(
        session, update(L).where(active, ~owing).values(status="paid_off", paid_off_on=day, dpd=0)
    )
    return changed
