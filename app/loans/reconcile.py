"""``p2pdesk verify`` reconciliations of the loan tables against the ledger.

A direct edit of a payment row or a loan's status leaves the installments and the
ledger agreeing with each other, so :mod:`app.loans.verify` does not see it. These
checks hold the rows to the ledger lines the posting wrote: per loan, the posted
payments sum to the cash the ledger received for it (a changed amount or a deleted
payment shows), and a loan is paid off only when the ledger owes nothing on it. Both
are set-based (one grouped query each), so they scale with the loan book.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.loans import accounts as acc
from app.money import format_amount as describe_amount
from app.verify import CheckResult
from db.models.ledger import JournalEntry, LedgerLine
from db.models.loans import DisbursementReversal, Holding, Installment, Loan, Payment
from db.models.origination import Application

_CASH_TAGS = (acc.T_PAYMENT, acc.T_RECOVERY)


def _payment_detail(session: Session, loan_id: int, number: str, paid: int, cash: int) -> str:
    """Name the payment row behind one loan's mismatch (one loan's rows only)."""
    detail = (
        f"loan {number}: its posted payments total {describe_amount(paid)} but the ledger "
        f"received {describe_amount(cash)}"
    )
    entry_cash = (
        select(JournalEntry.memo.label("ref"), func.sum(LedgerLine.amount).label("cash"))
        .join(LedgerLine, LedgerLine.entry_id == JournalEntry.id)
        .where(
            JournalEntry.loan_id == loan_id,
            LedgerLine.account_code == acc.BANK,
            LedgerLine.tag.in_(_CASH_TAGS),
        )
        .group_by(JournalEntry.memo)
        .subquery()
    )
    edited = session.execute(
        select(Payment.id, Payment.external_ref, Payment.amount, entry_cash.c.cash)
        .join(entry_cash, entry_cash.c.ref == Payment.external_ref)
        .where(Payment.loan_id == loan_id, Payment.amount != entry_cash.c.cash)
        .order_by(Payment.id)
        .limit(1)
    ).first()
    if edited is not None:
        pid, ref, amount, booked = edited
        return (
            f"{detail}; payment {pid} ({ref}) says {describe_amount(int(amount))}, its journal "
            f"entry booked {describe_amount(int(booked))}"
        )
    orphan = session.scalar(
        select(entry_cash.c.ref)
        .where(
            entry_cash.c.cash != 0,
            ~select(Payment.id)
            .where(Payment.loan_id == loan_id, Payment.external_ref == entry_cash.c.ref)
            .exists(),
        )
        .limit(1)
    )
    if orphan is not None:
        return f"{detail}; the payment with reference {orphan} is missing (deleted)"
    return detail


def check_payments(session: Session) -> CheckResult:
    """Each loan's posted payments against the cash its journal entries booked."""
    name = "payments and ledger"
    paid = (
        select(Payment.loan_id.label("loan_id"), func.sum(Payment.amount).label("paid"))
        .where(Payment.status == "posted")
        .group_by(Payment.loan_id)
        .subquery("paid")
    )
    cash = (
        select(LedgerLine.loan_id.label("loan_id"), func.sum(LedgerLine.amount).label("cash"))
        .where(
            LedgerLine.loan_id.is_not(None),
            LedgerLine.account_code == acc.BANK,
            LedgerLine.tag.in_(_CASH_TAGS),
        )
        .group_by(LedgerLine.loan_id)
        .subquery("cash")
    )
    paid_sum = func.coalesce(paid.c.paid, 0)
    cash_sum = func.coalesce(cash.c.cash, 0)
    wrong = session.execute(
        select(Loan.id, Loan.number, paid_sum, cash_sum)
        .outerjoin(paid, paid.c.loan_id == Loan.id)
        .outerjoin(cash, cash.c.loan_id == Loan.id)
        .where(paid_sum != cash_sum)
        .order_by(Loan.id)
        .limit(1)
    ).first()
    if wrong is None:
        return CheckResult(name, True, "every loan's payments agree with the cash booked")
    loan_id, number, paid_total, cash_total = wrong
    return CheckResult(
        name, False, _payment_detail(session, loan_id, number, int(paid_total), int(cash_total))
    )


def check_paid_off(session: Session) -> CheckResult:
    """A loan marked paid off owes nothing in the ledger."""
    name = "paid-off loans"
    owing = (
        select(LedgerLine.loan_id.label("loan_id"), func.sum(LedgerLine.amount).label("owing"))
        .where(LedgerLine.loan_id.is_not(None), LedgerLine.account_code.in_(acc.RECEIVABLES))
        .group_by(LedgerLine.loan_id)
        .subquery("owing")
    )
    wrong = session.execute(
        select(Loan.number, owing.c.owing)
        .join(owing, owing.c.loan_id == Loan.id)
        .where(Loan.status == "paid_off", owing.c.owing != 0)
        .order_by(Loan.id)
        .limit(1)
    ).first()
    if wrong is None:
        return CheckResult(name, True, "no paid-off loan owes anything in the ledger")
    number, amount = wrong
    return CheckResult(
        name, False,
        f"loan {number} is marked paid off but the ledger says {describe_amount(int(amount))} "
        "is still owed",
    )  # fmt: skip


def _reversal_problem(session: Session) -> str | None:
    """The first reversed disbursement that left something behind, or a loan whose
    status disagrees with the reversal its ledger holds (one query per question)."""
    reversed_ = Loan.status == "reversed"
    orphan = session.execute(
        select(Loan.number, Installment.n, Installment.status)
        .join(Installment, Installment.loan_id == Loan.id)
        .where(reversed_, Installment.status != "cancelled")
        .order_by(Loan.id, Installment.n)
        .limit(1)
    ).first()
    if orphan is not None:
        number, n, status = orphan
        return f"loan {number}: its disbursement was reversed but installment {n} is still {status}"
    held = session.execute(
        select(Loan.number, Holding.investor_id, Holding.outstanding)
        .join(Holding, Holding.loan_id == Loan.id)
        .where(reversed_, Holding.outstanding != 0)
        .order_by(Loan.id, Holding.id)
        .limit(1)
    ).first()
    if held is not None:
        number, investor, amount = held
        return (
            f"loan {number}: its disbursement was reversed but investor {investor} still holds "
            f"{describe_amount(int(amount))} of it"
        )
    left = session.execute(
        select(Loan.number, LedgerLine.account_code, func.sum(LedgerLine.amount))
        .join(LedgerLine, LedgerLine.loan_id == Loan.id)
        .where(reversed_)
        .group_by(Loan.id, Loan.number, LedgerLine.account_code)
        .having(func.sum(LedgerLine.amount) != 0)
        .order_by(Loan.id, LedgerLine.account_code)
        .limit(1)
    ).first()
    if left is not None:
        number, account, amount = left
        return (
            f"loan {number}: its disbursement was reversed but the ledger still holds "
            f"{describe_amount(int(amount))} on {account}"
        )
    posted = (
        select(JournalEntry.loan_id)
        .where(JournalEntry.kind == "disbursement_reversal")
        .scalar_subquery()
    )
    approved = (
        select(DisbursementReversal.loan_id)
        .where(
            DisbursementReversal.status == "approved", DisbursementReversal.entry_id.is_not(None)
        )
        .scalar_subquery()
    )
    wrong = session.execute(
        select(Loan.number, Loan.status)
        .where(
            or_(
                Loan.id.in_(posted) & ~reversed_,
                Loan.id.in_(approved) & ~reversed_,
                reversed_ & Loan.id.not_in(posted),
            )
        )
        .order_by(Loan.id)
        .limit(1)
    ).first()
    if wrong is not None:
        number, status = wrong
        if status == "reversed":
            return f"loan {number} is marked reversed but the ledger holds no reversal of it"
        return f"loan {number} is {status} but the ledger reversed its disbursement"
    app = session.execute(
        select(Application.number, Loan.number)
        .join(Loan, Loan.id == Application.loan_id)
        .where(reversed_)
        .order_by(Application.id)
        .limit(1)
    ).first()
    if app is not None:
        return (
            f"application {app[0]} still points to loan {app[1]}, whose disbursement was reversed"
        )
    return None


def check_reversals(session: Session) -> CheckResult:
    """A reversed disbursement leaves no schedule, holding or balance behind, and a
    loan's status agrees with the reversal entries in the ledger."""
    name = "disbursement reversals"
    problem = _reversal_problem(session)
    if problem is None:
        count = session.scalar(
            select(func.count()).select_from(Loan).where(Loan.status == "reversed")
        )
        return CheckResult(name, True, f"{count or 0} reversed disbursements left nothing behind")
    return CheckResult(name, False, problem)


def check_references(session: Session) -> CheckResult:
    """Every payment's and suspense item's reference is booked in the shared table,
    and the booking's fingerprint is still its payload (contract, amount, value date):
    a reference written around the table, or a booked amount or date edited in place,
    is named (issue 20 #11)."""
    from app.loans.payment_guard import fingerprint
    from db.models.collections import SuspensePayment
    from db.models.loans import PaymentReference

    r, s = PaymentReference, SuspensePayment
    booked = {
        ref: (kind, fp)
        for ref, kind, fp in session.execute(select(r.reference, r.kind, r.fingerprint))
    }
    problems: list[str] = []
    rows = session.execute(
        select(s.reference, s.contract_number, s.amount, s.value_date).order_by(s.id)
    ).yield_per(5000)
    suspense = set()
    for ref, contract, amount, day in rows:
        suspense.add(ref)
        got = booked.get(ref)
        if got is None:
            problems.append(f"suspense reference {ref} is not in the reference table")
        elif got[0] == "suspense" and got[1] != fingerprint(contract, int(amount), day):
            problems.append(f"suspense reference {ref} no longer matches its booking")
    payments = session.execute(
        select(Payment.external_ref, Loan.number, Payment.amount, Payment.value_date)
        .join(Loan, Loan.id == Payment.loan_id)
        .order_by(Payment.id)
    ).yield_per(5000)
    count = len(suspense)
    for ref, number, amount, day in payments:
        count += ref not in suspense
        got = booked.get(ref)
        if got is None:
            problems.append(f"payment reference {ref} is not in the reference table")
        elif got[0] == "payment" and got[1] != fingerprint(number, int(amount), day):
            problems.append(f"payment {ref} no longer matches its booking")
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        return CheckResult("payment references", False, "; ".join(problems[:5]) + more)
    return CheckResult("payment references", True, f"{count} references bound to their payload")


def reconcile_checks() -> list[Callable[[Session], CheckResult]]:
    return [check_payments, check_paid_off, check_reversals, check_references]
