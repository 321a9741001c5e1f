"""The bank file's batched path (app.loans.fast_post) against the per-row replay path.

Property: two identical loans get the same random history (payments, backdated
payments, end-of-day days); then the same payment is imported for one through the
per-row path and for the other through the batched path. Installments, allocation
lines, the payment row, the journal entry, ledger balances, holdings and the loan
row must come out the same, and both loans must pass verify's checks. Golden and
fallback tests pin concrete cases on every backend.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.loans import accounts as acc
from app.loans.disbursement import LoanService
from app.loans.ledger import trial_balance
from app.loans.payment_file import import_payment_file
from app.loans.payments import PaymentService
from app.loans.products import ProductService
from app.loans.verify import loan_mismatch, replay_mismatch
from app.loans.writeoff import WriteOffService
from app.security.permissions import Role
from db.models.audit import AuditEvent
from db.models.ledger import JournalEntry, LedgerLine
from db.models.loans import AllocationLine, Installment, Loan, Payment
from tests.loan_support import LoanWorld, business_date, product_input, snapshot
from tests.support import TestDB

HEADER = "reference,contract_number,amount,value_date,payer_name\n"
METHODS = ("annuity", "equal_principal", "interest_only", "bullet")


def _write(tmp: Path, name: str, rows: list[tuple[str, str, int, date]]) -> Path:
    path = tmp / name
    body = "".join(
        f"{r},{n},{a // 100}.{a % 100:02d},{d.isoformat()},Payer\n" for r, n, a, d in rows
    )
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _number(db: TestDB, loan_id: int) -> str:
    with db.sessions() as s:
        return str(s.scalar(select(Loan.number).where(Loan.id == loan_id)))


def _due(db: TestDB, loan_id: int, today: date) -> int:
    """What the per-row path would settle without an excess: the billed installments,
    or the next one when nothing is billed yet."""
    with db.sessions() as s:
        rows = s.execute(
            select(Installment.due_date, Installment.n,
                   Installment.principal + Installment.interest + Installment.fees
                   + Installment.penalty - Installment.paid_principal - Installment.paid_interest
                   - Installment.paid_fees - Installment.paid_penalty)
            .where(Installment.loan_id == loan_id, Installment.status == "open")
            .order_by(Installment.due_date, Installment.n)
        ).all()  # fmt: skip
    open_ = [(d, int(out)) for d, _n, out in rows if out > 0]
    billed = [out for d, out in open_ if d <= today]
    if not billed and open_:
        billed = [open_[0][1]]
    return sum(billed)


def _state(db: TestDB, loan_id: int, ref: str) -> dict[str, Any]:
    """Everything the payment changed on one loan, in loan-independent terms."""
    snap = snapshot(db, loan_id)
    with db.sessions() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None
        p = s.scalar(select(Payment).where(Payment.external_ref == ref))
        assert p is not None
        lines = s.execute(
            select(AllocationLine.installment_n, AllocationLine.component, AllocationLine.amount,
                   AllocationLine.superseded)
            .where(AllocationLine.payment_id == p.id).order_by(AllocationLine.id)
        ).all()  # fmt: skip
        entry = s.scalar(select(JournalEntry).where(JournalEntry.memo == ref))
        assert entry is not None
        legs = s.execute(
            select(LedgerLine.account_code, LedgerLine.investor_id, LedgerLine.tag,
                   LedgerLine.amount, LedgerLine.loan_id)
            .where(LedgerLine.entry_id == entry.id).order_by(LedgerLine.id)
        ).all()  # fmt: skip
        snap.update(
            row=(loan.status, loan.paid_off_on, loan.written_off_on, loan.event_seq,
                 loan.version, loan.recurring_amount, loan.credit_balance, loan.dpd, loan.bucket),
            payment=(p.amount, p.value_date, p.posted_on, p.event_seq, p.status, p.prepaid,
                     p.credited, p.channel, p.version, p.posted_by),
            lines=[tuple(x) for x in lines],
            entry=(entry.kind, entry.business_date, entry.created_by,
                   [(a, i, t, m, lid == loan_id) for a, i, t, m, lid in legs]),
        )  # fmt: skip
        assert loan_mismatch(s, [loan_id]) is None
        assert replay_mismatch(s, loan, business_date_of(s)) is None
    return snap


def business_date_of(session: Any) -> date:
    from app.platform import load_state

    return load_state(session).business_date


def _batched(db: TestDB) -> int:
    """Payments listed by the batched path's audit events so far."""
    with db.sessions() as s:
        return int(
            s.scalar(select(func.count()).where(AuditEvent.action == "payment.posted_batch")) or 0
        )


class Pair:
    """Two identical loans in one world, paid alike."""

    def __init__(self, world: LoanWorld, product: int, principal: int, term: int,
                 parts: tuple[int, ...]) -> None:  # fmt: skip
        svc = LoanService(world.ctx)
        self.world = world
        self.ids = [
            svc.disburse(
                world.customers[k], product, "C", principal, term, world.holdings(principal, parts)
            ).id
            for k in (0, 1)
        ]
        self.refs = 0

    def pay_both(self, fraction: int, back: int) -> None:
        """A payment through the service on both loans (possibly backdated)."""
        today = business_date(self.world.ctx)
        svc = PaymentService(self.world.ctx)
        due = _due(self.world.db, self.ids[0], today)
        amount = max(1, due * fraction // 100)
        for loan_id in self.ids:
            self.refs += 1
            with self.world.db.sessions() as s:
                disbursed = s.scalar(select(Loan.disbursed_on).where(Loan.id == loan_id))
                status = s.scalar(select(Loan.status).where(Loan.id == loan_id))
            on = max(today - timedelta(days=back), disbursed or today)
            if status != "active":
                continue
            svc.post(loan_id, amount, f"H-{loan_id}-{self.refs}", value_date=on)


def _products(world: LoanWorld) -> dict[str, int]:
    ids = {"annuity": world.product.id}
    svc = ProductService(world.ctx)
    for code, method in (("EP", "equal_principal"), ("IO", "interest_only"), ("BL", "bullet")):
        ids[method] = svc.create(product_input(code, method=method)).id
    ids["credit"] = svc.create(
        product_input("CB", prepayment_rule="credit_balance",
                      allocation_order=("interest", "principal", "penalty", "fees"))
    ).id  # fmt: skip
    return ids


@pytest.mark.servers
def test_batched_and_per_row_posting_agree(db: TestDB, tmp_path: Path) -> None:
    world = LoanWorld(db)
    products = _products(world)
    seen = {"fast": 0, "slow": 0}
    examples = 25 if db.backend == "sqlite" else 6

    @settings(
        max_examples=examples, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )  # fmt: skip
    @given(
        product=st.sampled_from(sorted(products)),
        principal=st.integers(500, 50_000).map(lambda x: x * 100),
        term=st.integers(1, 12),
        parts=st.sampled_from([(1,), (1, 2, 3), (1, 1), (5, 3)]),
        history=st.lists(
            st.tuples(st.integers(0, 45), st.integers(1, 120), st.integers(0, 20)), max_size=2
        ),
        final_days=st.integers(0, 70),
        kind=st.sampled_from(["recurring", "due", "fraction", "over", "one_cent", "backdated"]),
        fraction=st.integers(1, 99),
    )
    def check(
        product: str, principal: int, term: int, parts: tuple[int, ...],
        history: list[tuple[int, int, int]], final_days: int, kind: str, fraction: int,
    ) -> None:  # fmt: skip
        pair = Pair(world, products[product], principal, term, parts)
        for days, frac, back in history:
            world.eod_days(days)
            pair.pay_both(frac, back)
        world.eod_days(final_days)
        today = business_date(world.ctx)
        slow_id, fast_id = pair.ids
        due = _due(db, slow_id, today)
        with db.sessions() as s:
            recurring = int(s.scalar(select(Loan.recurring_amount).where(Loan.id == slow_id)) or 0)
        amount = {
            "recurring": recurring or due, "due": due, "fraction": due * fraction // 100,
            "over": due + 1 + fraction * 100, "one_cent": 1, "backdated": due * fraction // 100,
        }[kind]  # fmt: skip
        amount = max(1, amount)
        with db.sessions() as s:
            disbursed = s.scalar(select(Loan.disbursed_on).where(Loan.id == slow_id))
        on = today - timedelta(days=1) if kind == "backdated" and disbursed < today else today
        n = pair.refs = pair.refs + 1
        slow_ref, fast_ref = f"S-{slow_id}-{n}", f"F-{fast_id}-{n}"
        before = _batched(db)
        slow = import_payment_file(
            world.ctx, _write(tmp_path, "s.csv", [(slow_ref, _number(db, slow_id), amount, on)]),
            fast=False,
        )  # fmt: skip
        fast = import_payment_file(
            world.ctx, _write(tmp_path, "f.csv", [(fast_ref, _number(db, fast_id), amount, on)])
        )  # fmt: skip
        assert slow.as_dict() | {"file": ""} == fast.as_dict() | {"file": ""}
        if slow.posted == 0:
            return  # refused alike (a paid-off loan): nothing to compare
        took_fast = _batched(db) > before
        seen["fast" if took_fast else "slow"] += 1
        # Every payment due today takes the batched path (an active loan's, as only
        # those post); a backdated one never does.
        assert took_fast == (on == today)
        a, b = _state(db, slow_id, slow_ref), _state(db, fast_id, fast_ref)
        assert a == b

    check()
    with db.sessions() as s:
        assert trial_balance(s) == 0
        assert loan_mismatch(s) is None
    assert seen["fast"] > 0, seen


@pytest.mark.parametrize("method", ["annuity", "bullet"])
def test_paying_off_through_the_batched_path_matches(
    db: TestDB, tmp_path: Path, method: str
) -> None:
    """The last installment paid in full: paid off (status, date, DPD, bucket) alike."""
    world = LoanWorld(db)
    product = _products(world)[method]
    pair = Pair(world, product, 300_000, 2, (1, 2, 3))
    world.eod_to(date(2026, 3, 20))  # both installments billed, the second 5 days late
    pair.pay_both(40, 0)
    today = business_date(world.ctx)
    slow_id, fast_id = pair.ids
    due = _due(db, slow_id, today)
    for loan_id, ref, fast in ((slow_id, "P-S", False), (fast_id, "P-F", True)):
        path = _write(tmp_path, f"{ref}.csv", [(ref, _number(db, loan_id), due, today)])
        assert import_payment_file(world.ctx, path, fast=fast).posted == 1
    assert _batched(db) == 1
    a, b = _state(db, slow_id, "P-S"), _state(db, fast_id, "P-F")
    assert a == b and a["row"][0] == "paid_off" and a["row"][1] == today


def _loan(world: LoanWorld, k: int = 0, principal: int = 1_200_000) -> tuple[int, str]:
    loan = LoanService(world.ctx).disburse(
        world.customers[k], world.product.id, "B", principal, 12, world.holdings(principal)
    )
    return loan.id, loan.number


def test_golden_payment_on_the_due_date(db: TestDB, tmp_path: Path) -> None:
    """12,000.00 at grade B (8%), annuity over 12 months: the first installment is
    1,043.86 (80.00 interest, 963.86 principal), paid on its due date."""
    world = LoanWorld(db)
    loan_id, number = _loan(world)
    world.eod_to(date(2026, 2, 15))
    summary = import_payment_file(
        world.ctx, _write(tmp_path, "g.csv", [("G-1", number, 104_386, date(2026, 2, 15))])
    )
    assert (summary.posted, summary.total_amount, _batched(db)) == (1, 104_386, 1)
    with db.sessions() as s:
        p = s.scalar(select(Payment).where(Payment.external_ref == "G-1"))
        assert p is not None and (p.event_seq, p.status, p.channel) == (1, "posted", "bank_file")
        lines = s.execute(
            select(AllocationLine.installment_n, AllocationLine.component, AllocationLine.amount)
            .where(AllocationLine.payment_id == p.id).order_by(AllocationLine.id)
        ).all()  # fmt: skip
        assert [tuple(x) for x in lines] == [(1, "interest", 8_000), (1, "principal", 96_386)]
        inst = s.scalar(
            select(Installment).where(Installment.loan_id == loan_id, Installment.n == 1)
        )
        assert inst is not None and inst.status == "paid"
        loan = s.get(Loan, loan_id)
        assert loan is not None and (loan.dpd, loan.bucket, loan.event_seq) == (0, "current", 1)
        legs = dict(
            ((a, i, t), int(m))
            for a, i, t, m in s.execute(
                select(LedgerLine.account_code, LedgerLine.investor_id, LedgerLine.tag,
                       LedgerLine.amount)
                .join(JournalEntry, JournalEntry.id == LedgerLine.entry_id)
                .where(JournalEntry.memo == "G-1")
            )
        )  # fmt: skip
        assert legs[(acc.BANK, None, acc.T_PAYMENT)] == 104_386
        assert legs[(acc.RECV_PRINCIPAL, None, acc.T_PAYMENT)] == -96_386
        assert legs[(acc.RECV_INTEREST, None, acc.T_PAYMENT)] == -8_000
        assert legs[(acc.FEE_INCOME, None, acc.T_SERVICE_FEE)] == -800  # 10% of the interest
        principal_to_investors = sum(
            m for (a, _i, t), m in legs.items() if a == acc.INVESTOR_PRINCIPAL
        )
        assert principal_to_investors == 96_386
        assert sum(legs.values()) == 0 and trial_balance(s) == 0
        assert loan_mismatch(s) is None and replay_mismatch(s, loan, date(2026, 2, 15)) is None
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "payment.posted_batch"))
        assert event is not None and "G-1" in (event.after_json or "")


def test_golden_late_payment_settles_fee_and_penalty_first(db: TestDB, tmp_path: Path) -> None:
    """Ten days late: the 50.00 late fee (after 3 grace days) and the daily penalty on
    963.86 overdue principal (0.48 a day, 10 days) come before interest and principal."""
    world = LoanWorld(db)
    loan_id, number = _loan(world)
    world.eod_to(date(2026, 2, 25))
    summary = import_payment_file(
        world.ctx, _write(tmp_path, "g.csv", [("L-1", number, 10_000, date(2026, 2, 25))])
    )
    assert summary.posted == 1 and _batched(db) == 1
    with db.sessions() as s:
        lines = s.execute(
            select(AllocationLine.installment_n, AllocationLine.component, AllocationLine.amount)
            .join(Payment, Payment.id == AllocationLine.payment_id)
            .where(Payment.external_ref == "L-1").order_by(AllocationLine.id)
        ).all()  # fmt: skip
        assert [tuple(x) for x in lines] == [
            (1, "penalty", 480),
            (1, "fees", 5_000),
            (1, "interest", 4_520),
        ]
        loan = s.get(Loan, loan_id)
        assert loan is not None and (loan.dpd, loan.bucket) == (10, "M1")
        assert loan_mismatch(s) is None and replay_mismatch(s, loan, date(2026, 2, 25)) is None


def test_fallbacks_behave_as_the_per_row_path(db: TestDB, tmp_path: Path) -> None:
    """Backdated, excess, second row of a loan, written-off, paid-off and unknown
    contracts all leave the batched path and post (or refuse) as before."""
    world = LoanWorld(db)
    a_id, a_no = _loan(world, 0)
    b_id, b_no = _loan(world, 1)
    c_id, c_no = _loan(world, 2, 100_000)
    d_id, d_no = _loan(world, 0, 200_000)
    world.eod_to(date(2026, 2, 20))
    # d: written off (proposed by one supervisor, approved by another).
    sup1, sup2 = db.user(Role.COLLECTIONS_SUPERVISOR), db.user(Role.COLLECTIONS_SUPERVISOR)
    WriteOffService(sup2).approve(WriteOffService(sup1).propose(d_id, "fraud").id)
    # c: paid off through the service first.
    PaymentService(world.ctx).post(c_id, 200_000, "C-OFF")
    today = date(2026, 2, 20)
    rows = [
        ("X-1", a_no, 7_000, today),  # a's first row, due today: batched
        ("X-2", b_no, 500_000, today),  # excess: a prepayment, batched too
        ("X-3", a_no, 5_000, today - timedelta(days=3)),  # a's second row, backdated
        ("X-4", a_no, 6_000, today),  # a's third row: per row
        ("X-5", c_no, 1_000, today),  # paid off: refused as before
        ("X-6", d_no, 2_000, today),  # written off: a recovery, per row
        ("X-7", "NO-SUCH", 3_000, today),  # unknown: suspense
    ]
    summary = import_payment_file(world.ctx, _write(tmp_path, "x.csv", rows))
    assert (summary.posted, summary.suspense, summary.duplicate) == (5, 1, 0)
    assert [r.line for r in summary.rejected] == [6] and "paid off" in summary.rejected[0].reason
    with db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "payment.posted_batch"))
        assert event is not None and '"count":2' in (event.after_json or "")
        assert "X-1" in (event.after_json or "")
        prepaid = s.scalar(select(Payment.prepaid).where(Payment.external_ref == "X-2"))
        assert prepaid and prepaid > 0
        seqs = dict(
            s.execute(
                select(Payment.external_ref, Payment.event_seq).where(Payment.loan_id == a_id)
            ).all()
        )
        assert seqs == {"X-1": 1, "X-3": 2, "X-4": 3}  # per loan, in file order
        assert s.scalar(select(Loan.status).where(Loan.id == d_id)) == "written_off"
        assert trial_balance(s) == 0 and loan_mismatch(s) is None
        for loan_id in (a_id, b_id, c_id, d_id):
            loan = s.get(Loan, loan_id)
            assert loan is not None and replay_mismatch(s, loan, today) is None
    again = import_payment_file(world.ctx, _write(tmp_path, "x.csv", rows))
    assert (again.posted, again.duplicate) == (0, 6)  # the suspense row too


def test_a_reference_posted_concurrently_falls_back_to_the_per_row_path(
    db: TestDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference that commits elsewhere between the chunk's lookup and its insert:
    the batch rolls back to its SAVEPOINT and the per-row path sorts it out: the
    reference is now booked to another loan, so the row is refused, naming it."""
    from app.loans import fast_post

    world = LoanWorld(db)
    _, a_no = _loan(world, 0)
    b_id, b_no = _loan(world, 1)
    c_id, _ = _loan(world, 2)
    today = business_date(world.ctx)
    real = fast_post._write

    def race(*args: Any) -> Any:
        # Another workstation posts R-1 (to loan c, which this chunk has not locked).
        PaymentService(world.ctx).post(c_id, 1_000, "R-1")
        return real(*args)

    if db.backend == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no reference can race")
    monkeypatch.setattr(fast_post, "_write", race)
    if True:
        summary = import_payment_file(
            world.ctx, _write(tmp_path, "r.csv", [("R-1", a_no, 1_000, today),
                                                  ("R-2", b_no, 2_000, today)])
        )  # fmt: skip
        assert (summary.posted, summary.duplicate) == (1, 0)
        [refused] = summary.rejected
        assert refused.line == 2 and "reference R-1 is already booked" in refused.reason
        with db.sessions() as s:
            assert s.scalar(select(func.count()).where(Payment.external_ref == "R-1")) == 1
            assert s.scalar(select(Payment.loan_id).where(Payment.external_ref == "R-2")) == b_id
            assert trial_balance(s) == 0 and loan_mismatch(s) is None


def test_a_killed_batched_chunk_posts_nothing(
    db: TestDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.loans import fast_post

    world = LoanWorld(db)
    numbers = [_loan(world, k)[1] for k in range(3)]
    today = business_date(world.ctx)
    rows = [(f"K-{k}", no, 1_000 + k, today) for k, no in enumerate(numbers)]
    path = _write(tmp_path, "k.csv", rows)
    real = fast_post.audit.record

    def killed(*args: Any, **kw: Any) -> Any:
        raise RuntimeError("killed")

    monkeypatch.setattr(fast_post.audit, "record", killed)
    with pytest.raises(RuntimeError, match="killed"):
        import_payment_file(world.ctx, path)
    with db.sessions() as s:
        assert s.scalar(select(func.count(Payment.id))) == 0
        assert s.scalar(select(func.count(AllocationLine.id))) == 0
        assert (
            s.scalar(select(func.count(JournalEntry.id)).where(JournalEntry.kind == "payment")) == 0
        )
        assert s.scalar(select(func.sum(Loan.event_seq))) == 0
    monkeypatch.setattr(fast_post.audit, "record", real)
    first = import_payment_file(world.ctx, path)
    assert (first.posted, first.duplicate) == (3, 0)
    again = import_payment_file(world.ctx, path)
    assert (again.posted, again.duplicate) == (0, 3)
    with db.sessions() as s:
        assert trial_balance(s) == 0 and loan_mismatch(s) is None
