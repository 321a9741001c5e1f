"""Rescheduling on every backend: the plan replaces the open installments exactly,
the ledger records it, verify stays green, and later payments, reversals, backdated
payments and the set-based end of day work on the new installments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.calendar import add_months
from app.errors import PermissionDenied, StateError, ValidationError
from app.loans.disbursement import LoanService
from app.loans.ledger import trial_balance
from app.loans.loan_state import PlanLine
from app.loans.payments import PaymentService
from app.loans.reschedule import RescheduleService, outstanding_principal, plan_for
from app.loans.verify import replay_mismatch
from app.platform import load_state
from app.security.permissions import Role
from app.verify import run_checks
from db.models.ledger import JournalEntry
from db.models.loans import Installment, Loan
from tests.loan_support import START, LoanWorld, snapshot
from tests.support import TestDB

FIRST_DUE = date(2026, 2, 15)
TODAY = FIRST_DUE + timedelta(days=20)  # 20 DPD: late fee and penalties owed


def _loan(w: LoanWorld) -> int:
    return (
        LoanService(w.ctx)
        .disburse(w.customers[0], w.product.id, "C", 12_000_00, 12, w.holdings(12_000_00), START)
        .id
    )


def _green(db: TestDB, loan_id: int) -> None:
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        assert replay_mismatch(s, loan, load_state(s).business_date) is None
        assert trial_balance(s) == 0
        assert all(c.ok for c in run_checks(s)), [c for c in run_checks(s) if not c.ok]


def _rows(db: TestDB, loan_id: int) -> list[Installment]:
    with db.sessions() as s:
        rows = s.scalars(
            select(Installment).where(Installment.loan_id == loan_id).order_by(Installment.n)
        ).all()
        s.expunge_all()
        return list(rows)


def _plan(db: TestDB, loan_id: int, count: int = 4) -> tuple[PlanLine, ...]:
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        today = load_state(s).business_date
        out = outstanding_principal(s, loan, today)
        share = out // count
        dated = [(add_months(today, k + 1), share) for k in range(count)]
        dated[-1] = (dated[-1][0], out - share * (count - 1))
        return plan_for(s, loan, today, dated)


def test_reschedule_replaces_open_installments_and_books_it(db: TestDB) -> None:
    w = LoanWorld(db, TODAY)
    loan_id = _loan(w)
    before = _rows(db, loan_id)
    overdue = before[0]
    owed_outside_principal = (
        overdue.interest - overdue.paid_interest + overdue.fees + overdue.penalty
    )
    assert overdue.fees > 0 and overdue.penalty > 0
    plan = _plan(db, loan_id)
    sup = db.user(Role.COLLECTIONS_SUPERVISOR)
    info = RescheduleService(sup).reschedule(loan_id, plan, reason="hardship")
    assert info.outstanding_principal == 12_000_00 and info.entry_id is not None
    rows = _rows(db, loan_id)
    old, new = rows[: len(before)], rows[len(before) :]
    assert [i.status for i in old] == ["rescheduled"] * 12
    assert all(i.principal == i.paid_principal == 0 for i in old)
    assert [i.n for i in new] == list(info.new_installments) == [13, 14, 15, 16]
    assert sum(i.principal for i in new) == 12_000_00  # exact
    assert [i.due_date for i in new] == [x.due_date for x in plan]
    first = new[0]
    assert first.interest == plan[0].interest + (overdue.interest - overdue.paid_interest)
    assert first.fees + first.penalty + first.interest - plan[0].interest == owed_outside_principal
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None and loan.dpd == 0 and loan.bucket == "current"
        entry = s.get(JournalEntry, info.entry_id)
        assert entry is not None and entry.kind == "reschedule"
    _green(db, loan_id)


def test_later_payment_reversal_and_eod_stay_exact(db: TestDB) -> None:
    w = LoanWorld(db, TODAY)
    loan_id = _loan(w)
    plan = _plan(db, loan_id, 3)
    RescheduleService(w.ctx).reschedule(loan_id, plan)
    pay = PaymentService(w.ctx)
    # a payment and its reversal restore exactly
    before = snapshot(db, loan_id)
    paid = pay.post(loan_id, 1_234_56, "after-plan-1")
    assert snapshot(db, loan_id) != before
    pay.reverse(paid.payment_id, "bounced")
    assert snapshot(db, loan_id) == before
    _green(db, loan_id)
    # the set-based end of day accrues on the new installments past their due date
    w.eod_to(plan[0].due_date + timedelta(days=10))
    first = next(i for i in _rows(db, loan_id) if i.due_date == plan[0].due_date)
    assert first.status == "open" and first.late_fee_on is not None and first.penalty > 0
    with db.sessions() as s:
        assert s.get(Loan, loan_id).dpd == 10  # type: ignore[union-attr]
    _green(db, loan_id)
    # a backdated payment before the reschedule: the last line absorbs the difference
    pay.post(loan_id, 500_00, "before-plan", value_date=TODAY - timedelta(days=1))
    rows = _rows(db, loan_id)
    live = [i for i in rows if i.status not in ("rescheduled", "cancelled")]
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        owed = outstanding_principal(s, loan, load_state(s).business_date)
    assert sum(i.principal - i.paid_principal for i in live) == owed
    _green(db, loan_id)


def test_plan_must_add_up_and_fall_due_after_the_effective_date(db: TestDB) -> None:
    w = LoanWorld(db, TODAY)
    loan_id = _loan(w)
    plan = _plan(db, loan_id, 2)
    short = (plan[0], PlanLine(plan[1].due_date, plan[1].principal - 1, plan[1].interest))
    svc = RescheduleService(w.ctx)
    with pytest.raises(ValidationError, match="add up to"):
        svc.reschedule(loan_id, short)
    past = (PlanLine(TODAY, plan[0].principal, 0), plan[1])
    with pytest.raises(ValidationError, match="after the effective date"):
        svc.reschedule(loan_id, past)
    with pytest.raises(PermissionDenied):
        RescheduleService(db.user(Role.COLLECTIONS_AGENT)).reschedule(loan_id, plan)
    svc.reschedule(loan_id, plan)
    _green(db, loan_id)


def test_arrangement_approval_reschedules_with_four_eyes(db: TestDB) -> None:
    from app.collections.arrangements import ArrangementService, even_plan
    from tests.db.test_collections_service import Desk

    desk = Desk(db)
    with db.sessions() as s:
        today = load_state(s).business_date
    out = ArrangementService(desk.agent).outstanding(desk.case.id)
    assert out == 1_200_000
    plan = even_plan(out, today + timedelta(days=10), 3)
    with pytest.raises(ValidationError, match="add up to"):
        ArrangementService(desk.agent).propose(desk.case.id, plan[:2], "too little")
    # a supervisor who proposes may not approve their own plan
    mine = ArrangementService(desk.sup).propose(desk.case.id, plan, "lost job")
    with pytest.raises(PermissionDenied, match="four eyes"):
        ArrangementService(desk.sup).decide(mine.id, mine.version, True)
    ArrangementService(db.user(Role.COLLECTIONS_SUPERVISOR)).decide(mine.id, mine.version, True)
    rows = [i for i in _rows(db, desk.loan_id) if i.status != "rescheduled"]
    assert [(i.due_date, i.principal) for i in rows if i.status == "open"] == plan
    _green(db, desk.loan_id)
    pay = PaymentService(desk.world.ctx)
    before = snapshot(db, desk.loan_id)
    paid = pay.post(desk.loan_id, 300_00, "arr-pay")
    pay.reverse(paid.payment_id, "bounced")
    assert snapshot(db, desk.loan_id) == before
    _green(db, desk.loan_id)


def test_stale_arrangement_is_refused_on_approval(db: TestDB) -> None:
    from app.collections.arrangements import ArrangementService, even_plan
    from tests.db.test_collections_service import Desk

    desk = Desk(db)
    with db.sessions() as s:
        today = load_state(s).business_date
    out = ArrangementService(desk.agent).outstanding(desk.case.id)
    info = ArrangementService(desk.agent).propose(
        desk.case.id, even_plan(out, today + timedelta(days=5), 2), "two parts"
    )
    PaymentService(desk.world.ctx).post(desk.loan_id, 2_000_00, "meanwhile")
    with pytest.raises(StateError, match="no longer fits"):
        ArrangementService(desk.sup).decide(info.id, info.version, True)
    ArrangementService(desk.sup).decide(info.id, info.version, False, "re-propose")
