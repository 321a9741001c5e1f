"""Payments on every backend: waterfall, idempotency, prepayment, reversal, backdating."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.errors import StateError
from app.loans import accounts as acc
from app.loans.disbursement import LoanService
from app.loans.ledger import account_balance, trial_balance
from app.loans.payments import PaymentResult, PaymentService
from app.loans.queries import loan_detail
from app.loans.schedule import Method, build_schedule
from app.loans.verify import replay_mismatch
from app.platform import load_state
from db.models.ledger import LedgerLine
from db.models.loans import Loan, Payment
from tests.loan_support import START, LoanWorld, set_business_date, snapshot
from tests.support import TestDB

FIRST_DUE = date(2026, 2, 15)


def _loan(w: LoanWorld, principal: int = 12_000_00, term: int = 12, grade: str = "C") -> int:
    """A loan disbursed on START; a later business date replays its accruals up to today
    (fast), and the EOD tests hold that replay to the set-based SQL."""
    return (
        LoanService(w.ctx)
        .disburse(
            w.customers[0], w.product.id, grade, principal, term, w.holdings(principal), START
        )
        .id
    )


def _at(db: TestDB, day: date) -> None:
    set_business_date(db, day)


def _agrees(db: TestDB, loan_id: int) -> None:
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        assert replay_mismatch(s, loan, load_state(s).business_date) is None
        assert trial_balance(s) == 0


def test_waterfall_penalty_fees_interest_principal_oldest_first(db: TestDB) -> None:
    w = LoanWorld(db, FIRST_DUE + timedelta(days=6))  # 6 DPD: late fee (grace 3), penalties
    loan_id = _loan(w)
    with db.sessions() as s:
        inst1 = loan_detail(s, loan_id).installments[0]
    assert inst1.fees == 50_00
    per_day = (inst1.principal * 5 + 5000) // 10000  # 0.0005 a day, half up
    assert inst1.penalty == 6 * per_day
    r = PaymentService(w.ctx).post(loan_id, inst1.penalty + 50_00 + inst1.interest + 100, "w-1")
    assert [(x.installment_n, x.component, x.amount) for x in r.lines] == [
        (1, "penalty", inst1.penalty), (1, "fees", 50_00), (1, "interest", inst1.interest),
        (1, "principal", 100),
    ]  # fmt: skip
    # Two installments overdue: the oldest is settled first, each in component order.
    _at(db, date(2026, 3, 21))
    PaymentService(w.ctx).post(loan_id, 1, "w-nudge")  # replays the loan up to today
    with db.sessions() as s:
        owed = [
            i.principal + i.interest + i.fees + i.penalty
            - i.paid_principal - i.paid_interest - i.paid_fees - i.paid_penalty
            for i in loan_detail(s, loan_id).installments[:2]
        ]  # fmt: skip
    r2 = PaymentService(w.ctx).post(loan_id, sum(owed) + 1_000_00, "w-2")
    assert [(x.installment_n, x.component) for x in r2.lines] == [
        (1, "penalty"), (1, "principal"),
        (2, "penalty"), (2, "fees"), (2, "interest"), (2, "principal"),
        (None, "prepayment"),
    ]  # fmt: skip
    assert r2.prepaid == 1_000_00
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None and loan.dpd == 0 and loan.bucket == "current"
    _agrees(db, loan_id)


def test_same_reference_posts_once(db: TestDB) -> None:
    w = LoanWorld(db)
    loan_id = _loan(w)
    svc = PaymentService(w.ctx)
    first = svc.post(loan_id, 500_00, "bank-0001")
    again = svc.post(loan_id, 500_00, "bank-0001")
    assert again.duplicate and again.payment_id == first.payment_id
    assert again.lines == first.lines
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1
        assert account_balance(s, acc.BANK, loan_id=loan_id) == -(12_000_00 - 600_00) + 500_00


def test_concurrent_duplicates_post_once(db: TestDB) -> None:
    w = LoanWorld(db)
    loan_id = _loan(w)
    barrier = threading.Barrier(2)
    results: list[PaymentResult] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(PaymentService(w.ctx).post(loan_id, 700_00, "dup-ref"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len({r.payment_id for r in results}) == 1
    assert sorted(r.duplicate for r in results) == [False, True]
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1
    _agrees(db, loan_id)


@pytest.mark.parametrize("rule", ["shorten_term", "lower_installment"])
def test_prepayment_rebuilds_the_schedule(db: TestDB, rule: str) -> None:
    w = LoanWorld(db, FIRST_DUE, prepayment_rule=rule)
    loan_id = _loan(w)
    sched = build_schedule(12_000_00, Decimal("0.1"), 12, Method.ANNUITY, START)
    r = PaymentService(w.ctx).post(loan_id, sched.installments[0].payment + 3_000_00, "pre-1")
    assert r.prepaid == 3_000_00 and r.credited == 0
    with db.sessions() as s:
        d = loan_detail(s, loan_id)
    live = [i for i in d.installments if i.status != "cancelled"]
    assert sum(i.principal for i in live) + r.prepaid == 12_000_00
    remaining = [i for i in live if i.n > 1]
    if rule == "shorten_term":
        assert len(live) < 12
        level = sched.installments[0].payment
        assert all(i.principal + i.interest == level for i in remaining[:-1])
    else:
        assert len(live) == 12
        assert remaining[0].principal + remaining[0].interest < sched.installments[0].payment
    _agrees(db, loan_id)


def test_overpayment_becomes_credit_under_credit_rule(db: TestDB) -> None:
    w = LoanWorld(db, prepayment_rule="credit_balance")
    loan_id = _loan(w, 1_200_00, 1)
    owed = build_schedule(1_200_00, Decimal("0.1"), 1, Method.ANNUITY, START).total_payment
    r = PaymentService(w.ctx).post(loan_id, owed + 55_55, "over-1")
    assert r.credited == 55_55 and r.loan_status == "paid_off"
    with db.sessions() as s:
        assert account_balance(s, acc.BORROWER_CREDIT, loan_id=loan_id) == -55_55
    with pytest.raises(StateError, match="paid off"):
        PaymentService(w.ctx).post(loan_id, 1_00, "over-2")
    _agrees(db, loan_id)


def test_reversal_restores_the_exact_prior_state(db: TestDB) -> None:
    w = LoanWorld(db, FIRST_DUE + timedelta(days=10))
    loan_id, twin = _loan(w), _loan(w)
    before = snapshot(db, loan_id)
    svc = PaymentService(w.ctx)
    paid = svc.post(loan_id, 2_500_00, "bounce-1")
    assert snapshot(db, loan_id) != before
    svc.reverse(paid.payment_id, "bounced by the bank")
    assert snapshot(db, loan_id) == before
    with pytest.raises(StateError, match="already reversed"):
        svc.reverse(paid.payment_id, "twice")
    # Reversed after days of EOD: as if never paid, penalties accrued since included.
    paid = svc.post(loan_id, 2_500_00, "bounce-2")
    w.eod_days(4)
    with db.sessions() as s:
        lines_before = s.scalar(select(func.count()).select_from(LedgerLine)) or 0
    svc.reverse(paid.payment_id, "bounced late")
    a, b = snapshot(db, loan_id), snapshot(db, twin)
    assert a["installments"] == b["installments"]
    assert a["loan"] == b["loan"] and a["holdings"] == b["holdings"]
    assert a["ledger"] == b["ledger"]
    with db.sessions() as s:
        lines_after = s.scalar(select(func.count()).select_from(LedgerLine)) or 0
    assert lines_after > lines_before  # compensating lines; nothing deleted
    _agrees(db, loan_id)


def test_backdated_payment_recomputes_penalties(db: TestDB) -> None:
    w = LoanWorld(db, FIRST_DUE + timedelta(days=17))
    late, ontime = _loan(w), _loan(w)
    sched = build_schedule(12_000_00, Decimal("0.1"), 12, Method.ANNUITY, START)
    svc = PaymentService(w.ctx)
    svc.post(ontime, sched.installments[0].payment, "on-time", value_date=FIRST_DUE)
    w.eod_days(3)
    with db.sessions() as s:
        assert s.get(Loan, late).dpd == 20  # type: ignore[union-attr]
    svc.post(late, sched.installments[0].payment, "found-late", value_date=FIRST_DUE)
    a, b = snapshot(db, late), snapshot(db, ontime)
    assert a["installments"] == b["installments"]
    assert a["loan"] == b["loan"]
    assert a["holdings"] == b["holdings"]
    _agrees(db, late)


def test_investor_shares_sum_to_paid_less_fee(db: TestDB) -> None:
    w = LoanWorld(db, FIRST_DUE)
    loan_id = _loan(w, 10_000_01)
    r = PaymentService(w.ctx).post(loan_id, 3_333_33, "split-1")
    principal = sum(x.amount for x in r.lines if x.component == "principal") + r.prepaid
    interest = sum(x.amount for x in r.lines if x.component == "interest")
    fee = (interest * 1 + 5) // 10  # 10 % service fee, half up
    with db.sessions() as s:
        got = -sum(
            int(v)
            for v in s.scalars(
                select(LedgerLine.amount).where(
                    LedgerLine.loan_id == loan_id,
                    LedgerLine.account_code == acc.INVESTOR_CUSTODY,
                    LedgerLine.tag.in_((acc.T_PRINCIPAL, acc.T_INTEREST, acc.T_SERVICE_FEE)),
                )
            )
        )
        fee_income = -account_balance(s, acc.FEE_INCOME, loan_id=loan_id)
    assert got == principal + interest - fee
    assert fee_income == 200_00 + fee  # origination 2 % of 10,000.01 rounds to 200.00
    _agrees(db, loan_id)


def test_bounced_backdated_payment_on_a_paid_off_loan_changes_nothing(db: TestDB) -> None:
    # Found by the property test: a paid-off loan's accrual date must not move.
    w = LoanWorld(db, START + timedelta(days=5))
    loan_id = _loan(w, 1_000_00, 1)
    svc = PaymentService(w.ctx)
    assert svc.post(loan_id, 2_000_00, "payoff").loan_status == "paid_off"
    w.eod_days(3)
    before = snapshot(db, loan_id)
    early = svc.post(loan_id, 1, "tiny", value_date=START)
    svc.reverse(early.payment_id, "bounced")
    assert snapshot(db, loan_id) == before
