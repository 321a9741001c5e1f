"""A payment reference is booked once across postings and suspense, even when two
processes book it at the same moment with different payloads (issue 20 #11).

Process A posts reference DUP-1 to a loan and stops inside its transaction, after
every app-side check has passed; process B then imports a bank file that books the
same reference for an unknown contract (suspense) with another amount. Before the
shared reference table both committed (the cash booked twice); now B waits for A
and gets the refusal naming the reference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.loans.disbursement import LoanService
from app.loans.ledger import trial_balance
from db.models.collections import SuspensePayment
from db.models.loans import Payment
from tests.loan_support import LoanWorld
from tests.support import TestDB, key_env

POSTER = """
import sys, time
from pathlib import Path
from app.context import Actor, ServiceContext
from app.loans import payments
from app.platform import open_vault
from app.security.keys import MemoryStore
from db.engine import make_engine, make_sessionmaker
url, loan_id, ready, done = sys.argv[1:5]
real = payments.sync_loan
def held(*args, **kwargs):
    # Every check has passed and the payment row is flushed: let B try now.
    Path(ready).write_text("ready")
    deadline = time.monotonic() + 4
    while not Path(done).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return real(*args, **kwargs)
payments.sync_loan = held
engine = make_engine(url)
sessions = make_sessionmaker(engine)
with sessions() as s:
    assert open_vault(s, MemoryStore(), engine).vault is not None  # the audit key
ctx = ServiceContext(sessions, Actor.system("desk-a"))
result = payments.PaymentService(ctx).post(int(loan_id), 120_00, "DUP-1")
print(result.payment_id)
"""

IMPORTER = """
import json, sys
from pathlib import Path
from app.context import Actor, ServiceContext
from app.loans.payment_file import import_payment_file
from app.platform import open_vault
from app.security.keys import MemoryStore
from db.engine import make_engine, make_sessionmaker
url, path, done = sys.argv[1:4]
engine = make_engine(url)
sessions = make_sessionmaker(engine)
with sessions() as s:
    assert open_vault(s, MemoryStore(), engine).vault is not None  # the audit key
ctx = ServiceContext(sessions, Actor.system("desk-b"))
summary = import_payment_file(ctx, Path(path))
Path(done).write_text("done")
print(json.dumps(summary.as_dict()))
"""


def _run(db: TestDB, script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "P2PDESK_FAST_HASH": "1", **key_env(db)},
    )


def test_one_reference_two_payloads_at_once_books_once(db: TestDB, tmp_path: Path) -> None:
    if db.backend == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no reference can race")
    world = LoanWorld(db)
    loan = LoanService(world.ctx).disburse(
        world.customers[0], world.product.id, "B", 1_000_000, 12, world.holdings(1_000_000)
    )
    ready, done = tmp_path / "a.ready", tmp_path / "b.done"
    bank = tmp_path / "bank.csv"
    bank.write_text(
        "reference,contract_number,amount,value_date,payer_name\n"
        "DUP-1,L-NOT-OURS,999.00,2026-01-15,Other payer\n",
        encoding="utf-8",
    )
    poster = _run(db, POSTER, db.url, str(loan.id), str(ready), str(done))
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert poster.poll() is None, poster.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    importer = _run(db, IMPORTER, db.url, str(bank), str(done))
    _out_a, err_a = poster.communicate(timeout=120)
    out_b, err_b = importer.communicate(timeout=120)
    assert poster.returncode == 0, err_a[-3000:]
    assert importer.returncode == 0, err_b[-3000:]
    summary = json.loads(out_b)
    assert (summary["posted"], summary["suspense"], summary["duplicate"]) == (0, 0, 0), summary
    [rejected] = summary["rejected"]
    assert "reference DUP-1 is already booked to loan" in rejected["reason"]
    with db.sessions() as s:
        assert s.scalar(select(func.count()).where(Payment.external_ref == "DUP-1")) == 1
        assert s.scalar(select(func.count()).select_from(SuspensePayment)) == 0
        assert trial_balance(s) == 0


def test_verify_names_a_reference_booked_around_the_table_or_edited(
    db: TestDB, tmp_path: Path
) -> None:
    from sqlalchemy import delete, update

    from app.collections.suspense import match
    from app.loans.payment_file import import_payment_file
    from app.loans.payments import PaymentService
    from app.loans.reconcile import check_references
    from db.models.loans import PaymentReference

    world = LoanWorld(db)
    loan = LoanService(world.ctx).disburse(
        world.customers[0], world.product.id, "B", 1_000_000, 12, world.holdings(1_000_000)
    )
    PaymentService(world.ctx).post(loan.id, 100_00, "REF-1")
    bank = tmp_path / "bank.csv"
    bank.write_text(
        "reference,contract_number,amount,value_date,payer_name\n"
        "REF-2,L-NOT-OURS,50.00,2026-01-15,Payer\nREF-3,L-NOT-OURS,60.00,2026-01-15,Payer\n",
        encoding="utf-8",
    )
    import_payment_file(world.ctx, bank)
    with db.sessions() as s:
        item = s.scalar(select(SuspensePayment.id).where(SuspensePayment.reference == "REF-3"))
    assert item is not None
    match(world.ctx, item, loan.id)  # posted once, under the suspense booking
    with db.sessions() as s:
        assert s.scalar(select(func.count()).where(Payment.external_ref == "REF-3")) == 1
        ok = check_references(s)
    assert ok.ok and ok.detail.startswith("3 references"), ok
    with db.sessions.begin() as s:
        s.execute(update(Payment).where(Payment.external_ref == "REF-1").values(amount=1))
        s.execute(delete(PaymentReference).where(PaymentReference.reference == "REF-2"))
    with db.sessions() as s:
        bad = check_references(s)
    assert not bad.ok
    assert "payment REF-1 no longer matches" in bad.detail
    assert "suspense reference REF-2 is not in the reference table" in bad.detail
