"""Read models for loans: summaries, detail with waterfalls, keyset pages.

Query helpers take a Session and never open their own (STYLE rule 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import NotFound
from app.loans import accounts as acc
from app.platform import load_state
from app.security.permissions import Permission
from db.models.ledger import LedgerLine
from db.models.loans import AllocationLine, Holding, Installment, Investor, Loan, Payment, Product

_OUT_PRINCIPAL = Installment.principal - Installment.paid_principal
_OUT_TOTAL = (
    Installment.principal + Installment.interest + Installment.fees + Installment.penalty
    - Installment.paid_principal - Installment.paid_interest - Installment.paid_fees
    - Installment.paid_penalty
)  # fmt: skip


@dataclass(frozen=True)
class LoanSummary:
    id: int
    number: str
    customer_id: int
    product_code: str
    grade: str
    method: str
    principal: int
    annual_rate: Decimal
    term: int
    disbursed_on: date
    status: str
    dpd: int
    bucket: str
    outstanding_principal: int
    outstanding_total: int
    next_due_date: date | None
    credit_balance: int
    version: int


def summary_of(session: Session, loan: Loan) -> LoanSummary:
    session.flush()
    # End of day leaves the stamp of a loan it does not change: the next due date is
    # counted from the business date when the stamp is older (a session-cached get).
    accrued = max(loan.accrued_through, load_state(session).business_date)
    out_p, out_t, next_due = session.execute(
        select(
            func.coalesce(func.sum(_OUT_PRINCIPAL), 0),
            func.coalesce(func.sum(_OUT_TOTAL), 0),
            func.min(
                case(
                    (
                        and_(
                            Installment.status == "open",
                            Installment.due_date >= accrued,
                        ),
                        Installment.due_date,
                    )
                )
            ),
        ).where(Installment.loan_id == loan.id, Installment.status != "cancelled")
    ).one()
    code = session.scalar(select(Product.code).where(Product.id == loan.product_id)) or ""
    live = loan.status == "active"
    return LoanSummary(
        id=loan.id, number=loan.number, customer_id=loan.customer_id, product_code=code,
        grade=loan.grade, method=loan.method, principal=loan.principal,
        annual_rate=loan.annual_rate, term=loan.term, disbursed_on=loan.disbursed_on,
        status=loan.status, dpd=loan.dpd, bucket=loan.bucket,
        outstanding_principal=int(out_p) if live else 0,
        outstanding_total=int(out_t) if live else 0, next_due_date=next_due if live else None,
        credit_balance=loan.credit_balance, version=loan.version,
    )  # fmt: skip


@dataclass(frozen=True)
class InstallmentRow:
    n: int
    due_date: date
    principal: int
    interest: int
    fees: int
    penalty: int
    paid_principal: int
    paid_interest: int
    paid_fees: int
    paid_penalty: int
    status: str


@dataclass(frozen=True)
class WaterfallLine:
    installment_n: int | None
    component: str
    amount: int


@dataclass(frozen=True)
class PaymentRow:
    id: int
    external_ref: str
    channel: str
    amount: int
    value_date: date
    posted_on: date
    status: str
    prepaid: int
    credited: int
    lines: tuple[WaterfallLine, ...]


@dataclass(frozen=True)
class HoldingRow:
    investor_id: int
    investor_name: str
    amount: int
    outstanding: int
    reserve_covered: int


@dataclass(frozen=True)
class LoanDetail:
    summary: LoanSummary
    installments: tuple[InstallmentRow, ...]
    payments: tuple[PaymentRow, ...]
    holdings: tuple[HoldingRow, ...]
    ledger_balances: dict[str, int]  # account -> signed balance of this loan's lines


def loan_detail(session: Session, loan_id: int) -> LoanDetail:
    loan = session.get(Loan, loan_id)
    if loan is None:
        raise NotFound(f"loan {loan_id} does not exist")
    insts = session.scalars(
        select(Installment).where(Installment.loan_id == loan_id).order_by(Installment.n)
    ).all()
    payments = session.scalars(
        select(Payment).where(Payment.loan_id == loan_id).order_by(Payment.value_date, Payment.id)
    ).all()
    lines: dict[int, list[WaterfallLine]] = {}
    for line in session.scalars(
        select(AllocationLine)
        .join(Payment, Payment.id == AllocationLine.payment_id)
        .where(Payment.loan_id == loan_id, AllocationLine.superseded.is_(False))
        .order_by(AllocationLine.id)
    ):
        lines.setdefault(line.payment_id, []).append(
            WaterfallLine(line.installment_n, line.component, line.amount)
        )
    holdings = session.execute(
        select(Holding, Investor.name)
        .join(Investor, Investor.id == Holding.investor_id)
        .where(Holding.loan_id == loan_id)
        .order_by(Holding.id)
    ).all()
    balances = session.execute(
        select(LedgerLine.account_code, func.sum(LedgerLine.amount))
        .where(LedgerLine.loan_id == loan_id)
        .group_by(LedgerLine.account_code)
    ).all()
    return LoanDetail(
        summary=summary_of(session, loan),
        installments=tuple(
            InstallmentRow(
                i.n,
                i.due_date,
                i.principal,
                i.interest,
                i.fees,
                i.penalty,
                i.paid_principal,
                i.paid_interest,
                i.paid_fees,
                i.paid_penalty,
                i.status,
            )
            for i in insts
        ),
        payments=tuple(
            PaymentRow(
                p.id,
                p.external_ref,
                p.channel,
                p.amount,
                p.value_date,
                p.posted_on,
                p.status,
                p.prepaid,
                p.credited,
                tuple(lines.get(p.id, [])),
            )
            for p in payments
        ),
        holdings=tuple(
            HoldingRow(h.investor_id, name, h.amount, h.outstanding, h.reserve_covered)
            for h, name in holdings
        ),
        ledger_balances={a: int(s) for a, s in balances if int(s) != 0},
    )


@dataclass(frozen=True)
class LoanPage:
    rows: tuple[LoanSummary, ...]
    next_key: tuple[int, int] | None  # (dpd, id) of the last row, for the next page


def loan_page(
    session: Session,
    *,
    status: str | None = "active",
    bucket: str | None = None,
    customer_id: int | None = None,
    after: tuple[int, int] | None = None,
    limit: int = 100,
) -> LoanPage:
    """Loans ordered worst first (DPD descending, then id), a keyset page at a time."""
    q = select(Loan)
    if status is not None:
        q = q.where(Loan.status == status)
    if bucket is not None:
        q = q.where(Loan.bucket == bucket)
    if customer_id is not None:
        q = q.where(Loan.customer_id == customer_id)
    if after is not None:
        dpd, last_id = after
        q = q.where(or_(Loan.dpd < dpd, and_(Loan.dpd == dpd, Loan.id > last_id)))
    rows = session.scalars(q.order_by(Loan.dpd.desc(), Loan.id).limit(limit)).all()
    summaries = tuple(summary_of(session, loan) for loan in rows)
    key = (rows[-1].dpd, rows[-1].id) if len(rows) == limit else None
    return LoanPage(summaries, key)


@dataclass(frozen=True)
class InvestorStatement:
    investor_id: int
    start: date
    end: date
    principal_received: int
    interest_received: int
    service_fees: int
    reserve_covered: int
    invested: int
    outstanding: int  # principal still owed to the investor (as of now)
    defaulted: int  # principal of the investor's written-off loans still unrecovered
    cash: int


def investor_statement(
    session: Session, investor_id: int, start: date, end: date
) -> InvestorStatement:
    """What an investor received in [start, end] (by posting date) and holds now."""
    from db.models.ledger import JournalEntry

    sums = dict(
        session.execute(
            select(LedgerLine.tag, func.sum(LedgerLine.amount))
            .join(JournalEntry, JournalEntry.id == LedgerLine.entry_id)
            .where(
                LedgerLine.investor_id == investor_id,
                LedgerLine.account_code == acc.INVESTOR_CUSTODY,
                JournalEntry.business_date >= start,
                JournalEntry.business_date <= end,
            )
            .group_by(LedgerLine.tag)
        ).all()
    )
    outstanding, defaulted = session.execute(
        select(
            func.coalesce(func.sum(case((Loan.status != "written_off", Holding.outstanding))), 0),
            func.coalesce(func.sum(case((Loan.status == "written_off", Holding.outstanding))), 0),
        )
        .join(Loan, Loan.id == Holding.loan_id)
        .where(Holding.investor_id == investor_id)
    ).one()
    cash = -int(
        session.scalar(
            select(func.coalesce(func.sum(LedgerLine.amount), 0)).where(
                LedgerLine.investor_id == investor_id,
                LedgerLine.account_code == acc.INVESTOR_CUSTODY,
            )
        )
        or 0
    )
    return InvestorStatement(
        investor_id=investor_id, start=start, end=end,
        principal_received=-int(sums.get(acc.T_PRINCIPAL, 0)),
        interest_received=-int(sums.get(acc.T_INTEREST, 0)),
        service_fees=int(sums.get(acc.T_SERVICE_FEE, 0)),
        reserve_covered=-int(sums.get(acc.T_RESERVE_PAYOUT, 0)),
        invested=int(sums.get(acc.T_INVEST, 0)),
        outstanding=int(outstanding), defaulted=int(defaulted), cash=cash,
    )  # fmt: skip


@dataclass(frozen=True)
class ReserveStatus:
    balance: int
    overdue_principal: int
    coverage_ratio: Decimal | None  # None when nothing is overdue


def reserve_status(session: Session, business_date: date) -> ReserveStatus:
    """Risk reserve balance and its coverage of overdue principal on active loans."""
    balance = -int(
        session.scalar(
            select(func.coalesce(func.sum(LedgerLine.amount), 0)).where(
                LedgerLine.account_code == acc.RISK_RESERVE
            )
        )
        or 0
    )
    overdue = int(
        session.scalar(
            select(func.coalesce(func.sum(_OUT_PRINCIPAL), 0))
            .join(Loan, Loan.id == Installment.loan_id)
            .where(
                Loan.status == "active",
                Installment.status != "cancelled",
                Installment.due_date < business_date,
            )
        )
        or 0
    )
    ratio = (Decimal(balance) / Decimal(overdue)).quantize(Decimal("0.0001")) if overdue else None
    return ReserveStatus(balance, overdue, ratio)


class LoanQueries:
    """The read models behind the loan views, checked against LOAN_VIEW; each call
    opens its own read session (off the GUI thread, through ui.tasks)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def detail(self, loan_id: int) -> LoanDetail:
        self.ctx.require(Permission.LOAN_VIEW)
        with self.ctx.sessions() as session:
            return loan_detail(session, loan_id)

    def page(self, **filters: Any) -> LoanPage:
        self.ctx.require(Permission.LOAN_VIEW)
        with self.ctx.sessions() as session:
            return loan_page(session, **filters)

    def investor_statement(self, investor_id: int, start: date, end: date) -> InvestorStatement:
        self.ctx.require(Permission.LOAN_VIEW)
        with self.ctx.sessions() as session:
            return investor_statement(session, investor_id, start, end)

    def reserve(self) -> ReserveStatus:
        self.ctx.require(Permission.LOAN_VIEW)
        with self.ctx.sessions() as session:
            return reserve_status(session, load_state(session).business_date)
