"""An approved arrangement is kept when every installment of its plan is paid and
broken when one is unpaid past the grace days (issue 13 point 13), on every backend."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.collections.arrangements import (
    ArrangementService,
    ArrangementState,
    case_arrangements,
    even_plan,
)
from app.loans.payments import PaymentService
from app.platform import load_state
from db.models.loans import Installment
from tests.db.test_collections_service import Desk
from tests.support import TestDB


def _state(db: TestDB, desk: Desk) -> ArrangementState:
    with db.sessions() as s:
        [view] = case_arrangements(s, desk.case.id, load_state(s).business_date)
    return view.state


def _approved(db: TestDB, desk: Desk, parts: int) -> None:
    with db.sessions() as s:
        today = load_state(s).business_date
    owed = ArrangementService(desk.agent).outstanding(desk.case.id)
    plan = even_plan(owed, today + timedelta(days=5), parts)
    ArrangementService(desk.agent).propose(desk.case.id, plan, "two parts")
    assert _state(db, desk) is ArrangementState.PENDING
    [waiting] = ArrangementService(desk.sup).pending()
    ArrangementService(desk.sup).decide(waiting.id, waiting.version, True)
    assert _state(db, desk) is ArrangementState.APPROVED


def test_unpaid_past_grace_is_broken(db: TestDB) -> None:
    desk = Desk(db)
    _approved(db, desk, 2)
    desk.world.eod_days(5 + 3)  # the first plan date and its grace days
    assert _state(db, desk) is ArrangementState.APPROVED
    desk.world.eod_days(1)
    assert _state(db, desk) is ArrangementState.BROKEN


def test_every_installment_paid_is_kept(db: TestDB) -> None:
    desk = Desk(db)
    _approved(db, desk, 1)
    with db.sessions() as s:
        owed = sum(
            i.principal + i.interest + i.fees + i.penalty
            - i.paid_principal - i.paid_interest - i.paid_fees - i.paid_penalty
            for i in s.scalars(
                select(Installment).where(
                    Installment.loan_id == desk.loan_id, Installment.status == "open"
                )
            )
        )  # fmt: skip
    PaymentService(desk.world.ctx).post(desk.loan_id, owed, "ARR-PAID")
    assert _state(db, desk) is ArrangementState.KEPT


def test_a_rejection_reads_rejected(db: TestDB) -> None:
    other = Desk(db)
    with db.sessions() as s:
        today = load_state(s).business_date
    plan = even_plan(
        ArrangementService(other.agent).outstanding(other.case.id), today + timedelta(days=5), 2
    )
    ArrangementService(other.agent).propose(other.case.id, plan, "")
    [waiting] = ArrangementService(other.sup).pending()
    ArrangementService(other.sup).decide(waiting.id, waiting.version, False, "too long")
    assert _state(db, other) is ArrangementState.REJECTED
