"""The loan engine: a loan's whole state as a pure function of its history.

A loan's installments, holdings, credit balance and ledger balances follow from
its terms, its posted payments (in value-date order), its write-off and the day
accruals ran through. Every service that changes a loan (disbursement, payment,
backdated payment, reversal, write-off, recovery) appends to that history and
replays it; the caller then writes the differences, including one compensating
journal entry for the ledger. So a reversal restores exactly the state the loan
would have had without the payment, penalties accrued since included.

The daily accrual here is the same rule the set-based end of day
(:mod:`app.loans.eod`) applies in SQL; ``p2pdesk verify`` and the tests hold the
two to the cent.

Pure functions only: no database, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.errors import ValidationError
from app.loans import accounts as acc
from app.loans.allocation import AllocationLine, Component, Due, allocate
from app.loans.investors import Holding as SplitHolding
from app.loans.investors import split_distribution
from app.loans.loan_state import (
    CREDIT_BALANCE,
    HoldingTerms,
    InstallmentState,
    LedgerKey,
    LoanTerms,
    PaymentEvent,
    PaymentOutcome,
    ReplayResult,
    RescheduleEvent,
    WriteOffEvent,
    initial_recurring,
)
from app.loans.reschedule_rules import apply_plan
from app.loans.schedule import Method, PrepaymentRule, build_schedule, rebuild_after_prepayment
from app.money import allocate_pro_rata

RATE_SCALE = 10**9
RATE_HALF = RATE_SCALE // 2
Event = PaymentEvent | WriteOffEvent | RescheduleEvent


class _Engine:
    def __init__(self, terms: LoanTerms, holdings: Sequence[HoldingTerms]) -> None:
        self.t = terms
        self.rate_e9 = int(terms.penalty_rate * RATE_SCALE)
        if self.rate_e9 != terms.penalty_rate * RATE_SCALE:
            raise ValueError("penalty rates have at most nine decimal places")
        self.holdings = list(holdings)
        sched = build_schedule(
            terms.principal, terms.annual_rate, terms.term, terms.method, terms.disbursed_on
        )
        grace = timedelta(days=terms.grace_days + 1)
        self.insts = [
            InstallmentState(r.n, r.due_date, r.due_date + grace, r.principal, r.interest)
            for r in sched.installments
        ]
        first = sched.installments[0]
        self.recurring = initial_recurring(terms.method, first.payment, first.principal)
        self.status = "active"
        self.accrued = terms.disbursed_on
        self.paid_off_on: date | None = None
        self.written_off_on: date | None = None
        self.written_off_principal = 0
        self.credit = 0
        self.outstanding = {h.holding_id: h.amount for h in holdings}
        self.outcomes: dict[int, PaymentOutcome] = {}
        self.led: Counter[LedgerKey] = Counter()
        self._disburse()

    def post(self, account: str, amount: int, tag: str, investor: int | None = None) -> None:
        if amount:
            self.led[(account, investor, tag)] += amount

    def _disburse(self) -> None:
        t = self.t
        for h in self.holdings:
            self.post(acc.INVESTOR_CUSTODY, h.amount, acc.T_INVEST, h.investor_id)
            self.post(acc.INVESTOR_PRINCIPAL, -h.amount, acc.T_INVEST, h.investor_id)
        self.post(acc.RECV_PRINCIPAL, t.principal, acc.T_DISBURSE)
        interest = sum(i.interest for i in self.insts)
        self.post(acc.RECV_INTEREST, interest, acc.T_SCHEDULE)
        self.post(acc.UNEARNED_INTEREST, -interest, acc.T_SCHEDULE)
        self.post(acc.BANK, -(t.principal - t.origination_fee - t.reserve_amount), acc.T_DISBURSE)
        self.post(acc.FEE_INCOME, -t.origination_fee, acc.T_ORIGINATION_FEE)
        self.post(acc.RISK_RESERVE, -t.reserve_amount, acc.T_PROVISION)

    # -- accrual (mirrors the SQL end of day) -------------------------------------
    def advance(self, to: date) -> None:
        """Accrue every day after ``accrued`` up to ``to``. Between due dates and
        late-fee days nothing but the penalty changes, so such runs of identical
        days are accrued in one step (the same cents as day by day)."""
        while self.accrued < to:
            if self.status != "active":
                self.accrued = to
                return
            day = self.accrued + timedelta(days=1)
            live = [
                i
                for i in self.insts
                if not i.cancelled
                and i.due_date < day
                and (i.out_principal > 0 or (i.late_fee_on is None and i.out_scheduled > 0))
            ]
            upcoming = [i.due_date for i in self.insts if not i.cancelled and i.due_date >= day]
            if not live:
                self.accrued = min(to, *upcoming) if upcoming else to
                continue
            for inst in live:
                self._accrue(inst, day)
            horizon = min(to, *upcoming) if upcoming else to
            for inst in live:
                if inst.late_fee_on is None and inst.out_scheduled > 0:
                    horizon = min(horizon, inst.late_fee_from - timedelta(days=1))
            repeat = (horizon - day).days
            if repeat > 0:
                for inst in live:
                    self._penalty(inst, repeat)
            self.accrued = day + timedelta(days=max(repeat, 0))

    def _accrue(self, inst: InstallmentState, day: date) -> None:
        t = self.t
        if inst.late_fee_on is None and inst.late_fee_from <= day and inst.out_scheduled > 0:
            inst.fees += t.late_fee
            inst.late_fee_on = day
            self.post(acc.RECV_FEES, t.late_fee, acc.T_LATE_FEE)
            self.post(acc.FEE_INCOME, -t.late_fee, acc.T_LATE_FEE)
        self._penalty(inst, 1)

    def _penalty(self, inst: InstallmentState, days: int) -> None:
        if inst.out_principal > 0:
            # apply_rate in integers (the rate has at most nine decimals): the SQL twin.
            daily = (inst.out_principal * self.rate_e9 + RATE_HALF) // RATE_SCALE
            inst.penalty += daily * days
            self.post(acc.RECV_PENALTY, daily * days, acc.T_PENALTY)
            self.post(acc.PENALTY_INCOME, -daily * days, acc.T_PENALTY)

    # -- payments -------------------------------------------------------------------
    def pay(self, ev: PaymentEvent) -> None:
        if self.status == "written_off":
            self._recover(ev)
            return
        open_ = [i for i in self.insts if not i.cancelled and i.out_total > 0]
        billed = [i for i in open_ if i.due_date <= ev.value_date]
        upcoming = [i for i in open_ if i.due_date > ev.value_date]
        if upcoming and not billed:  # nothing due yet: the next bill may be paid early
            billed.append(upcoming[0])
        alloc = self._allocate(ev.amount, billed)
        parts = alloc.totals
        excess, prepaid = alloc.excess, 0
        prepay = self.t.prepayment_rule != CREDIT_BALANCE and self.t.method != Method.BULLET
        if excess and billed and prepay:
            prepaid = self._prepay(excess, max(i.due_date for i in billed))
            excess -= prepaid
        self.credit += excess
        self.post(acc.BANK, ev.amount, acc.T_PAYMENT)
        self.post(acc.RECV_PENALTY, -parts[Component.PENALTY], acc.T_PAYMENT)
        self.post(acc.RECV_FEES, -parts[Component.FEES], acc.T_PAYMENT)
        self.post(acc.RECV_INTEREST, -parts[Component.INTEREST], acc.T_PAYMENT)
        self.post(acc.RECV_PRINCIPAL, -(parts[Component.PRINCIPAL] + prepaid), acc.T_PAYMENT)
        self.post(acc.BORROWER_CREDIT, -excess, acc.T_PAYMENT)
        self.post(acc.UNEARNED_INTEREST, parts[Component.INTEREST], acc.T_INTEREST)
        self._distribute(parts[Component.PRINCIPAL] + prepaid, parts[Component.INTEREST])
        self._outcome(ev, alloc.lines, prepaid, excess)
        if all(i.out_total == 0 for i in self.insts if not i.cancelled):
            self.status, self.paid_off_on = "paid_off", ev.value_date

    def _allocate(self, amount: int, insts: Sequence[InstallmentState]) -> _Alloc:
        dues = [
            Due(i.n, i.due_date, i.out_penalty, i.out_fees, i.out_interest, i.out_principal)
            for i in insts
        ]
        alloc = allocate(amount, dues, self.t.allocation_order)
        by_n = {i.n: i for i in insts}
        for line in alloc.lines:
            by_n[line.installment_no].pay(line.component, line.amount)
        return _Alloc(alloc.lines, alloc.excess, alloc.total_by_component())

    def _prepay(self, excess: int, after: date) -> int:
        future = [i for i in self.insts if not i.cancelled and i.due_date > after]
        remaining = sum(i.principal for i in future)
        prepaid = min(excess, remaining)
        if prepaid == 0:
            return 0
        old_interest = sum(i.interest for i in future)
        rule: PrepaymentRule = (
            "shorten_term" if self.t.prepayment_rule == "shorten_term" else "lower_installment"
        )
        dates = [i.due_date for i in future]
        try:
            rows = rebuild_after_prepayment(
                remaining - prepaid,
                self.t.annual_rate,
                self.t.method,
                dates,
                self.recurring,
                rule,
                first_n=future[0].n,
            )
        except ValidationError:  # the kept payment no longer covers interest: spread it
            rule = "lower_installment"
            rows = rebuild_after_prepayment(
                remaining - prepaid,
                self.t.annual_rate,
                self.t.method,
                dates,
                self.recurring,
                rule,
                first_n=future[0].n,
            )
        by_n = {r.n: r for r in rows}
        for inst in future:
            row = by_n.get(inst.n)
            inst.principal = row.principal if row else 0
            inst.interest = row.interest if row else 0
            inst.cancelled = row is None
        delta = sum(i.interest for i in future) - old_interest
        self.post(acc.RECV_INTEREST, delta, acc.T_SCHEDULE)
        self.post(acc.UNEARNED_INTEREST, -delta, acc.T_SCHEDULE)
        if rule == "lower_installment" and rows:
            first = rows[0]
            self.recurring = initial_recurring(self.t.method, first.payment, first.principal)
        return prepaid

    def _weights(self) -> list[SplitHolding]:
        if sum(self.outstanding.values()) > 0:
            return [
                SplitHolding(h.holding_id, self.outstanding[h.holding_id]) for h in self.holdings
            ]
        return [SplitHolding(h.holding_id, h.amount) for h in self.holdings]

    def _distribute(self, principal: int, interest: int) -> None:
        if principal == 0 and interest == 0:
            return
        investor = {h.holding_id: h.investor_id for h in self.holdings}
        shares = split_distribution(principal, interest, self._weights(), self.t.service_fee_rate)
        for s in shares:
            inv = investor[s.holding_id]
            self.outstanding[s.holding_id] -= s.principal
            self.post(acc.INVESTOR_PRINCIPAL, s.principal, acc.T_PRINCIPAL, inv)
            self.post(acc.INVESTOR_CUSTODY, -s.principal, acc.T_PRINCIPAL, inv)
            self.post(acc.INVESTOR_CUSTODY, -s.interest, acc.T_INTEREST, inv)
            self.post(acc.INVESTOR_CUSTODY, s.service_fee, acc.T_SERVICE_FEE, inv)
        self.post(acc.FEE_INCOME, -sum(s.service_fee for s in shares), acc.T_SERVICE_FEE)

    def _outcome(
        self, ev: PaymentEvent, lines: Sequence[AllocationLine], prepaid: int, credited: int
    ) -> None:
        out: list[tuple[int | None, str, int]] = [
            (line.installment_no, line.component.value, line.amount) for line in lines
        ]
        if prepaid:
            out.append((None, "prepayment", prepaid))
        if credited:
            out.append((None, "credit", credited))
        self.outcomes[ev.payment_id] = PaymentOutcome(ev.payment_id, tuple(out), prepaid, credited)

    # -- reschedule -----------------------------------------------------------------
    def reschedule(self, ev: RescheduleEvent) -> None:
        """Replace the open installments by the plan (a no-op once the loan is paid
        off or written off: a backdated event may have settled it first)."""
        if self.status != "active":
            return
        change = apply_plan(self.insts, ev, self.t.grace_days)
        self.insts.extend(change.new)
        self.post(acc.RECV_INTEREST, change.interest_delta, acc.T_SCHEDULE)
        self.post(acc.UNEARNED_INTEREST, -change.interest_delta, acc.T_SCHEDULE)
        if change.new:
            first = change.new[0]
            payment = first.principal + first.interest - change.carried_interest
            self.recurring = initial_recurring(self.t.method, payment, first.principal)

    # -- write-off and recoveries ---------------------------------------------------
    def write_off(self, ev: WriteOffEvent) -> None:
        live = [i for i in self.insts if not i.cancelled]
        owed = {
            (acc.RECV_PRINCIPAL, acc.WRITE_OFF_LOSS): sum(i.out_principal for i in live),
            (acc.RECV_INTEREST, acc.UNEARNED_INTEREST): sum(i.out_interest for i in live),
            (acc.RECV_FEES, acc.FEE_INCOME): sum(i.out_fees for i in live),
            (acc.RECV_PENALTY, acc.PENALTY_INCOME): sum(i.out_penalty for i in live),
        }
        for (receivable, against), amount in owed.items():
            self.post(receivable, -amount, acc.T_WRITE_OFF)
            self.post(against, amount, acc.T_WRITE_OFF)
        self.written_off_principal = owed[(acc.RECV_PRINCIPAL, acc.WRITE_OFF_LOSS)]
        paid_out = 0
        for h in self.holdings:
            covered = h.reserve_covered
            self.outstanding[h.holding_id] -= covered
            paid_out += covered
            self.post(acc.INVESTOR_PRINCIPAL, covered, acc.T_RESERVE_PAYOUT, h.investor_id)
            self.post(acc.INVESTOR_CUSTODY, -covered, acc.T_RESERVE_PAYOUT, h.investor_id)
        self.post(acc.RISK_RESERVE, paid_out, acc.T_RESERVE_PAYOUT)
        self.post(acc.WRITE_OFF_LOSS, -paid_out, acc.T_RESERVE_PAYOUT)
        self.status, self.written_off_on = "written_off", ev.on

    def _recover(self, ev: PaymentEvent) -> None:
        owed = [i for i in self.insts if not i.cancelled and i.out_total > 0]
        alloc = self._allocate(ev.amount, owed)
        parts = alloc.totals
        self.post(acc.BANK, ev.amount, acc.T_RECOVERY)
        self.post(acc.PENALTY_INCOME, -parts[Component.PENALTY], acc.T_RECOVERY)
        self.post(acc.FEE_INCOME, -parts[Component.FEES], acc.T_RECOVERY)
        principal = parts[Component.PRINCIPAL]
        self.post(acc.WRITE_OFF_LOSS, -principal, acc.T_RECOVERY)
        claims = [self.outstanding[h.holding_id] for h in self.holdings]
        to_investors = min(principal, sum(claims))
        shares = allocate_pro_rata(to_investors, claims) if to_investors else [0] * len(claims)
        for h, share in zip(self.holdings, shares, strict=True):
            self.outstanding[h.holding_id] -= share
            self.post(acc.INVESTOR_PRINCIPAL, share, acc.T_PRINCIPAL, h.investor_id)
            self.post(acc.INVESTOR_CUSTODY, -share, acc.T_PRINCIPAL, h.investor_id)
        # Recovered principal beyond the investors' uncovered claims refills the reserve.
        self.post(acc.WRITE_OFF_LOSS, principal - to_investors, acc.T_RECOVERY)
        self.post(acc.RISK_RESERVE, -(principal - to_investors), acc.T_RECOVERY)
        self._distribute(0, parts[Component.INTEREST])
        self.credit += alloc.excess
        self.post(acc.BORROWER_CREDIT, -alloc.excess, acc.T_PAYMENT)
        self._outcome(ev, alloc.lines, 0, alloc.excess)


@dataclass(frozen=True)
class _Alloc:
    lines: tuple[AllocationLine, ...]
    excess: int
    totals: dict[Component, int]


def replay(
    terms: LoanTerms,
    holdings: Sequence[HoldingTerms],
    payments: Sequence[PaymentEvent],
    write_off: WriteOffEvent | None,
    through: date,
    reschedules: Sequence[RescheduleEvent] = (),
) -> ReplayResult:
    """The loan's state after its history, with accruals run through ``through``.

    Events are applied in (date, sequence) order; on one day, accrual comes first
    (the end of day for a date runs at its start), then the day's events.
    """
    eng = _Engine(terms, holdings)
    events: list[tuple[date, int, Event]] = [(p.value_date, p.seq, p) for p in payments]
    events += [(r.on, r.seq, r) for r in reschedules]
    if write_off is not None:
        events.append((write_off.on, write_off.seq, write_off))
    for on, _seq, ev in sorted(events, key=lambda e: (e[0], e[1])):
        eng.advance(on)
        if isinstance(ev, PaymentEvent):
            eng.pay(ev)
        elif isinstance(ev, RescheduleEvent):
            eng.reschedule(ev)
        else:
            eng.write_off(ev)
    eng.advance(through)
    return ReplayResult(
        installments=eng.insts,
        status=eng.status,
        paid_off_on=eng.paid_off_on,
        written_off_on=eng.written_off_on,
        written_off_principal=eng.written_off_principal,
        credit_balance=eng.credit,
        recurring_amount=eng.recurring,
        accrued_through=max(through, eng.accrued),
        holdings_outstanding=dict(eng.outstanding),
        payments=eng.outcomes,
        ledger=eng.led,
    )
