"""Write-off (four eyes, reserve payout, recoveries), reserve coverage, verify."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from app.errors import PermissionDenied
from app.loans import accounts as acc
from app.loans.disbursement import LoanService
from app.loans.ledger import reserve_balance
from app.loans.payments import PaymentService
from app.loans.queries import investor_statement, reserve_status
from app.loans.verify import check_loans, check_trial_balance
from app.loans.writeoff import WriteOffService
from app.security.permissions import Role
from db.models.ledger import LedgerLine
from db.models.loans import Holding, Loan
from tests.loan_support import START, LoanWorld
from tests.support import TestDB

LATE = date(2026, 9, 1)  # the first installment of a START loan is ~200 days overdue


def _loan(w: LoanWorld, principal: int = 12_000_00) -> int:
    return (
        LoanService(w.ctx)
        .disburse(w.customers[0], w.product.id, "C", principal, 12, w.holdings(principal), START)
        .id
    )


def test_write_off_four_eyes_reserve_payout_and_recovery(db: TestDB) -> None:
    w = LoanWorld(db, LATE)
    loan_id = _loan(w)
    with db.sessions() as s:
        assert s.get(Loan, loan_id).bucket == "write_off_candidate"  # type: ignore[union-attr]
        reserve = reserve_balance(s)
        status = reserve_status(s, LATE)
    assert reserve == 360_00  # 3 % of 12,000.00
    assert status.overdue_principal > 0 and status.coverage_ratio is not None
    agent = db.user(Role.COLLECTIONS_AGENT)
    sup1, sup2 = db.user(Role.COLLECTIONS_SUPERVISOR), db.user(Role.COLLECTIONS_SUPERVISOR)
    proposal = WriteOffService(sup1).propose(loan_id, "uncontactable for 200 days")
    with pytest.raises(PermissionDenied):
        WriteOffService(agent).approve(proposal.id)
    with pytest.raises(PermissionDenied, match="second person"):
        WriteOffService(sup1).approve(proposal.id)
    done = WriteOffService(sup2).approve(proposal.id)
    assert done.principal_written_off == 12_000_00 and done.reserve_paid == 360_00
    with db.sessions() as s:
        covered = [
            h.reserve_covered
            for h in s.scalars(
                select(Holding).where(Holding.loan_id == loan_id).order_by(Holding.id)
            )
        ]
        assert covered == [60_00, 120_00, 180_00]  # pro rata 1:2:3
        assert reserve_balance(s) == 0
        stmt = investor_statement(s, w.investors[2], START, LATE)
        assert stmt.reserve_covered == 180_00
        assert stmt.defaulted == 6_000_00 - 180_00
        assert check_trial_balance(s).ok and check_loans(s).ok
    # A recovery goes through the waterfall; its principal reaches the investors.
    r = PaymentService(sup2).post(loan_id, 1_000_00, "recovery-1")
    assert r.loan_status == "written_off" and r.lines[0].component == "penalty"
    w.eod_days(2)  # written-off loans accrue nothing more
    with db.sessions() as s:
        assert check_trial_balance(s).ok and check_loans(s).ok
        assert s.get(Loan, loan_id).status == "written_off"  # type: ignore[union-attr]


def test_verify_names_the_loan_of_a_tampered_ledger_line(db: TestDB) -> None:
    w = LoanWorld(db, LATE)
    _loan(w)
    victim = _loan(w, 5_000_00)
    with db.sessions() as s:
        assert check_trial_balance(s).ok and check_loans(s).ok
        number = s.get(Loan, victim).number  # type: ignore[union-attr]
        line_id = s.scalar(
            select(LedgerLine.id).where(
                LedgerLine.loan_id == victim, LedgerLine.account_code == acc.RECV_PRINCIPAL
            )
        )
    with db.sessions.begin() as s:
        s.execute(
            update(LedgerLine).where(LedgerLine.id == line_id).values(amount=LedgerLine.amount + 1)
        )
    with db.sessions() as s:
        tb, loans = check_trial_balance(s), check_loans(s)
    assert not tb.ok and number in tb.detail and "off by 0.01" in tb.detail
    assert not loans.ok and number in loans.detail and acc.RECV_PRINCIPAL in loans.detail
