"""End of day and a payment import at the same time, in two processes (issue 20 #12).

Both must finish (no deadlock escapes, a lost race is retried), the books must
verify, and the totals must equal the same work done one after the other (import,
then end of day) on a second database built the same way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.eod import run_eod
from app.loans.disbursement import LoanService
from app.loans.payment_file import import_payment_file
from app.verify import run_checks
from db.models.ledger import LedgerLine
from db.models.loans import Installment, Loan, Payment
from tests.loan_support import LoanWorld, business_date
from tests.support import TestDB, build_testdb, key_env

LOANS = 400
PER_LOAN = 5  # payments per loan in the file: 2,000 rows
START = date(2026, 1, 15)
RACE_DAY = date(2026, 2, 21)  # the first installment (due 02-15) is late for every loan
HEADER = "reference,contract_number,amount,value_date,payer_name\n"

WORKER = """
import json, sys
from datetime import date
from pathlib import Path
from app.context import Actor, ServiceContext
from app.platform import open_vault
from app.security.keys import MemoryStore
from db.engine import make_engine, make_sessionmaker
url, what, arg = sys.argv[1:4]
engine = make_engine(url)
sessions = make_sessionmaker(engine)
with sessions() as s:
    assert open_vault(s, MemoryStore(), engine).vault is not None  # the audit key
ctx = ServiceContext(sessions, Actor.system("race"))
if what == "eod":
    from app.eod import run_eod
    result = run_eod(ctx, date.fromisoformat(arg))
    print(json.dumps({"rows": result.rows_changed}))
else:
    from app.loans.payment_file import import_payment_file
    summary = import_payment_file(ctx, Path(arg))
    print(json.dumps(summary.as_dict()))
"""


def _book(db: TestDB) -> list[str]:
    """``LOANS`` loans disbursed on START, aged to RACE_DAY; their numbers."""
    world = LoanWorld(db, START)
    service = LoanService(world.ctx)
    with world.ctx.transaction() as session:
        numbers = [
            service.disburse_in(
                session, world.customers[n % 3], world.product.id, "B",
                1_000_00 * (10 + n % 7), 12, world.holdings(1_000_00 * (10 + n % 7)),
            ).number
            for n in range(LOANS)
        ]  # fmt: skip
    world.eod_to(RACE_DAY)
    return numbers


def _file(tmp_path: Path, numbers: list[str]) -> Path:
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "bank.csv"
    rows = [
        f"RACE-{k}-{n},{number},{15 + k}.{n % 100:02d},{RACE_DAY.isoformat()},Payer\n"
        for k in range(PER_LOAN)
        for n, number in enumerate(numbers)
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _worker(db: TestDB, what: str, arg: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, db.url, what, arg],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "P2PDESK_FAST_HASH": "1", **key_env(db)},
    )


def _totals(db: TestDB, numbers: list[str]) -> dict[str, object]:
    """Each loan keyed by its place in ``numbers``: loan ids (and so contract
    numbers) may have gaps on a server, where a rolled-back insert spends one."""
    place = {number: n for n, number in enumerate(numbers)}
    with db.sessions() as s:
        inst = Installment
        ledger = dict(
            s.execute(
                select(LedgerLine.account_code, func.sum(LedgerLine.amount)).group_by(
                    LedgerLine.account_code
                )
            ).all()
        )
        loans = {
            place[number]: (status, dpd, credit, int(fees or 0), int(pen or 0), int(paid or 0))
            for number, status, dpd, credit, fees, pen, paid in s.execute(
                select(
                    Loan.number, Loan.status, Loan.dpd, Loan.credit_balance,
                    func.sum(inst.fees), func.sum(inst.penalty),
                    func.sum(inst.paid_principal + inst.paid_interest + inst.paid_fees
                             + inst.paid_penalty),
                )
                .join(inst, inst.loan_id == Loan.id)
                .where(inst.status != "cancelled")
                .group_by(Loan.number, Loan.status, Loan.dpd, Loan.credit_balance)
            )
        }  # fmt: skip
        posted = s.execute(
            select(func.count(Payment.id), func.sum(Payment.amount)).where(
                Payment.status == "posted"
            )
        ).one()
    return {
        "ledger": {k: int(v) for k, v in ledger.items() if v},
        "loans": loans,
        "posted": (int(posted[0]), int(posted[1] or 0)),
        "date": business_date(db.system()),
    }


def test_eod_and_an_import_at_once_both_finish_and_match_a_sequential_run(
    db: TestDB, tmp_path: Path, sqlite_template: Path
) -> None:
    if db.backend == "sqlite":
        pytest.skip("SQLite serialises writers: no lock order to get wrong")
    numbers = _book(db)
    path = _file(tmp_path, numbers)
    target = RACE_DAY + timedelta(days=2)
    importer = _worker(db, "import", str(path))
    eod = _worker(db, "eod", target.isoformat())
    out_i, err_i = importer.communicate(timeout=900)
    _out_e, err_e = eod.communicate(timeout=900)
    assert importer.returncode == 0, err_i[-3000:]
    assert eod.returncode == 0, err_e[-3000:]
    assert '"posted": 2000' in out_i, out_i
    with db.sessions() as s:
        checks = run_checks(s, db.vault)
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]

    seq_path = tmp_path / "sequential.db"
    shutil.copy(sqlite_template, seq_path)
    seq = build_testdb(str(seq_path), "sqlite")
    try:
        seq_numbers = _book(seq)
        seq_path_file = _file(tmp_path / "seq", seq_numbers)
        summary = import_payment_file(seq.system(), seq_path_file)
        assert summary.posted == LOANS * PER_LOAN
        run_eod(seq.system(), target)
        assert _totals(db, numbers) == _totals(seq, seq_numbers)
    finally:
        seq.engine.dispose()
