"""A disbursement is reversed on its own business day under four eyes: the ledger is
mirrored back to the cent, the schedule cancelled, the application funded again, all
audited; anything posted since blocks it. Every backend (issue 13 #6)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

import app.loans.disbursement_reversal as reversal_module
import app.loans.payments as payments_module
from app.eod import run_eod
from app.errors import PermissionDenied, StateError
from app.loans import accounts as acc
from app.loans.disbursement_reversal import DisbursementReversalService
from app.loans.payments import PaymentService
from app.loans.reconcile import check_reversals
from app.loans.verify import check_loans, check_trial_balance
from app.origination.funding import FundingService
from app.security.permissions import Role
from app.verify import run_checks
from db.models.audit import AuditEvent
from db.models.ledger import JournalEntry
from db.models.loans import DisbursementReversal, Holding, Installment, Loan
from db.models.origination import Application, ApplicationFunding
from tests.db.reversal_support import Desk, balances, line_count
from tests.loan_support import business_date, set_business_date
from tests.support import TestDB


def _all_checks_pass(db: TestDB) -> None:
    with db.sessions() as s:
        failed = [r for r in run_checks(s, db.vault) if not r.ok]
    assert failed == []


def test_a_10000_loan_disbursed_and_reversed_puts_every_balance_back_to_the_cent(
    db: TestDB,
) -> None:
    desk = Desk.open(db)
    ids = desk.investors({"投资人甲": 500_000, "Investor B": 800_000})
    a, b = ids["投资人甲"], ids["Investor B"]
    app_id = desk.funded(1_000_000, 12, {a: 400_000, b: 600_000})
    before, lines_before = balances(db), line_count(db)
    assert before[(acc.INVESTOR_CUSTODY, a)] == -500_000
    assert before[(acc.INVESTOR_CUSTODY, b)] == -800_000

    loan_id = desk.disburse(app_id)
    during = balances(db)
    assert during[(acc.INVESTOR_CUSTODY, a)] == -100_000  # 4,000.00 went into the loan
    assert during[(acc.INVESTOR_PRINCIPAL, a)] == -400_000
    assert during[(acc.FEE_INCOME, None)] == -10_000  # 1% origination fee
    assert during[(acc.RISK_RESERVE, None)] == -20_000  # 2% provision
    disbursed_lines = line_count(db) - lines_before

    asked = DisbursementReversalService(desk.disburser).request(loan_id, "  wrong account  ")
    assert asked.status == "requested" and asked.reason == "wrong account"
    assert asked.application_id == app_id and asked.loan_number.startswith("L")
    assert balances(db) == during  # a request alone moves no money
    done = DisbursementReversalService(desk.approver).approve(asked.id, asked.version)
    assert done.status == "approved" and done.entry_id is not None

    after = balances(db)
    assert after == before
    assert after[(acc.INVESTOR_CUSTODY, a)] == -500_000
    assert after[(acc.INVESTOR_CUSTODY, b)] == -800_000
    for account in (acc.BANK, acc.FEE_INCOME, acc.RISK_RESERVE, acc.RECV_PRINCIPAL):
        assert after[(account, None)] == before[(account, None)]
    # reversing lines were added; nothing was deleted
    assert line_count(db) == lines_before + 2 * disbursed_lines
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None and loan.status == "reversed"
        statuses = set(s.scalars(select(Installment.status).where(Installment.loan_id == loan_id)))
        assert statuses == {"cancelled"}
        assert [
            h.outstanding for h in s.scalars(select(Holding).where(Holding.loan_id == loan_id))
        ] == [0, 0]
        application = s.get(Application, app_id)
        assert application is not None
        assert (application.status, application.loan_id) == ("funding", None)
        commitments = dict(
            s.execute(
                select(ApplicationFunding.investor_id, ApplicationFunding.amount).where(
                    ApplicationFunding.application_id == app_id
                )
            ).all()
        )
        assert commitments == {a: 400_000, b: 600_000}
        entry = s.get(JournalEntry, done.entry_id)
        assert entry is not None and entry.kind == "disbursement_reversal"
        assert entry.loan_id == loan_id and "wrong account" in (entry.memo or "")
        events = {
            e.action: e
            for e in s.scalars(
                select(AuditEvent).where(
                    AuditEvent.action.in_(
                        (
                            "loan.reversal_requested",
                            "loan.disbursement_reversed",
                            "application.disbursement_reversed",
                        )
                    )
                )
            )
        }
    assert set(events) == {
        "loan.reversal_requested", "loan.disbursement_reversed", "application.disbursement_reversed"
    }  # fmt: skip
    assert events["loan.reversal_requested"].actor_name == desk.disburser.actor.username
    approved = events["loan.disbursement_reversed"]
    assert approved.actor_name == desk.approver.actor.username
    assert json.loads(approved.after_json or "{}")["reason"] == "wrong account"
    _all_checks_pass(db)

    # the application is funded as before: it can be disbursed again, a new loan
    again = desk.disburse(app_id)
    assert again != loan_id
    _all_checks_pass(db)


@settings(
    max_examples=12, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(
    amount=st.integers(1_000, 49_999).map(lambda x: x * 100 + 37),
    term=st.integers(3, 36),
    weights=st.lists(st.integers(1, 9), min_size=1, max_size=4),
)
def test_any_loan_reversed_leaves_every_balance_as_before_disbursement(
    db: TestDB, desk: Desk, amount: int, term: int, weights: list[int]
) -> None:
    parts = [amount * w // sum(weights) for w in weights]
    parts[-1] += amount - sum(parts)
    if min(parts) <= 0:
        return
    ids = desk.investors({f"inv-{desk_counter()}": p + 12_345 for p in parts})
    holdings = dict(zip(ids.values(), parts, strict=True))
    app_id = desk.funded(amount, term, holdings)
    before = balances(db)
    loan_id = desk.disburse(app_id)
    assert balances(db) != before
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "duplicate")
    DisbursementReversalService(desk.approver).approve(asked.id)
    assert balances(db) == before
    with db.sessions() as s:
        assert check_trial_balance(s).ok and check_loans(s).ok and check_reversals(s).ok


_COUNT = iter(range(1, 10**9))


def desk_counter() -> int:
    return next(_COUNT)


@pytest.fixture
def desk(db: TestDB) -> Desk:
    """One desk per test: hypothesis runs every example on the same database."""
    return Desk.open(db)


def _disbursed(db: TestDB) -> tuple[Desk, int, int]:
    desk = Desk.open(db)
    ids = desk.investors({"Investor A": 3_000_000})
    app_id = desk.funded(2_000_000, 6, {ids["Investor A"]: 2_000_000})
    return desk, app_id, desk.disburse(app_id)


def test_four_eyes_compares_the_people(db: TestDB) -> None:
    desk, _app, loan_id = _disbursed(db)
    third = db.user(Role.SENIOR_UNDERWRITER)
    # someone else asks: the disburser still cannot approve undoing their own work
    asked = DisbursementReversalService(desk.approver).request(loan_id, "customer cancelled")
    with pytest.raises(PermissionDenied, match=r"you .* asked for this reversal"):
        DisbursementReversalService(desk.approver).approve(asked.id)
    with pytest.raises(PermissionDenied, match="disbursed"):
        DisbursementReversalService(desk.disburser).approve(asked.id)
    with pytest.raises(PermissionDenied, match=r"loan\.disburse_reverse"):
        DisbursementReversalService(desk.underwriter).approve(asked.id)
    with pytest.raises(StateError, match="already waiting"):
        DisbursementReversalService(desk.disburser).request(loan_id, "again")
    done = DisbursementReversalService(third).approve(asked.id)
    assert done.status == "approved" and done.decided_by_name == third.actor.username
    with pytest.raises(StateError, match="already approved"):
        DisbursementReversalService(third).approve(asked.id)


def test_a_rejected_request_leaves_the_loan_running(db: TestDB) -> None:
    desk, app_id, loan_id = _disbursed(db)
    before = balances(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "typo")
    with pytest.raises(PermissionDenied, match=r"loan\.disburse"):
        DisbursementReversalService(desk.underwriter).request(loan_id, "x")
    rejected = DisbursementReversalService(desk.approver).reject(asked.id, "the loan is right")
    assert rejected.status == "rejected" and rejected.decision_note == "the loan is right"
    assert balances(db) == before
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        application = s.get(Application, app_id)
        assert loan is not None and loan.status == "active"
        assert application is not None and application.status == "disbursed"
    assert DisbursementReversalService(desk.disburser).pending() == []


def test_a_payment_or_a_new_business_day_blocks_the_reversal(db: TestDB) -> None:
    desk, _app, loan_id = _disbursed(db)
    service = DisbursementReversalService(desk.disburser)
    asked = service.request(loan_id, "wrong amount")
    PaymentService(db.admin()).post(loan_id, 50_000, "BANK-001")
    preview = service.preview(loan_id)
    assert preview.blocker is not None and "Payment BANK-001 was posted" in preview.blocker
    with pytest.raises(StateError, match="Payment BANK-001 was posted"):
        DisbursementReversalService(desk.approver).approve(asked.id)
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None and loan.status == "active"

    _d2, _a2, other = _disbursed_again(desk)
    today = business_date(db.admin())
    set_business_date(db, today + timedelta(days=1))
    with pytest.raises(StateError, match=r"was disbursed on .*only a disbursement of the business"):
        service.request(other, "too late")


def test_an_end_of_day_accrual_posted_since_blocks_the_reversal(db: TestDB) -> None:
    desk, _app, loan_id = _disbursed(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "wrong")
    with db.sessions.begin() as s:
        from app.loans.ledger import Line, post_entry

        post_entry(
            s, "accrual", business_date(db.admin()),
            [Line(acc.RECV_PENALTY, 1, acc.T_PENALTY, loan_id),
             Line(acc.PENALTY_INCOME, -1, acc.T_PENALTY, loan_id)],
        )  # fmt: skip
    with pytest.raises(StateError, match=r"An end-of-day accrual \(journal entry \d+\) was posted"):
        DisbursementReversalService(desk.approver).approve(asked.id)


def test_a_request_left_waiting_expires_when_its_day_closes(db: TestDB) -> None:
    desk, _app, loan_id = _disbursed(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "wrong card")
    today = business_date(db.admin())
    result = run_eod(db.admin(), today + timedelta(days=1))
    assert result.days[0].rows_by_step["loans.expire_reversals"] == 1
    assert DisbursementReversalService(desk.approver).pending() == []
    with db.sessions() as s:
        r = s.get(DisbursementReversal, asked.id)
        assert r is not None and r.status == "expired"
        loan = s.get(Loan, loan_id)
        assert loan is not None and loan.status == "active"
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "loan.reversal_expired")
        ).all()
        assert actions == ["loan.reversal_expired"]
    with pytest.raises(StateError, match="already expired"):
        DisbursementReversalService(desk.approver).approve(asked.id)
    _all_checks_pass(db)


def _disbursed_again(desk: Desk) -> tuple[Desk, int, int]:
    ids = desk.investors({f"Investor {desk_counter()}": 2_000_000})
    app_id = desk.funded(1_500_000, 6, {next(iter(ids.values())): 1_500_000})
    return desk, app_id, desk.disburse(app_id)


def test_no_payment_after_a_reversal(db: TestDB) -> None:
    desk, _app, loan_id = _disbursed(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "wrong customer")
    DisbursementReversalService(desk.approver).approve(asked.id)
    with pytest.raises(StateError, match="was reversed"):
        PaymentService(db.admin()).post(loan_id, 10_000, "BANK-LATE")


def test_verify_names_a_reversal_that_left_something_behind(db: TestDB) -> None:
    desk, _app, loan_id = _disbursed(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "wrong")
    DisbursementReversalService(desk.approver).approve(asked.id)
    with db.sessions() as s:
        assert check_reversals(s).ok
    with db.sessions.begin() as s:
        s.execute(
            update(Installment)
            .where(Installment.loan_id == loan_id, Installment.n == 2)
            .values(status="open")
        )
    with db.sessions() as s:
        result = check_reversals(s)
    assert not result.ok and "installment 2 is still open" in result.detail
    with db.sessions.begin() as s:
        s.execute(
            update(Installment).where(Installment.loan_id == loan_id).values(status="cancelled")
        )
        s.execute(update(Loan).where(Loan.id == loan_id).values(status="active"))
    with db.sessions() as s:
        result = check_reversals(s)
    assert not result.ok and "is active but the ledger reversed its disbursement" in result.detail
    with db.sessions.begin() as s:
        s.execute(update(Loan).where(Loan.id == loan_id).values(status="reversed"))
        s.execute(update(DisbursementReversal).values(status="requested"))
        s.execute(update(Application).values(loan_id=loan_id))
    with db.sessions() as s:
        result = check_reversals(s)
    assert not result.ok and "still points to loan" in result.detail


# -- a payment and an approval at once (row lock; the servers) -------------------------


@pytest.fixture
def server_db(db: TestDB) -> Iterator[TestDB]:
    if db.backend == "sqlite":
        pytest.skip("SQLite serialises writers with its database lock")
    yield db


def _paused(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> tuple[threading.Event, threading.Event]:
    """Make ``module.name`` stop (inside its transaction, after the loan's row lock)
    until released; returns (reached, release)."""
    reached, release = threading.Event(), threading.Event()
    real: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread() and not reached.is_set():
            reached.set()
            assert release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return reached, release


def _in_thread(job: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = job()
        except Exception as exc:  # handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def test_an_approval_holding_the_lock_makes_a_payment_wait_then_refuses_it(
    server_db: TestDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = server_db
    desk, _app, loan_id = _disbursed(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "wrong")
    reached, release = _paused(monkeypatch, reversal_module, "blocker")
    approving, approved = _in_thread(
        lambda: DisbursementReversalService(desk.approver).approve(asked.id)
    )
    assert reached.wait(20)  # the approval holds the loan's row lock
    paying, paid = _in_thread(lambda: PaymentService(db.admin()).post(loan_id, 20_000, "RACE-1"))
    paying.join(1.0)
    assert paying.is_alive()  # the payment waits for the lock
    release.set()
    approving.join(30)
    paying.join(30)
    assert "error" not in approved and approved["value"].status == "approved"
    assert isinstance(paid.get("error"), StateError) and "was reversed" in str(paid["error"])
    _all_checks_pass(db)


def test_a_payment_holding_the_lock_makes_an_approval_wait_then_refuses_it(
    server_db: TestDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = server_db
    desk, _app, loan_id = _disbursed(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "wrong")
    reached, release = _paused(monkeypatch, payments_module, "sync_loan")
    paying, paid = _in_thread(lambda: PaymentService(db.admin()).post(loan_id, 20_000, "RACE-2"))
    assert reached.wait(20)  # the payment holds the loan's row lock
    approving, approved = _in_thread(
        lambda: DisbursementReversalService(desk.approver).approve(asked.id)
    )
    approving.join(1.0)
    assert approving.is_alive()  # the approval waits for the lock
    release.set()
    paying.join(30)
    approving.join(30)
    assert "error" not in paid
    error = approved.get("error")
    assert isinstance(error, StateError) and "Payment RACE-2 was posted" in str(error)
    with server_db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None and loan.status == "active"
    _all_checks_pass(db)


def test_funding_service_is_unchanged_for_a_funded_application(db: TestDB) -> None:
    """A reversed application is disbursed again through the usual button."""
    desk, app_id, loan_id = _disbursed(db)
    asked = DisbursementReversalService(desk.disburser).request(loan_id, "wrong")
    DisbursementReversalService(desk.approver).approve(asked.id)
    done = FundingService(desk.disburser, desk.gate).disburse(app_id, None)
    assert done.status == "disbursed"
