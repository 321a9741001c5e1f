"""Shared queue: 8 agent processes claiming one team pool vs 1 agent claiming it.

Every agent runs ``ClaimService.next_case`` in its own spawned process with its own
engine, all released at once by a barrier, until the pool is empty. Throughput is
claims per second between the first start and the last finish; the 8-agent run
must be at least as fast as one agent, and no case may be claimed twice.

The 1-agent and 8-agent races alternate ``repeat`` times on the same database and
each side's median counts, so a burst of load on a shared machine skews one pair,
not the ratio. Run alone (the issue's 10,000 cases by default)::

    python -m bench.claim_bench --backends postgresql,mysql [--cases 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from pathlib import Path

from sqlalchemy import text

from bench.common import Row
from bench.database import fresh_database
from bench.generate import generate

ISSUE_CASES = 10_000  # the issue's race: 8 agents claiming 10,000 cases
# The generator puts about 1 loan in 10 in arrears, each with an open case; 12
# loans per case leave a margin so the pool really holds ``cases`` cases.
LOANS_PER_CASE = 12


def claim_worker(
    url: str, user_id: int, username: str, start: object
) -> tuple[list[int], float, float]:
    """One agent: claim until nothing is left; (case ids, start, end) in wall-clock time."""
    from app.collections.claim import ClaimService
    from app.context import Actor, ServiceContext
    from app.security.permissions import Role
    from db.engine import make_engine, make_sessionmaker

    engine = make_engine(url)
    actor = Actor.for_user(user_id, username, username, frozenset({Role.COLLECTIONS_AGENT}))
    service = ClaimService(ServiceContext(make_sessionmaker(engine), actor))
    with engine.connect():
        pass  # connect before the barrier: the race is the claims, not the handshake
    start.wait()  # type: ignore[attr-defined]
    began = time.time()
    got: list[int] = []
    try:
        while (claim := service.next_case(release_current=False)) is not None:
            got.append(claim.case_id)
    finally:
        ended = time.time()
        engine.dispose()
    return got, began, ended


def _race(url: str, agents: list[tuple[int, str]]) -> tuple[list[list[int]], float]:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(len(agents))
        with context.Pool(len(agents)) as pool:
            pending = [pool.apply_async(claim_worker, (url, uid, name, barrier))
                       for uid, name in agents]  # fmt: skip
            results = [p.get(timeout=900) for p in pending]
    began = min(r[1] for r in results)
    ended = max(r[2] for r in results)
    return [r[0] for r in results], ended - began


def _reset(engine: object, limit_cases: int) -> int:
    """Put ``limit_cases`` open cases in the team pool, unclaimed; close the rest.

    The statistics are refreshed afterwards: the generator assigned half the cases
    to agents, and with that left in the planner's statistics PostgreSQL's plan for
    the agent's own cases (there are none) walked every open case on each claim,
    until autovacuum happened to analyze the table in the middle of a race."""
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("UPDATE collection_cases SET agent_id = NULL, claimed_by = NULL, "
                          "lease_until = NULL"))  # fmt: skip
        ids = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM collection_cases WHERE is_open = :t ORDER BY id"), {"t": True}
            )
        ]
        extra = ids[limit_cases:]
        if extra:
            conn.execute(
                text(
                    "UPDATE collection_cases SET is_open = :f, open_loan_id = NULL "
                    "WHERE id >= :first"
                ),
                {"f": False, "first": extra[0]},
            )
        pool = min(len(ids), limit_cases)
    with engine.connect() as conn:  # type: ignore[attr-defined]
        analyze = "ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE TABLE"
        conn.execute(text(f"{analyze} collection_cases"))
        conn.commit()
    return pool


def measure_claims(
    backend: str, cases: int = ISSUE_CASES, workdir: Path = Path("bench/out"), repeat: int = 1
) -> list[Row]:
    """8 vs 1 agent on a fresh database of ``backend`` holding ``cases`` open cases;
    with ``repeat`` > 1 the two races alternate and each side's median counts."""
    one_times: list[float] = []
    eight_times: list[float] = []
    doubles, complete, per_agent = 0, True, ""
    with fresh_database(backend, workdir) as bench:
        portfolio = generate(bench.engine, bench.vault, max(400, cases * LOANS_PER_CASE))
        agents = list(zip(portfolio.agent_ids, portfolio.agent_names, strict=True))
        pool = 0
        for _ in range(repeat):
            pool = _reset(bench.engine, cases)
            one, one_s = _race(bench.url, agents[:1])
            _reset(bench.engine, cases)
            eight, eight_s = _race(bench.url, agents)
            one_times.append(one_s)
            eight_times.append(eight_s)
            claimed = [c for got in eight for c in got]
            doubles += len(claimed) - len(set(claimed))
            complete = complete and len(set(claimed)) == pool and len(one[0]) == pool
            per_agent = "/".join(str(len(g)) for g in eight)
    one_s, eight_s = statistics.median(one_times), statistics.median(eight_times)
    runs = f"median of {repeat}, " if repeat > 1 else ""
    short = "" if pool == cases else f" (asked for {cases:,}: the pool held fewer)"
    note = (f"{pool:,} cases{short}: {runs}1 agent {pool / one_s:,.0f}/s, 8 agents "
            f"{pool / eight_s:,.0f}/s ({per_agent}); {doubles} double claims")  # fmt: skip
    ok = doubles == 0 and complete and pool == cases
    return [Row("shared queue: 8 agents vs 1 agent claiming (time per claim)", backend,
                one_s, eight_s, 1.0, note, ok)]  # fmt: skip


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description="8 agents vs 1 claiming one pool")
    parser.add_argument("--backends", default="postgresql,mysql")
    parser.add_argument("--cases", type=int, default=ISSUE_CASES)
    parser.add_argument("--repeat", type=int, default=1, help="alternating race pairs")
    parser.add_argument("--workdir", default="bench/out")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for backend in (b.strip() for b in args.backends.split(",") if b.strip()):
        for row in measure_claims(backend, args.cases, Path(args.workdir), args.repeat):
            rows.append(row)
            print(f"{row.backend:<10} {row.baseline_s:8.1f}s {row.measured_s:8.1f}s "
                  f"{row.ratio:5.2f}x  {'pass' if row.passed else 'FAIL'}  {row.note}",
                  flush=True)  # fmt: skip
    return rows


if __name__ == "__main__":
    main()
