"""Collections end of day on every backend: open, move, resolve, close, route,
round robin, promise evaluation; rerunning a day changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.collections.assignment import AssignmentService, round_robin
from app.collections.eod import run_cases, run_priority, run_promises
from app.loans.delinquency import Bucket
from app.security.permissions import Role
from db.models.collections import CollectionCase
from tests.collections_support import (
    make_customer,
    make_loan,
    pay_installment,
    set_delinquency,
)
from tests.support import TestDB

START = date(2026, 1, 1)


def _cases(db: TestDB, loan_id: int) -> list[CollectionCase]:
    with db.sessions() as s:
        rows = s.scalars(
            select(CollectionCase)
            .where(CollectionCase.loan_id == loan_id)
            .order_by(CollectionCase.id)
        ).all()
        s.expunge_all()
        return list(rows)


def _eod(db: TestDB, day: date) -> int:
    return (
        run_cases(db.sessions, day)
        + run_promises(db.sessions, day)
        + run_priority(db.sessions, day)
    )


def test_case_opens_moves_resolves_and_reopens(db: TestDB) -> None:
    customer = make_customer(db)
    loan = make_loan(db, customer, disbursed=START)
    first_due = date(2026, 2, 1)
    day = first_due + timedelta(days=1)
    assert _eod(db, first_due) == 0  # due today is not overdue
    assert _cases(db, loan) == []

    set_delinquency(db, loan, 1)
    assert _eod(db, day) > 0
    [case] = _cases(db, loan)
    assert (case.status, case.bucket, case.dpd, case.is_open) == ("open", "M1", 1, True)
    assert case.overdue_amount == 100_000 + 10_000
    assert case.priority > 0 and case.priority_reasons
    assert _eod(db, day) == 0  # rerun changes nothing

    day += timedelta(days=31)
    set_delinquency(db, loan, 32)
    _eod(db, day)
    [case] = _cases(db, loan)
    assert (case.bucket, case.dpd) == ("M2", 32)
    assert case.overdue_amount == 2 * 110_000
    assert _eod(db, day) == 0

    pay_installment(db, loan, 1)
    pay_installment(db, loan, 2)
    set_delinquency(db, loan, 0)
    _eod(db, day + timedelta(days=1))
    [case] = _cases(db, loan)
    assert (case.status, case.is_open, case.resolved_on) == ("resolved", False, day + timedelta(1))
    assert _eod(db, day + timedelta(days=1)) == 0

    set_delinquency(db, loan, 5)
    _eod(db, day + timedelta(days=40))
    old, new = _cases(db, loan)
    assert old.status == "resolved" and new.status == "open" and new.dpd == 5


def test_paid_off_and_written_off_loans_close_their_case(db: TestDB) -> None:
    customer = make_customer(db)
    loans = [make_loan(db, customer, disbursed=START) for _ in range(2)]
    for loan in loans:
        set_delinquency(db, loan, 10)
    _eod(db, date(2026, 2, 11))
    set_delinquency(db, loans[0], 0, status="paid_off")
    set_delinquency(db, loans[1], 200, status="written_off")
    _eod(db, date(2026, 2, 12))
    assert [(c.status, c.close_reason) for c in _cases(db, loans[0])] == [("closed", "paid_off")]
    assert [(c.status, c.close_reason) for c in _cases(db, loans[1])] == [("closed", "written_off")]
    assert _eod(db, date(2026, 2, 12)) == 0


def test_open_case_dpd_setting(db: TestDB) -> None:
    from app.settings import SettingsService

    SettingsService(db.admin()).set("collections.open_case_dpd", 5)
    loan = make_loan(db, make_customer(db), disbursed=START)
    set_delinquency(db, loan, 4)
    _eod(db, date(2026, 2, 5))
    assert _cases(db, loan) == []
    set_delinquency(db, loan, 5)
    _eod(db, date(2026, 2, 6))
    assert len(_cases(db, loan)) == 1


def test_bucket_routing_and_round_robin(db: TestDB) -> None:
    sup = db.user(Role.COLLECTIONS_SUPERVISOR)
    agents = [db.user(Role.COLLECTIONS_AGENT).actor.user_id for _ in range(3)]
    service = AssignmentService(sup)
    team = service.create_team("M1 team", [a for a in agents if a is not None])
    pool = service.create_team("M2 pool", [])
    service.assign_bucket(Bucket.M1, team.id, auto=True)
    service.assign_bucket(Bucket.M2, pool.id)
    customer = make_customer(db)
    loans = [make_loan(db, customer, disbursed=START) for _ in range(7)]
    for loan in loans:
        set_delinquency(db, loan, 3)
    _eod(db, date(2026, 2, 4))
    assigned = [_cases(db, loan)[0].agent_id for loan in loans]
    counts = sorted(assigned.count(a) for a in agents)
    assert counts == [2, 2, 3] and None not in assigned
    assert _eod(db, date(2026, 2, 4)) == 0

    # moving to M2 sends the case to the M2 pool, unassigned
    set_delinquency(db, loans[0], 40)
    _eod(db, date(2026, 3, 13))
    case = _cases(db, loans[0])[0]
    assert (case.team_id, case.agent_id, case.bucket) == (pool.id, None, "M2")


def test_round_robin_is_fair_and_continues() -> None:
    assert round_robin([3, 1, 2], None, 4) == [1, 2, 3, 1]
    assert round_robin([1, 2, 3], 1, 2) == [2, 3]
    assert round_robin([1, 2, 3], 3, 1) == [1]
    assert round_robin([], None, 3) == []
