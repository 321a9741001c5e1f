"""Batched posting of ordinary payments: the bank file's fast path.

:func:`app.loans.payments.PaymentService._post` replays a loan's whole history for
every payment (:mod:`app.loans.sync`). For the ordinary payment of a bank file that
replay provably reduces to its last step, the engine's ``pay`` on the state before
the payment, which this module takes for a whole chunk of loans at once: a handful
of ``IN`` queries to read, the replay engine's own ``pay`` (waterfall, prepayment or
credit balance, investor split) on each loan's stored state, and executemany
statements to write.

A payment takes this path only when the replay would do exactly that (see
:func:`_load`):

* the loan is active (not paid off, no approved write-off) and was never
  rescheduled;
* its value date is the business date, the loan's stamp is not past it (end of day
  leaves the stamp of a loan it does not change, so an earlier stamp means the loan
  is accrued through the business date; a later one, an end of day that stopped
  part-way), and no posted payment is dated later, so the payment sorts last in the
  history and the replay would accrue nothing before or after it (no backdating,
  no catch-up);
* it is the loan's first payment in the chunk;

Only the open installments are read: a paid one takes no part in a payment that
settles bills and nothing more. A payment that leaves an excess (a prepayment
rebuilds the schedule from every future installment, paid ones included) is paid
again on the loan's full schedule, read for those loans alone.

Then the stored state equals the replayed one (``p2pdesk verify`` holds them to the
cent), and the journal entry ``sync_loan`` would post (target ledger minus current
ledger) is the payment's own legs. Anything else is returned to the caller for the
per-row path; ``tests/db/test_payment_fast_path.py`` holds the two paths to the same
result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.collections.case_sync import follow_loans
from app.context import ServiceContext
from app.loans.delinquency import bucket_for
from app.loans.ledger import UnbalancedEntry, ensure_chart
from app.loans.loan_state import (
    HoldingTerms,
    InstallmentState,
    LedgerKey,
    LoanTerms,
    PaymentEvent,
)
from app.loans.payment_guard import reference_row
from app.loans.replay import _Engine
from app.loans.sync import terms_of
from app.security import audit
from db.bulk import among, insert_rows, update_rows
from db.models.ledger import JournalEntry, LedgerLine
from db.models.loans import (
    AllocationLine,
    Holding,
    Installment,
    Loan,
    Payment,
    PaymentReference,
    Reschedule,
    WriteOff,
)

I, H, L = Installment, Holding, Loan  # noqa: E741 - short aliases keep the SQL readable
_P, _I, _H, _L, _E, _LL, _A = (
    cast(Table, m.__table__)
    for m in (Payment, Installment, Holding, Loan, JournalEntry, LedgerLine, AllocationLine)
)
_TERMS = (
    L.principal, L.annual_rate, L.term, L.method, L.disbursed_on, L.origination_fee,
    L.reserve_amount, L.service_fee_rate, L.late_fee, L.grace_days, L.penalty_rate,
    L.allocation_order, L.prepayment_rule,
)  # fmt: skip
_INST = (
    I.id, I.loan_id, I.n, I.due_date, I.late_fee_from, I.principal, I.interest, I.fees,
    I.penalty, I.paid_principal, I.paid_interest, I.paid_fees, I.paid_penalty, I.late_fee_on,
)  # fmt: skip
_CHANGING = ("principal", "interest", "paid_principal", "paid_interest", "paid_fees",
             "paid_penalty", "status")  # fmt: skip
_changing = attrgetter(*_CHANGING)
_LOAN_CHANGING = ("status", "paid_off_on", "credit_balance", "recurring_amount", "dpd", "bucket",
                  "accrued_through")  # fmt: skip


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
class _Loan:
    id: int
    number: str
    event_seq: int
    terms: LoanTerms
    recurring: int
    credit: int
    dpd: int
    bucket: str
    accrued: date  # the stamp: end of day leaves it on a loan it does not change
    insts: dict[int, tuple[int, InstallmentState]] = field(default_factory=dict)  # n: id, state
    holdings: list[tuple[HoldingTerms, int]] = field(default_factory=list)  # terms, outstanding


@dataclass(frozen=True)
class _Outcome:
    cand: Candidate
    loan: _Loan
    lines: tuple[tuple[int | None, str, int], ...]  # (installment n, component, amount)
    prepaid: int
    credited: int
    insts: list[tuple[int, dict[str, object]]]  # (installment id, new values) that changed
    holdings: list[tuple[int, int]]  # (holding id, new outstanding) that changed
    ledger: Counter[LedgerKey]
    row: dict[str, object]  # the loan row's new values


def post_batch(
    ctx: ServiceContext, session: Session, today: date, rows: Sequence[Candidate], source: str
) -> tuple[list[Posted], list[Candidate]]:
    """Post every row of ``rows`` that the fast path may take; return them and the
    rows left for the per-row path (in their original order).

    Runs inside the caller's transaction; locks the loans it reads in id order.
    Raises IntegrityError when a reference was posted concurrently; the caller's
    SAVEPOINT then discards the batch and the per-row path sorts it out.
    """
    first: dict[int, Candidate] = {}
    seen: set[int] = set()
    for row in rows:  # only a loan's first row, so its rows still post in file order
        if row.loan_id not in seen and row.value_date == today:
            first[row.loan_id] = row
        seen.add(row.loan_id)
    if not first:
        return [], list(rows)
    loans = _load(session, today, sorted(first))
    outcomes: list[_Outcome] = []
    excess: list[int] = []
    for loan_id in sorted(loans):
        outcome = _pay(loans[loan_id], first[loan_id], today)
        if outcome is None:
            excess.append(loan_id)
        else:
            outcomes.append(outcome)
    if excess:  # pay those again on every installment (the first try changed the states)
        odd = _read_installments(session, {i: loans[i] for i in excess}, ("open", "paid"))
        again = (_pay(loans[i], first[i], today, True) for i in excess if i not in odd)
        outcomes += [o for o in again if o is not None]
        outcomes.sort(key=lambda o: o.loan.id)  # written in loan order, as always
    if not outcomes:
        return [], list(rows)
    posted = _write(ctx, session, today, outcomes, source)
    fast = {p.key for p in posted}
    return posted, [r for r in rows if r.key not in fast]


def _load(session: Session, today: date, ids: list[int]) -> dict[int, _Loan]:
    """The loans of ``ids`` that pass the loan-level conditions, locked, with their
    open installments and holdings."""
    d = session.get_bind().dialect.name
    found = session.execute(
        select(L.id, L.number, L.event_seq, L.recurring_amount, L.credit_balance, L.dpd,
               L.bucket, L.accrued_through, *_TERMS)
        .where(among(d, L.id, ids), L.status == "active", L.written_off_on.is_(None),
               L.accrued_through <= today)
        .order_by(L.id)
        .with_for_update()
    ).all()  # fmt: skip
    loans = {
        int(r.id): _Loan(
            int(r.id),
            r.number,
            int(r.event_seq),
            terms_of(cast(Loan, r)),
            int(r.recurring_amount),
            int(r.credit_balance),
            int(r.dpd),
            r.bucket,
            r.accrued_through,
        )
        for r in found
    }
    if not loans:
        return {}
    keys = list(loans)
    blocked: set[int] = set()
    blocked.update(
        session.scalars(
            select(WriteOff.loan_id).where(
                among(d, WriteOff.loan_id, keys), WriteOff.status == "approved"
            )
        )
    )
    rescheduled = select(Reschedule.loan_id).where(among(d, Reschedule.loan_id, keys))
    blocked.update(session.scalars(rescheduled))
    blocked.update(
        session.scalars(
            select(Payment.loan_id)
            .where(among(d, Payment.loan_id, keys), Payment.status == "posted")
            .group_by(Payment.loan_id)
            .having(func.max(Payment.value_date) > today)
        )
    )
    blocked |= _read_installments(session, loans, ("open",))
    for hid, lid, inv, amount, covered, out in session.execute(
        select(H.id, H.loan_id, H.investor_id, H.amount, H.reserve_covered, H.outstanding)
        .where(among(d, H.loan_id, keys))
        .order_by(H.id)
    ):
        loans[int(lid)].holdings.append(
            (HoldingTerms(int(hid), int(inv), int(amount), int(covered)), int(out))
        )
    # No holding to split to (split_distribution would refuse): the per-row path names it.
    # A stamp before today is "accrued through today" only for a loan end of day had
    # nothing to do for; one with a bill past due would have been aged and stamped
    # today, so its state is not today's: the per-row replay catches it up.
    blocked.update(
        k for k, v in loans.items()
        if v.accrued < today
        and any(st.due_date < today and st.out_scheduled > 0 for _i, st in v.insts.values())
    )  # fmt: skip
    return {
        k: v
        for k, v in loans.items()
        if k not in blocked and v.insts and any(t.amount > 0 or o > 0 for t, o in v.holdings)
    }


def _read_installments(
    session: Session, loans: dict[int, _Loan], statuses: tuple[str, ...]
) -> set[int]:
    """(Re)read the installments of ``loans`` in ``statuses`` into their states;
    return the loans whose schedule is not the one the replay would build."""
    blocked: set[int] = set()
    d = session.get_bind().dialect.name
    for loan in loans.values():
        loan.insts.clear()
    grace = {k: timedelta(days=v.terms.grace_days + 1) for k, v in loans.items()}
    for iid, lid, n, due, fee_from, p, i, f, pen, pp, pi, pf, ppen, fee_on in session.execute(
        select(*_INST).where(among(d, I.loan_id, list(loans)), I.status.in_(statuses))
    ):
        loan = loans[int(lid)]
        if fee_from != due + grace[loan.id]:
            blocked.add(loan.id)  # not the schedule the replay would build: let it decide
        loan.insts[int(n)] = (
            int(iid),
            InstallmentState(int(n), due, fee_from, int(p), int(i), int(f), int(pen), int(pp),
                             int(pi), int(pf), int(ppen), fee_on),
        )  # fmt: skip
    return blocked


def _pay(loan: _Loan, cand: Candidate, today: date, whole: bool = False) -> _Outcome | None:
    """Run the replay engine's own ``pay`` on the loan's stored state; None when the
    state holds only the open installments (not ``whole``) and the payment leaves an
    excess, which needs them all.

    The engine is built from the stored rows instead of replayed from the
    disbursement: the same state (``verify`` holds them equal) without the replay.
    Without ``whole`` it holds the open installments only: a paid one takes no part
    in a payment that settles bills and nothing more (the paid-off test asks whether
    all are paid).
    Its ledger starts empty, so what it posts is exactly the payment's legs, the
    difference ``sync_loan`` would journal.
    """
    before = {n: (iid, _changing(st)) for n, (iid, st) in loan.insts.items()}
    eng = _Engine.__new__(_Engine)  # the state is loaded, not replayed: no __init__
    eng.t = loan.terms
    eng.holdings = [t for t, _o in loan.holdings]
    eng.insts = [st for _n, (_i, st) in sorted(loan.insts.items())]
    eng.recurring = loan.recurring
    eng.status = "active"
    eng.accrued = today
    eng.paid_off_on = None
    eng.written_off_on = None
    eng.written_off_principal = 0
    eng.credit = loan.credit
    eng.outstanding = {t.holding_id: o for t, o in loan.holdings}
    eng.outcomes = {}
    eng.led = Counter()
    eng.pay(PaymentEvent(cand.key, cand.value_date, loan.event_seq + 1, cand.amount))
    outcome = eng.outcomes[cand.key]
    if not whole and (outcome.prepaid or outcome.credited):
        return None
    insts: list[tuple[int, dict[str, object]]] = []
    for st in eng.insts:
        iid, old = before[st.n]
        new = _changing(st)
        if new != old:
            insts.append((iid, dict(zip(_CHANGING, new, strict=True))))
    holdings = [
        (t.holding_id, eng.outstanding[t.holding_id])
        for t, o in loan.holdings
        if eng.outstanding[t.holding_id] != o
    ]
    if eng.status == "paid_off":
        dpd = 0
    else:
        overdue = [
            i.due_date
            for i in eng.insts
            if not i.cancelled and i.due_date < today and i.out_scheduled > 0
        ]
        dpd = (today - min(overdue)).days if overdue else 0
    row: dict[str, object] = {
        "status": eng.status, "paid_off_on": eng.paid_off_on, "credit_balance": eng.credit,
        "recurring_amount": eng.recurring, "dpd": dpd, "bucket": bucket_for(dpd).value,
        "accrued_through": today,  # as the replay's sync stamps what it writes
    }  # fmt: skip
    old_row = {
        "status": "active", "paid_off_on": None, "credit_balance": loan.credit,
        "recurring_amount": loan.recurring, "dpd": loan.dpd, "bucket": loan.bucket,
        "accrued_through": loan.accrued,
    }  # fmt: skip
    # The per-row path flushes the loan twice: the event sequence with the payment,
    # then whatever the replay changed; each flush that changes it bumps the version.
    row["bumps"] = 1 + (row != old_row)
    return _Outcome(
        cand, loan, outcome.lines, outcome.prepaid, outcome.credited, insts, holdings,
        eng.led, row,
    )  # fmt: skip


def _write(
    ctx: ServiceContext, session: Session, today: date, outcomes: list[_Outcome], source: str
) -> list[Posted]:
    """Write the chunk's payments with one bulk statement per table
    (:mod:`db.bulk`), then one audit event."""
    user = ctx.actor.user_id
    if session.new or session.dirty or session.deleted:
        session.flush()  # the Core writes below do not autoflush
    conn = session.connection()
    pay_cols = ("loan_id", "external_ref", "channel", "amount", "value_date", "posted_on",
                "event_seq", "status", "prepaid", "credited", "posted_by", "version")  # fmt: skip
    # Each reference booked in the table postings and suspense share (issue 20 #11).
    insert_rows(
        conn, cast(Table, PaymentReference.__table__), ("reference", "kind", "fingerprint"),
        [tuple(reference_row(o.cand.reference, "payment", o.loan.number, o.cand.amount,
                             o.cand.value_date).values()) for o in outcomes],
    )  # fmt: skip
    pay_ids = {
        ref: int(pid)
        for pid, ref in insert_rows(
            conn, _P, pay_cols,
            [
                (o.loan.id, o.cand.reference, "bank_file", o.cand.amount, o.cand.value_date,
                 today, o.loan.event_seq + 1, "posted", o.prepaid, o.credited, user,
                 # The per-row path sets these after its first flush: a second bump.
                 1 + bool(o.prepaid or o.credited))
                for o in outcomes
            ],
            returning=("id", "external_ref"),
        )
    }  # fmt: skip
    ensure_chart(session)
    entry_ids = {
        memo: int(eid)
        for eid, memo in insert_rows(
            conn, _E, ("kind", "business_date", "loan_id", "memo", "created_by"),
            [("payment", today, o.loan.id, o.cand.reference, user) for o in outcomes],
            returning=("id", "memo"),
        )
    }  # fmt: skip
    ledger_rows: list[tuple[object, ...]] = []
    alloc_rows: list[tuple[object, ...]] = []
    inst_rows: list[tuple[object, ...]] = []
    holding_rows: list[tuple[object, ...]] = []
    loan_rows: list[tuple[object, ...]] = []
    for o in outcomes:
        ref = o.cand.reference
        entry, payment = entry_ids[ref], pay_ids[ref]
        # Lines in the order sync_loan writes its difference: sorted by key.
        for key in sorted(o.ledger, key=lambda k: (k[0], k[1] or 0, k[2])):
            account, investor, tag = key
            if o.ledger[key]:
                ledger_rows.append((entry, account, o.loan.id, investor, tag, o.ledger[key]))
        alloc_rows += [(payment, n, c, a, False) for n, c, a in o.lines]
        inst_rows += [(iid, *(values[k] for k in _CHANGING)) for iid, values in o.insts]
        holding_rows += o.holdings
        r = o.row
        loan_rows.append((o.loan.id, o.loan.event_seq + 1,
                          *(r[k] for k in _LOAN_CHANGING), r["bumps"]))  # fmt: skip
    # Unbalanced lines would be a programming error: the same check post_entry makes.
    if sum(sum(o.ledger.values()) for o in outcomes) != 0:
        raise UnbalancedEntry("a fast-path payment entry is out of balance")
    insert_rows(conn, _LL, ("entry_id", "account_code", "loan_id", "investor_id", "tag",
                            "amount"), ledger_rows)  # fmt: skip
    insert_rows(conn, _A, ("payment_id", "installment_n", "component", "amount", "superseded"),
                alloc_rows)  # fmt: skip
    update_rows(conn, _I, "id", _CHANGING, inst_rows)
    update_rows(conn, _H, "id", ("outstanding",), holding_rows)
    update_rows(conn, _L, "id", ("event_seq", *_LOAN_CHANGING, "version"), loan_rows,
                added=("version",))  # fmt: skip
    follow_loans(session, [o.loan.id for o in outcomes], today)  # their cases, now
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
