"""`p2pdesk verify` passes on a freshly seeded demo database after 90 days of EOD."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.context import Actor, ServiceContext
from app.demo import fill_demo
from app.eod import run_eod
from app.platform import load_state
from app.verify import run_checks
from db.models.loans import Loan
from tests.support import TestDB


def test_demo_then_ninety_days_of_eod_verifies(sqlite_db: TestDB) -> None:
    ctx = ServiceContext(sqlite_db.sessions, Actor.system("demo"))
    summary = fill_demo(ctx, sqlite_db.vault, 60, 2026)
    assert summary.extra is not None and summary.extra["loans"] > 20
    with sqlite_db.sessions() as s:
        start = load_state(s).business_date
        kinds = set(s.scalars(select(Loan.bucket).where(Loan.status == "active")))
        statuses = dict(s.execute(select(Loan.status, func.count()).group_by(Loan.status)).all())
    assert {"current", "M1", "M2", "M3", "M4+"} <= kinds
    assert {"active", "paid_off", "written_off"} <= set(statuses)
    result = run_eod(sqlite_db.system(), start + timedelta(days=90))
    assert len(result.days) == 90
    with sqlite_db.sessions() as s:
        checks = run_checks(s)
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    assert {c.name for c in checks} >= {"ledger trial balance", "loan schedules and ledger"}
