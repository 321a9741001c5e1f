"""Bank payment file import on every backend: each row posts once, bad rows are
named by line, unknown contracts go to suspense, an interrupted import reruns."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.collections.suspense import match, open_suspense
from app.errors import PermissionDenied, ValidationError
from app.loans.disbursement import LoanService
from app.loans.ledger import trial_balance
from app.loans.payment_file import import_payment_file
from app.security.permissions import Role
from db.models.loans import Loan, Payment
from tests.loan_support import LoanWorld
from tests.support import TestDB

HEADER = "reference,contract_number,amount,value_date,payer_name\n"


def _world(db: TestDB) -> tuple[LoanWorld, str, int]:
    world = LoanWorld(db)
    loan = LoanService(world.ctx).disburse(
        world.customers[0], world.product.id, "B", 1_000_000, 12, world.holdings(1_000_000)
    )
    return world, loan.number, loan.id


def _file(tmp_path: Path, body: str, name: str = "bank.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _payments(db: TestDB) -> int:
    with db.sessions() as s:
        return int(s.scalar(select(func.count(Payment.id))) or 0)


def test_import_posts_each_row_once_and_names_bad_rows(db: TestDB, tmp_path: Path) -> None:
    world, number, _ = _world(db)
    day = "2026-01-15"
    path = _file(
        tmp_path,
        f"B-1,{number},100.00,{day},王伟\n"
        f"B-2,{number},50.5,{day},王伟\n"
        f"B-3,{number},abc,{day},王伟\n"
        f"B-4,{number},10.00,15/01/2026,王伟\n"
        f"B-1,{number},100.00,{day},王伟\n"
        f"B-5,{number}\n"
        f"B-6,L-NOPE-1,77.00,{day},Unknown Payer\n"
        f"B-7,{number},-3.00,{day},王伟\n",
    )
    summary = import_payment_file(world.ctx, path)
    assert (summary.posted, summary.duplicate, summary.suspense) == (2, 0, 1)
    assert summary.total_amount == 15_050 and summary.suspense_amount == 7_700
    reasons = {r.line: r.reason for r in summary.rejected}
    assert sorted(reasons) == [4, 5, 6, 7, 9]
    assert "amount" in reasons[4] and "value_date" in reasons[5]
    assert "repeats line 2" in reasons[6] and "columns" in reasons[7]
    assert "more than zero" in reasons[9]
    assert summary.as_dict()["total_amount"] == "150.50"
    assert "line 4" in summary.as_text()

    again = import_payment_file(world.ctx, path)
    assert (again.posted, again.duplicate, again.suspense) == (0, 3, 0)
    assert _payments(db) == 2
    with db.sessions() as s:
        assert trial_balance(s) == 0


def test_interrupted_import_reruns_to_the_same_result(db: TestDB, tmp_path: Path) -> None:
    world, number, _ = _world(db)
    body = "".join(f"R-{n},{number},{n}.00,2026-01-15,Payer\n" for n in range(1, 7))
    path = _file(tmp_path, body)
    calls = {"n": 0}

    def cancel_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    first = import_payment_file(world.ctx, path, cancelled=cancel_after_two)
    assert first.cancelled and first.posted == 2 and _payments(db) == 2
    rest = import_payment_file(world.ctx, path)
    assert (rest.posted, rest.duplicate) == (4, 2)
    assert _payments(db) == 6


def test_suspense_is_matched_by_a_supervisor(db: TestDB, tmp_path: Path) -> None:
    world, _, loan_id = _world(db)
    path = _file(tmp_path, "S-1,WRONG-NO,88.00,2026-01-15,Payer\n")
    import_payment_file(world.ctx, path)
    sup = db.user(Role.COLLECTIONS_SUPERVISOR)
    [item] = open_suspense(sup)
    assert item.amount == 8_800
    with pytest.raises(PermissionDenied):
        match(db.user(Role.COLLECTIONS_AGENT), item.id, loan_id)
    match(sup, item.id, loan_id)
    assert open_suspense(sup) == []
    with db.sessions() as s:
        assert s.scalar(select(Payment.amount).where(Payment.external_ref == "S-1")) == 8_800
        assert trial_balance(s) == 0
        assert s.get(Loan, loan_id) is not None


def test_a_file_without_the_columns_is_refused(db: TestDB, tmp_path: Path) -> None:
    world, _, _ = _world(db)
    path = tmp_path / "bad.csv"
    path.write_text("ref,amount\nx,1\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="missing column"):
        import_payment_file(world.ctx, path)
    with pytest.raises(PermissionDenied):
        import_payment_file(db.user(Role.COLLECTIONS_AGENT), _file(tmp_path, ""))


def test_a_refused_row_rolls_back_alone_and_a_killed_chunk_posts_nothing(
    db: TestDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.loans import payment_file
    from app.loans.payments import PaymentService

    world, number, _ = _world(db)
    monkeypatch.setattr(payment_file, "CHUNK", 3)
    body = "".join(f"K-{n},{number},{n}.00,2026-01-15,Payer\n" for n in range(1, 8))
    body += f"K-8,{number},8.00,2026-01-10,Payer\n"  # before the disbursement: refused
    path = _file(tmp_path, body)
    real_post = PaymentService._post
    seen = {"n": 0}

    # Each chunk's first row posts batched (app.loans.fast_post), the other two per row:
    # the third per-row post is K-5, after K-4 has posted batched in the same chunk.
    def dies_on_the_third(self: PaymentService, *args: object) -> object:
        seen["n"] += 1
        if seen["n"] == 3:
            raise RuntimeError("killed")
        return real_post(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(PaymentService, "_post", dies_on_the_third)
    with pytest.raises(RuntimeError, match="killed"):
        import_payment_file(world.ctx, path)
    assert _payments(db) == 3  # the first chunk committed whole; the second left nothing
    monkeypatch.setattr(PaymentService, "_post", real_post)
    rest = import_payment_file(world.ctx, path)
    assert (rest.posted, rest.duplicate) == (4, 3)
    assert [r.line for r in rest.rejected] == [9] and "value_date" in rest.rejected[0].reason
    assert _payments(db) == 7
    with db.sessions() as s:
        assert trial_balance(s) == 0
