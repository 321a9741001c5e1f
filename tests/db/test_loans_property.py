"""Property test (SQLite): random disbursements, payments, reversals and EOD days keep
the ledger balanced, investors' shares equal to what borrowers paid less fees, the
set-based EOD equal to the per-loan replay, and a reversal restores the prior state."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from app.errors import StateError, ValidationError
from app.loans import accounts as acc
from app.loans.disbursement import LoanService
from app.loans.ledger import trial_balance
from app.loans.payments import PaymentService
from app.loans.verify import check_loans, replay_mismatch
from app.platform import load_state
from db.models.ledger import LedgerLine
from db.models.loans import Holding, Installment, Loan, Payment
from tests.loan_support import START, LoanWorld, snapshot
from tests.support import build_testdb


def _machine(template: Path) -> type[RuleBasedStateMachine]:
    class LoanMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.dir = tempfile.mkdtemp()
            path = Path(self.dir) / "p.db"
            shutil.copy(template, path)
            self.db = build_testdb(str(path), "sqlite")
            self.w = LoanWorld(self.db, START + timedelta(days=20))
            self.loans: list[int] = []
            self.refs = 0

        def teardown(self) -> None:
            self.db.engine.dispose()
            shutil.rmtree(self.dir, ignore_errors=True)

        def _today(self):  # type: ignore[no-untyped-def]
            with self.db.sessions() as s:
                return load_state(s).business_date

        @rule(
            principal=st.integers(1_000, 30_000).map(lambda x: x * 100),
            term=st.integers(1, 9),
            back=st.integers(0, 20),
        )
        def disburse(self, principal: int, term: int, back: int) -> None:
            if len(self.loans) >= 3:
                return
            on = self._today() - timedelta(days=back)
            loan = LoanService(self.w.ctx).disburse(
                self.w.customers[0], self.w.product.id, "D", principal, term,
                self.w.holdings(principal), on,
            )  # fmt: skip
            self.loans.append(loan.id)

        def _post(self, loan_id: int, amount: int, back: int) -> int | None:
            self.refs += 1
            day = self._today() - timedelta(days=back)
            try:
                return (
                    PaymentService(self.w.ctx)
                    .post(loan_id, amount, f"p{self.refs}", value_date=day)
                    .payment_id
                )
            except (StateError, ValidationError):
                return None  # paid off, or a value date before the disbursement

        @rule(data=st.data(), amount=st.integers(1, 800_000), back=st.integers(0, 45))
        def pay(self, data: st.DataObject, amount: int, back: int) -> None:
            if self.loans:
                self._post(data.draw(st.sampled_from(self.loans)), amount, back)

        @rule(data=st.data(), amount=st.integers(1, 800_000), back=st.integers(0, 45))
        def pay_then_bounce(self, data: st.DataObject, amount: int, back: int) -> None:
            if not self.loans:
                return
            loan_id = data.draw(st.sampled_from(self.loans))
            before = snapshot(self.db, loan_id)
            payment = self._post(loan_id, amount, back)
            if payment is not None:
                PaymentService(self.w.ctx).reverse(payment, "bounced")
                assert snapshot(self.db, loan_id) == before

        @rule(data=st.data())
        def reverse_any(self, data: st.DataObject) -> None:
            with self.db.sessions() as s:
                ids = list(s.scalars(select(Payment.id).where(Payment.status == "posted")))
            if ids:
                PaymentService(self.w.ctx).reverse(data.draw(st.sampled_from(ids)), "bounced")

        @rule(days=st.integers(1, 12))
        def end_of_day(self, days: int) -> None:
            self.w.eod_days(days)

        @invariant()
        def books_agree(self) -> None:
            with self.db.sessions() as s:
                assert trial_balance(s) == 0
                result = check_loans(s)
                assert result.ok, result.detail
                today = load_state(s).business_date
                for loan_id in self.loans:
                    loan = s.get(Loan, loan_id)
                    assert loan is not None
                    assert replay_mismatch(s, loan, today) is None
                    self._shares_sum(s, loan)

        def _shares_sum(self, s, loan: Loan) -> None:  # type: ignore[no-untyped-def]
            outstanding = s.scalar(
                select(func.sum(Holding.outstanding)).where(Holding.loan_id == loan.id)
            )
            interest = s.scalar(
                select(func.sum(Installment.paid_interest)).where(Installment.loan_id == loan.id)
            )

            def tagged(account: str, *tags: str) -> int:
                return int(
                    s.scalar(
                        select(func.coalesce(func.sum(LedgerLine.amount), 0)).where(
                            LedgerLine.loan_id == loan.id,
                            LedgerLine.account_code == account,
                            LedgerLine.tag.in_(tags),
                        )
                    )
                )

            received = -tagged(
                acc.INVESTOR_CUSTODY, acc.T_PRINCIPAL, acc.T_INTEREST, acc.T_SERVICE_FEE
            )
            fee = -tagged(acc.FEE_INCOME, acc.T_SERVICE_FEE)
            assert 0 <= fee <= interest
            assert received == (loan.principal - outstanding) + interest - fee

    return LoanMachine


@pytest.mark.slow
def test_random_histories_keep_the_books_right(sqlite_template: Path) -> None:
    run_state_machine_as_test(
        _machine(sqlite_template),
        settings=settings(
            max_examples=20, stateful_step_count=15, deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )  # fmt: skip
