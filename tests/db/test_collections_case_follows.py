"""A payment, a reversal or an approved arrangement moves the loan's collection case
in the same transaction (issue 13 point 10): a case with nothing overdue leaves the
queue at once and "Next case" never hands it out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.collections.arrangements import ArrangementService, even_plan
from app.collections.claim import ClaimService
from app.loans.payments import PaymentService
from app.platform import load_state
from db.models.collections import CollectionCase
from db.models.loans import Loan
from tests.db.test_collections_service import Desk
from tests.support import TestDB


def _give_to_agent(desk: Desk) -> None:
    with desk.db.sessions.begin() as s:
        s.execute(
            update(CollectionCase)
            .where(CollectionCase.id == desk.case.id)
            .values(agent_id=desk.agent.actor.user_id)
        )


def _cases(db: TestDB, loan_id: int) -> list[CollectionCase]:
    with db.sessions() as s:
        rows = list(
            s.scalars(
                select(CollectionCase)
                .where(CollectionCase.loan_id == loan_id)
                .order_by(CollectionCase.id)
            )
        )
        for r in rows:
            s.expunge(r)
        return rows


def test_a_payment_of_what_is_overdue_takes_the_case_out_of_the_queue(db: TestDB) -> None:
    desk = Desk(db)
    _give_to_agent(desk)
    overdue = desk.case.overdue_amount
    assert overdue > 0
    payment = PaymentService(desk.world.ctx).post(desk.loan_id, overdue, "BANK-1")
    (case,) = _cases(db, desk.loan_id)
    assert (case.status, case.is_open, case.dpd, case.overdue_amount) == ("resolved", False, 0, 0)
    assert case.open_loan_id is None
    assert ClaimService(desk.agent).next_case() is None  # never a paid case

    # The payment bounces: the loan is overdue again and a case is open at once.
    PaymentService(desk.world.ctx).reverse(payment.payment_id, "bounced")
    cases = _cases(db, desk.loan_id)
    with db.sessions() as s:
        loan = s.get(Loan, desk.loan_id)
        assert loan is not None and loan.dpd == 5
    assert len(cases) == 2 and cases[-1].is_open
    assert (cases[-1].dpd, cases[-1].bucket, cases[-1].overdue_amount) == (5, "M1", overdue)


def test_a_partial_payment_updates_the_amount_overdue_at_once(db: TestDB) -> None:
    desk = Desk(db)
    overdue = desk.case.overdue_amount
    PaymentService(desk.world.ctx).post(desk.loan_id, 100_00, "BANK-2")
    (case,) = _cases(db, desk.loan_id)
    assert case.is_open and case.overdue_amount == overdue - 100_00


def test_an_approved_arrangement_brings_the_case_to_the_loans_dpd(db: TestDB) -> None:
    desk = Desk(db)
    with db.sessions() as s:
        today = load_state(s).business_date
    owed = ArrangementService(desk.agent).outstanding(desk.case.id)
    plan = even_plan(owed, today + timedelta(days=7), 3)
    info = ArrangementService(desk.agent).propose(desk.case.id, plan, "lost job")
    ArrangementService(desk.sup).decide(info.id, info.version, True, "ok")
    with db.sessions() as s:
        loan = s.get(Loan, desk.loan_id)
        assert loan is not None and loan.dpd == 0
    (case,) = _cases(db, desk.loan_id)
    assert (case.dpd, case.is_open, case.status) == (0, False, "resolved")
