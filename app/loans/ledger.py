"""Posting balanced journal entries and reading balances."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.loans import accounts as acc
from app.loans.loan_state import LedgerKey
from db.models.ledger import Account, JournalEntry, LedgerLine


@dataclass(frozen=True)
class Line:
    account: str
    amount: int  # debit positive, credit negative
    tag: str
    loan_id: int | None = None
    investor_id: int | None = None


class UnbalancedEntry(ValueError):
    """A journal entry whose lines do not sum to zero (a programming error)."""


def ensure_chart(session: Session) -> None:
    """Create any account of the chart that is missing (once per session)."""
    if session.info.get("ledger_chart_ok"):
        return
    present = set(session.scalars(select(Account.code)))
    missing = [(c, n, k) for c, n, k in acc.CHART if c not in present]
    if missing:
        session.execute(insert(Account), [{"code": c, "name": n, "kind": k} for c, n, k in missing])
    session.info["ledger_chart_ok"] = True


def post_entry(
    session: Session,
    kind: str,
    business_date: date,
    lines: Iterable[Line],
    *,
    loan_id: int | None = None,
    memo: str | None = None,
    created_by: int | None = None,
) -> int | None:
    """Insert one balanced entry; returns its id, or None when there is nothing to post."""
    rows = [line for line in lines if line.amount != 0]
    if not rows:
        return None
    total = sum(line.amount for line in rows)
    if total != 0:
        raise UnbalancedEntry(f"{kind} entry is out of balance by {total}")
    ensure_chart(session)
    entry = JournalEntry(
        kind=kind, business_date=business_date, loan_id=loan_id, memo=memo, created_by=created_by
    )
    session.add(entry)
    session.flush()
    session.execute(
        insert(LedgerLine),
        [
            {
                "entry_id": entry.id,
                "account_code": line.account,
                "loan_id": line.loan_id,
                "investor_id": line.investor_id,
                "tag": line.tag,
                "amount": line.amount,
            }
            for line in rows
        ],
    )
    return entry.id


def loan_balances(session: Session, loan_id: int) -> Counter[LedgerKey]:
    """Every (account, investor, tag) balance of the lines attributed to a loan."""
    rows = session.execute(
        select(
            LedgerLine.account_code,
            LedgerLine.investor_id,
            LedgerLine.tag,
            func.sum(LedgerLine.amount),
        )
        .where(LedgerLine.loan_id == loan_id)
        .group_by(LedgerLine.account_code, LedgerLine.investor_id, LedgerLine.tag)
    ).all()
    return Counter({(a, i, t): int(s) for a, i, t, s in rows if int(s) != 0})


def account_balance(
    session: Session, account: str, *, investor_id: int | None = None, loan_id: int | None = None
) -> int:
    """Signed balance of an account (debit positive), optionally for one investor or loan."""
    q = select(func.coalesce(func.sum(LedgerLine.amount), 0)).where(
        LedgerLine.account_code == account
    )
    if investor_id is not None:
        q = q.where(LedgerLine.investor_id == investor_id)
    if loan_id is not None:
        q = q.where(LedgerLine.loan_id == loan_id)
    return int(session.scalar(q) or 0)


def reserve_balance(session: Session) -> int:
    """Money in the risk reserve (a credit balance, shown positive)."""
    return -account_balance(session, acc.RISK_RESERVE)


def investor_cash(session: Session, investor_id: int) -> int:
    """Uninvested cash the platform holds for an investor."""
    return -account_balance(session, acc.INVESTOR_CUSTODY, investor_id=investor_id)


def trial_balance(session: Session) -> int:
    """Sum of every line; zero when the books balance."""
    return int(session.scalar(select(func.coalesce(func.sum(LedgerLine.amount), 0))) or 0)
