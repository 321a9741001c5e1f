"""The loan steps of end of day on every backend: fees, penalties, ageing, reruns."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from app.calendar import add_months
from app.clock import utc_now
from app.eod import run_eod
from app.errors import StateError
from app.loans.disbursement import LoanService
from app.loans.eod import accrue_chunk, accrue_day, age_day
from app.loans.verify import replay_mismatch
from app.platform import load_state
from db.models.loans import Installment, Loan
from db.models.platform import PlatformState
from tests.loan_support import START, LoanWorld
from tests.support import TestDB

FIRST_DUE = date(2026, 2, 15)


def _loan(w: LoanWorld, on: date = START, principal: int = 12_000_00) -> int:
    return (
        LoanService(w.ctx)
        .disburse(w.customers[0], w.product.id, "C", principal, 12, w.holdings(principal), on)
        .id
    )


def _replay_agrees(db: TestDB, *loan_ids: int) -> None:
    with db.sessions() as s:
        day = load_state(s).business_date
        for loan_id in loan_ids:
            loan = s.get(Loan, loan_id)
            assert loan is not None
            assert replay_mismatch(s, loan, day) is None


def _first(db: TestDB, loan_id: int) -> Installment:
    with db.sessions() as s:
        row = s.scalar(
            select(Installment).where(Installment.loan_id == loan_id, Installment.n == 1)
        )
        assert row is not None
        return row


def test_late_fee_once_after_grace_and_daily_penalty(db: TestDB) -> None:
    w = LoanWorld(db, FIRST_DUE)
    loan_id = _loan(w)
    w.eod_days(3)  # DPD 3 = the grace days: no fee yet
    inst = _first(db, loan_id)
    assert inst.fees == 0 and inst.late_fee_on is None
    per_day = (inst.principal * 5 + 5000) // 10000
    assert inst.penalty == 3 * per_day
    w.eod_days(1)
    inst = _first(db, loan_id)
    assert inst.fees == 50_00 and inst.late_fee_on == FIRST_DUE + timedelta(days=4)
    w.eod_days(5)
    inst = _first(db, loan_id)
    assert inst.fees == 50_00  # once per installment
    assert inst.penalty == 9 * per_day
    _replay_agrees(db, loan_id)


BOUNDARIES = [(0, "current"), (1, "M1"), (30, "M1"), (31, "M2"), (60, "M2"), (61, "M3"),
              (90, "M3"), (91, "M4+"), (180, "M4+"), (181, "write_off_candidate")]  # fmt: skip


def test_dpd_and_bucket_boundaries(db: TestDB) -> None:
    today = date(2026, 7, 20)
    w = LoanWorld(db, today)
    loans = {}
    for dpd, _bucket in BOUNDARIES:
        due = today + timedelta(days=1 - dpd)
        opened = add_months(due, -1)
        assert add_months(opened, 1) == due
        loans[dpd] = _loan(w, opened, 1_000_00)
    w.eod_days(1)  # the SQL ageing takes each loan over its boundary
    with db.sessions() as s:
        got = {dpd: (s.get(Loan, i).dpd, s.get(Loan, i).bucket) for dpd, i in loans.items()}  # type: ignore[union-attr]
    assert got == {dpd: (dpd, bucket) for dpd, bucket in BOUNDARIES}
    _replay_agrees(db, *loans.values())


def test_rerun_of_a_finished_day_changes_nothing(db: TestDB) -> None:
    w = LoanWorld(db, FIRST_DUE + timedelta(days=10))
    loan_id = _loan(w)
    w.eod_days(1)
    with db.sessions() as s:
        day = load_state(s).business_date
    again = run_eod(db.system(), day)
    assert again.rows_changed == 0
    # The steps themselves are safe to re-run (as after a crash before the run was recorded).
    assert accrue_day(db.sessions, day) == 0
    assert age_day(db.sessions, day) == 0
    _replay_agrees(db, loan_id)


def test_catch_up_of_several_days_and_restart_after_a_crash(db: TestDB) -> None:
    w = LoanWorld(db, FIRST_DUE)
    a, b = _loan(w), _loan(w)
    result = run_eod(db.system(), FIRST_DUE + timedelta(days=5))
    assert [d.business_date for d in result.days] == [
        FIRST_DUE + timedelta(days=n) for n in range(1, 6)
    ]
    day = FIRST_DUE + timedelta(days=6)
    with db.sessions.begin() as s:  # a crash after the first chunk of the day committed
        accrue_chunk(s, day, a, a)
    run_eod(db.system(), day)
    with db.sessions() as s:
        assert load_state(s).business_date == day
        assert {s.get(Loan, i).accrued_through for i in (a, b)} == {day}  # type: ignore[union-attr]
    _replay_agrees(db, a, b)  # loan a was not charged twice


def test_second_runner_is_locked_out(db: TestDB) -> None:
    LoanWorld(db, FIRST_DUE)
    with db.sessions.begin() as s:
        s.execute(update(PlatformState).values(eod_holder="ws-7 (ops)", eod_started_at=utc_now()))
    with pytest.raises(StateError, match=r"running on ws-7 \(ops\) since"):
        run_eod(db.system(), FIRST_DUE + timedelta(days=1))


def test_same_day_changes_the_same_rows_and_money_on_every_backend(db: TestDB) -> None:
    """One scenario, exact figures: PostgreSQL once reported -1 per INSERT…SELECT (the
    ledger lines were not counted), so its EOD totals differed from SQLite's."""
    from db.models.ledger import JournalEntry, LedgerLine

    w = LoanWorld(db, FIRST_DUE)
    loans = [_loan(w), _loan(w, principal=7_500_00)]
    counts = []
    for _ in range(6):
        with db.sessions() as s:
            day = load_state(s).business_date + timedelta(days=1)
        counts.append(run_eod(db.system(), day).rows_changed)
    with db.sessions() as s:
        money = s.execute(
            select(LedgerLine.tag, LedgerLine.account_code, func.sum(LedgerLine.amount),
                   func.count())
            .join(JournalEntry, JournalEntry.id == LedgerLine.entry_id)
            .where(JournalEntry.kind == "accrual")
            .group_by(LedgerLine.tag, LedgerLine.account_code)
            .order_by(LedgerLine.tag, LedgerLine.account_code)
        ).all()  # fmt: skip
        state = [(loans.index(i.loan_id), i.n, i.fees, i.penalty, i.late_fee_on) for i in s.scalars(
            select(Installment).where(Installment.fees + Installment.penalty > 0)
            .order_by(Installment.loan_id, Installment.n))]  # fmt: skip
        aged = [(x.dpd, x.bucket, x.status) for x in (s.get(Loan, i) for i in loans) if x]
    fee_day = FIRST_DUE + timedelta(days=4)
    assert counts == [16, 16, 16, 20, 16, 16]  # the fee day adds a fee leg pair per loan
    assert [(tag, code, int(total), n) for tag, code, total, n in money] == [
        ("late_fee", "FEE_INCOME", -100_00, 2), ("late_fee", "RECV_FEES", 100_00, 2),
        ("penalty", "PENALTY_INCOME", -468, 12), ("penalty", "RECV_PENALTY", 468, 12),
    ]  # fmt: skip
    assert state == [(0, 1, 50_00, 288, fee_day), (1, 1, 50_00, 180, fee_day)]
    assert aged == [(6, "M1", "active")] * 2
    _replay_agrees(db, *loans)
