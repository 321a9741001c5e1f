"""Batch paths: end of day, the payment file, dunning letters and customer search.

Each measures the feature's own entry point against the floor the database or
reportlab sets for the same work, in the same run.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import timedelta
from pathlib import Path
from typing import cast

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, insert, select, text

from app.context import Actor, ServiceContext
from bench.common import Row, interleaved
from bench.database import BenchDB
from bench.generate import TODAY, Portfolio
from db.engine import make_sessionmaker

SEARCH_TARGET_MS = 50.0


def _ctx(bench: BenchDB) -> ServiceContext:
    return ServiceContext(make_sessionmaker(bench.engine), Actor.system("bench"))


def measure_search(bench: BenchDB, p: Portfolio, repeat: int) -> list[Row]:
    from app.customers.service import CustomerService

    service = CustomerService(_ctx(bench), bench.vault)
    name, phone, id_number = p.search_sample[len(p.search_sample) // 2]

    def bare() -> None:
        with bench.engine.connect() as conn:
            conn.execute(text("SELECT * FROM customers WHERE id = :i"), {"i": 1}).all()

    rows = []
    for label, query in (("phone", phone), ("ID number", id_number), ("name prefix", name[:2])):
        base_s, meas_s = interleaved(bare, lambda q=query: service.search(q), repeat)
        rows.append(Row(
            f"customer search: {label} over {p.customers:,} customers", bench.backend,
            base_s, meas_s, None, f"< {SEARCH_TARGET_MS:g} ms absolute; baseline = PK lookup",
            meas_s * 1000 < SEARCH_TARGET_MS,
        ))  # fmt: skip
    return rows


def measure_letters(bench: BenchDB, p: Portfolio, batch: int, repeat: int) -> list[Row]:
    """One letter (a canvas template) vs a canvas page of ~30 drawString lines; then
    a batch as the desk prints it (the cases' facts a page at a time, then one PDF) in
    letters/s."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.reports.dunning import dunning_data, letter_facts, render_batch, render_dunning_letter
    from app.reports.fonts import CJK_FONT, register_fonts
    from db.models.collections import CollectionCase

    sessions = make_sessionmaker(bench.engine)
    with sessions() as s:
        ids = list(s.scalars(
            select(CollectionCase.id).where(CollectionCase.is_open.is_(True))
            .order_by(CollectionCase.id).limit(batch)
        ))  # fmt: skip
        data = dunning_data(s, ids[0], TODAY) if ids else None
    if data is None:
        skipped = Row("letters: one dunning letter vs canvas-only text page", bench.backend,
                      0, 0, None, "skipped: no open case")  # fmt: skip
        return [skipped, Row("letters: batch", bench.backend, 0, 0, None, "skipped")]
    register_fonts()
    lines = (
        [f"{data.customer_name} {data.loan_number} DPD {data.dpd}"]
        + [f"{line.n} {line.due_date} {line.owed}" for line in data.lines]
        + [f"penalties {data.penalties} total {data.total}"] * 20
    )

    def canvas_page() -> bytes:
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4)
        page.setFont(CJK_FONT, 10)
        for n, line in enumerate(lines):
            page.drawString(60, 800 - 14 * n, line)
        page.showPage()
        page.save()
        return buffer.getvalue()

    base_s, meas_s = interleaved(canvas_page, lambda: render_dunning_letter(data), repeat)
    rows = [Row("letters: one dunning letter vs canvas-only text page", bench.backend,
                base_s, meas_s, 2.0, "letter template vs drawString of ~30 lines")]  # fmt: skip
    start = time.perf_counter()
    with sessions() as s:
        letters = letter_facts(s, ids, TODAY)  # set-based, a page of cases per query
    facts_s = time.perf_counter() - start
    start = time.perf_counter()
    pdf = render_batch(letters) or b""
    render_s = time.perf_counter() - start
    total = facts_s + render_s
    rate = len(letters) / total if total else 0.0
    rows.append(Row(
        f"letters: batch of {len(letters):,} letters", bench.backend, render_s, total, None,
        f"{rate:,.0f} letters/s ({facts_s:.1f}s case facts, {render_s:.1f}s render, "
        f"{len(pdf) / 2**20:.1f} MB PDF); baseline = render only",
    ))  # fmt: skip
    return rows


def _write_file(bench: BenchDB, count: int, path: Path) -> list[dict[str, object]]:
    from db.models.loans import Loan

    with make_sessionmaker(bench.engine)() as s:
        loans = s.execute(
            select(Loan.number, Loan.recurring_amount).where(Loan.status == "active")
            .order_by(Loan.id).limit(count)
        ).all()  # fmt: skip
    rows: list[dict[str, object]] = [
        {"reference": f"BANK-{n:08d}", "contract_number": number,
         "amount": f"{amount // 100}.{amount % 100:02d}", "value_date": TODAY.isoformat(),
         "payer_name": "Bench payer"}
        for n, (number, amount) in enumerate(loans)
    ]  # fmt: skip
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def measure_payment_file(bench: BenchDB, count: int, workdir: Path) -> list[Row]:
    """Import a bank file through the service vs Core executemany into a staging table;
    then import the same file again (idempotent by reference: 0 rows posted)."""
    from app.loans.payment_file import import_payment_file

    path = workdir / f"payments_{bench.backend}.csv"
    rows = _write_file(bench, count, path)
    staging = Table(
        "bench_payment_staging", MetaData(),
        Column("id", Integer, primary_key=True), Column("reference", String(64)),
        Column("contract_number", String(64)), Column("amount", Integer),
        Column("value_date", Date), Column("payer_name", String(200)),
    )  # fmt: skip
    staged = [{"reference": r["reference"], "contract_number": r["contract_number"],
               "amount": int(str(r["amount"]).replace(".", "")), "value_date": TODAY,
               "payer_name": r["payer_name"]} for r in rows]  # fmt: skip
    staging.create(bench.engine)
    try:
        start = time.perf_counter()
        with bench.engine.begin() as conn:
            conn.execute(insert(staging), staged)
        base_s = time.perf_counter() - start
    finally:
        staging.drop(bench.engine)
    ctx = _ctx(bench)
    start = time.perf_counter()
    first = import_payment_file(ctx, path)
    post_s = time.perf_counter() - start
    start = time.perf_counter()
    again = import_payment_file(ctx, path)
    replay_s = time.perf_counter() - start
    per_ms = post_s / max(first.posted, 1) * 1000
    floor_s, written = _write_floor(bench, [str(r["reference"]) for r in rows])
    per_payment = written / max(first.posted, 1)
    return [
        Row(f"payment file: post {len(rows):,} payments vs Core executemany to staging",
            bench.backend, base_s, post_s, 5.0,
            f"{first.posted:,} posted, {len(first.rejected)} rejected, {per_ms:.2f} ms/payment"),
        Row("payment file: the rows the posting inserts, by Core executemany", bench.backend,
            base_s, floor_s, None,
            f"{written:,} rows in 4 tables ({per_payment:.1f} a payment), no index or key; "
            f"posting / this = {post_s / floor_s if floor_s else 0:.1f}"),
        Row("payment file: replay the same file (0 rows posted)", bench.backend, post_s,
            replay_s, None, f"{again.posted} posted, {again.duplicate:,} duplicates",
            again.posted == 0),
    ]  # fmt: skip


def _write_floor(bench: BenchDB, refs: list[str]) -> tuple[float, int]:
    """Core executemany of the rows the posting inserted for ``refs`` (payments, their
    journal entries, ledger lines and waterfall lines) into bare copies of those
    tables: what writing them costs before any lookup, rule, index or key (the
    installment, holding and loan updates not counted)."""
    from db.models.ledger import JournalEntry, LedgerLine
    from db.models.loans import AllocationLine, Payment

    gathered: list[tuple[Table, list[dict[str, object]]]] = []
    meta = MetaData()
    with make_sessionmaker(bench.engine)() as s:
        for model in (Payment, JournalEntry, LedgerLine, AllocationLine):
            table = cast(Table, model.__table__)
            cols = [c for c in table.columns if c.name not in ("id", "created_at")]
            copy = Table(f"bench_floor_{table.name}", meta,
                         *(Column(c.name, c.type) for c in cols))  # fmt: skip
            batch: list[dict[str, object]] = []
            for first in range(0, len(refs), 2_000):  # bounded IN lists
                part = refs[first : first + 2_000]
                entries = select(JournalEntry.id).where(
                    JournalEntry.memo.in_(part), JournalEntry.kind == "payment"
                )
                payments = select(Payment.id).where(Payment.external_ref.in_(part))
                where = {
                    Payment: Payment.external_ref.in_(part),
                    JournalEntry: JournalEntry.id.in_(entries),
                    LedgerLine: LedgerLine.entry_id.in_(entries),
                    AllocationLine: AllocationLine.payment_id.in_(payments),
                }[model]  # fmt: skip
                batch += [dict(r) for r in s.execute(select(*cols).where(where)).mappings()]
            gathered.append((copy, batch))
    meta.create_all(bench.engine)
    try:
        start = time.perf_counter()
        with bench.engine.begin() as conn:
            for copy, batch in gathered:
                if batch:
                    conn.execute(insert(copy), batch)
        elapsed = time.perf_counter() - start
    finally:
        meta.drop_all(bench.engine)
    return elapsed, sum(len(batch) for _t, batch in gathered)


def measure_eod(bench: BenchDB, p: Portfolio) -> list[Row]:
    """One end-of-day day of the loan steps vs one bare set-based UPDATE over the same
    installments; then the rerun of the finished day."""
    from app.eod import run_eod
    from app.loans.eod import loan_steps
    from bench.eod_bench import bare_pass

    ctx = _ctx(bench)
    day = TODAY + timedelta(days=1)
    start = time.perf_counter()
    first = run_eod(ctx, day, steps=loan_steps())
    eod_s = time.perf_counter() - start
    bare_s = bare_pass(ctx, day)
    start = time.perf_counter()
    rerun = run_eod(ctx, day, steps=loan_steps())
    rerun_s = time.perf_counter() - start
    return [
        Row(f"end of day: one day over {p.loans:,} loans vs one set-based UPDATE",
            bench.backend, bare_s, eod_s, 3.0,
            f"{first.rows_changed:,} rows changed, {p.installments:,} installments"),
        Row("end of day: rerun of the finished day vs first run", bench.backend, eod_s,
            rerun_s, 0.2, f"{rerun.rows_changed} rows changed", rerun.rows_changed == 0),
    ]  # fmt: skip
