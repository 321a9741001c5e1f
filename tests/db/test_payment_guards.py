"""Issue 20 items 8, 11 and 14 on every backend: a payment has a ceiling (what is
owed plus a tolerance, and a hard maximum), a reference is bound to its payload and
booked once across postings and suspense, matching suspense posts to the loan, and
the payment file streams, rejects a NUL-byte row by line and caps its size."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.collections.suspense import match, open_suspense
from app.errors import ValidationError
from app.loans.disbursement import LoanService
from app.loans.ledger import trial_balance
from app.loans.payment_file import import_payment_file
from app.loans.payments import PaymentService
from app.security.permissions import Role
from app.settings import SettingsService
from db.models.collections import SuspensePayment
from db.models.loans import Installment, Loan, Payment
from tests.loan_support import LoanWorld
from tests.support import TestDB

HEADER = "reference,contract_number,amount,value_date,payer_name\n"
DAY = "2026-01-15"
TOLERANCE = 100_000  # the payments.overpay_tolerance default


def _world(db: TestDB, loans: int = 1) -> tuple[LoanWorld, list[tuple[int, str]]]:
    world = LoanWorld(db)
    made = []
    for k in range(loans):
        loan = LoanService(world.ctx).disburse(
            world.customers[k], world.product.id, "B", 1_000_000, 12, world.holdings(1_000_000)
        )
        made.append((loan.id, loan.number))
    return world, made


def _scheduled(db: TestDB, loan_id: int) -> int:
    """Everything the schedule still asks of the loan, read straight from its rows."""
    with db.sessions() as s:
        rows = s.scalars(select(Installment).where(Installment.loan_id == loan_id)).all()
        return sum(
            i.principal + i.interest + i.fees + i.penalty - i.paid_principal - i.paid_interest
            - i.paid_fees - i.paid_penalty
            for i in rows
        )  # fmt: skip


def _file(tmp_path: Path, body: str, name: str = "bank.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode("utf-8"))
    return path


def _count(db: TestDB, model: type[Payment] | type[SuspensePayment]) -> int:
    with db.sessions() as s:
        return int(s.scalar(select(func.count(model.id))) or 0)


# --- item 8: the ceiling ------------------------------------------------------------


def test_a_payment_above_what_is_owed_plus_the_tolerance_is_refused(db: TestDB) -> None:
    world, [(loan_id, _), (other_id, _)] = _world(db, 2)
    owed = _scheduled(db, loan_id)
    payments = PaymentService(world.ctx)
    with pytest.raises(ValidationError, match="largest amount") as huge:
        payments.post(loan_id, 9_223_372_036_854_775_807, "HUGE-1")
    assert huge.value.field == "amount"
    with pytest.raises(ValidationError, match="owed") as over:
        payments.post(loan_id, owed + TOLERANCE + 1, "OVER-1")
    assert over.value.field == "amount"
    assert _count(db, Payment) == 0
    # At the ceiling: the loan is paid off and the rest is its credit balance.
    result = payments.post(other_id, owed + TOLERANCE, "EDGE-1")
    assert result.loan_status == "paid_off" and result.credited > 0
    with db.sessions() as s:
        assert trial_balance(s) == 0
        credit = s.scalar(select(Loan.credit_balance).where(Loan.id == other_id))
        assert credit == result.credited


def test_the_ceiling_settings_apply(db: TestDB) -> None:
    world, [(loan_id, _)] = _world(db)
    SettingsService(world.ctx).set("payments.max_amount", 50_000)
    with pytest.raises(ValidationError, match="largest amount"):
        PaymentService(world.ctx).post(loan_id, 50_001, "MAX-1")
    assert PaymentService(world.ctx).post(loan_id, 50_000, "MAX-2").amount == 50_000


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "per_row"])
def test_file_rows_over_the_ceiling_are_rejected_by_line(
    db: TestDB, tmp_path: Path, fast: bool
) -> None:
    world, [(loan_id, number)] = _world(db)
    owed = _scheduled(db, loan_id)
    over = owed + TOLERANCE + 1
    path = _file(
        tmp_path,
        f"C-1,{number},92233720368547758.07,{DAY},Payer\n"
        f"C-2,{number},{over // 100}.{over % 100:02d},{DAY},Payer\n"
        f"C-3,NO-SUCH-LOAN,92233720368547758.07,{DAY},Payer\n"
        f'C-4,{number},"5,606.49",{DAY},Payer\n',
    )
    summary = import_payment_file(world.ctx, path, fast=fast)
    reasons = {r.line: r.reason for r in summary.rejected}
    assert sorted(reasons) == [2, 3, 4]
    assert "amount" in reasons[2] and "largest amount" in reasons[2]
    assert "amount" in reasons[3] and "owed" in reasons[3]
    assert "largest amount" in reasons[4]
    assert (summary.posted, summary.suspense) == (1, 0)
    assert summary.total_amount == 560_649  # the grouped amount, as the client shows it
    with db.sessions() as s:
        assert trial_balance(s) == 0


# --- item 11: references bound to their payload --------------------------------------


def test_a_reference_reused_for_another_payment_is_refused(db: TestDB) -> None:
    world, [(a, _), (b, _)] = _world(db, 2)
    payments = PaymentService(world.ctx)
    first = payments.post(a, 10_000, "REF-1")
    assert payments.post(a, 10_000, "REF-1").duplicate  # the same payment: idempotent
    with pytest.raises(ValidationError, match="REF-1") as other_loan:
        payments.post(b, 10_000, "REF-1")
    assert other_loan.value.field == "reference"
    with pytest.raises(ValidationError, match="already booked"):
        payments.post(a, 20_000, "REF-1")
    with db.sessions() as s:
        assert s.scalar(select(func.count(Payment.id))) == 1
        assert s.scalar(select(Payment.loan_id).where(Payment.id == first.payment_id)) == a


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "per_row"])
def test_a_file_reference_reused_with_another_payload_names_the_row(
    db: TestDB, tmp_path: Path, fast: bool
) -> None:
    world, [(_, a), (_, b)] = _world(db, 2)
    import_payment_file(world.ctx, _file(tmp_path, f"R-1,{a},100.00,{DAY},P\n", "one.csv"))
    second = _file(
        tmp_path,
        f"R-1,{a},100.00,{DAY},P\n"  # the same payment again: a duplicate
        f"R-1X,{a},1.00,{DAY},P\n"
        f"R-2,{a},1.00,{DAY},P\n",
        "two.csv",
    )
    import_payment_file(world.ctx, second, fast=fast)
    third = _file(
        tmp_path,
        f"R-1,{b},100.00,{DAY},P\n"  # another loan
        f"R-2,{a},2.00,{DAY},P\n"  # another amount
        f"R-1X,{a},1.00,2026-01-14,P\n",  # another value date
        "three.csv",
    )
    summary = import_payment_file(world.ctx, third, fast=fast)
    assert (summary.posted, summary.duplicate) == (0, 0)
    reasons = {r.line: r.reason for r in summary.rejected}
    assert sorted(reasons) == [2, 3, 4]
    assert all("reference" in r and "already booked" in r for r in reasons.values())
    assert "R-1 " in reasons[2] and "R-2 " in reasons[3] and "R-1X " in reasons[4]
    assert _count(db, Payment) == 3


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "per_row"])
def test_a_reference_parked_in_suspense_is_not_booked_twice(
    db: TestDB, tmp_path: Path, fast: bool
) -> None:
    world, [(loan_id, number)] = _world(db)
    import_payment_file(world.ctx, _file(tmp_path, f"S-1,TYPO-{number},88.00,{DAY},P\n", "a.csv"))
    assert _count(db, SuspensePayment) == 1
    # The same reference later with the right contract: refused, the cash is in suspense.
    later = import_payment_file(
        world.ctx, _file(tmp_path, f"S-1,{number},88.00,{DAY},P\n", "b.csv"), fast=fast
    )
    assert later.posted == 0 and [r.line for r in later.rejected] == [2]
    assert "suspense" in later.rejected[0].reason
    with pytest.raises(ValidationError, match="suspense"):
        PaymentService(world.ctx).post(loan_id, 8_800, "S-1")
    assert _count(db, Payment) == 0
    # A reference already posted cannot be parked either.
    PaymentService(world.ctx).post(loan_id, 5_000, "P-1")
    parked = import_payment_file(
        world.ctx, _file(tmp_path, f"P-1,NOBODY,50.00,{DAY},P\n", "c.csv"), fast=fast
    )
    assert parked.suspense == 0 and [r.line for r in parked.rejected] == [2]
    assert _count(db, SuspensePayment) == 1
    with db.sessions() as s:
        assert trial_balance(s) == 0


def test_matching_suspense_posts_the_payment_to_the_loan(db: TestDB, tmp_path: Path) -> None:
    world, [(loan_id, _), (other_id, _)] = _world(db, 2)
    sup = db.user(Role.COLLECTIONS_SUPERVISOR)
    original = _file(tmp_path, f"M-1,TYPO,88.00,{DAY},P\nM-2,TYPO,99.00,{DAY},P\n", "m.csv")
    import_payment_file(world.ctx, original)
    items = {i.reference: i for i in open_suspense(sup)}
    # A payment to another loan already carries M-2's reference (data from before
    # references were shared): matching refuses and the item stays open (before, it
    # was marked matched though the loan got nothing).
    PaymentService(world.ctx).post(other_id, 9_900, "M-2-bank")
    with db.sessions.begin() as s:
        bank = s.scalar(select(Payment).where(Payment.external_ref == "M-2-bank"))
        assert bank is not None
        bank.external_ref = "M-2"
    with pytest.raises(ValidationError, match="M-2"):
        match(sup, items["M-2"].id, loan_id)
    assert {i.reference for i in open_suspense(sup)} == {"M-1", "M-2"}

    payment_id = match(sup, items["M-1"].id, loan_id)
    with db.sessions() as s:
        p = s.get(Payment, payment_id)
        assert p is not None and (p.loan_id, p.amount, p.external_ref) == (loan_id, 8_800, "M-1")
        paid = s.scalar(
            select(func.sum(Installment.paid_interest + Installment.paid_principal)).where(
                Installment.loan_id == loan_id
            )
        )
        assert paid == 8_800  # the loan received the money
        assert trial_balance(s) == 0
    # The original file again: both rows are what they were, nothing is booked twice.
    again = import_payment_file(world.ctx, original)
    assert (again.posted, again.suspense, again.duplicate) == (0, 0, 2)
    assert _count(db, Payment) == 2


# --- item 14: the file itself ---------------------------------------------------------


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "per_row"])
def test_a_nul_byte_rejects_its_row_only(db: TestDB, tmp_path: Path, fast: bool) -> None:
    world, [(_, number)] = _world(db)
    path = _file(
        tmp_path,
        f"N-1,{number},10.00,{DAY},P\n"
        f"N-2,{number},11.00,{DAY},Pa\x00yer\n"
        f"N-3\x00,NO-SUCH,12.00,{DAY},P\n"
        f"N-4,{number},13.00,{DAY},P\n",
    )
    summary = import_payment_file(world.ctx, path, fast=fast)
    assert (summary.posted, summary.suspense) == (2, 0)
    assert [r.line for r in summary.rejected] == [3, 4]
    assert all("NUL" in r.reason for r in summary.rejected)


def test_a_file_above_the_size_cap_is_refused(db: TestDB, tmp_path: Path) -> None:
    world, [(_, number)] = _world(db)
    SettingsService(world.ctx).set("payments.file_max_bytes", 200)
    body = "".join(f"Z-{n},{number},1.00,{DAY},P\n" for n in range(20))
    with pytest.raises(ValidationError, match="file_max_bytes"):
        import_payment_file(world.ctx, _file(tmp_path, body))
    assert _count(db, Payment) == 0


def test_progress_moves_every_hundred_rows(
    db: TestDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.loans import payment_file

    world, [(_, number)] = _world(db)
    monkeypatch.setattr(payment_file, "CHUNK", 2)
    # A few good rows and many that the parser refuses (no date): each row counts.
    body = "".join(f"G-{n},{number},0.01,{DAY if n % 150 == 0 else 'soon'},P\n" for n in range(600))
    seen: list[tuple[int, int]] = []
    summary = import_payment_file(
        world.ctx, _file(tmp_path, body), progress=lambda d, t: seen.append((d, t))
    )
    assert summary.posted == 4 and len(summary.rejected) == 596
    assert seen[-1] == (600, 600) and all(t == 600 for _d, t in seen)
    done = [0] + [d for d, _t in seen]
    assert max(b - a for a, b in pairwise(done)) <= 100
