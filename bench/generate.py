"""A realistic portfolio, fast: ``python -m bench.generate --loans N --db URL``.

Customers (with encrypted PII and blind indexes), loans across every delinquency
bucket with their 12-month schedules, one payment per paying loan, a collection
case per loan in arrears (a team pool plus some assigned), tickets, a KYC
checklist per customer (some in the queue) and loan applications in every status.
Rows are tuples streamed in chunks of 5,000 on one raw connection (DBAPI
executemany on SQLite and MariaDB, COPY on PostgreSQL), never ORM objects, so memory
stays flat as N grows and the cost is the driver's bulk path. The data is shaped for reading and
end of day, not for ``p2pdesk verify``: loans carry no disbursement journal. The book
is accrued through TODAY: late installments bear the late fees and penalties every
end of day up to TODAY charged, so the next day's run does one day's work. On
PostgreSQL the load ends with ``VACUUM (ANALYZE)``, as a live database has had.

Proportions per N loans, as issue 8 sets them at 1M: N/2 customers, N/5 tickets
(200,000), about N/10 loans in arrears, each with an open collection case (100,000),
N/10 applications, and one KYC checklist per customer (15% queued).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Engine, Table, select, text, update

from app.context import Actor, ServiceContext
from app.customers import fields
from app.demo import make_customer
from app.loans.delinquency import Bucket
from app.loans.products import ProductInput, ProductService
from app.loans.schedule import Method, build_schedule
from app.money import apply_rate
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
PAYS_ON_TIME = 0.864
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


class _Sink:
    """Rows for one table, as tuples in ``columns`` order, waiting for the next flush."""

    def __init__(self, writer: _Writer, table: Table, columns: tuple[str, ...]) -> None:
        # Core insert() fills the Python-side scalar defaults; the bulk path must too.
        defaults = [c for c in table.columns if c.name not in columns
                    and c.default is not None and c.default.is_scalar]  # fmt: skip
        self.writer = writer
        self.table = table
        self.columns = columns + tuple(c.name for c in defaults)
        self.extra = tuple(c.default.arg for c in defaults)  # type: ignore[union-attr]
        dialect = writer.engine.dialect
        self.binds: list[tuple[int, _Memo]] = []
        for i, name in enumerate(self.columns):
            process = table.c[name].type._cached_bind_processor(dialect)
            if process is not None:  # the same conversion SQLAlchemy applies per row
                self.binds.append((i, _Memo(process)))
        self.rows: list[tuple[Any, ...]] = []

    def add(self, values: tuple[Any, ...]) -> None:
        self.rows.append(values)
        if len(self.rows) >= CHUNK:
            self.writer.flush()

    def take(self) -> list[Any]:
        """The pending rows as DBAPI parameters, and an empty buffer."""
        rows, self.rows = self.rows, []
        if not self.binds and not self.extra:
            return rows
        out = []
        extra, binds = self.extra, self.binds
        for values in rows:
            row = [*values, *extra]
            for i, memo in binds:
                row[i] = memo[row[i]]
            out.append(row)
        for _, memo in binds:
            if len(memo) > 50_000:  # keep the caches bounded (timestamps rarely repeat)
                memo.clear()
        return out


class _Memo(dict[Any, Any]):
    """A bind processor applied once per distinct value (dates repeat millions of times)."""

    def __init__(self, process: Any) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: Any) -> Any:
        done = self[value] = self.process(value)
        return done


class _Writer:
    """Chunked bulk writes on one raw connection, one transaction per flush.

    SQLite: DBAPI executemany under generation-time pragmas (no sync, journal in
    memory, big cache), restored afterwards. PostgreSQL: ``COPY ... FROM STDIN``.
    Others: DBAPI executemany. The bulk tables' secondary indexes are dropped first
    and recreated from their stored DDL after the load (one sort each instead of
    millions of random B-tree inserts), so the schema ends exactly as migrated.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = engine.dialect.name
        self.sinks: list[_Sink] = []  # creation order = FK order
        self.raw: Any = None
        self.restore: list[str] = []
        self.indexes: list[tuple[str, str]] = []  # name, CREATE INDEX ...

    def sink(self, model: Any, columns: str) -> _Sink:
        sink = _Sink(self, model.__table__, tuple(columns.split()))
        self.sinks.append(sink)
        return sink

    def __enter__(self) -> _Writer:
        self.raw = self.engine.raw_connection()
        if self.backend == "sqlite":
            pragmas = {"journal_mode": "MEMORY", "synchronous": "OFF", "foreign_keys": "OFF",
                       "cache_size": "-65536"}  # fmt: skip
            for name, value in pragmas.items():
                before = self.raw.execute(f"PRAGMA {name}").fetchone()[0]
                self.restore.append(f"PRAGMA {name}={before}")
                self.raw.execute(f"PRAGMA {name}={value}")
        elif self.backend == "postgresql":
            with self.raw.cursor() as cur:
                cur.execute("SET synchronous_commit = off")
                cur.execute("SET maintenance_work_mem = '256MB'")
            self.raw.commit()
        self._drop_indexes()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.flush()
            self._run(ddl for _, ddl in self.indexes)
            if self.backend == "sqlite":
                for statement in self.restore:
                    self.raw.execute(statement)
            elif self.backend == "postgresql":
                with self.raw.cursor() as cur:
                    cur.execute("RESET synchronous_commit")
                    cur.execute("RESET maintenance_work_mem")
                self.raw.commit()
        finally:
            self.raw.close()

    def _drop_indexes(self) -> None:
        tables = [s.table.name for s in self.sinks]
        if self.backend == "sqlite":
            marks = ", ".join("?" * len(tables))
            found = self.raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({marks}) ORDER BY name", tables
            ).fetchall()  # fmt: skip
        elif self.backend == "postgresql":
            with self.raw.cursor() as cur:  # indexes that back no constraint
                cur.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i"
                    " WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)"
                    " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid ="
                    " format('%%I.%%I', i.schemaname, i.indexname)::regclass)"
                    " ORDER BY i.indexname", (tables,)
                )  # fmt: skip
                found = cur.fetchall()
            self.raw.commit()
        else:
            return
        self.indexes = [(str(name), str(ddl)) for name, ddl in found]
        quote = self.engine.dialect.identifier_preparer.quote
        self._run(f"DROP INDEX {quote(name)}" for name, _ in self.indexes)

    def _run(self, statements: Iterable[str]) -> None:
        cur = self.raw.cursor()
        if self.backend == "sqlite":
            cur.execute("BEGIN")
        for statement in statements:
            cur.execute(statement)
        cur.close()
        self.raw.commit()

    def flush(self) -> None:
        pending = [(s, s.take()) for s in self.sinks if s.rows]
        if not pending:
            return
        quote = self.engine.dialect.identifier_preparer.quote
        cur = self.raw.cursor()
        if self.backend == "sqlite":
            cur.execute("BEGIN")
        for sink, rows in pending:
            names = ", ".join(quote(c) for c in sink.columns)
            table = quote(sink.table.name)
            if self.backend == "postgresql":
                with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
                marks = ", ".join([mark] * len(sink.columns))
                cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        cur.close()
        self.raw.commit()


def _setup(engine: Engine, portfolio: Portfolio) -> tuple[int, int, int, int]:
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
    out: _Sink, vault: PiiVault, rng: random.Random, count: int, p: Portfolio
) -> Iterator[int]:
    for i in range(count):
        c = make_customer(rng, i)
        row: list[Any] = [i + 1, f"C{i + 1:08d}", c.kind, c.name, c.name.casefold(), c.city,
                          c.timezone, c.monthly_income]  # fmt: skip
        for kind in ("id_number", "phone", "bank_card"):
            value = getattr(c, kind)
            sealed = fields.seal(vault, i + 1, kind, value)
            row += (sealed, vault.blind_index(kind, value), last4(kind, value))
        out.add(tuple(row))
        if i % max(1, count // 20) == 0:
            p.search_sample.append((c.name, c.phone or "", c.id_number or ""))
        p.customers += 1
        yield i + 1


CUSTOMER_COLUMNS = ("id number kind name name_key city timezone monthly_income id_number_enc "
                    "id_number_bidx id_number_last4 phone_enc phone_bidx phone_last4 "
                    "bank_card_enc bank_card_bidx bank_card_last4")  # fmt: skip
CHECKLIST_COLUMNS = "id customer_id template_id state queue_reason queue_due version"
LOAN_COLUMNS = ("id number customer_id product_id grade method principal annual_rate term "
                "disbursed_on origination_fee reserve_amount service_fee_rate late_fee "
                "grace_days penalty_rate allocation_order prepayment_rule recurring_amount "
                "status dpd bucket accrued_through credit_balance event_seq version")  # fmt: skip
HOLDING_COLUMNS = "loan_id investor_id amount outstanding"
INSTALLMENT_COLUMNS = (
    "id loan_id n due_date due_day late_fee_from principal interest fees penalty "
    "paid_principal paid_interest paid_fees paid_penalty late_fee_on status"
)
PAYMENT_COLUMNS = ("loan_id external_ref channel amount value_date posted_on event_seq status "
                   "version")  # fmt: skip
CASE_COLUMNS = ("loan_id open_loan_id customer_id status is_open opened_on bucket "
                "routed_bucket dpd overdue_amount team_id agent_id priority priority_reasons "
                "broken_promises version")  # fmt: skip
LATE_FEE_AFTER = timedelta(days=4)
LATE_FEE = 50_00
_Amounts = tuple[tuple[int, int, int], ...]  # principal, interest, payment per installment
_Dates = tuple[tuple[date, int, date], ...]  # due date, due day, late fee from


class _Schedules:
    """12-month annuity schedules from two small caches instead of one per loan.

    The amounts depend on the principal only (a monthly rate), the due dates on the
    start date only, so 195 principals x 364 start dates need 559 builds, not one per
    distinct pair (71,000 at 1M loans). Every 500th loan is checked against a full
    build, so a schedule rule that starts to mix the two cannot go unnoticed.
    """

    def __init__(self) -> None:
        self.amounts: dict[int, _Amounts] = {}
        self.dates: dict[date, _Dates] = {}
        self.built = 0

    def get(self, principal: int, opened: date) -> tuple[_Amounts, _Dates]:
        amounts = self.amounts.get(principal)
        if amounts is None:
            amounts = self.amounts[principal] = tuple(
                (i.principal, i.interest, i.payment) for i in self._build(principal, opened)
            )  # fmt: skip
        dates = self.dates.get(opened)
        if dates is None:
            dates = self.dates[opened] = tuple(
                (i.due_date, i.due_date.toordinal(), i.due_date + LATE_FEE_AFTER)
                for i in self._build(principal, opened)
            )  # fmt: skip
        self.built += 1
        if self.built % 500 == 1:
            full = [((i.principal, i.interest, i.payment), (i.due_date, i.due_date.toordinal()))
                    for i in self._build(principal, opened)]  # fmt: skip
            if full != [(a, d[:2]) for a, d in zip(amounts, dates, strict=True)]:
                raise AssertionError(f"schedule of {principal} from {opened} is not cached")
        return amounts, dates

    @staticmethod
    def _build(principal: int, opened: date) -> Any:
        return build_schedule(principal, RATE, 12, Method.ANNUITY, opened).installments


def generate(engine: Engine, vault: PiiVault, loans: int, seed: int = 7) -> Portfolio:
    """Fill an initialised, empty database with ``loans`` loans and the rest."""
    start = time.perf_counter()
    rng = random.Random(seed)
    p = Portfolio()
    product_id, template_id, scorecard_id, investor_id = _setup(engine, p)
    customer_count = max(20, loans // 2)
    writer = _Writer(engine)  # sinks in FK order: a flush writes them in this order
    customers = writer.sink(Customer, CUSTOMER_COLUMNS)
    checklists = writer.sink(KycChecklist, CHECKLIST_COLUMNS)
    loan_out = writer.sink(Loan, LOAN_COLUMNS)
    holdings = writer.sink(Holding, HOLDING_COLUMNS)
    installments = writer.sink(Installment, INSTALLMENT_COLUMNS)
    payments = writer.sink(Payment, PAYMENT_COLUMNS)
    cases = writer.sink(CollectionCase, CASE_COLUMNS)
    with writer:
        for cid in _customers(customers, vault, rng, customer_count, p):
            queued = rng.random() < 0.15
            checklists.add((
                cid, cid, template_id,
                rng.choice(("incomplete", "rejected", "expired")) if queued else "complete",
                rng.choice(("submitted", "rejected", "expired", "expiring")) if queued else None,
                NOW - timedelta(minutes=rng.randrange(1, 60 * 24 * 30)) if queued else None, 1,
            ))  # fmt: skip
            p.checklists += 1
        writer.flush()
        schedules = _Schedules()
        fee_rate, penalty_rate = Decimal("0.1"), Decimal("0.0005")
        # One day's penalty on an overdue principal, as end of day charges it.
        daily_penalty = cache(lambda principal: apply_rate(principal, penalty_rate))
        inst_id = 0
        for loan_id in range(1, loans + 1):
            opened = TODAY - timedelta(days=rng.randrange(1, 365))
            principal = rng.randrange(5, 200) * 1_000_00
            amounts, dates = schedules.get(principal, opened)
            due = sum(1 for d in dates if d[0] <= TODAY)
            # 13.6% pay only part of what is due: about 10% of loans end up in arrears
            paid = due if rng.random() < PAYS_ON_TIME else rng.randrange(0, due + 1)
            # installments are in n order with rising due dates: the oldest unpaid is [paid]
            oldest = dates[paid][0] if paid < len(dates) and dates[paid][0] < TODAY else None
            dpd = (TODAY - oldest).days if oldest is not None else 0
            bucket = bucket_of(dpd)
            p.buckets[bucket] = p.buckets.get(bucket, 0) + 1
            customer = rng.randrange(1, customer_count + 1)
            loan_out.add((
                loan_id, f"B{loan_id:09d}", customer, product_id, "C", "annuity", principal,
                RATE, 12, opened, 0, 0, fee_rate, LATE_FEE, 3, penalty_rate,
                "penalty,fees,interest,principal", "shorten_term", amounts[0][2], "active", dpd,
                bucket, TODAY, 0, 1 if paid else 0, 1,
            ))  # fmt: skip
            holdings.add((loan_id, investor_id, principal, principal))
            overdue = 0
            for n, ((owed_principal, owed_interest, _), (due_date, due_day, fee_from)) in enumerate(
                zip(amounts, dates, strict=True), start=1
            ):
                inst_id += 1
                if n <= paid:
                    installments.add((inst_id, loan_id, n, due_date, due_day, fee_from,
                                      owed_principal, owed_interest, 0, 0, owed_principal,
                                      owed_interest, 0, 0, None, "paid"))  # fmt: skip
                    continue
                # Stamped accrued through TODAY: every end of day up to TODAY has run,
                # so a late installment already bears its late fee (charged the day
                # its grace ended) and a day's penalty for each day since it fell due.
                fee, charged_on = (LATE_FEE, fee_from) if fee_from <= TODAY else (0, None)
                penalty = max(0, (TODAY - due_date).days) * daily_penalty(owed_principal)
                if due_date < TODAY:
                    overdue += owed_principal + owed_interest + fee + penalty
                installments.add((inst_id, loan_id, n, due_date, due_day, fee_from,
                                  owed_principal, owed_interest, fee, penalty, 0, 0, 0, 0,
                                  charged_on, "open"))  # fmt: skip
            p.installments += len(dates)
            if paid:
                last = dates[paid - 1][0]
                paid_amount = sum(a[2] for a in amounts[:paid])
                payments.add((loan_id, f"GEN-{loan_id:09d}", "bank_file", paid_amount, last, last,
                              1, "posted", 1))  # fmt: skip
                p.payments += 1
            if dpd > 0:
                score = min(dpd, 200) * 3 + overdue // 1_000_00
                reasons = [["dpd", min(dpd, 200) * 3, str(dpd)],
                           ["overdue_amount", overdue // 1_000_00, str(overdue)]]  # fmt: skip
                assigned = rng.random() < 0.5
                cases.add((
                    loan_id, loan_id, customer, "open", True,
                    oldest + timedelta(days=1) if oldest else TODAY, bucket, bucket, dpd,
                    overdue, p.team_id, rng.choice(p.agent_ids) if assigned else None, score,
                    json.dumps(reasons), 0, 1,
                ))  # fmt: skip
                p.cases += 1
            p.loans += 1
        writer.flush()
        _tickets(writer, rng, max(10, loans // 5), customer_count, loans, p)
        _applications(writer, rng, max(10, loans // 10), customer_count, product_id,
                      scorecard_id, p)  # fmt: skip
    _analyze(engine)
    p.seconds = time.perf_counter() - start
    return p


def _tickets(
    writer: _Writer, rng: random.Random, count: int, customers: int, loans: int, p: Portfolio
) -> None:
    from db.models.servicedesk import TicketSequence

    writer.sink(TicketSequence, "year last_number").add((2026, count))
    out = writer.sink(Ticket, "number customer_id loan_id channel category priority status "
                      "is_active subject description tags assignee_id is_complaint "
                      "sla_started_at paused_seconds resolution_due_at due_sort_at opened_at "
                      "updated_at closed_at version")  # fmt: skip
    priorities = ("urgent", "high", "normal", "normal", "low")
    for n in range(1, count + 1):
        active = rng.random() < 0.3  # open tickets are weeks old, closed ones months
        opened = NOW - timedelta(minutes=rng.randrange(1, 60 * 24 * (30 if active else 120)))
        due = opened + timedelta(hours=rng.randrange(4, 120))
        out.add((
            f"T-2026-{n:06d}", rng.randrange(1, customers + 1),
            rng.randrange(1, loans + 1) if rng.random() < 0.5 else None,
            rng.choice(("phone", "email", "chat")),
            rng.choice(("inquiry", "payment", "complaint", "technical")),
            rng.choice(priorities),
            rng.choice(("new", "open", "waiting_customer")) if active else "closed",
            active, f"Customer question {n} about repayment", "Generated for the benchmark.", "",
            rng.choice(p.agent_ids) if rng.random() < 0.5 else None, False, opened, 0, due,
            due if active else CLOSED_SORT, opened, opened, None if active else due, 1,
        ))  # fmt: skip
        p.tickets += 1


def _applications(
    writer: _Writer,
    rng: random.Random,
    count: int,
    customers: int,
    product_id: int,
    scorecard_id: int,
    p: Portfolio,
) -> None:
    out = writer.sink(Application, "number channel customer_id product_id amount term purpose "
                      "monthly_income monthly_debt bureau_score open_accounts delinquencies_24m "
                      "inquiries_6m status submitted_at submitted_on status_changed_at "
                      "assigned_to scorecard_id score grade pd dti_bp version")  # fmt: skip
    statuses = ("submitted", "in_review", "info_requested", "recommended", "approved",
                "declined", "disbursed", "withdrawn")  # fmt: skip
    pd = Decimal("0.05")
    for n in range(1, count + 1):
        submitted = NOW - timedelta(minutes=rng.randrange(1, 60 * 24 * 90))
        score = rng.randrange(450, 800)
        status = rng.choice(statuses)
        out.add((
            f"A{n:09d}", rng.choice(("counter", "phone", "web")), rng.randrange(1, customers + 1),
            product_id, rng.randrange(5, 200) * 1_000_00, rng.choice((6, 12, 24, 36)),
            "working capital", rng.randrange(3, 60) * 1_000_00, rng.randrange(0, 20) * 100_00,
            score, rng.randrange(0, 8), rng.randrange(0, 3), rng.randrange(0, 6), status,
            submitted, submitted.date(), submitted,
            rng.choice(p.agent_ids) if status != "submitted" else None, scorecard_id, score,
            "ABCDE"[min(4, (800 - score) // 70)], pd, rng.randrange(500, 6000), 1,
        ))  # fmt: skip
        p.applications += 1


def _analyze(engine: Engine) -> None:
    """Fresh planner statistics, as a DBA would after a bulk load.

    On PostgreSQL a VACUUM as well, as a live database has had: a COPY leaves the
    hint bits of every row unset, and the first statement to read a page pays to
    set them and write the page back. Without it that is the measured end of day,
    which runs before its baseline, not the baseline.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("VACUUM (ANALYZE)"))
        return
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
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
