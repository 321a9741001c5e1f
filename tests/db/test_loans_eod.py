"""The loan steps of end of day on every backend: fees, penalties, ageing, reruns."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text, update

from app.calendar import add_months
from app.clock import utc_now
from app.eod import run_eod
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
        assert accrue_chunk(s, day, a, a) == 4  # installment, two penalty legs, the loan
    with db.sessions.begin() as s:
        assert accrue_chunk(s, day, a, a) == 0  # the chunk is done: nothing matches again
        loan_a = s.get(Loan, a)
        assert loan_a is not None and (loan_a.dpd, loan_a.accrued_through) == (6, day)
    run_eod(db.system(), day)
    with db.sessions() as s:
        assert load_state(s).business_date == day
        assert {s.get(Loan, i).accrued_through for i in (a, b)} == {day}  # type: ignore[union-attr]
    _replay_agrees(db, a, b)  # loan a was not charged twice


def test_second_runner_is_locked_out(db: TestDB) -> None:
    LoanWorld(db, FIRST_DUE)
    with db.sessions.begin() as s:
        s.execute(update(PlatformState).values(eod_holder="ws-7 (ops)", eod_started_at=utc_now()))
    # A row naming a holder with no live session lock behind it is a dead holder:
    # the run starts at once; a live holder is refused (tests/db/test_eod_runner.py).
    run_eod(db.system(), FIRST_DUE + timedelta(days=1))
    with db.sessions() as s:
        assert load_state(s).eod_holder is None


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
    # Per day: 2 installments, 4 penalty legs, 2 loans (aged and stamped in one UPDATE,
    # counted once), 6 from the later steps; the fee day adds a fee leg pair per loan.
    assert counts == [14, 14, 14, 18, 14, 14]
    assert [(tag, code, int(total), n) for tag, code, total, n in money] == [
        ("late_fee", "FEE_INCOME", -100_00, 2), ("late_fee", "RECV_FEES", 100_00, 2),
        ("penalty", "PENALTY_INCOME", -468, 12), ("penalty", "RECV_PENALTY", 468, 12),
    ]  # fmt: skip
    assert state == [(0, 1, 50_00, 288, fee_day), (1, 1, 50_00, 180, fee_day)]
    assert aged == [(6, "M1", "active")] * 2
    _replay_agrees(db, *loans)


def _varied_book(db: TestDB) -> list[int]:
    """Six loans in different states over 30 EOD days (one a catch-up of five), with a
    partial payment and a payoff between days: the set-based run's money and ageing."""
    from app.loans.payments import PaymentService

    w = LoanWorld(db, date(2026, 3, 20))
    opened = [(date(2026, 1, 10), 12_000_00), (date(2026, 2, 5), 7_500_00),
              (date(2025, 11, 25), 30_000_00), (date(2026, 3, 1), 5_000_00),
              (date(2025, 10, 3), 18_000_00), (date(2026, 3, 10), 2_000_00)]  # fmt: skip
    loans = [_loan(w, on, principal) for on, principal in opened]
    pay = PaymentService(w.ctx)
    pay.post(loans[1], 900_00, "book-1")
    w.eod_days(10)
    pay.post(loans[0], 1_234_56, "book-2")
    pay.post(loans[5], 3_000_00, "book-3")  # more than is owed: paid off
    for _ in range(15):
        w.eod_days(1)
    w.eod_days(5)
    return loans


def _book_state(db: TestDB, loans: list[int]) -> dict[str, object]:
    from db.models.ledger import JournalEntry, LedgerLine

    with db.sessions() as s:
        money = s.execute(
            select(LedgerLine.tag, LedgerLine.account_code, func.sum(LedgerLine.amount))
            .join(JournalEntry, JournalEntry.id == LedgerLine.entry_id)
            .where(JournalEntry.kind == "accrual")
            .group_by(LedgerLine.tag, LedgerLine.account_code)
            .order_by(LedgerLine.tag, LedgerLine.account_code)
        ).all()  # fmt: skip
        rows = s.scalars(
            select(Installment).where(Installment.loan_id.in_(loans))
            .order_by(Installment.loan_id, Installment.n)
        )  # fmt: skip
        insts = [(loans.index(i.loan_id), i.n, i.fees, i.penalty, i.paid_penalty,
                  i.late_fee_on, i.status) for i in rows if i.fees or i.penalty]  # fmt: skip
        aged = [(x.dpd, x.bucket, x.status, x.accrued_through)
                for x in (s.get(Loan, i) for i in loans) if x]  # fmt: skip
    return {"money": [(t, c, int(v)) for t, c, v in money], "installments": insts, "loans": aged}


def test_a_month_over_a_varied_book_gives_the_golden_money_and_ageing(db: TestDB) -> None:
    """Golden values recorded with the previous implementation (separate stamp and
    ageing UPDATEs, commit 69847ce): the single loan UPDATE must not move a cent."""
    loans = _varied_book(db)
    got = _book_state(db, loans)
    assert got["money"] == [
        ("late_fee", "FEE_INCOME", -250_00), ("late_fee", "RECV_FEES", 250_00),
        ("penalty", "PENALTY_INCOME", -291_11), ("penalty", "RECV_PENALTY", 291_11),
    ]  # fmt: skip
    d = date
    assert got["installments"] == [
        (0, 1, 50_00, 2304, 2304, d(2026, 2, 14), "paid"),
        (0, 2, 50_00, 1920, 960, d(2026, 3, 14), "open"),
        (0, 3, 50_00, 441, 0, d(2026, 4, 14), "open"),
        (1, 1, 50_00, 450, 450, d(2026, 3, 9), "paid"),
        (1, 2, 50_00, 420, 0, d(2026, 4, 9), "open"),
        (2, 1, 50_00, 13685, 0, d(2025, 12, 29), "open"),
        (2, 2, 50_00, 10080, 0, d(2026, 1, 29), "open"),
        (2, 3, 50_00, 6413, 0, d(2026, 3, 1), "open"),
        (2, 4, 50_00, 3050, 0, d(2026, 3, 29), "open"),
        (3, 1, 50_00, 360, 0, d(2026, 4, 5), "open"),
        (4, 1, 50_00, 12024, 0, d(2025, 11, 7), "open"),
        (4, 2, 50_00, 9864, 0, d(2025, 12, 7), "open"),
        (4, 3, 50_00, 7738, 0, d(2026, 1, 7), "open"),
        (4, 4, 50_00, 5475, 0, d(2026, 2, 7), "open"),
        (4, 5, 50_00, 3478, 0, d(2026, 3, 7), "open"),
        (4, 6, 50_00, 1200, 0, d(2026, 4, 7), "open"),
    ]
    last = d(2026, 4, 19)
    assert got["loans"] == [
        (40, "M2", "active", last), (14, "M1", "active", last), (115, "M4+", "active", last),
        (18, "M1", "active", last), (167, "M4+", "active", last),
        (0, "current", "paid_off", d(2026, 3, 30)),
    ]  # fmt: skip
    _replay_agrees(db, *loans)


def test_a_current_loan_costs_the_day_nothing_and_one_falling_due_is_aged(db: TestDB) -> None:
    """End of day reads and writes only the loans in arrears: a loan current since
    yesterday keeps its row (and its older stamp) untouched, and its DPD is still right;
    an installment that fell due yesterday unpaid brings its loan in that same day."""
    w = LoanWorld(db, START)
    current = _loan(w)
    falls_due = _loan(w, on=add_months(START, -1))  # first due on START, unpaid
    with db.sessions() as s:
        first_due = s.scalar(
            select(Installment.due_date).where(Installment.loan_id == falls_due,
                                               Installment.n == 1)
        )  # fmt: skip
        before = {i: (s.get(Loan, i).version, s.get(Loan, i).accrued_through)  # type: ignore[union-attr]
                  for i in (current, falls_due)}  # fmt: skip
    assert first_due is not None
    w.eod_to(first_due + timedelta(days=1))  # the loan is one day past due
    with db.sessions() as s:
        loan = s.get(Loan, current)
        late = s.get(Loan, falls_due)
        assert loan is not None and late is not None
        assert (loan.version, loan.accrued_through) == before[current]  # never written
        assert (loan.dpd, loan.bucket) == (0, "current")
        assert (late.dpd, late.bucket, late.accrued_through) == (
            1,
            "M1",
            first_due + timedelta(days=1),
        )
        from app.loans.verify import check_ageing

        assert check_ageing(s).ok
    _replay_agrees(db, current, falls_due)


def test_a_reversal_while_end_of_day_runs_gets_the_day_being_closed(db: TestDB) -> None:
    """End of day passes over a current loan without writing it. A reversal on another
    workstation that then puts the loan in arrears, before the run has closed the day,
    must still get that day's penalty: the loan is accrued through the day being closed
    and the run, stamped past, leaves it alone."""
    from app.loans.payments import PaymentService
    from db.models.platform import EodRun

    w = LoanWorld(db, FIRST_DUE)
    loan_id = _loan(w)
    due = _first(db, loan_id)
    paid = PaymentService(w.ctx).post(loan_id, due.principal + due.interest, "mid-run")
    w.eod_days(5)  # the loan is current, its stamp left where the payment put it
    with db.sessions() as s:
        today = load_state(s).business_date
    closing = today + timedelta(days=1)
    with db.sessions.begin() as s:  # the run takes its lock and passes over the chunk
        s.execute(update(PlatformState).values(eod_holder="ws-2 (eod)", eod_started_at=utc_now()))
    with db.sessions.begin() as s:
        assert accrue_chunk(s, closing, loan_id, loan_id) == 0
    PaymentService(w.ctx).reverse(paid.payment_id, "bounced")  # back in arrears since due
    with db.sessions.begin() as s:  # the run finishes the step and the day
        s.add(EodRun(business_date=closing, step="loans.accrue_age", status="done",
                     rows_changed=0, host="ws-2 (eod)", started_at=utc_now(),
                     finished_at=utc_now()))  # fmt: skip
        s.execute(update(PlatformState).values(eod_holder=None, eod_started_at=None))
    run_eod(db.system(), closing)
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        assert (loan.dpd, loan.accrued_through) == ((closing - FIRST_DUE).days, closing)
    per_day = (due.principal * 5 + 5000) // 10000
    assert _first(db, loan_id).penalty == (closing - FIRST_DUE).days * per_day
    _replay_agrees(db, loan_id)


def test_verify_names_a_loan_whose_stored_dpd_is_stale(db: TestDB) -> None:
    """End of day trusts a current loan's stored DPD; verify is what catches a writer
    that left one stale (here the row is edited behind the engine's back)."""
    from app.loans.verify import check_ageing

    w = LoanWorld(db, FIRST_DUE)
    loan_id = _loan(w)
    w.eod_days(3)
    with db.sessions() as s:
        assert check_ageing(s).ok
        number = s.get(Loan, loan_id).number  # type: ignore[union-attr]
    with db.sessions.begin() as s:
        s.execute(update(Loan).where(Loan.id == loan_id).values(dpd=0, bucket="current"))
    with db.sessions() as s:
        result = check_ageing(s)
    assert not result.ok
    assert result.detail == (
        f"loan {number}: DPD 0 (current) is stored, its installments give 3 on "
        f"{FIRST_DUE + timedelta(days=3)}"
    )


def test_postgresql_leaves_current_loans_unwritten(db: TestDB) -> None:
    """On PostgreSQL every UPDATE of a row is a new row version and, for a loan, a
    write to its page: a chunk of current loans must not update one of them."""
    if db.backend != "postgresql":
        pytest.skip("row versions are PostgreSQL's")
    w = LoanWorld(db, START)
    ids = [_loan(w) for _ in range(3)]
    with db.sessions.begin() as s:
        day = load_state(s).business_date + timedelta(days=1)
        # PostgreSQL 15 shows stats not yet flushed from earlier transactions here
        # too, so count the difference across the chunk (nothing flushes inside it).
        counts = text("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'loans'")
        before = s.scalar(counts)
        assert accrue_chunk(s, day, min(ids), max(ids)) == 0
        assert s.scalar(counts) == before
