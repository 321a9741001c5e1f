"""The loan steps of the end-of-day run, as set-based SQL over id-range chunks.

``loans.accrue_age`` does a chunk of loans at a time, each chunk in one
transaction: it charges each late fee once (after the grace days) and a day's
penalty interest on overdue principal, with their ledger lines, then writes
DPD, bucket, paid-off and the ``accrued_through`` stamp of each loan in arrears
in one UPDATE (on PostgreSQL every UPDATE of a row is a new row version, so a
loan written twice a day cost twice).

Only the loans in arrears have their installments read or their rows written
(:func:`in_arrears`): a loan that was current yesterday can owe a charge or change
its DPD today only if an installment fell due yesterday, so the nine loans in ten
that are current cost a chunk a glance at their loan row and nothing more. That
rests on the stored DPD being the installments' DPD as of the business date, which
every writer keeps (this step, the payment paths, the replay's sync) and
``p2pdesk verify`` checks (:func:`app.loans.verify.check_ageing`).

So ``loans.accrued_through`` is the last day whose accrual changed the loan (or
through which a replay accrued it), not necessarily the business date: an active
loan stamped earlier is accrued through the business date too, since every day in
between left it as it was. A day's charges only go to loans stamped before it, so
a rerun of a finished day matches no row, and a run that crashed part-way redoes
only what is not stamped yet (a current loan re-read changes nothing). A loan that
another workstation writes while the run holds its lock is accrued through the day
being closed (:func:`app.loans.sync.accrual_horizon`), so the run, whether it has
passed that loan or not, charges it that day exactly once.

The rules are the ones :mod:`app.loans.replay` applies per loan in Python;
services replay a loan after a backdated payment or reversal and the two must
agree to the cent (the tests and ``p2pdesk verify`` hold them to it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    CursorResult,
    Date,
    Dialect,
    Executable,
    FromClause,
    Integer,
    MetaData,
    SQLColumnExpression,
    String,
    Subquery,
    Table,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    true,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import CreateTable
from sqlalchemy.sql.expression import FunctionElement

from app.eod import EodStep
from app.loans import accounts as acc
from app.loans.delinquency import BUCKET_BOUNDS, Bucket
from app.loans.locking import lock_loans
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
    """Rows written by ``stmt``, the same count on every backend.

    Runs as Core on the session's connection: ORM bulk-update synchronisation would
    otherwise add a RETURNING or pre-SELECT of every row, and ``preserve_rowcount``
    keeps the count of an INSERT…SELECT, which psycopg otherwise reports as -1
    once SQLAlchemy has closed the cursor (PostgreSQL's EOD totals missed every
    ledger line and counted -1 per INSERT).
    """
    result = session.connection().execute(stmt.execution_options(preserve_rowcount=True))
    assert isinstance(result, CursorResult)
    return max(0, int(result.rowcount))


def update_from_supported(dialect: Dialect) -> bool:
    """UPDATE … FROM / multi-table UPDATE: PostgreSQL, MySQL/MariaDB, SQLite 3.33+."""
    if dialect.name == "sqlite":
        return sqlite3.sqlite_version_info >= (3, 33, 0)
    return True


def update_from(
    session: Session,
    target: Any,
    source: FromClause,
    on: ColumnElement[bool],
    values: dict[str, Any],
    *where: ColumnElement[bool],
) -> int:
    """UPDATE ``target`` from rows of ``source`` matched by ``on``, in one statement.

    SQLAlchemy renders ``UPDATE … FROM`` on PostgreSQL and SQLite 3.33+, and the
    joined ``UPDATE a, b SET …`` on MySQL/MariaDB. Older SQLite gets the same
    statement as correlated subqueries. ``values`` may read ``source`` and the target
    row but must not read another assigned column (MySQL assigns left to right).
    """
    if update_from_supported(session.get_bind().dialect):
        return _rows(session, update(target).where(on, *where).values(values))
    matched = select(literal(1)).select_from(source).where(on, *where)
    correlated = {k: select(v).select_from(source).where(on).scalar_subquery()
                  for k, v in values.items()}  # fmt: skip
    return _rows(session, update(target).where(matched.exists()).values(correlated))


def loan_steps() -> list[EodStep]:
    """The loan engine's end-of-day steps, in order."""
    from app.loans.disbursement_reversal import expire_requests

    return [
        EodStep("loans.accrue_age", accrue_day),
        EodStep("loans.expire_reversals", expire_requests),
    ]


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
    """Late fees, penalty interest, DPD and bucket for ``day`` on every active loan
    that they can change (see the module docstring)."""
    return _per_chunk(sessions, day, accrue_chunk)


def age_day(sessions: sessionmaker[Session], day: date) -> int:
    """DPD and bucket of every active loan as of ``day``, without charges or stamps.

    ``accrue_day`` already ages each loan it stamps; this is the stand-alone
    recomputation, idempotent at any time.
    """
    return _per_chunk(sessions, day, age_chunk)


#: Each chunk's charges, computed once and read by the installment UPDATE and the
#: ledger INSERT. ``fee`` is NULL on a row that takes no late fee today.
ACCRUAL = Table(
    "eod_accrual", MetaData(),
    Column("inst_id", BigInteger, primary_key=True, autoincrement=False),
    Column("loan_id", BigInteger, nullable=False),
    Column("fee", BigInteger),
    Column("penalty", BigInteger, nullable=False),
    prefixes=["TEMPORARY"], postgresql_on_commit="DELETE ROWS",
)  # fmt: skip
A = ACCRUAL.c


def _ledger_legs() -> Subquery:
    """The four ledger legs of an accrual: (kind 0 = fee, 1 = penalty) x debit/credit."""
    legs = [
        (0, acc.RECV_FEES, acc.T_LATE_FEE, 1), (0, acc.FEE_INCOME, acc.T_LATE_FEE, -1),
        (1, acc.RECV_PENALTY, acc.T_PENALTY, 1), (1, acc.PENALTY_INCOME, acc.T_PENALTY, -1),
    ]  # fmt: skip
    return union_all(*(
        select(literal(kind, Integer).label("kind"), literal(account, String).label("account"),
               literal(tag, String).label("tag"), literal(sign, Integer).label("sign"))
        for kind, account, tag, sign in legs
    )).subquery("legs")  # fmt: skip


def in_arrears(day: date, lo: int, hi: int) -> ColumnElement[bool]:
    """The loans of ``lo``..``hi`` whose accrual or ageing on ``day`` can change them.

    A loan owes a late fee or penalty on ``day``, or changes its DPD, only through an
    installment due before ``day`` and not paid: one due before yesterday made the
    loan's stored DPD positive at yesterday's end of day (or at the payment or replay
    that last wrote it), and one due yesterday is found by the (due_date, loan_id)
    index. A loan outside the current bucket is read as well, whatever its DPD.
    """
    yesterday = day - timedelta(days=1)
    fell_due = select(I.loan_id).where(I.due_date == yesterday, I.loan_id.between(lo, hi))
    return or_(L.dpd > 0, L.bucket != Bucket.CURRENT.value, L.id.in_(fell_due))


def accrue_chunk(session: Session, day: date, lo: int, hi: int) -> int:
    """One chunk's late fees and penalties, then its loans' DPD, bucket and stamp.

    Statements: stage the charges (one pass over the past-due installments of the
    chunk's loans in arrears), then, if any, the journal entry, the installment
    UPDATE … FROM the staging table and one INSERT of every ledger leg; finally one
    loan UPDATE that ages and stamps the loans in arrears.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # A chunk lost to a server crash is redone by the rerun (nothing of it is
        # stamped), so its commit need not wait for the WAL flush. The step's
        # eod_runs record, after the last chunk, commits synchronously, and that
        # flush makes every earlier chunk durable too.
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
    conn.execute(CreateTable(ACCRUAL, if_not_exists=True))
    arrears = in_arrears(day, lo, hi)
    due = and_(L.id.between(lo, hi), L.status == "active", L.accrued_through < day, arrears)
    out_scheduled = I.principal - I.paid_principal + I.interest - I.paid_interest
    out_principal = I.principal - I.paid_principal
    fee_row = and_(I.late_fee_on.is_(None), I.late_fee_from <= day, out_scheduled > 0)
    penalty_row = and_(I.due_date < day, out_principal > 0)
    # Both kinds of row are past due (late_fee_from = due_date + grace + 1): the
    # due_date bound is implied and spares the CASEs the chunk's future rows.
    staged = select(
        I.id, I.loan_id, case((fee_row, L.late_fee), else_=null()),
        case((penalty_row, penalty_expr(out_principal, L.penalty_rate)), else_=0),
    ).join(L, L.id == I.loan_id).where(
        due, I.loan_id.between(lo, hi), I.due_date < day, I.status != "cancelled",
        or_(fee_row, penalty_row),
    )  # fmt: skip
    # The chunk's loans that this run writes, locked in id order before any of their
    # installments: a payment import locks its loans the same way (issue 20 #12).
    lock_loans(session, due)
    changed = 0
    if _rows(
        session, insert(ACCRUAL).from_select(["inst_id", "loan_id", "fee", "penalty"], staged)
    ):
        entry = JournalEntry(kind="accrual", business_date=day, memo=f"eod {day} loans {lo}..{hi}")
        session.add(entry)
        session.flush()
        changed += update_from(
            session, I, ACCRUAL, I.id == A.inst_id,
            {"fees": I.fees + func.coalesce(A.fee, 0), "penalty": I.penalty + A.penalty,
             "late_fee_on": case((A.fee.is_(None), I.late_fee_on), else_=literal(day, Date))},
            I.loan_id.between(lo, hi),  # else each chunk scans every installment
        )  # fmt: skip
        legs = _ledger_legs()
        total = func.sum(case((legs.c.kind == 0, func.coalesce(A.fee, 0)), else_=A.penalty))
        lines = (
            select(literal(entry.id, BigInteger), legs.c.account, A.loan_id,
                   cast(null(), BigInteger), legs.c.tag, total * legs.c.sign)
            .select_from(ACCRUAL).join(legs, true())
            .group_by(A.loan_id, legs.c.kind, legs.c.account, legs.c.tag, legs.c.sign)
            .having(total > 0)
        )  # fmt: skip
        cols = ["entry_id", "account_code", "loan_id", "investor_id", "tag", "amount"]
        changed += _rows(session, insert(LedgerLine).from_select(cols, lines))
        if conn.dialect.name != "postgresql":  # there the table empties itself on commit
            conn.execute(delete(ACCRUAL))
    return changed + _age(session, day, lo, hi, stamp=True, only=arrears)


def bucket_case(dpd: SQLColumnExpression[int]) -> ColumnElement[str]:
    """The bucket of ``dpd`` as a SQL CASE built from BUCKET_BOUNDS."""
    whens = [
        (dpd <= bound.max_dpd, bound.bucket.value)
        for bound in BUCKET_BOUNDS
        if bound.max_dpd is not None
    ]
    return case(*whens, else_=BUCKET_BOUNDS[-1].bucket.value)


def age_chunk(session: Session, day: date, lo: int, hi: int) -> int:
    """DPD, bucket and paid-off of the chunk's active loans, leaving the stamp alone."""
    lock_loans(session, and_(L.id.between(lo, hi), L.status == "active"))
    return _age(session, day, lo, hi, stamp=False)


def _age(
    session: Session,
    day: date,
    lo: int,
    hi: int,
    *,
    stamp: bool,
    only: ColumnElement[bool] | None = None,
) -> int:
    """One loan UPDATE … FROM per-loan facts: DPD, bucket, paid-off and, with ``stamp``,
    ``accrued_through = day``, for the chunk's active loans (those matching ``only``
    when given). Writes only rows where one of them changes."""
    # The range on both tables, not only the join: without it PostgreSQL hash-joins a
    # scan of every installment and loan for each chunk (quadratic in the book).
    live = and_(I.loan_id == L.id, I.loan_id.between(lo, hi), I.status != "cancelled")
    overdue = and_(
        I.due_date < day, I.principal - I.paid_principal + I.interest - I.paid_interest > 0
    )
    owing = (
        I.principal + I.interest + I.fees + I.penalty
        - I.paid_principal - I.paid_interest - I.paid_fees - I.paid_penalty > 0
    )  # fmt: skip
    facts = (
        select(
            L.id.label("loan_id"),
            func.coalesce(day.toordinal() - func.min(case((overdue, I.due_day))), 0).label("dpd"),
            func.coalesce(func.max(case((owing, 1), else_=0)), 0).label("owing"),
        )
        .select_from(L).outerjoin(I, live)
        .where(L.id.between(lo, hi), L.status == "active", *(() if only is None else (only,)))
        .group_by(L.id)
        .subquery("facts")
    )  # fmt: skip
    f = facts.c
    paid_off = f.owing == 0
    dpd = case((paid_off, 0), else_=f.dpd)
    bucket = bucket_case(dpd)
    values: dict[str, Any] = {
        "dpd": dpd, "bucket": bucket,
        "status": case((paid_off, "paid_off"), else_=L.status),
        "paid_off_on": case((paid_off, literal(day, Date)), else_=L.paid_off_on),
    }  # fmt: skip
    changes = [L.dpd != dpd, L.bucket != bucket, paid_off]
    if stamp:
        late = L.accrued_through < day
        values["accrued_through"] = case((late, literal(day, Date)), else_=L.accrued_through)
        changes.append(late)
    return update_from(
        session, L, facts, L.id == f.loan_id, values,
        L.id.between(lo, hi), L.status == "active", or_(*changes),
    )  # fmt: skip
