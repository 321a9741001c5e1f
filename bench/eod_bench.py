"""End-of-day benchmark: ``python -m bench.eod_bench --loans N --db URL``.

Generates N loans (12 monthly installments each, disbursed over the past year,
some paid up, some behind) with Core bulk inserts into a fresh database, then
times one end-of-day day of the loan steps against one bare set-based UPDATE
over the same installments (the floor any set-based design pays), and the
rerun of the finished day. Pass ``--db`` a new SQLite file or an empty server
database; the generator writes loans and installments only (no ledger history),
so ``p2pdesk verify`` is not meaningful on the result.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, text, update

from app.bootstrap import initialise
from app.context import Actor, ServiceContext
from app.eod import run_eod
from app.loans.eod import accrue_day, age_day, loan_steps
from app.loans.products import ProductInput, ProductService
from app.loans.schedule import Method, build_schedule
from app.security.keys import MemoryStore
from db import schema
from db.engine import make_engine, make_sessionmaker
from db.models.customers import Customer
from db.models.loans import Installment, Loan
from db.models.platform import PlatformState

TODAY = date(2026, 6, 30)
BATCH = 20_000


def generate(ctx: ServiceContext, loans: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    product = ProductService(ctx).create(
        ProductInput(
            "BENCH", "Bench loan", "annuity", 1_000_00, 1_000_000_00, 1, 36, {"C": Decimal("0.12")}
        )
    )
    with ctx.transaction() as s:
        s.execute(update(PlatformState).values(business_date=TODAY))
        s.execute(insert(Customer), [{"number": "C-BENCH", "kind": "individual",
                                      "name": "Bench", "name_key": "bench"}])  # fmt: skip
        customer = s.scalar(select(Customer.id).where(Customer.number == "C-BENCH"))
    schedules: dict[tuple[date, int], tuple[int, ...]] = {}
    loan_rows: list[dict[str, object]] = []
    inst_rows: list[dict[str, object]] = []
    next_id = 1

    def flush() -> None:
        with ctx.transaction() as s:
            if loan_rows:
                s.execute(insert(Loan), loan_rows)
            if inst_rows:
                s.execute(insert(Installment), inst_rows)
        loan_rows.clear()
        inst_rows.clear()

    for _ in range(loans):
        opened = TODAY - timedelta(days=rng.randrange(1, 365))
        principal = rng.randrange(5, 200) * 1_000_00
        sched = build_schedule(principal, Decimal("0.12"), 12, Method.ANNUITY, opened)
        due = [i for i in sched.installments if i.due_date <= TODAY]
        paid = len(due) if rng.random() < 0.75 else rng.randrange(0, len(due) + 1)
        loan_rows.append({
            "id": next_id, "number": f"B{next_id:09d}", "customer_id": customer,
            "product_id": product.id, "grade": "C", "method": "annuity", "principal": principal,
            "annual_rate": Decimal("0.12"), "term": 12, "disbursed_on": opened,
            "origination_fee": 0, "reserve_amount": 0, "service_fee_rate": Decimal("0.1"),
            "late_fee": 50_00, "grace_days": 3, "penalty_rate": Decimal("0.0005"),
            "allocation_order": "penalty,fees,interest,principal",
            "prepayment_rule": "shorten_term", "recurring_amount": sched.installments[0].payment,
            "status": "active", "dpd": 0, "bucket": "current", "accrued_through": TODAY,
            "credit_balance": 0, "event_seq": 0, "version": 1,
        })  # fmt: skip
        for inst in sched.installments:
            settled = inst.n <= paid
            inst_rows.append({
                "loan_id": next_id, "n": inst.n, "due_date": inst.due_date,
                "due_day": inst.due_date.toordinal(),
                "late_fee_from": inst.due_date + timedelta(days=4),
                "principal": inst.principal, "interest": inst.interest, "fees": 0, "penalty": 0,
                "paid_principal": inst.principal if settled else 0,
                "paid_interest": inst.interest if settled else 0, "paid_fees": 0,
                "paid_penalty": 0, "status": "paid" if settled else "open",
            })  # fmt: skip
        next_id += 1
        if len(loan_rows) >= BATCH // 12:
            flush()
    flush()
    del schedules


def bare_pass(ctx: ServiceContext, day: date) -> float:
    """One set-based UPDATE over the same installments, rolled back."""
    sql = text(
        "UPDATE installments SET penalty = penalty + "
        "((principal - paid_principal) * 500000 + 500000000) / 1000000000 "
        "WHERE due_date < :d AND principal - paid_principal > 0"
    )
    if ctx.sessions.kw["bind"].dialect.name == "mysql":  # type: ignore[union-attr]
        sql = text(str(sql).replace(" / 1000000000", " DIV 1000000000"))
    with ctx.sessions() as s:
        start = time.perf_counter()
        s.execute(sql, {"d": day})
        s.flush()
        elapsed = time.perf_counter() - start
        s.rollback()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    os.environ.setdefault("P2PDESK_FAST_HASH", "1")
    engine = make_engine(args.db)
    if schema.current_revision(engine) is None:
        initialise(engine, admin_username="admin", admin_password="bench-pass-123",
                   store=MemoryStore())  # fmt: skip
    ctx = ServiceContext(make_sessionmaker(engine), Actor.system("bench"))
    start = time.perf_counter()
    generate(ctx, args.loans)
    print(f"generated {args.loans} loans in {time.perf_counter() - start:.1f}s")
    day = TODAY + timedelta(days=1)
    start = time.perf_counter()
    result = run_eod(ctx, day, steps=loan_steps())
    eod_s = time.perf_counter() - start
    bare_s = bare_pass(ctx, day)
    start = time.perf_counter()
    run_eod(ctx, day, steps=loan_steps())
    rerun_s = time.perf_counter() - start
    start = time.perf_counter()
    redone = accrue_day(ctx.sessions, day) + age_day(ctx.sessions, day)
    restart_s = time.perf_counter() - start
    start = time.perf_counter()
    second = run_eod(ctx, day + timedelta(days=1), steps=loan_steps())
    second_s = time.perf_counter() - start
    print(f"eod day ({result.rows_changed} rows): {eod_s:.2f}s")
    print(f"next eod day ({second.rows_changed} rows): {second_s:.2f}s")
    print(f"bare set-based UPDATE pass: {bare_s:.2f}s  (eod / bare = {eod_s / bare_s:.1f})")
    print(f"rerun of the finished day: {rerun_s:.3f}s (runner skips it)")
    print(f"steps re-executed on the finished day: {restart_s:.2f}s, {redone} rows changed")


if __name__ == "__main__":
    main()
