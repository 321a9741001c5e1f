"""The value types of the loan engine: terms, history events, installment and
replay state. Pure data (no database, no I/O); :mod:`app.loans.replay` runs them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.loans.allocation import Component
from app.loans.schedule import Method

CREDIT_BALANCE = "credit_balance"
PREPAYMENT_RULES = ("shorten_term", "lower_installment", CREDIT_BALANCE)
LedgerKey = tuple[str, int | None, str]  # (account, investor_id, tag)


@dataclass(frozen=True)
class LoanTerms:
    principal: int
    annual_rate: Decimal
    term: int
    method: Method
    disbursed_on: date
    origination_fee: int
    reserve_amount: int
    service_fee_rate: Decimal
    late_fee: int
    grace_days: int
    penalty_rate: Decimal  # daily, on overdue principal
    allocation_order: tuple[Component, ...]
    prepayment_rule: str


@dataclass(frozen=True)
class HoldingTerms:
    holding_id: int
    investor_id: int
    amount: int
    reserve_covered: int = 0  # paid by the risk reserve at write-off


@dataclass(frozen=True)
class PaymentEvent:
    payment_id: int
    value_date: date
    seq: int
    amount: int


@dataclass(frozen=True)
class WriteOffEvent:
    on: date
    seq: int


@dataclass(frozen=True)
class PlanLine:
    """One installment of a reschedule plan (minor units)."""

    due_date: date
    principal: int
    interest: int


@dataclass(frozen=True)
class RescheduleEvent:
    """From ``on``, the loan's open installments are replaced by ``lines``
    (see :mod:`app.loans.reschedule_rules` for the rule)."""

    on: date
    seq: int
    lines: tuple[PlanLine, ...]


@dataclass
class InstallmentState:
    n: int
    due_date: date
    late_fee_from: date
    principal: int
    interest: int
    fees: int = 0
    penalty: int = 0
    paid_principal: int = 0
    paid_interest: int = 0
    paid_fees: int = 0
    paid_penalty: int = 0
    late_fee_on: date | None = None
    cancelled: bool = False
    rescheduled: bool = False  # closed by a reschedule (then also ``cancelled``)

    @property
    def out_principal(self) -> int:
        return self.principal - self.paid_principal

    @property
    def out_interest(self) -> int:
        return self.interest - self.paid_interest

    @property
    def out_fees(self) -> int:
        return self.fees - self.paid_fees

    @property
    def out_penalty(self) -> int:
        return self.penalty - self.paid_penalty

    @property
    def out_scheduled(self) -> int:
        """Principal and interest still owed: what makes an installment overdue."""
        return self.out_principal + self.out_interest

    @property
    def out_total(self) -> int:
        return self.out_scheduled + self.out_fees + self.out_penalty

    @property
    def status(self) -> str:
        if self.rescheduled:
            return "rescheduled"
        if self.cancelled:
            return "cancelled"
        return "paid" if self.out_total == 0 else "open"

    def pay(self, component: Component, amount: int) -> None:
        name = f"paid_{component.value}"
        setattr(self, name, getattr(self, name) + amount)


@dataclass(frozen=True)
class PaymentOutcome:
    payment_id: int
    lines: tuple[tuple[int | None, str, int], ...]  # (installment n, component, amount)
    prepaid: int
    credited: int


@dataclass
class ReplayResult:
    installments: list[InstallmentState]
    status: str
    paid_off_on: date | None
    written_off_on: date | None
    written_off_principal: int
    credit_balance: int
    recurring_amount: int
    accrued_through: date
    holdings_outstanding: dict[int, int]
    payments: dict[int, PaymentOutcome]
    ledger: Counter[LedgerKey] = field(default_factory=Counter)

    def dpd_on(self, day: date) -> int:
        """Days past due on ``day``: from the oldest installment with scheduled
        principal or interest unpaid whose due date is before ``day``."""
        overdue = [
            i.due_date
            for i in self.installments
            if not i.cancelled and i.due_date < day and i.out_scheduled > 0
        ]
        return (day - min(overdue)).days if overdue else 0


def initial_recurring(method: Method, first_payment: int, first_principal: int) -> int:
    """The amount a shorten-term prepayment keeps: the annuity payment, or the
    principal part of an equal-principal installment."""
    if method is Method.ANNUITY:
        return first_payment
    if method is Method.EQUAL_PRINCIPAL:
        return first_principal
    return 0
