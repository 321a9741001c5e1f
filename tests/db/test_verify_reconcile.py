"""`verify` sees direct edits of money rows that leave installments and ledger agreeing
(issue 20 #19): a payment amount changed, a payment deleted, a loan set to paid off,
the business date moved back, an admin role inserted, a password hash swapped. Each
tamper names the row on every backend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.loans.disbursement import LoanService
from app.loans.payments import PaymentService
from app.security.passwords import hash_password
from app.security.permissions import Role
from app.security.users import UserService, change_own_password
from app.verify import CheckResult, run_checks
from db.models.loans import AllocationLine, Loan, Payment
from db.models.platform import PlatformState
from db.models.security import User, UserRole
from tests.loan_support import START, LoanWorld
from tests.support import USER_PASSWORD, TestDB


def _world(db: TestDB) -> tuple[int, int, str]:
    """A loan with a posted payment after two days of end of day; all checks pass."""
    w = LoanWorld(db, START + timedelta(days=40))
    loan_id = (
        LoanService(w.ctx)
        .disburse(w.customers[0], w.product.id, "C", 12_000_00, 12, w.holdings(12_000_00), START)
        .id
    )
    paid = PaymentService(w.ctx).post(loan_id, 1_500_00, "REF-TAMPER-1")
    w.eod_days(2)
    failed = _failed(db)
    assert failed == [], failed
    with db.sessions() as s:
        number = s.scalar(select(Loan.number).where(Loan.id == loan_id))
    assert number is not None
    return loan_id, paid.payment_id, number


def _failed(db: TestDB) -> list[CheckResult]:
    with db.sessions() as s:
        return [c for c in run_checks(s) if not c.ok]


def _tamper(db: TestDB, edit: Callable[[Session], object]) -> list[CheckResult]:
    with db.sessions.begin() as s:
        edit(s)
    return _failed(db)


def test_changed_payment_amount_is_named(db: TestDB) -> None:
    _, payment_id, number = _world(db)
    failed = _tamper(
        db, lambda s: s.execute(update(Payment).where(Payment.id == payment_id).values(amount=1))
    )
    # The payment's reference booking names it too (its fingerprint holds the amount).
    assert [c.name for c in failed] == ["payments and ledger", "payment references"]
    assert f"loan {number}" in failed[0].detail
    assert f"payment {payment_id} (REF-TAMPER-1)" in failed[0].detail
    assert "payment REF-TAMPER-1 no longer matches" in failed[1].detail


def test_deleted_payment_is_named(db: TestDB) -> None:
    _, payment_id, number = _world(db)

    def edit(s: Session) -> None:
        s.execute(delete(AllocationLine).where(AllocationLine.payment_id == payment_id))
        s.execute(delete(Payment).where(Payment.id == payment_id))

    failed = _tamper(db, edit)
    assert [c.name for c in failed] == ["payments and ledger"]
    assert f"loan {number}" in failed[0].detail
    assert "REF-TAMPER-1 is missing (deleted)" in failed[0].detail


def test_loan_set_to_paid_off_is_named(db: TestDB) -> None:
    loan_id, _, number = _world(db)
    failed = _tamper(
        db,
        lambda s: s.execute(
            update(Loan).where(Loan.id == loan_id).values(status="paid_off", dpd=0)
        ),
    )
    assert "paid-off loans" in [c.name for c in failed]
    detail = next(c.detail for c in failed if c.name == "paid-off loans")
    assert f"loan {number} is marked paid off" in detail


@pytest.mark.parametrize("days", [1, 30])
def test_business_date_moved_back_is_named(db: TestDB, days: int) -> None:
    _world(db)
    with db.sessions() as s:
        day = s.scalar(select(PlatformState.business_date))
    assert day is not None
    back = day - timedelta(days=days)
    failed = _tamper(db, lambda s: s.execute(update(PlatformState).values(business_date=back)))
    assert "business date" in [c.name for c in failed]
    detail = next(c.detail for c in failed if c.name == "business date")
    assert f"the business date is {back}" in detail and str(day) in detail


def _users(db: TestDB) -> tuple[int, str]:
    """An underwriter created, given a second role and a new password through the services."""
    admin = db.admin()
    ctx = db.user(Role.UNDERWRITER)
    assert ctx.actor.user_id is not None
    users = UserService(admin)
    users.set_roles(ctx.actor.user_id, {Role.UNDERWRITER, Role.KYC_OFFICER})
    change_own_password(ctx, USER_PASSWORD, "another-pass-456")
    assert _failed(db) == []
    return ctx.actor.user_id, ctx.actor.username


def test_inserted_admin_role_is_named(db: TestDB) -> None:
    user_id, username = _users(db)
    failed = _tamper(db, lambda s: s.add(UserRole(user_id=user_id, role=str(Role.ADMIN))))
    assert [c.name for c in failed] == ["user roles and passwords"]
    detail = failed[0].detail
    assert f"user {username} (id {user_id}) holds roles admin, " in detail
    assert "granted" in detail and "granted admin" not in detail


def test_user_inserted_with_admin_role_is_named(db: TestDB) -> None:
    _users(db)

    def edit(s: Session) -> None:
        s.add(
            User(
                username="intruder", display_name="X", password_hash=hash_password("pw-123456"),
                roles=[UserRole(role=str(Role.ADMIN))],
            )
        )  # fmt: skip

    failed = _tamper(db, edit)
    assert [c.name for c in failed] == ["user roles and passwords"]
    assert "user intruder" in failed[0].detail and "no audit event granted none" in (
        failed[0].detail
    )


def test_swapped_password_hash_is_named(db: TestDB) -> None:
    user_id, username = _users(db)
    forged = hash_password("attacker-knows-1")
    failed = _tamper(
        db, lambda s: s.execute(update(User).where(User.id == user_id).values(password_hash=forged))
    )
    assert [c.name for c in failed] == ["user roles and passwords"]
    assert f"user {username} (id {user_id}): the password hash is not the one" in failed[0].detail
