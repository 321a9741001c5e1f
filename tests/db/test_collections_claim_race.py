"""Eight agent processes claim from one pool at once: no case is ever claimed twice.

``FOR UPDATE SKIP LOCKED`` on PostgreSQL and MariaDB, the write transaction on SQLite.
"""

from __future__ import annotations

import multiprocessing
from datetime import date

from sqlalchemy import select

from app.collections.assignment import AssignmentService
from app.collections.eod import run_cases
from app.loans.delinquency import Bucket
from app.security.permissions import Role
from db.models.collections import CollectionCase
from tests.collections_support import claim_worker, make_customer, make_loan, set_delinquency
from tests.support import TestDB

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

    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(PROCESSES)
        with context.Pool(PROCESSES) as workers:
            pending = [
                workers.apply_async(claim_worker, (db.url, a.user_id, a.username, start))
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
