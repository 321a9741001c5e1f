"""Replay a loan from its stored history and write back what changed.

Every loan-changing service ends here: it has appended to the loan's history
(a payment row, a reversal flag, an approved write-off) under a row lock on the
loan, and :func:`sync_loan` replays the history, updates installments, holdings,
the loan row and each payment's waterfall, and posts ONE journal entry holding
the difference between the ledger the history implies and the ledger as it
stands. Nothing is deleted: superseded waterfall lines are flagged, the ledger
gets compensating lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.collections.case_sync import follow_loans
from app.loans.allocation import Component
from app.loans.delinquency import bucket_for
from app.loans.ledger import Line, loan_balances, post_entry
from app.loans.loan_state import (
    HoldingTerms,
    LoanTerms,
    PaymentEvent,
    PlanLine,
    ReplayResult,
    RescheduleEvent,
    WriteOffEvent,
)
from app.loans.replay import replay
from app.loans.schedule import Method
from app.platform import STATE_ID
from db.models.loans import (
    AllocationLine,
    Holding,
    Installment,
    Loan,
    Payment,
    Reschedule,
    WriteOff,
)
from db.models.platform import PlatformState


@lru_cache(maxsize=64)
def parse_order(text: str) -> tuple[Component, ...]:
    return tuple(Component(part.strip()) for part in text.split(","))


def terms_of(loan: Loan) -> LoanTerms:
    return LoanTerms(
        principal=loan.principal,
        annual_rate=loan.annual_rate,
        term=loan.term,
        method=Method(loan.method),
        disbursed_on=loan.disbursed_on,
        origination_fee=loan.origination_fee,
        reserve_amount=loan.reserve_amount,
        service_fee_rate=loan.service_fee_rate,
        late_fee=loan.late_fee,
        grace_days=loan.grace_days,
        penalty_rate=loan.penalty_rate,
        allocation_order=parse_order(loan.allocation_order),
        prepayment_rule=loan.prepayment_rule,
    )


def plan_lines(plan_json: str) -> tuple[PlanLine, ...]:
    """A stored plan (``[[iso_date, principal, interest], ...]``) as plan lines."""
    return tuple(
        PlanLine(date.fromisoformat(d), int(p), int(i)) for d, p, i in json.loads(plan_json)
    )


def plan_json(lines: tuple[PlanLine, ...]) -> str:
    return json.dumps([[x.due_date.isoformat(), x.principal, x.interest] for x in lines])


def replay_loan(
    session: Session, loan: Loan, through: date, *, until: date | None = None
) -> ReplayResult:
    """The loan's state as its stored history implies, accrued through ``through``;
    with ``until``, only the events dated on or before it count."""
    holdings = session.scalars(
        select(Holding).where(Holding.loan_id == loan.id).order_by(Holding.id)
    ).all()
    payments = session.scalars(
        select(Payment).where(Payment.loan_id == loan.id, Payment.status == "posted")
    ).all()
    wo = session.scalars(
        select(WriteOff).where(WriteOff.loan_id == loan.id, WriteOff.status == "approved")
    ).first()
    reschedules = session.scalars(select(Reschedule).where(Reschedule.loan_id == loan.id)).all()
    last = until or date.max
    events = [PaymentEvent(p.id, p.value_date, p.event_seq, p.amount) for p in payments]
    plans = [
        RescheduleEvent(r.effective_date, r.event_seq, plan_lines(r.plan_json)) for r in reschedules
    ]
    write_off = WriteOffEvent(cast(date, wo.decided_on), cast(int, wo.event_seq)) if wo else None
    return replay(
        terms_of(loan),
        [HoldingTerms(h.id, h.investor_id, h.amount, h.reserve_covered) for h in holdings],
        [e for e in events if e.value_date <= last],
        write_off if write_off is not None and write_off.on <= last else None,
        through if until is not None else max(through, loan.accrued_through),
        [r for r in plans if r.on <= last],
    )


@dataclass(frozen=True)
class SyncResult:
    result: ReplayResult
    entry_id: int | None


_INSTALLMENT_FIELDS = (
    "due_date", "late_fee_from", "principal", "interest", "fees", "penalty", "paid_principal",
    "paid_interest", "paid_fees", "paid_penalty", "late_fee_on", "status",
)  # fmt: skip


def accrual_horizon(session: Session, business_date: date) -> date:
    """The day a loan written now is accrued through: the business date, or the day
    after it while end of day runs.

    End of day leaves a current loan's row alone (:mod:`app.loans.eod`), so a loan it
    has already passed over for the day it is closing keeps its older stamp; a write
    that then puts the loan in arrears (a reversal, a backdated disbursement) and
    accrued only through the business date would never get that day's charge. Written
    while the run holds its lock, the loan is accrued through the day being closed;
    the run charges only loans stamped before that day, so nothing is charged twice,
    and it is right whether or not the run has reached the loan yet. The shared lock
    on the state row makes a write that began before the run took its lock finish
    first (PostgreSQL, MariaDB; SQLite serialises writers anyway).
    """
    platform_date, holder = session.execute(
        select(PlatformState.business_date, PlatformState.eod_holder)
        .where(PlatformState.id == STATE_ID)
        .with_for_update(read=True)
    ).one()
    if holder is None:
        return business_date
    closing: date = platform_date + timedelta(days=1)
    return max(business_date, closing)


def sync_loan(
    session: Session,
    loan: Loan,
    business_date: date,
    kind: str,
    *,
    actor_id: int | None,
    memo: str | None = None,
) -> SyncResult:
    """Replay ``loan`` (locked by the caller) and write every difference back,
    accrued through :func:`accrual_horizon`."""
    result = replay_loan(session, loan, accrual_horizon(session, business_date))
    _write_installments(session, loan.id, result)
    holdings = session.scalars(select(Holding).where(Holding.loan_id == loan.id)).all()
    for h in holdings:
        if h.outstanding != result.holdings_outstanding[h.id]:
            h.outstanding = result.holdings_outstanding[h.id]
    _write_loan(loan, result)
    _write_waterfalls(session, loan.id, result)
    current = loan_balances(session, loan.id)
    target = result.ledger
    lines = [
        Line(account, target.get(key, 0) - current.get(key, 0), tag, loan.id, investor)
        for key in sorted(set(target) | set(current), key=lambda k: (k[0], k[1] or 0, k[2]))
        for account, investor, tag in [key]
    ]
    entry_id = post_entry(
        session, kind, business_date, lines, loan_id=loan.id, memo=memo, created_by=actor_id
    )
    session.flush()
    follow_loans(session, (loan.id,), business_date)  # its collection case, now
    return SyncResult(result, entry_id)


def _write_installments(session: Session, loan_id: int, result: ReplayResult) -> None:
    rows = {
        r.n: r for r in session.scalars(select(Installment).where(Installment.loan_id == loan_id))
    }
    for state in result.installments:
        row = rows.get(state.n)
        values = {name: getattr(state, name) for name in _INSTALLMENT_FIELDS}
        if row is None:
            session.add(
                Installment(
                    loan_id=loan_id, n=state.n, due_day=state.due_date.toordinal(), **values
                )
            )
            continue
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)


def _write_loan(loan: Loan, result: ReplayResult) -> None:
    through = result.accrued_through
    values: dict[str, object] = {
        "status": result.status,
        "paid_off_on": result.paid_off_on,
        "written_off_on": result.written_off_on,
        "credit_balance": result.credit_balance,
        "recurring_amount": result.recurring_amount,
    }
    if result.status == "active" or loan.status == "active":
        # Only a loan that accrues has a meaningful accrual date; one that stops here is
        # stamped with the day it stops, and a paid-off or written-off loan keeps it.
        values["accrued_through"] = through
    if result.status == "active":
        dpd = result.dpd_on(through)
        values.update(dpd=dpd, bucket=bucket_for(dpd).value)
    elif result.status == "paid_off":
        values.update(dpd=0, bucket="current")
    for name, value in values.items():
        if getattr(loan, name) != value:
            setattr(loan, name, value)


def _write_waterfalls(session: Session, loan_id: int, result: ReplayResult) -> None:
    payments = session.scalars(select(Payment).where(Payment.loan_id == loan_id)).all()
    live = session.execute(
        select(AllocationLine)
        .join(Payment, Payment.id == AllocationLine.payment_id)
        .where(Payment.loan_id == loan_id, AllocationLine.superseded.is_(False))
        .order_by(AllocationLine.id)
    ).scalars()
    stored: dict[int, list[tuple[int | None, str, int]]] = {}
    for line in live:
        stored.setdefault(line.payment_id, []).append(
            (line.installment_n, line.component, line.amount)
        )
    for p in payments:
        outcome = result.payments.get(p.id)
        if p.status != "posted" or outcome is None:
            continue  # a reversed payment keeps the waterfall it had, for the record
        wanted = list(outcome.lines)
        if p.prepaid != outcome.prepaid:
            p.prepaid = outcome.prepaid
        if p.credited != outcome.credited:
            p.credited = outcome.credited
        if stored.get(p.id, []) == wanted:
            continue
        session.execute(
            update(AllocationLine)
            .where(AllocationLine.payment_id == p.id, AllocationLine.superseded.is_(False))
            .values(superseded=True)
        )
        for n, component, amount in wanted:
            session.add(
                AllocationLine(payment_id=p.id, installment_n=n, component=component, amount=amount)
            )
