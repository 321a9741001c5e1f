"""The benchmark suite: ``make bench`` / ``python -m bench.run [--loans N] [--backends ...]``.

Builds a fresh portfolio of N loans per backend (``bench.generate``), measures every
path of issue 8 against a baseline taken in the same run, and prints ONE table:
path, backend, baseline, measured, ratio, target, pass/FAIL. Sizes the issue states
for 1M loans (50,000 payments in a file, 10,000 letters in a batch, 10,000 cases in
the claim race) scale with N.

The shared-queue race runs on the server backends only (SKIP LOCKED is the point):
PostgreSQL when it is listed, and MariaDB/MySQL whenever any server backend is.
A path that cannot run still prints its row, saying why, so the table is complete.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("P2PDESK_FAST_HASH", "1")

from bench.common import Row, table

SERVERS = ("postgresql", "mysql")
# Row prefixes a complete table has (the smoke test checks them).
PATHS = (
    "generate",
    *(f"queue {q}: first page" for q in ("applications", "collections", "tickets", "KYC")),
    *(f"queue {q}: page at 90% depth" for q in ("applications", "collections", "tickets", "KYC")),
    *(f"queue {q}: viewport repaint" for q in ("applications", "collections", "tickets", "KYC")),
    "queue collections: memory",
    "customer search: phone",
    "customer search: ID number",
    "customer search: name prefix",
    "letters: one dunning letter",
    "letters: batch",
    "payment file: post",
    "payment file: the rows the posting inserts",
    "payment file: replay",
    "end of day: one day",
    "end of day: rerun",
    "start-up: login window",
    "start-up: sqlalchemy/reportlab",
    "shared queue: 8 agents",
)


def _guard(rows: list[Row], label: str, backend: str, fn: Callable[[], list[Row]]) -> None:
    """Run one path; a failure becomes a FAIL row naming the error, not a lost table."""
    try:
        rows.extend(fn())
    except Exception as exc:  # the table must still print every other path
        traceback.print_exc(file=sys.stderr)
        rows.append(Row(label, backend, 0, 0, None, f"ERROR {type(exc).__name__}: {exc}"[:160],
                        False))  # fmt: skip


def run_backend(backend: str, args: argparse.Namespace, rows: list[Row]) -> None:
    from bench import ops_bench, queues_bench
    from bench.database import fresh_database
    from bench.generate import generate

    repeat = 3 if args.quick else 7
    scale = args.loans / 1_000_000
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)  # the payment file is written here
    with fresh_database(backend, workdir) as bench:
        portfolio = generate(bench.engine, bench.vault, args.loans)
        print(f"[{backend}] {portfolio.summary()}", file=sys.stderr, flush=True)
        rows.append(Row(f"generate {args.loans:,} loans (+customers, cases, tickets, ...)",
                        backend, portfolio.seconds, portfolio.seconds, None,
                        f"{args.loans / portfolio.seconds:,.0f} loans/s; "
                        f"buckets {portfolio.buckets}"))  # fmt: skip
        cases: list[queues_bench.QueueCase] = []

        def queues() -> list[Row]:
            cases.extend(queues_bench.build_cases(bench))
            return queues_bench.measure_queues(bench, cases, repeat)

        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("queue views", queues),
            ("queue viewport repaint", lambda: queues_bench.measure_viewport(bench, cases, repeat)),
            ("queue collections: memory", lambda: [queues_bench.measure_scroll_memory(bench)]),
            ("customer search", lambda: ops_bench.measure_search(bench, portfolio, repeat)),
            ("letters", lambda: ops_bench.measure_letters(
                bench, portfolio, 20 if args.quick else max(50, int(10_000 * scale)), repeat)),
            ("payment file", lambda: ops_bench.measure_payment_file(
                bench, 30 if args.quick else max(100, int(50_000 * scale)), workdir)),
            ("end of day", lambda: ops_bench.measure_eod(bench, portfolio)),
        ]  # fmt: skip
        if backend == "sqlite" and not args.no_startup:
            steps.append(("start-up", lambda: _startup(bench.url, 2 if args.quick else 5)))
        for label, fn in steps:
            start = time.perf_counter()
            _guard(rows, label, backend, fn)
            print(f"[{backend}] {label}: {time.perf_counter() - start:.1f}s", file=sys.stderr,
                  flush=True)  # fmt: skip


def _startup(url: str, repeat: int) -> list[Row]:
    from bench.startup_bench import measure_startup

    return measure_startup(url, repeat)


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=20_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, small batches")
    parser.add_argument("--claims", type=int, default=0,
                        help="cases in the claim race (default: 10,000 x loans/1M, "
                        "at least 80)")  # fmt: skip
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--workdir", default="bench/out")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows: list[Row] = []
    for backend in backends:
        run_backend(backend, args, rows)
    if "sqlite" not in backends and not args.no_startup:
        _guard(rows, "start-up", "-", lambda: _startup_without_sqlite(args))
    claim_backends = [b for b in SERVERS if b in backends or (b == "mysql" and set(backends)
                                                                & set(SERVERS))]  # fmt: skip
    # The 10,000 cases at 1M loans, scaled with N like the other batch sizes.
    claims = args.claims or (80 if args.quick else max(80, args.loans // 100))
    for backend in claim_backends:
        from bench.claim_bench import measure_claims

        _guard(rows, "shared queue: 8 agents vs 1 agent", backend,
               partial(measure_claims, backend, claims, Path(args.workdir)))  # fmt: skip
    if not claim_backends:
        rows.append(Row("shared queue: 8 agents vs 1 agent claiming", "-", 0, 0, None,
                        "skipped: needs postgresql or mysql in --backends"))  # fmt: skip
    print(table(rows))
    del app
    return rows


def _startup_without_sqlite(args: argparse.Namespace) -> list[Row]:
    from bench.database import fresh_database

    with fresh_database("sqlite", Path(args.workdir)) as bench:
        return _startup(bench.url, 2 if args.quick else 5)


if __name__ == "__main__":
    main()
