"""Batched posting of ordinary payments: the bank file's fast path.

:func:`app.loans.payments.PaymentService._post` replays a loan's whole history for
every payment (:mod:`app.loans.sync`). For the ordinary payment of a bank file that
replay provably reduces to one step, which this module takes for a whole chunk of
loans at once: a handful of ``IN`` queries to read, the same waterfall
(:func:`app.loans.allocation.allocate`) and investor split
(:func:`app.loans.investors.split_distribution`) as the replay, and executemany
statements to write.

A payment takes this path only when the replay would do exactly that one step
(:func:`_eligible`):

* the loan is active (not paid off, no approved write-off) and was never
  rescheduled;
* its value date is the business date and the date through which end of day has
  accrued the loan, and no posted payment is dated later, so the replay would
  accrue nothing more before or after it (no backdating, no catch-up);
* it settles only what is billed (no excess: no prepayment, no credit balance);
* it is the loan's first payment in the chunk.

Then the replay's state before the payment equals the stored one (``p2pdesk
verify`` holds them to the cent), the payment sorts last in the history, and the
journal entry ``sync_loan`` would post (target ledger minus current ledger) is the
payment's own legs. Anything else is returned to the caller for the per-row path;
``tests/db/test_payment_fast_path.py`` holds the two paths to the same result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.loans import accounts as acc
from app.loans.allocation import Component, Due, allocate
from app.loans.delinquency import bucket_for
from app.loans.investors import Holding as SplitHolding
from app.loans.investors import split_distribution
from app.loans.ledger import UnbalancedEntry, ensure_chart
from app.loans.loan_state import LedgerKey
from app.loans.sync import parse_order
from app.security import audit
from db.models.ledger import JournalEntry, LedgerLine
from db.models.loans import (
    AllocationLine,
    Holding,
    Installment,
    Loan,
    Payment,
    Reschedule,
    WriteOff,
)

I, H, L = Installment, Holding, Loan  # noqa: E741 - short aliases keep the SQL readable
_P, _I, _H, _L, _E, _LL, _A = (
    cast(Table, m.__table__)
    for m in (Payment, Installment, Holding, Loan, JournalEntry, LedgerLine, AllocationLine)
)


@dataclass(frozen=True)
class Candidate:
    """One file row whose loan and reference are known and not yet posted."""

    key: int  # the caller's handle (the file line)
    reference: str
    loan_id: int
    amount: int
    value_date: date


@dataclass(frozen=True)
class Posted:
    key: int
    payment_id: int
    reference: str
    loan_number: str
    amount: int


@dataclass
class _Inst:
    id: int
    n: int
    due_date: date
    principal: int
    interest: int
    fees: int
    penalty: int
    paid: dict[Component, int]

    def out(self, c: Component) -> int:
        owed = {
            Component.PRINCIPAL: self.principal,
            Component.INTEREST: self.interest,
            Component.FEES: self.fees,
            Component.PENALTY: self.penalty,
        }[c]
        return owed - self.paid[c]

    @property
    def out_scheduled(self) -> int:
        return self.out(Component.PRINCIPAL) + self.out(Component.INTEREST)

    @property
    def out_total(self) -> int:
        return sum(self.out(c) for c in Component)


@dataclass
class _Loan:
    id: int
    number: str
    event_seq: int
    service_fee_rate: Decimal
    order: tuple[Component, ...]
    dpd: int
    bucket: str
    insts: list[_Inst] = field(default_factory=list)  # open ones, (due date, n) order
    holdings: list[tuple[int, int, int, int]] = field(default_factory=list)  # id, inv, amt, out


@dataclass(frozen=True)
class _Outcome:
    cand: Candidate
    loan: _Loan
    lines: list[tuple[int, str, int]]  # (installment n, component, amount)
    paid: list[_Inst]  # installments the payment touched
    holdings: list[tuple[int, int]]  # (holding id, new outstanding) that changed
    ledger: Counter[LedgerKey]
    paid_off: bool
    dpd: int


def post_batch(
    ctx: ServiceContext, session: Session, today: date, rows: Sequence[Candidate], source: str
) -> tuple[list[Posted], list[Candidate]]:
    """Post every row of ``rows`` that the fast path may take; return them and the
    rows left for the per-row path (in their original order).

    Runs inside the caller's transaction; locks the loans it reads in id order (the
    order the per-row path and end of day lock them in). Raises IntegrityError
    when a reference was posted concurrently; the caller's SAVEPOINT then discards
    the batch and the per-row path sorts it out.
    """
    first: dict[int, Candidate] = {}
    rest: list[Candidate] = []
    for row in rows:
        if row.loan_id in first or row.value_date != today:
            rest.append(row)
        else:
            first[row.loan_id] = row
    if not first:
        return [], list(rows)
    loans = _load(session, today, sorted(first))
    outcomes: list[_Outcome] = []
    for loan_id, cand in first.items():
        loan = loans.get(loan_id)
        outcome = _apply(loan, cand, today) if loan is not None else None
        if outcome is None:
            rest.append(cand)
        else:
            outcomes.append(outcome)
    if not outcomes:
        return [], list(rows)
    posted = _write(ctx, session, today, outcomes, source)
    fast = {p.key for p in posted}
    return posted, [r for r in rows if r.key not in fast]


def _load(session: Session, today: date, ids: list[int]) -> dict[int, _Loan]:
    """The loans of ``ids`` that pass the loan-level conditions, locked, with their
    open installments and holdings."""
    found = session.execute(
        select(L.id, L.number, L.event_seq, L.service_fee_rate, L.allocation_order, L.dpd, L.bucket)
        .where(
            L.id.in_(ids),
            L.status == "active",
            L.written_off_on.is_(None),
            L.accrued_through == today,
        )
        .order_by(L.id)
        .with_for_update()
    ).all()
    loans = {
        int(i): _Loan(int(i), num, int(seq), rate, parse_order(order), int(dpd), bucket)
        for i, num, seq, rate, order, dpd, bucket in found
    }
    if not loans:
        return {}
    keys = list(loans)
    blocked: set[int] = set()
    blocked.update(
        session.scalars(
            select(WriteOff.loan_id).where(
                WriteOff.loan_id.in_(keys), WriteOff.status == "approved"
            )
        )
    )
    blocked.update(session.scalars(select(Reschedule.loan_id).where(Reschedule.loan_id.in_(keys))))
    blocked.update(
        session.scalars(
            select(Payment.loan_id)
            .where(Payment.loan_id.in_(keys), Payment.status == "posted")
            .group_by(Payment.loan_id)
            .having(func.max(Payment.value_date) > today)
        )
    )
    for row in session.execute(
        select(I.id, I.loan_id, I.n, I.due_date, I.principal, I.interest, I.fees, I.penalty,
               I.paid_principal, I.paid_interest, I.paid_fees, I.paid_penalty)
        .where(I.loan_id.in_(keys), I.status == "open")
    ):  # fmt: skip
        iid, lid, n, due, p, i, f, pen, pp, pi, pf, ppen = row
        paid = {
            Component.PRINCIPAL: int(pp),
            Component.INTEREST: int(pi),
            Component.FEES: int(pf),
            Component.PENALTY: int(ppen),
        }
        loans[int(lid)].insts.append(
            _Inst(int(iid), int(n), due, int(p), int(i), int(f), int(pen), paid)
        )
    for hid, lid, inv, amount, out in session.execute(
        select(H.id, H.loan_id, H.investor_id, H.amount, H.outstanding)
        .where(H.loan_id.in_(keys))
        .order_by(H.id)
    ):
        loans[int(lid)].holdings.append((int(hid), int(inv), int(amount), int(out)))
    for loan in loans.values():
        loan.insts.sort(key=lambda x: (x.due_date, x.n))
    # No holding to split to (split_distribution would refuse): the per-row path names it.
    return {
        k: v
        for k, v in loans.items()
        if k not in blocked and any(h[2] > 0 or h[3] > 0 for h in v.holdings)
    }


def _apply(loan: _Loan, cand: Candidate, today: date) -> _Outcome | None:
    """The replay engine's ``pay`` for a payment with no excess, on state accrued
    through its value date; None when the payment would leave an excess."""
    open_ = [i for i in loan.insts if i.out_total > 0]
    billed = [i for i in open_ if i.due_date <= cand.value_date]
    upcoming = [i for i in open_ if i.due_date > cand.value_date]
    if upcoming and not billed:  # nothing due yet: the next bill may be paid early
        billed.append(upcoming[0])
    if not billed or cand.amount > sum(i.out_total for i in billed):
        return None  # a prepayment or a credit balance: the replay decides those
    dues = [
        Due(
            i.n,
            i.due_date,
            i.out(Component.PENALTY),
            i.out(Component.FEES),
            i.out(Component.INTEREST),
            i.out(Component.PRINCIPAL),
        )
        for i in billed
    ]
    alloc = allocate(cand.amount, dues, loan.order)
    if alloc.excess:
        return None
    by_n = {i.n: i for i in billed}
    for line in alloc.lines:
        by_n[line.installment_no].paid[line.component] += line.amount
    parts = alloc.total_by_component()
    led: Counter[LedgerKey] = Counter()

    def post(account: str, amount: int, tag: str, investor: int | None = None) -> None:
        if amount:
            led[(account, investor, tag)] += amount

    principal, interest = parts[Component.PRINCIPAL], parts[Component.INTEREST]
    post(acc.BANK, cand.amount, acc.T_PAYMENT)
    post(acc.RECV_PENALTY, -parts[Component.PENALTY], acc.T_PAYMENT)
    post(acc.RECV_FEES, -parts[Component.FEES], acc.T_PAYMENT)
    post(acc.RECV_INTEREST, -interest, acc.T_PAYMENT)
    post(acc.RECV_PRINCIPAL, -principal, acc.T_PAYMENT)
    post(acc.UNEARNED_INTEREST, interest, acc.T_INTEREST)
    changed: list[tuple[int, int]] = []
    if principal or interest:
        outstanding = {h[0]: h[3] for h in loan.holdings}
        investor = {h[0]: h[1] for h in loan.holdings}
        if sum(outstanding.values()) > 0:
            weights = [SplitHolding(h[0], h[3]) for h in loan.holdings]
        else:
            weights = [SplitHolding(h[0], h[2]) for h in loan.holdings]
        shares = split_distribution(principal, interest, weights, loan.service_fee_rate)
        for s in shares:
            inv = investor[s.holding_id]
            if s.principal:
                changed.append((s.holding_id, outstanding[s.holding_id] - s.principal))
            post(acc.INVESTOR_PRINCIPAL, s.principal, acc.T_PRINCIPAL, inv)
            post(acc.INVESTOR_CUSTODY, -s.principal, acc.T_PRINCIPAL, inv)
            post(acc.INVESTOR_CUSTODY, -s.interest, acc.T_INTEREST, inv)
            post(acc.INVESTOR_CUSTODY, s.service_fee, acc.T_SERVICE_FEE, inv)
        post(acc.FEE_INCOME, -sum(s.service_fee for s in shares), acc.T_SERVICE_FEE)
    paid_off = all(i.out_total == 0 for i in loan.insts)
    overdue = [i.due_date for i in loan.insts if i.due_date < today and i.out_scheduled > 0]
    dpd = (today - min(overdue)).days if overdue else 0
    touched = sorted({line.installment_no for line in alloc.lines})
    return _Outcome(
        cand,
        loan,
        [(line.installment_no, line.component.value, line.amount) for line in alloc.lines],
        [by_n[n] for n in touched],
        changed,
        led,
        paid_off,
        0 if paid_off else dpd,
    )


def _write(
    ctx: ServiceContext, session: Session, today: date, outcomes: list[_Outcome], source: str
) -> list[Posted]:
    """Write the chunk's payments with one executemany per table, then one audit event."""
    user = ctx.actor.user_id
    pay_ids = {
        ref: int(pid)
        for pid, ref in session.execute(
            insert(_P).returning(_P.c.id, _P.c.external_ref),
            [
                {
                    "loan_id": o.loan.id,
                    "external_ref": o.cand.reference,
                    "channel": "bank_file",
                    "amount": o.cand.amount,
                    "value_date": o.cand.value_date,
                    "posted_on": today,
                    "event_seq": o.loan.event_seq + 1,
                    "status": "posted",
                    "prepaid": 0,
                    "credited": 0,
                    "posted_by": user,
                    "version": 1,
                }
                for o in outcomes
            ],
        )
    }
    ensure_chart(session)
    entry_ids = {
        memo: int(eid)
        for eid, memo in session.execute(
            insert(_E).returning(_E.c.id, _E.c.memo),
            [
                {
                    "kind": "payment",
                    "business_date": today,
                    "loan_id": o.loan.id,
                    "memo": o.cand.reference,
                    "created_by": user,
                }
                for o in outcomes
            ],
        )
    }
    ledger_rows: list[dict[str, object]] = []
    alloc_rows: list[dict[str, object]] = []
    inst_rows: list[dict[str, object]] = []
    holding_rows: list[dict[str, object]] = []
    loan_rows: list[dict[str, object]] = []
    for o in outcomes:
        ref = o.cand.reference
        # Lines in the order sync_loan writes its difference: sorted by key.
        for key in sorted(o.ledger, key=lambda k: (k[0], k[1] or 0, k[2])):
            account, investor, tag = key
            if o.ledger[key]:
                ledger_rows.append({
                    "entry_id": entry_ids[ref], "account_code": account, "loan_id": o.loan.id,
                    "investor_id": investor, "tag": tag, "amount": o.ledger[key],
                })  # fmt: skip
        alloc_rows += [
            {
                "payment_id": pay_ids[ref],
                "installment_n": n,
                "component": c,
                "amount": a,
                "superseded": False,
            }
            for n, c, a in o.lines
        ]
        for i in o.paid:
            inst_rows.append({
                "b_id": i.id, "b_pp": i.paid[Component.PRINCIPAL],
                "b_pi": i.paid[Component.INTEREST], "b_pf": i.paid[Component.FEES],
                "b_ppen": i.paid[Component.PENALTY],
                "b_status": "paid" if i.out_total == 0 else "open",
            })  # fmt: skip
        holding_rows += [{"b_id": hid, "b_out": out} for hid, out in o.holdings]
        bucket = bucket_for(o.dpd).value
        # The per-row path flushes the loan twice: the event sequence with the payment,
        # then whatever the replay changed; each flush that changes it bumps the version.
        bumps = 1 + (o.paid_off or o.dpd != o.loan.dpd or bucket != o.loan.bucket)
        loan_rows.append({
            "b_id": o.loan.id, "b_seq": o.loan.event_seq + 1,
            "b_status": "paid_off" if o.paid_off else "active",
            "b_paid_off_on": o.cand.value_date if o.paid_off else None,
            "b_dpd": o.dpd, "b_bucket": bucket, "b_bumps": bumps,
        })  # fmt: skip
    # Unbalanced lines would be a programming error: the same check post_entry makes.
    if sum(sum(o.ledger.values()) for o in outcomes) != 0:
        raise UnbalancedEntry("a fast-path payment entry is out of balance")
    session.execute(insert(_LL), ledger_rows)
    session.execute(insert(_A), alloc_rows)
    if inst_rows:
        session.execute(
            update(_I)
            .where(_I.c.id == bindparam("b_id"))
            .values(
                paid_principal=bindparam("b_pp"),
                paid_interest=bindparam("b_pi"),
                paid_fees=bindparam("b_pf"),
                paid_penalty=bindparam("b_ppen"),
                status=bindparam("b_status"),
            ),
            inst_rows,
        )
    if holding_rows:
        session.execute(
            update(_H).where(_H.c.id == bindparam("b_id")).values(outstanding=bindparam("b_out")),
            holding_rows,
        )
    session.execute(
        update(_L)
        .where(_L.c.id == bindparam("b_id"))
        .values(
            event_seq=bindparam("b_seq"),
            status=bindparam("b_status"),
            paid_off_on=bindparam("b_paid_off_on"),
            dpd=bindparam("b_dpd"),
            bucket=bindparam("b_bucket"),
            version=_L.c.version + bindparam("b_bumps"),
        ),
        loan_rows,
    )
    posted = [
        Posted(
            o.cand.key, pay_ids[o.cand.reference], o.cand.reference, o.loan.number, o.cand.amount
        )
        for o in outcomes
    ]
    audit.record(
        session, ctx.actor, "payment.posted_batch", "payment_file", source, now=ctx.now(),
        after={
            "value_date": today, "channel": "bank_file", "count": len(posted),
            "total": sum(p.amount for p in posted),
            "payments": [[p.payment_id, p.reference, p.loan_number, p.amount] for p in posted],
        },
    )  # fmt: skip
    return posted
