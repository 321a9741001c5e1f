"""A realistic portfolio, fast: ``python -m bench.generate --loans N --db URL``.

Customers (with encrypted PII and blind indexes), loans across every delinquency
bucket with their 12-month schedules, one payment per paying loan, a collection
case per loan in arrears (a team pool plus some assigned), tickets, a KYC
checklist per customer (some in the queue) and loan applications in every status.
Everything is written with Core executemany in chunks, never ORM objects, so the
generator's cost is the driver's insert path. The data is shaped for reading and
end of day, not for ``p2pdesk verify``: loans carry no disbursement journal.

Proportions per N loans: N/2 customers, N/5 tickets, N/10 applications, one
checklist per customer (15% queued), and roughly one case per eight loans.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, text, update

from app.context import Actor, ServiceContext
from app.demo import make_customer
from app.loans.delinquency import Bucket
from app.loans.products import ProductInput, ProductService
from app.loans.schedule import Method, build_schedule
from app.security.passwords import hash_password
from app.security.pii import PiiVault, last4
from db.engine import make_sessionmaker
from db.models.collections import CollectionCase, CollectionTeam, CollectionTeamMember
from db.models.customers import Customer
from db.models.kyc import KycChecklist
from db.models.loans import Holding, Installment, Investor, Loan, Payment
from db.models.origination import Application
from db.models.platform import PlatformState
from db.models.security import User, UserRole
from db.models.servicedesk import Ticket

TODAY = date(2026, 6, 30)
NOW = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
CLOSED_SORT = datetime(9999, 1, 1, tzinfo=UTC)  # closed tickets sort last
CHUNK = 5_000
AGENTS = 8
AGENT_PASSWORD = "bench-agent-123"
RATE = Decimal("0.12")
BOUNDS = ((0, Bucket.CURRENT), (30, Bucket.M1), (60, Bucket.M2), (90, Bucket.M3),
          (180, Bucket.M4_PLUS))  # fmt: skip


def bucket_of(dpd: int) -> str:
    for top, bucket in BOUNDS:
        if dpd <= top:
            return str(bucket)
    return str(Bucket.WRITE_OFF_CANDIDATE)


@dataclass
class Portfolio:
    """What was generated, with a few handles the benchmarks search and claim with."""

    customers: int = 0
    loans: int = 0
    installments: int = 0
    payments: int = 0
    cases: int = 0
    tickets: int = 0
    checklists: int = 0
    applications: int = 0
    seconds: float = 0.0
    agent_ids: list[int] = field(default_factory=list)
    agent_names: list[str] = field(default_factory=list)
    team_id: int = 0
    search_sample: list[tuple[str, str, str]] = field(default_factory=list)  # name, phone, id
    buckets: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.customers:,} customers, {self.loans:,} loans, {self.installments:,} "
            f"installments, {self.payments:,} payments, {self.cases:,} cases, "
            f"{self.tickets:,} tickets, {self.checklists:,} checklists, "
            f"{self.applications:,} applications in {self.seconds:.1f}s "
            f"({self.loans / max(self.seconds, 1e-9):,.0f} loans/s)"
        )


class _Writer:
    """Chunked Core executemany per table, one transaction per flush."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pending: dict[Table, list[dict[str, Any]]] = {}

    def add(self, model: Any, row: dict[str, Any]) -> None:
        table: Table = model.__table__
        rows = self.pending.setdefault(table, [])
        rows.append(row)
        if len(rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not any(self.pending.values()):
            return
        with self.engine.begin() as conn:
            for table, rows in self.pending.items():  # insertion order = FK order
                if rows:
                    conn.execute(insert(table), rows)
                    rows.clear()


def _setup(engine: Engine, writer: _Writer, portfolio: Portfolio) -> tuple[int, int, int, int]:
    """Product, scorecard, KYC templates, investor, agents and the collections team."""
    from app.kyc.templates import active_template
    from app.origination.scorecards import active_scorecard
    from db.models.origination import Scorecard

    ctx = ServiceContext(make_sessionmaker(engine), Actor.system("bench"))
    product = ProductService(ctx).create(
        ProductInput("BENCH", "Bench loan", "annuity", 1_000_00, 1_000_000_00, 1, 36, {"C": RATE})
    )
    actor = Actor.system("bench")
    with ctx.transaction() as s:
        s.execute(update(PlatformState).values(business_date=TODAY))
        templates = [active_template(s, kind, actor, NOW).id for kind in ("individual", "business")]
        active_scorecard(s)
        scorecard = s.scalar(select(Scorecard.id).where(Scorecard.active.is_(True)))
        investor = Investor(name="Bench investor")
        s.add(investor)
        team = CollectionTeam(name="Bench pool")
        s.add(team)
        s.flush()
        password = hash_password(AGENT_PASSWORD)
        for i in range(AGENTS):
            user = User(username=f"agent{i + 1}", display_name=f"Agent {i + 1}",
                        password_hash=password,
                        roles=[UserRole(role="collections_agent")])  # fmt: skip
            s.add(user)
            s.flush()
            s.add(CollectionTeamMember(team_id=team.id, user_id=user.id))
            portfolio.agent_ids.append(user.id)
            portfolio.agent_names.append(user.username)
        portfolio.team_id = team.id
        assert scorecard is not None
        return product.id, templates[0], int(scorecard), investor.id


def _customers(
    writer: _Writer, vault: PiiVault, rng: random.Random, count: int, p: Portfolio
) -> Iterator[tuple[int, str]]:
    for i in range(count):
        c = make_customer(rng, i)
        row: dict[str, Any] = {
            "id": i + 1, "number": f"C{i + 1:08d}", "kind": c.kind, "name": c.name,
            "name_key": c.name.casefold(), "city": c.city, "timezone": c.timezone,
            "monthly_income": c.monthly_income,
        }  # fmt: skip
        for kind in ("id_number", "phone", "bank_card"):
            value = getattr(c, kind)
            row[f"{kind}_enc"] = vault.encrypt(kind, value)
            row[f"{kind}_bidx"] = vault.blind_index(kind, value)
            row[f"{kind}_last4"] = last4(kind, value)
        writer.add(Customer, row)
        if i % max(1, count // 20) == 0:
            p.search_sample.append((c.name, c.phone or "", c.id_number or ""))
        p.customers += 1
        yield i + 1, c.kind


def generate(engine: Engine, vault: PiiVault, loans: int, seed: int = 7) -> Portfolio:
    """Fill an initialised, empty database with ``loans`` loans and the rest."""
    start = time.perf_counter()
    rng = random.Random(seed)
    p = Portfolio()
    writer = _Writer(engine)
    product_id, template_id, scorecard_id, investor_id = _setup(engine, writer, p)
    customer_count = max(20, loans // 2)
    kinds: list[str] = []
    for cid, kind in _customers(writer, vault, rng, customer_count, p):
        kinds.append(kind)
        queued = rng.random() < 0.15
        writer.add(KycChecklist, {
            "id": cid, "customer_id": cid, "template_id": template_id,
            "state": rng.choice(("incomplete", "rejected", "expired")) if queued else "complete",
            "queue_reason": rng.choice(("submitted", "rejected", "expired", "expiring"))
            if queued else None,
            "queue_due": NOW - timedelta(minutes=rng.randrange(1, 60 * 24 * 30))
            if queued else None, "version": 1,
        })  # fmt: skip
        p.checklists += 1
    writer.flush()
    schedules: dict[tuple[int, date], Any] = {}
    inst_id = 0
    for loan_id in range(1, loans + 1):
        opened = TODAY - timedelta(days=rng.randrange(1, 365))
        principal = rng.randrange(5, 200) * 1_000_00
        sched = schedules.get((principal, opened))
        if sched is None:
            sched = build_schedule(principal, RATE, 12, Method.ANNUITY, opened).installments
            schedules[(principal, opened)] = sched
        due = [i for i in sched if i.due_date <= TODAY]
        paid = len(due) if rng.random() < 0.8 else rng.randrange(0, len(due) + 1)
        oldest = next((i for i in sched if i.n > paid and i.due_date < TODAY), None)
        dpd = (TODAY - oldest.due_date).days if oldest is not None else 0
        bucket = bucket_of(dpd)
        p.buckets[bucket] = p.buckets.get(bucket, 0) + 1
        customer = rng.randrange(1, customer_count + 1)
        writer.add(Loan, {
            "id": loan_id, "number": f"B{loan_id:09d}", "customer_id": customer,
            "product_id": product_id, "grade": "C", "method": "annuity", "principal": principal,
            "annual_rate": RATE, "term": 12, "disbursed_on": opened, "origination_fee": 0,
            "reserve_amount": 0, "service_fee_rate": Decimal("0.1"), "late_fee": 50_00,
            "grace_days": 3, "penalty_rate": Decimal("0.0005"),
            "allocation_order": "penalty,fees,interest,principal",
            "prepayment_rule": "shorten_term", "recurring_amount": sched[0].payment,
            "status": "active", "dpd": dpd, "bucket": bucket, "accrued_through": TODAY,
            "credit_balance": 0, "event_seq": 1 if paid else 0, "version": 1,
        })  # fmt: skip
        writer.add(Holding, {"loan_id": loan_id, "investor_id": investor_id,
                             "amount": principal, "outstanding": principal})  # fmt: skip
        overdue = 0
        for inst in sched:
            inst_id += 1
            settled = inst.n <= paid
            if not settled and inst.due_date < TODAY:
                overdue += inst.principal + inst.interest
            writer.add(Installment, {
                "id": inst_id, "loan_id": loan_id, "n": inst.n, "due_date": inst.due_date,
                "due_day": inst.due_date.toordinal(),
                "late_fee_from": inst.due_date + timedelta(days=4),
                "principal": inst.principal, "interest": inst.interest, "fees": 0, "penalty": 0,
                "paid_principal": inst.principal if settled else 0,
                "paid_interest": inst.interest if settled else 0, "paid_fees": 0,
                "paid_penalty": 0, "status": "paid" if settled else "open",
            })  # fmt: skip
        p.installments += len(sched)
        if paid:
            last = sched[paid - 1]
            writer.add(Payment, {
                "loan_id": loan_id, "external_ref": f"GEN-{loan_id:09d}", "channel": "bank_file",
                "amount": sum(i.payment for i in sched[:paid]), "value_date": last.due_date,
                "posted_on": last.due_date, "event_seq": 1, "status": "posted", "version": 1,
            })  # fmt: skip
            p.payments += 1
        if dpd > 0:
            score = min(dpd, 200) * 3 + overdue // 1_000_00
            reasons = [["dpd", min(dpd, 200) * 3, str(dpd)],
                       ["overdue_amount", overdue // 1_000_00, str(overdue)]]  # fmt: skip
            assigned = rng.random() < 0.5
            writer.add(CollectionCase, {
                "loan_id": loan_id, "open_loan_id": loan_id, "customer_id": customer,
                "status": "open", "is_open": True,
                "opened_on": oldest.due_date + timedelta(days=1) if oldest else TODAY,
                "bucket": bucket, "routed_bucket": bucket, "dpd": dpd, "overdue_amount": overdue,
                "team_id": p.team_id,
                "agent_id": rng.choice(p.agent_ids) if assigned else None,
                "priority": score, "priority_reasons": json.dumps(reasons),
                "broken_promises": 0, "version": 1,
            })  # fmt: skip
            p.cases += 1
        p.loans += 1
    writer.flush()
    _tickets(writer, rng, max(10, loans // 5), customer_count, loans, p)
    _applications(writer, rng, max(10, loans // 10), customer_count, product_id, scorecard_id, p)
    writer.flush()
    _analyze(engine)
    p.seconds = time.perf_counter() - start
    return p


def _tickets(
    writer: _Writer, rng: random.Random, count: int, customers: int, loans: int, p: Portfolio
) -> None:
    priorities = ("urgent", "high", "normal", "normal", "low")
    with writer.engine.begin() as conn:
        _sequence(conn, count)
    for n in range(1, count + 1):
        active = rng.random() < 0.3  # open tickets are weeks old, closed ones months
        opened = NOW - timedelta(minutes=rng.randrange(1, 60 * 24 * (30 if active else 120)))
        due = opened + timedelta(hours=rng.randrange(4, 120))
        writer.add(Ticket, {
            "number": f"T-2026-{n:06d}", "customer_id": rng.randrange(1, customers + 1),
            "loan_id": rng.randrange(1, loans + 1) if rng.random() < 0.5 else None,
            "channel": rng.choice(("phone", "email", "chat")),
            "category": rng.choice(("inquiry", "payment", "complaint", "technical")),
            "priority": rng.choice(priorities),
            "status": rng.choice(("new", "open", "waiting_customer")) if active else "closed",
            "is_active": active, "subject": f"Customer question {n} about repayment",
            "description": "Generated for the benchmark.", "tags": "",
            "assignee_id": rng.choice(p.agent_ids) if rng.random() < 0.5 else None,
            "is_complaint": False, "sla_started_at": opened, "paused_seconds": 0,
            "resolution_due_at": due, "due_sort_at": due if active else CLOSED_SORT,
            "opened_at": opened, "updated_at": opened, "closed_at": None if active else due,
            "version": 1,
        })  # fmt: skip
        p.tickets += 1


def _sequence(conn: Connection, count: int) -> None:
    from db.models.servicedesk import TicketSequence

    conn.execute(insert(TicketSequence.__table__), [{"year": 2026, "last_number": count}])


def _applications(
    writer: _Writer,
    rng: random.Random,
    count: int,
    customers: int,
    product_id: int,
    scorecard_id: int,
    p: Portfolio,
) -> None:
    statuses = ("submitted", "in_review", "info_requested", "recommended", "approved",
                "declined", "disbursed", "withdrawn")  # fmt: skip
    for n in range(1, count + 1):
        submitted = NOW - timedelta(minutes=rng.randrange(1, 60 * 24 * 90))
        score = rng.randrange(450, 800)
        status = rng.choice(statuses)
        writer.add(Application, {
            "number": f"A{n:09d}", "channel": rng.choice(("counter", "phone", "web")),
            "customer_id": rng.randrange(1, customers + 1), "product_id": product_id,
            "amount": rng.randrange(5, 200) * 1_000_00, "term": rng.choice((6, 12, 24, 36)),
            "purpose": "working capital", "monthly_income": rng.randrange(3, 60) * 1_000_00,
            "monthly_debt": rng.randrange(0, 20) * 100_00, "bureau_score": score,
            "open_accounts": rng.randrange(0, 8), "delinquencies_24m": rng.randrange(0, 3),
            "inquiries_6m": rng.randrange(0, 6), "status": status, "submitted_at": submitted,
            "submitted_on": submitted.date(), "status_changed_at": submitted,
            "assigned_to": rng.choice(p.agent_ids) if status != "submitted" else None,
            "scorecard_id": scorecard_id, "score": score,
            "grade": "ABCDE"[min(4, (800 - score) // 70)], "pd": Decimal("0.05"),
            "dti_bp": rng.randrange(500, 6000), "version": 1,
        })  # fmt: skip
        p.applications += 1


def _analyze(engine: Engine) -> None:
    """Fresh planner statistics, as a DBA would after a bulk load."""
    with engine.connect() as conn:
        if engine.dialect.name in ("postgresql", "sqlite"):
            conn.execute(text("ANALYZE"))
        else:
            tables = ("customers", "loans", "installments", "collection_cases", "tickets",
                      "kyc_checklists", "applications")  # fmt: skip
            conn.execute(text("ANALYZE TABLE " + ", ".join(tables)))
        conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--db", required=True, help="a new SQLite file or an empty server DB")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("P2PDESK_FAST_HASH", "1")
    from app.bootstrap import initialise
    from app.platform import open_vault
    from app.security.keys import MemoryStore
    from db import schema
    from db.engine import make_engine

    engine = make_engine(args.db)
    store = MemoryStore()
    if schema.current_revision(engine) is None:
        initialise(engine, admin_username="admin", admin_password="bench-pass-123", store=store)
    with make_sessionmaker(engine)() as session:
        status = open_vault(session, store, engine)
    if status.vault is None:
        raise SystemExit(f"cannot open the PII vault: {status.reason}")
    print(generate(engine, status.vault, args.loans, args.seed).summary())


if __name__ == "__main__":
    main()
