"""Demo loans: products, investors and loans in every bucket, made by the engine.

Loans are disbursed back-dated and their payments posted with past value dates
through the same services the desk uses, so every penalty, fee, waterfall line
and ledger entry is the engine's own. Deterministic for a given ``rng``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.calendar import add_months
from app.context import Actor, ServiceContext
from app.loans.disbursement import LoanService
from app.loans.funding import InvestorService
from app.loans.payments import PaymentService
from app.loans.products import ProductInfo, ProductInput, ProductService, active_products
from app.loans.schedule import Method, build_schedule
from app.loans.writeoff import WriteOffService
from app.platform import load_state
from app.security.permissions import Role
from db.models.customers import Customer
from db.models.security import User

if TYPE_CHECKING:
    from app.demo import DemoSummary
    from app.security.pii import PiiVault

_INVESTORS = ["华夏财富管理", "Bluebird Capital", "张伟", "李秀英", "Harbor Yield Fund",
              "王磊", "刘芳", "Jade River Partners"]  # fmt: skip

# (scenario, weight, days past due range of the oldest unpaid installment)
_SCENARIOS: list[tuple[str, int, tuple[int, int]]] = [
    ("current", 40, (0, 0)),
    ("M1", 12, (3, 27)),
    ("M2", 8, (33, 57)),
    ("M3", 6, (63, 87)),
    ("M4+", 6, (95, 175)),
    ("written_off", 5, (200, 260)),
    ("paid_off", 12, (0, 0)),
]


def _products(ctx: ServiceContext) -> list[ProductInfo]:
    with ctx.sessions() as session:
        existing = active_products(session)
    if existing:
        return existing
    rates = {g: Decimal("0.072") + Decimal("0.024") * i for i, g in enumerate("ABCDEFG")}
    svc = ProductService(ctx)
    specs = [
        ProductInput("CASH12", "消费贷 Consumer cash loan", "annuity", 1_000_00, 200_000_00,
                     3, 24, rates),
        ProductInput("SME36", "小微经营贷 Small business loan", "equal_principal", 50_000_00,
                     1_000_000_00, 6, 36, rates, late_fee=200_00, grace_days=5,
                     prepayment_rule="lower_installment"),
        ProductInput("BRIDGE6", "过桥贷 Bridge loan", "interest_only", 20_000_00, 500_000_00,
                     3, 12, rates, penalty_rate=Decimal("0.0003"),
                     prepayment_rule="credit_balance"),
    ]  # fmt: skip
    return [svc.create(spec) for spec in specs]


def _actor(ctx: ServiceContext, username: str) -> ServiceContext:
    with ctx.sessions() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            return ctx.as_actor(Actor.system(f"demo.{username}"))
        roles = frozenset(Role(r.role) for r in user.roles)
        return ctx.as_actor(Actor.for_user(user.id, user.username, user.display_name, roles))


@dataclass
class _Counts:
    loans: int = 0
    payments: int = 0


def fill_loans(
    ctx: ServiceContext, vault: PiiVault, rng: random.Random, summary: DemoSummary
) -> None:
    """Add demo products, investors and loans for about 70 % of the customers."""
    products = _products(ctx)
    inv_svc = InvestorService(ctx)
    investors = [inv_svc.create(name).id for name in _INVESTORS]
    for inv in investors:
        inv_svc.deposit(inv, 50_000_000_00, f"demo-deposit-{inv}")
    with ctx.sessions() as session:
        today = load_state(session).business_date
        customers = list(session.scalars(select(Customer.id).order_by(Customer.id)))
    proposer, approver = _actor(ctx, "col.liu"), _actor(ctx, "colsup.wu")
    counts = _Counts()
    names = [s[0] for s in _SCENARIOS]
    weights = [s[1] for s in _SCENARIOS]
    for customer_id in customers:
        if rng.random() > 0.7:
            continue
        scenario = rng.choices(names, weights)[0]
        loan_id = _one_loan(ctx, rng, customer_id, products, investors, scenario, today, counts)
        if scenario == "written_off":
            wo = WriteOffService(proposer).propose(loan_id, "no contact for over 180 days")
            WriteOffService(approver).approve(wo.id)
            if rng.random() < 0.5:  # a partial recovery through the waterfall
                PaymentService(ctx).post(loan_id, rng.randrange(5, 50) * 100_00, f"rec-{loan_id}")
                counts.payments += 1
    summary.add("loans", counts.loans)
    summary.add("loan_payments", counts.payments)
    summary.add("investors", len(investors))
    summary.add("loan_products", len(products))


def _one_loan(
    ctx: ServiceContext,
    rng: random.Random,
    customer_id: int,
    products: list[ProductInfo],
    investors: list[int],
    scenario: str,
    today: date,
    counts: _Counts,
) -> int:
    product = rng.choices(products, [6, 2, 1][: len(products)])[0]
    grade = rng.choice(sorted(product.grade_rates))
    lo, hi = _SCENARIOS[[s[0] for s in _SCENARIOS].index(scenario)][2]
    term = rng.randrange(product.min_term, min(product.max_term, 24) + 1)
    unit = 1_000_00
    principal = (
        rng.randrange(product.min_amount // unit, product.max_amount // unit // 4 + 2) * unit
    )
    principal = max(product.min_amount, min(product.max_amount, principal))
    if scenario in ("current", "paid_off"):
        paid = rng.randrange(0, min(term, 8)) if scenario == "current" else term
        opened = add_months(today - timedelta(days=rng.randrange(1, 25)), -max(paid, 1))
        if scenario == "paid_off":
            opened = add_months(today, -term) - timedelta(days=rng.randrange(1, 60))
    else:
        paid = rng.randrange(0, max(1, term - 1))
        dpd = rng.randrange(lo, hi + 1)
        opened = add_months(today - timedelta(days=dpd), -(paid + 1))
    holders = rng.sample(investors, rng.randrange(1, 4))
    parts = [rng.randrange(1, 5) for _ in holders]
    shares = [principal * p // sum(parts) for p in parts]
    shares[-1] += principal - sum(shares)
    loan = LoanService(ctx).disburse(
        customer_id, product.id, grade, principal, term, dict(zip(holders, shares, strict=True)),
        opened,
    )  # fmt: skip
    counts.loans += 1
    sched = build_schedule(principal, loan.annual_rate, term, Method(product.method), opened)
    payments = PaymentService(ctx)
    for inst in sched.installments[:paid]:
        if inst.due_date > today:
            break
        late = rng.random() < 0.15
        on = min(today, inst.due_date + timedelta(days=rng.randrange(2, 12) if late else 0))
        extra = 120_00 if late else 0  # covers the penalty and any late fee
        done = payments.post(
            loan.id, inst.payment + extra, f"DEMO-{loan.id}-{inst.n}", value_date=on
        )
        counts.payments += 1
        if done.loan_status != "active":  # small overpayments shortened the term
            break
    if scenario == "current" and rng.random() < 0.1 and paid:
        bounced = payments.post(loan.id, 500_00, f"DEMO-{loan.id}-bounce", value_date=today)
        payments.reverse(bounced.payment_id, "returned by the bank: insufficient funds")
        counts.payments += 1
    return loan.id
