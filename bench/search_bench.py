"""Customer search over many customers: exact ID/phone (blind index) and name prefix.

python -m bench.search_bench --customers 100000 --backends sqlite,postgresql,mysql
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from sqlalchemy import func, insert, select, text

from app.context import Actor, ServiceContext
from app.customers import fields
from app.customers.service import CustomerService
from app.demo import make_customer
from app.security.pii import last4
from bench.common import Row, interleaved, table
from bench.database import BenchDB, fresh_database
from db.engine import make_sessionmaker
from db.models.customers import Customer

TARGET_MS = 50.0


def generate_customers(bench: BenchDB, count: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """Bulk-insert ``count`` customers (Core executemany, chunks of 5,000).

    Returns a sample of (name, phone, id_number) to search for."""
    rng = random.Random(seed)
    vault = bench.vault
    sample: list[tuple[str, str, str]] = []
    chunk: list[dict[str, object]] = []
    with bench.engine.begin() as conn:
        base = conn.scalar(select(func.max(Customer.id))) or 0
        for i in range(count):
            c = make_customer(rng, i)
            row: dict[str, object] = {
                "id": base + i + 1,  # explicit: each ciphertext is bound to its row id
                "number": f"C{i + 1:08d}",
                "kind": c.kind,
                "name": c.name,
                "name_key": c.name.casefold(),
                "city": c.city,
                "timezone": c.timezone,
                "monthly_income": c.monthly_income,
            }
            for kind in ("id_number", "phone", "bank_card"):
                value = getattr(c, kind)
                row[f"{kind}_enc"] = fields.seal(vault, base + i + 1, kind, value)
                row[f"{kind}_bidx"] = vault.blind_index(kind, value)
                row[f"{kind}_last4"] = last4(kind, value)
            chunk.append(row)
            if i % max(1, count // 20) == 0:
                sample.append((c.name, c.phone or "", c.id_number or ""))
            if len(chunk) == 5000:
                conn.execute(insert(Customer), chunk)
                chunk.clear()
        if chunk:
            conn.execute(insert(Customer), chunk)
    if bench.backend == "postgresql":
        with bench.engine.connect() as conn:
            conn.execute(text("ANALYZE customers"))
    return sample


def measure(bench: BenchDB, count: int) -> list[Row]:
    start = time.perf_counter()
    sample = generate_customers(bench, count)
    gen_s = time.perf_counter() - start
    ctx = ServiceContext(make_sessionmaker(bench.engine), Actor.system("bench"))
    service = CustomerService(ctx, bench.vault)
    name, phone, id_number = sample[len(sample) // 2]

    def bare() -> None:
        with bench.engine.connect() as conn:
            conn.execute(text("SELECT id FROM customers WHERE id = :i"), {"i": count // 2}).all()

    rows = []
    for label, query in (("phone", phone), ("ID number", id_number), ("name prefix", name[:2])):
        base_s, meas_s = interleaved(bare, lambda q=query: service.search(q))
        ok = meas_s * 1000 < TARGET_MS
        rows.append(
            Row(
                f"customer search: {label} over {count:,} customers",
                bench.backend,
                base_s,
                meas_s,
                None,
                f"{'pass' if ok else 'FAIL'} (< {TARGET_MS:g} ms absolute)",
            )
        )
    rows.append(Row(f"generate {count:,} customers", bench.backend, gen_s, gen_s, None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--workdir", default="bench/out")
    args = parser.parse_args()
    rows: list[Row] = []
    for backend in args.backends.split(","):
        with fresh_database(backend, Path(args.workdir)) as bench:
            rows.extend(measure(bench, args.customers))
    print(table(rows))


if __name__ == "__main__":
    main()
