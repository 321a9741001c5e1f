"""Eight agent processes claim from one pool at once: no case is ever claimed twice.

``FOR UPDATE SKIP LOCKED`` on PostgreSQL and MariaDB, the write transaction on SQLite.
"""

from __future__ import annotations

import multiprocessing
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from app.collections.assignment import AssignmentService
from app.collections.claim import ClaimService
from app.collections.eod import run_cases
from app.context import ServiceContext
from app.loans.delinquency import Bucket
from app.security.permissions import Role
from db.models.collections import CollectionCase, CollectionTeamMember
from tests.collections_support import claim_worker, make_customer, make_loan, set_delinquency
from tests.support import TestDB, key_env

PROCESSES = 8
CASES = 60


def test_eight_processes_never_claim_a_case_twice(db: TestDB) -> None:
    sup = db.user(Role.COLLECTIONS_SUPERVISOR)
    agents = [db.user(Role.COLLECTIONS_AGENT).actor for _ in range(PROCESSES)]
    team = AssignmentService(sup).create_team("Race", [a.user_id for a in agents if a.user_id])
    AssignmentService(sup).assign_bucket(Bucket.M1, team.id)  # a pool: nobody assigned
    customer = make_customer(db)
    for _ in range(CASES):
        set_delinquency(db, make_loan(db, customer, disbursed=date(2026, 1, 1)), 3)
    run_cases(db.sessions, date(2026, 2, 4))
    with db.sessions() as s:
        pool = set(s.scalars(select(CollectionCase.id).where(CollectionCase.team_id == team.id)))
    assert len(pool) == CASES

    key = key_env(db)["P2PDESK_MASTER_KEY"]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(PROCESSES)
        with context.Pool(PROCESSES) as workers:
            pending = [
                workers.apply_async(claim_worker, (db.url, a.user_id, a.username, start, key))
                for a in agents
            ]
            results = [p.get(timeout=240) for p in pending]
    claimed = [case_id for got in results for case_id in got]
    assert len(claimed) == len(set(claimed)), "a case was claimed twice"
    assert set(claimed) == pool
    if db.backend != "sqlite":  # SQLite's busy wait is not fair: one writer may take all
        assert sum(1 for got in results if got) > 1, "only one process ever got a case"
    with db.sessions() as s:
        holders = {i: c for i, c in s.execute(select(CollectionCase.id, CollectionCase.claimed_by))}
    for agent, got in zip(agents, results, strict=True):
        assert all(holders[case_id] == agent.user_id for case_id in got)


def test_next_case_ranks_free_and_lease_expired_cases_together(db: TestDB) -> None:
    """Free cases and cases whose lease ran out are looked up apart (so each claim
    walks an index instead of every leased case) yet ranked as one pool."""
    sup = db.user(Role.COLLECTIONS_SUPERVISOR)
    a, b = db.user(Role.COLLECTIONS_AGENT), db.user(Role.COLLECTIONS_AGENT)
    team = AssignmentService(sup).create_team("Order", [a.actor.user_id, b.actor.user_id])
    AssignmentService(sup).assign_bucket(Bucket.M1, team.id)
    customer = make_customer(db)
    for _ in range(3):
        set_delinquency(db, make_loan(db, customer, disbursed=date(2026, 1, 1)), 3)
    run_cases(db.sessions, date(2026, 2, 4))
    with db.sessions() as s:
        low, mid, high = sorted(s.scalars(select(CollectionCase.id)))

    def prioritise(**by_id: int) -> None:
        with db.sessions.begin() as s:
            for case_id, priority in by_id.items():
                s.execute(
                    update(CollectionCase)
                    .where(CollectionCase.id == int(case_id[1:]))
                    .values(priority=priority)
                )

    def claim(ctx: ServiceContext, at: datetime, release: bool = False) -> int | None:
        got = ClaimService(ServiceContext(ctx.sessions, ctx.actor, lambda: at)).next_case(
            release_current=release
        )
        return None if got is None else got.case_id

    prioritise(**{f"c{low}": 10, f"c{mid}": 20, f"c{high}": 30})
    t0 = datetime(2026, 2, 4, 2, 0, tzinfo=UTC)
    assert claim(a, t0) == high
    assert claim(b, t0) == mid
    t1 = t0 + timedelta(minutes=31)  # both leases ran out; low is still free
    assert claim(b, t1) == high  # expired 30 outranks free 10
    assert claim(a, t1, release=True) == mid  # a's stale claim on mid is released first
    t2 = t1 + timedelta(minutes=31)
    prioritise(**{f"c{high}": 5})  # expired 20 (mid) > free 10 (low) > expired 5 (high)
    assert [claim(b, t2), claim(b, t2), claim(b, t2), claim(b, t2)] == [mid, low, high, None]
    with db.sessions() as s:
        held = {i: c for i, c in s.execute(select(CollectionCase.id, CollectionCase.claimed_by))}
    assert held == dict.fromkeys((low, mid, high), b.actor.user_id)
    assert claim(b, t2, release=True) == mid  # all three released, the best taken again
    with db.sessions() as s:
        held = {i: c for i, c in s.execute(select(CollectionCase.id, CollectionCase.claimed_by))}
    assert held == {low: None, mid: b.actor.user_id, high: None}


def test_next_case_takes_own_cases_first_then_the_best_of_every_team_not_held(
    db: TestDB,
) -> None:
    """PostgreSQL reads the agent's teams inside the claim statement, one index walk
    per team: the best case across all their teams comes first, a team they left
    stops counting at once, held loans and other teams' pools never count."""
    from app.servicedesk.service import NewTicket, TicketService
    from app.settings import SettingsService

    sup = db.user(Role.COLLECTIONS_SUPERVISOR)
    a, b = db.user(Role.COLLECTIONS_AGENT), db.user(Role.COLLECTIONS_AGENT)
    ua, ub = a.actor.user_id, b.actor.user_id
    assert ua is not None and ub is not None
    t1 = AssignmentService(sup).create_team("Both", [ua, ub])
    t2 = AssignmentService(sup).create_team("A only", [ua])
    t3 = AssignmentService(sup).create_team("B only", [ub])
    AssignmentService(sup).assign_bucket(Bucket.M1, t1.id)
    customer = make_customer(db)
    loans = [make_loan(db, customer, disbursed=date(2026, 1, 1)) for _ in range(5)]
    for loan_id in loans:
        set_delinquency(db, loan_id, 3)
    run_cases(db.sessions, date(2026, 2, 4))
    with db.sessions() as s:
        by_loan = {n: c for n, c in s.execute(select(CollectionCase.loan_id, CollectionCase.id))}
    own, pool1, pool2, held2, pool3 = (by_loan[loan_id] for loan_id in loans)
    with db.sessions.begin() as s:
        for case_id, team_id, agent_id, priority in (
            (own, t1.id, ua, 1),
            (pool1, t1.id, None, 50),
            (pool2, t2.id, None, 60),
            (held2, t2.id, None, 70),
            (pool3, t3.id, None, 99),
        ):
            s.execute(
                update(CollectionCase)
                .where(CollectionCase.id == case_id)
                .values(team_id=team_id, agent_id=agent_id, priority=priority)
            )
    TicketService(db.user(Role.SUPPORT_AGENT)).create(
        NewTicket(subject="not mine", category="dispute", customer_id=customer, loan_id=loans[3])
    )
    SettingsService(db.admin()).set("collections.claim_lease_minutes", 45)
    t0 = datetime(2026, 2, 4, 2, 0, tzinfo=UTC)
    service_a = ClaimService(ServiceContext(a.sessions, a.actor, lambda: t0))
    service_b = ClaimService(ServiceContext(b.sessions, b.actor, lambda: t0))

    first = service_a.next_case(release_current=False)
    assert first is not None
    assert (first.case_id, first.loan_id) == (own, loans[0])  # own case before any pool
    assert first.lease_until == t0 + timedelta(minutes=45)
    got = service_a.next_case(release_current=False)
    assert got is not None and got.case_id == pool2  # team 2's 60 > team 1's 50; 70 held
    with db.sessions.begin() as s:  # a leaves team 1: its pool no longer counts
        s.execute(
            update(CollectionTeamMember)
            .where(CollectionTeamMember.team_id == t1.id, CollectionTeamMember.user_id == ua)
            .values(active=False)
        )
    assert service_a.next_case(release_current=False) is None
    claims_b = [service_b.next_case(release_current=False) for _ in range(3)]
    assert [None if c is None else c.case_id for c in claims_b] == [pool3, pool1, None]
    with db.sessions() as s:
        held = {i: c for i, c in s.execute(select(CollectionCase.id, CollectionCase.claimed_by))}
    assert held == {own: ua, pool2: ua, pool3: ub, pool1: ub, held2: None}
