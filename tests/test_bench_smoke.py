"""The benchmark suite runs end to end on a tiny portfolio and prints every path.

Not a timing test (speed is measured by ``make bench``, never asserted here): it
only proves the bench still runs against the current code, so it cannot rot.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from bench.run import PATHS
from tests.support import TestDB

ROOT = Path(__file__).resolve().parent.parent


def test_bench_prints_a_row_for_every_path(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "P2PDESK_FAST_HASH": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--loans", "300", "--quick", "--backends", "sqlite",
         "--workdir", str(tmp_path)],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=280,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("path"), done.stdout[:500]
    rows = lines[2:]
    missing = [p for p in PATHS if not any(r.startswith(p) for r in rows)]
    assert not missing, f"no row for {missing}\n{done.stdout}"
    errors = [r for r in rows if "ERROR" in r]
    assert not errors, "\n".join(errors) + "\n" + done.stderr[-2000:]


# Aggregates of what ``generate(engine, vault, 400)`` writes with seed 7. They pin the
# content, so a faster write path (DBAPI executemany, COPY) cannot change the data.
FINGERPRINT = {
    "loans": "SELECT COUNT(*) FROM loans",
    "principal": "SELECT SUM(principal) FROM loans",
    "dpd": "SELECT SUM(dpd) FROM loans",
    "recurring": "SELECT SUM(recurring_amount) FROM loans",
    "event_seq": "SELECT SUM(event_seq) FROM loans",
    "customers_of_loans": "SELECT SUM(customer_id) FROM loans",
    "installments": "SELECT COUNT(*) FROM installments",
    "open_installments": "SELECT COUNT(*) FROM installments WHERE status = 'open'",
    "paid": "SELECT SUM(paid_principal + paid_interest) FROM installments",
    "interest": "SELECT SUM(interest) FROM installments",
    "due_days": "SELECT SUM(due_day) FROM installments",
    "fees": "SELECT SUM(fees) FROM installments",
    "fees_charged": "SELECT COUNT(late_fee_on) FROM installments",
    "penalty": "SELECT SUM(penalty) FROM installments",
    "payments": "SELECT SUM(amount) FROM payments",
    "cases": "SELECT COUNT(*) FROM collection_cases WHERE is_open = TRUE",
    "overdue": "SELECT SUM(overdue_amount) FROM collection_cases",
    "priority": "SELECT SUM(priority) FROM collection_cases",
    "assigned_cases": "SELECT COUNT(agent_id) FROM collection_cases",
    "tickets": "SELECT COUNT(*) FROM tickets",
    "active_tickets": "SELECT COUNT(*) FROM tickets WHERE is_active = TRUE",
    "ticket_loans": "SELECT SUM(loan_id) FROM tickets",
    "applications": "SELECT SUM(amount) FROM applications",
    "application_scores": "SELECT SUM(score) FROM applications",
    "queued_kyc": "SELECT COUNT(*) FROM kyc_checklists WHERE queue_reason IS NOT NULL",
    "holdings": "SELECT SUM(outstanding) FROM holdings",
}
GOLDEN = {
    "loans": 400, "principal": 4066800000, "dpd": 3522, "recurring": 361330247, "event_seq": 357,
    "customers_of_loans": 39536, "installments": 4800, "open_installments": 2722,
    "paid": 1832070835, "interest": 269163075, "due_days": 3551100258, "fees": 635000,
    "fees_charged": 127, "penalty": 4366414, "payments": 1832070835,
    "cases": 34, "overdue": 117155221, "priority": 10996, "assigned_cases": 14, "tickets": 80,
    "active_tickets": 23, "ticket_loans": 6776, "applications": 451100000,
    "application_scores": 24287, "queued_kyc": 26, "holdings": 4066800000,
}  # fmt: skip
GOLDEN_BUCKETS = {"M1": 10, "M2": 3, "M3": 4, "M4+": 11, "current": 366,
                  "write_off_candidate": 6}  # fmt: skip


def _indexes(engine: Engine) -> dict[str, list[dict[str, object]]]:
    with engine.connect() as conn:
        inspector = inspect(conn)
        return {
            t: sorted(inspector.get_indexes(t), key=lambda i: str(i["name"]))
            for t in inspector.get_table_names()
        }


def test_generator_writes_the_same_data_and_leaves_the_migrated_schema(db: TestDB) -> None:
    from bench.generate import generate
    from db.schema import schema_drift

    indexes = _indexes(db.engine)
    drift = str(schema_drift(db.engine))  # empty, unless a migration is mid-way in the tree
    portfolio = generate(db.engine, db.vault, 400)
    assert portfolio.buckets == GOLDEN_BUCKETS
    with db.engine.connect() as conn:
        got = {k: int(conn.execute(text(q)).scalar() or 0) for k, q in FINGERPRINT.items()}
        if db.backend == "sqlite":  # the generation-time pragmas are undone
            names = ("journal_mode", "synchronous", "foreign_keys", "temp_store", "cache_size")
            pragmas = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in names}
            assert pragmas == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1,
                               "temp_store": 0, "cache_size": -2000}  # fmt: skip
    assert got == GOLDEN
    assert _indexes(db.engine) == indexes  # dropped for the load, recreated as migrated
    assert str(schema_drift(db.engine)) == drift


def test_the_generated_book_owes_no_end_of_day_backlog(db: TestDB) -> None:
    """Stamped accrued through TODAY, the generated book bears every charge up to
    TODAY: the next day's end of day charges a late fee only where the grace ends
    that day and one day's penalty on each late installment, as on a live book (not
    a year of late fees at once, which the measured day would then pay)."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from app.loans.eod import accrue_day
    from app.money import apply_rate
    from bench.generate import LATE_FEE, TODAY, generate
    from db.engine import make_sessionmaker
    from db.models.loans import Installment, Loan

    generate(db.engine, db.vault, 400)
    day = TODAY + timedelta(days=1)
    inst = Installment
    is_open = inst.status == "open"
    with db.engine.connect() as conn:
        late = conn.execute(
            select(inst.id, inst.principal - inst.paid_principal, Loan.penalty_rate)
            .join(Loan, Loan.id == inst.loan_id)
            .where(is_open, inst.due_date < day)
        ).all()
        grace_ends = conn.scalar(select(func.count()).where(is_open, inst.late_fee_from == day))
        fees, penalty = conn.execute(select(func.sum(inst.fees), func.sum(inst.penalty))).one()
    assert len(late) > 20  # the book has arrears to charge
    accrue_day(make_sessionmaker(db.engine), day)
    with db.engine.connect() as conn:
        charged = conn.scalar(select(func.count()).where(inst.late_fee_on == day))
        fees_after, penalty_after = conn.execute(
            select(func.sum(inst.fees), func.sum(inst.penalty))
        ).one()
    assert charged == grace_ends
    assert fees_after - fees == LATE_FEE * grace_ends
    assert penalty_after - penalty == sum(apply_rate(out, rate) for _, out, rate in late)
