"""The reschedule rule: how a plan replaces a loan's open installments.

At the effective date (after that day's accrual and earlier events):

- every installment with anything still owed is closed: its amounts shrink to what
  was paid on it and it is marked ``rescheduled`` (history keeps what it was paid);
- the plan's installments are appended, numbered after the last existing one;
- the plan's principals add up to the principal still outstanding. The service
  insists on an exact match when the plan is approved; when a later backdated
  payment or reversal changes that principal, the replay absorbs the difference in
  the last line (or takes it from the end, line by line, when it shrank);
- interest already billed (due on or before the effective date), late fees and
  penalty interest still owed are carried into the first new installment;
  scheduled interest not yet due is dropped and the plan's interest replaces it
  (the ledger sees only that difference: receivable interest against unearned).

Pure functions only: no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from app.errors import ValidationError
from app.loans.loan_state import InstallmentState, PlanLine, RescheduleEvent
from app.money import div_round_half_up, format_amount

MAX_PLAN_LINES = 360


@dataclass(frozen=True)
class PlanChange:
    new: tuple[InstallmentState, ...]
    interest_delta: int  # plan interest minus the scheduled interest dropped
    carried_interest: int  # billed interest moved into the first new installment
    outstanding: int  # principal outstanding when the plan took over


def fit_principals(principals: Sequence[int], outstanding: int) -> list[int]:
    """``principals`` adjusted to sum to ``outstanding``: the last line absorbs an
    excess; a shortfall is taken from the end, never leaving a line negative."""
    fitted = list(principals)
    diff = outstanding - sum(fitted)
    if diff >= 0:
        fitted[-1] += diff
        return fitted
    need = -diff
    for k in reversed(range(len(fitted))):
        take = min(need, fitted[k])
        fitted[k] -= take
        need -= take
    return fitted


def apply_plan(
    insts: Sequence[InstallmentState], ev: RescheduleEvent, grace_days: int
) -> PlanChange:
    """Close the open installments of ``insts`` (in place) and return the new ones."""
    live = [i for i in insts if not i.cancelled]
    outstanding = sum(i.out_principal for i in live)
    if not ev.lines:
        return PlanChange((), 0, 0, outstanding)
    carried_interest = sum(i.out_interest for i in live if i.due_date <= ev.on)
    dropped = sum(i.out_interest for i in live if i.due_date > ev.on)
    fees = sum(i.out_fees for i in live)
    penalty = sum(i.out_penalty for i in live)
    for i in live:
        if i.out_total == 0:
            continue  # settled (also paid early): it keeps its place in the schedule
        i.principal, i.interest = i.paid_principal, i.paid_interest
        i.fees, i.penalty = i.paid_fees, i.paid_penalty
        i.cancelled = i.rescheduled = True
    principals = fit_principals([line.principal for line in ev.lines], outstanding)
    grace = timedelta(days=grace_days + 1)
    first_n = max((i.n for i in insts), default=0) + 1
    new = []
    for k, (line, principal) in enumerate(zip(ev.lines, principals, strict=True)):
        inst = InstallmentState(
            first_n + k, line.due_date, line.due_date + grace, principal, line.interest
        )
        if k == 0:
            inst.interest += carried_interest
            inst.fees, inst.penalty = fees, penalty
        new.append(inst)
    plan_interest = sum(line.interest for line in ev.lines)
    return PlanChange(tuple(new), plan_interest - dropped, carried_interest, outstanding)


def validate_plan(lines: Sequence[PlanLine], effective: date, outstanding: int) -> None:
    """Refuse a plan the engine could not take exactly (ValidationError names the line)."""
    if not lines:
        raise ValidationError("plan", "needs at least one installment")
    if len(lines) > MAX_PLAN_LINES:
        raise ValidationError("plan", f"may have at most {MAX_PLAN_LINES} installments")
    previous = effective
    for n, line in enumerate(lines, start=1):
        if line.due_date <= previous:
            what = "the effective date" if n == 1 else "the installment before"
            raise ValidationError(f"plan installment {n}", f"must fall due after {what}")
        if line.principal < 0 or line.interest < 0:
            raise ValidationError(f"plan installment {n}", "amounts cannot be negative")
        previous = line.due_date
    total = sum(line.principal for line in lines)
    if total != outstanding:
        raise ValidationError(
            "plan",
            f"the principals add up to {format_amount(total, True)} but "
            f"{format_amount(outstanding, True)} is outstanding",
        )


def with_interest(
    dated_principals: Sequence[tuple[date, int]], outstanding: int, annual_rate: Decimal
) -> tuple[PlanLine, ...]:
    """A plan from dates and principals: each line charges one month's interest on the
    principal still open before it (balance x annual rate / 12, rounded half up once),
    the DESIGN's period rule applied to the plan's lines."""
    lines = []
    balance = outstanding
    for due, principal in dated_principals:
        exact = Fraction(max(balance, 0)) * Fraction(annual_rate) / 12
        lines.append(
            PlanLine(due, principal, div_round_half_up(exact.numerator, exact.denominator))
        )
        balance -= principal
    return tuple(lines)
