"""``p2pdesk verify`` checks for the loan engine: the ledger balances, and every
loan's installments, holdings and credit agree with its ledger lines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.loans import accounts as acc
from app.loans.eod import bucket_case
from app.loans.sync import replay_loan
from app.money import format_amount as describe_amount
from app.platform import load_state
from app.verify import CheckResult
from db.models.ledger import LedgerLine
from db.models.loans import Holding, Installment, Loan


def check_trial_balance(session: Session) -> CheckResult:
    name = "ledger trial balance"
    total = int(session.scalar(select(func.coalesce(func.sum(LedgerLine.amount), 0))) or 0)
    bad = session.execute(
        select(LedgerLine.entry_id, func.sum(LedgerLine.amount))
        .group_by(LedgerLine.entry_id)
        .having(func.sum(LedgerLine.amount) != 0)
        .order_by(LedgerLine.entry_id)
        .limit(1)
    ).first()
    if total == 0 and bad is None:
        return CheckResult(name, True, "every journal entry balances; trial balance is zero")
    detail = f"trial balance is off by {describe_amount(total)}"
    if bad is not None:
        loan = session.scalar(
            select(Loan.number)
            .join(LedgerLine, LedgerLine.loan_id == Loan.id)
            .where(LedgerLine.entry_id == bad[0])
            .limit(1)
        )
        detail += f"; journal entry {bad[0]} is out of balance by {describe_amount(int(bad[1]))}"
        if loan:
            detail += f" (loan {loan})"
    return CheckResult(name, False, detail)


_RECEIVABLE_COLUMNS = {
    acc.RECV_PRINCIPAL: Installment.principal - Installment.paid_principal,
    acc.RECV_INTEREST: Installment.interest - Installment.paid_interest,
    acc.RECV_FEES: Installment.fees - Installment.paid_fees,
    acc.RECV_PENALTY: Installment.penalty - Installment.paid_penalty,
}


def loan_mismatch(session: Session, loan_ids: list[int] | None = None) -> tuple[int, str] | None:
    """The first loan (by id) whose ledger disagrees with its installments, holdings or
    credit balance, with what disagrees; None when all agree."""
    ledger: dict[int, dict[str, int]] = defaultdict(dict)
    q = (
        select(LedgerLine.loan_id, LedgerLine.account_code, func.sum(LedgerLine.amount))
        .where(
            LedgerLine.loan_id.is_not(None),
            LedgerLine.account_code.in_([*_RECEIVABLE_COLUMNS, acc.BORROWER_CREDIT]),
        )
        .group_by(LedgerLine.loan_id, LedgerLine.account_code)
    )
    for loan_id, account, amount in session.execute(q):
        ledger[int(loan_id or 0)][account] = int(amount)
    books: dict[int, dict[str, int]] = defaultdict(dict)
    sums = [func.sum(col) for col in _RECEIVABLE_COLUMNS.values()]
    for loan_id, *amounts in session.execute(
        select(Installment.loan_id, *sums)
        .where(Installment.status != "cancelled")
        .group_by(Installment.loan_id)
    ):
        books[int(loan_id)] = dict(zip(_RECEIVABLE_COLUMNS, map(int, amounts), strict=True))
    claims: dict[tuple[int, int], int] = {
        (int(lid or 0), int(inv or 0)): -int(s)
        for lid, inv, s in session.execute(
            select(LedgerLine.loan_id, LedgerLine.investor_id, func.sum(LedgerLine.amount))
            .where(LedgerLine.account_code == acc.INVESTOR_PRINCIPAL)
            .group_by(LedgerLine.loan_id, LedgerLine.investor_id)
        )
    }
    holdings: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for lid, inv, outstanding in session.execute(
        select(Holding.loan_id, Holding.investor_id, Holding.outstanding)
    ):
        holdings[int(lid)].append((int(inv), int(outstanding)))
    loans = select(Loan.id, Loan.number, Loan.status, Loan.credit_balance).order_by(Loan.id)
    if loan_ids is not None:
        loans = loans.where(Loan.id.in_(loan_ids))
    for loan_id, number, status, credit in session.execute(loans):
        for account in _RECEIVABLE_COLUMNS:
            expected = 0 if status == "written_off" else books[loan_id].get(account, 0)
            actual = ledger[loan_id].get(account, 0)
            if expected != actual:
                return loan_id, (
                    f"loan {number}: {account} in the ledger is {describe_amount(actual)} but "
                    f"its installments say {describe_amount(expected)}"
                )
        if -ledger[loan_id].get(acc.BORROWER_CREDIT, 0) != credit:
            return loan_id, f"loan {number}: credit balance does not match the ledger"
        for investor_id, outstanding in holdings[loan_id]:
            if claims.get((loan_id, investor_id), 0) != outstanding:
                return loan_id, (
                    f"loan {number}: investor {investor_id}'s outstanding principal "
                    f"{describe_amount(outstanding)} does not match the ledger"
                )
    return None


def check_loans(session: Session) -> CheckResult:
    name = "loan schedules and ledger"
    found = loan_mismatch(session)
    if found is None:
        count = session.scalar(select(func.count()).select_from(Loan)) or 0
        return CheckResult(name, True, f"{count} loans agree with their ledger balances")
    return CheckResult(name, False, found[1])


def check_ageing(session: Session) -> CheckResult:
    """Every active loan's stored DPD and bucket are its installments' as of the
    business date.

    End of day reads and writes only the loans in arrears
    (:func:`app.loans.eod.in_arrears`) and trusts the stored DPD of the rest, so a
    writer that left a DPD stale would go unnoticed there; this names the first such
    loan. A loan stamped past the business date (an end of day that stopped part-way)
    is left to the rerun that finishes that day.
    """
    name = "loan ageing"
    day = load_state(session).business_date
    i = Installment
    overdue = and_(
        i.status != "cancelled",
        i.due_date < day,
        i.principal - i.paid_principal + i.interest - i.paid_interest > 0,
    )
    facts = (
        select(i.loan_id.label("loan_id"), func.min(i.due_day).label("oldest"))
        .where(overdue)
        .group_by(i.loan_id)
        .subquery("facts")
    )
    dpd = case((facts.c.oldest.is_(None), 0), else_=day.toordinal() - facts.c.oldest)
    wrong = session.execute(
        select(Loan.number, Loan.dpd, Loan.bucket, dpd)
        .outerjoin(facts, facts.c.loan_id == Loan.id)
        .where(
            Loan.status == "active",
            Loan.accrued_through <= day,
            or_(Loan.dpd != dpd, Loan.bucket != bucket_case(dpd)),
        )
        .order_by(Loan.id)
        .limit(1)
    ).first()
    if wrong is not None:
        number, stored, bucket, expected = wrong
        return CheckResult(
            name, False,
            f"loan {number}: DPD {stored} ({bucket}) is stored, its installments give "
            f"{int(expected)} on {day}",
        )  # fmt: skip
    return CheckResult(name, True, f"every active loan is aged as of {day}")


def replay_mismatch(session: Session, loan: Loan, business_date: date) -> str | None:
    """Deep check of one loan: does replaying its history give the stored state and
    ledger? (Catches the set-based end of day drifting from the per-loan engine.)"""
    from app.loans.ledger import loan_balances

    result = replay_loan(session, loan, business_date)
    rows = {
        r.n: r for r in session.scalars(select(Installment).where(Installment.loan_id == loan.id))
    }
    for state in result.installments:
        row = rows[state.n]
        for field in ("principal", "interest", "fees", "penalty", "paid_principal",
                      "paid_interest", "paid_fees", "paid_penalty", "late_fee_on"):  # fmt: skip
            if getattr(row, field) != getattr(state, field):
                return (
                    f"loan {loan.number} installment {state.n}: {field} is "
                    f"{getattr(row, field)}, replay gives {getattr(state, field)}"
                )
    current = loan_balances(session, loan.id)
    keys = set(current) | set(result.ledger)
    for key in sorted(keys, key=str):
        if current.get(key, 0) != result.ledger.get(key, 0):
            return (
                f"loan {loan.number}: ledger {key} is {current.get(key, 0)}, replay gives "
                + str(result.ledger.get(key, 0))
            )
    return None


def loan_checks() -> list[Callable[[Session], CheckResult]]:
    """The loan engine's checks, for ``app.verify``."""
    from app.loans.reconcile import reconcile_checks

    return [check_trial_balance, check_loans, check_ageing, *reconcile_checks()]
