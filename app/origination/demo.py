"""Demo applications: one desk's worth of work in every status.

Everything goes through the origination services as the demo underwriters
(``uw.li``, ``uw.chen``) and the senior underwriter (``suw.zhao``), scored with the
active (default) scorecard, for the customers the KYC demo gave checklists. Those
whose checklist is complete get the approvals and disbursements; the others sit in
the queue where the KYC gate will stop them. Deterministic for a given ``rng``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.context import Actor, ServiceContext
from app.errors import P2PDeskError
from app.loans.schedule import build_schedule
from app.origination.decisions import DecisionService
from app.origination.eod import expire_stale
from app.origination.funding import FundingService
from app.origination.intake import ApplicationFacts
from app.origination.limits import outstanding_principal
from app.origination.pricing import above_ceiling, cost_ceiling, offer_cost
from app.origination.products import ProductTerms, active_products, terms_of
from app.origination.records import ApplicationRef, ref
from app.origination.service import insert_application
from app.platform import business_date
from app.security.permissions import Role
from app.settings import get_setting
from db.models.customers import Customer
from db.models.kyc import KycChecklist
from db.models.loans import Investor, Product
from db.models.origination import Application
from db.models.security import User

if TYPE_CHECKING:
    from app.demo import DemoSummary
    from app.security.pii import PiiVault

_PURPOSES = {
    "CASH12": ["装修 home renovation", "购车 car purchase", "教育 tuition", "医疗 medical bills",
               "婚礼 wedding", "Debt consolidation"],
    "SME36": ["进货 inventory", "设备采购 equipment", "流动资金 working capital",
              "店面装修 shop fit-out"],
    "BRIDGE6": ["过桥 bridge to a bank loan", "应收账款周转 receivables gap"],
}  # fmt: skip

_INFO_REQUESTS = (
    "Please send the last three months' bank statements.",
    "请提供最近六个月的工资流水。",
    "Send the signed lease for the business premises.",
)

#: (target status, how many, share above the four-eyes threshold, profiles to draw from)
_PLAN: tuple[tuple[str, int, float, tuple[str, ...]], ...] = (
    ("submitted", 12, 0.25, ("good", "fair", "fair", "weak")),
    ("in_review", 5, 0.4, ("good", "fair")),
    ("info_requested", 3, 0.0, ("fair",)),
    ("recommended", 3, 1.0, ("good", "fair")),
    ("approved", 3, 0.0, ("good", "fair")),
    ("approved_high", 1, 1.0, ("good",)),
    ("funding", 2, 0.0, ("good", "fair")),
    ("disbursed", 4, 0.0, ("good", "fair")),
    ("declined", 4, 0.0, ("weak",)),
    ("withdrawn", 2, 0.0, ("good", "fair")),
    ("expired", 2, 0.0, ("fair",)),
)
_NEEDS_KYC = frozenset({"approved", "approved_high", "funding", "disbursed"})


def _actor(ctx: ServiceContext, username: str) -> ServiceContext:
    with ctx.sessions() as session:
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            return ctx
        roles = frozenset(Role(r.role) for r in user.roles)
        return ctx.as_actor(Actor.for_user(user.id, user.username, user.display_name, roles))


@dataclass(frozen=True)
class _Candidate:
    customer_id: int
    business: bool
    kyc_open: bool  # the gate would let an approval through
    headroom: int  # how much more principal the borrowing limit allows


def _candidates(ctx: ServiceContext) -> list[_Candidate]:
    """Customers with a KYC checklist (any state), with their gate and limit headroom."""
    from app.kyc.gate import kyc_gate

    found: list[_Candidate] = []
    with ctx.sessions() as session:
        rows = session.execute(
            select(Customer.id, Customer.kind)
            .join(KycChecklist, KycChecklist.customer_id == Customer.id)
            .order_by(Customer.id)
        ).all()
        caps = {
            "business": int(get_setting(session, "limits.business_max_outstanding")),
            "individual": int(get_setting(session, "limits.individual_max_outstanding")),
        }
        for customer_id, kind in rows:
            cap = caps["business" if kind == "business" else "individual"]
            owed = outstanding_principal(session, customer_id, -1)
            ok = kyc_gate(session, customer_id).ok
            found.append(_Candidate(customer_id, kind == "business", ok, cap - owed))
    return found


# profile -> ranges: (bureau score, debt-to-income in percent, existing monthly debt in
# hundreds, open accounts, delinquencies in 24 months, inquiries in 6 months)
_PROFILES: dict[str, tuple[tuple[int, int], ...]] = {
    "good": ((700, 820), (12, 30), (0, 30), (1, 6), (0, 1), (0, 2)),
    "fair": ((610, 720), (28, 48), (10, 50), (2, 9), (0, 2), (1, 5)),
    "weak": ((480, 610), (45, 80), (20, 60), (6, 12), (1, 5), (3, 9)),
}
_TERMS = (3, 6, 9, 12, 12, 18, 24, 24, 36)


def _facts(
    rng: random.Random, product: ProductTerms, amount: int, profile: str
) -> ApplicationFacts:
    """Applicant facts; a good profile scores in the upper grades, a weak one low.

    The income is worked back from a debt-to-income ratio typical of the profile, so
    the affordability line on the detail reads like a real applicant's.
    """
    terms = [t for t in _TERMS if product.min_term <= t <= product.max_term]
    term = rng.choice(terms or [product.max_term])
    bureau, dti, debt, accounts, late, inquiries = (
        rng.randrange(lo, hi + 1) for lo, hi in _PROFILES[profile]
    )
    debt *= 100_00
    if product.method == "interest_only":
        installment = amount * 15 // 1000  # interest at the dearest grades
    else:
        installment = amount * 11 // (10 * term)
    income = max(3_000_00, (installment + debt) * 100 // dti // 100_00 * 100_00)
    return ApplicationFacts(
        product=product.code,
        amount=amount,
        term=term,
        purpose=rng.choice(_PURPOSES.get(product.code, ["general purposes"])),
        monthly_income=income,
        monthly_debt=debt,
        bureau_score=bureau,
        open_accounts=accounts,
        delinquencies_24m=late,
        inquiries_6m=inquiries,
    )


def _amount(
    rng: random.Random, product: ProductTerms, threshold: int, high: bool, room: int
) -> int:
    """A round amount in the product's range, above or below the four-eyes threshold."""
    unit = 1_000_00
    if high:
        low, top = max(product.min_amount, threshold + unit), min(product.max_amount, 3 * threshold)
    else:
        low, top = product.min_amount, min(product.max_amount, threshold)
    top = min(top, room)
    if top < low:
        return 0
    return rng.randrange(-(-low // unit), top // unit + 1) * unit


def fill_applications(
    ctx: ServiceContext, vault: PiiVault, rng: random.Random, summary: DemoSummary
) -> None:
    """Add about 40 applications in every status (needs the loan and KYC demo data)."""
    li, chen, zhao = (_actor(ctx, n) for n in ("uw.li", "uw.chen", "suw.zhao"))
    products = {p.code: p for p in _products(ctx)}
    if not products:
        return
    candidates = _candidates(ctx)
    if not candidates:
        return
    with ctx.sessions() as session:
        threshold = int(get_setting(session, "origination.four_eyes_threshold"))
        today = business_date(session)
    taken: set[int] = set()
    made = 0
    serial = 0
    for target, count, high_share, profiles in _PLAN:
        pool = [c for c in candidates if c.kyc_open or target not in _NEEDS_KYC]
        rng.shuffle(pool)
        pool.sort(key=lambda c: c.customer_id in taken)  # spread over customers first
        done = 0
        for cand in pool:
            if done == count:
                break
            high = rng.random() < high_share
            code = "SME36" if cand.business and "SME36" in products else "CASH12"
            if code not in products:
                code = next(iter(products))
            if (
                not high
                and "BRIDGE6" in products
                and rng.random() < (0.5 if cand.business else 0.15)
            ):
                code = "BRIDGE6"
            product = products[code]
            room = cand.headroom if target in _NEEDS_KYC else product.max_amount
            amount = _amount(rng, product, threshold, high or product.min_amount > threshold, room)
            if amount <= 0:
                continue
            facts = _facts(rng, product, amount, rng.choice(profiles))
            serial += 1
            if target == "expired":
                age = timedelta(days=rng.randrange(35, 50))
            elif target == "submitted":
                age = timedelta(hours=rng.randrange(1, 110))
            else:
                age = timedelta(days=rng.randrange(2, 12), hours=rng.randrange(0, 9))
            channel = rng.choice(("counter", "phone", "web"))
            with ctx.transaction() as session:
                app = ref(
                    insert_application(
                        ctx.as_actor(li.actor if channel != "web" else ctx.actor),
                        session,
                        cand.customer_id,
                        facts,
                        channel=channel,
                        external_id=f"WEB-2026-{serial:05d}" if channel == "web" else None,
                        submitted_at=ctx.now() - age,
                    )
                )
            try:
                _advance(app, target, li if serial % 2 else chen, zhao, rng, today)
            except P2PDeskError:
                continue  # a limit or gate said no: leave it where it stopped
            taken.add(cand.customer_id)
            done += 1
            made += 1
    expire_stale(ctx.sessions, today)
    summary.add("applications", made)


def _products(ctx: ServiceContext) -> list[ProductTerms]:
    with ctx.sessions() as session:
        return active_products(session)


def _advance(
    app: ApplicationRef,
    target: str,
    uw_ctx: ServiceContext,
    senior_ctx: ServiceContext,
    rng: random.Random,
    today: date,
) -> None:
    """Walk one submitted application to ``target`` the way the desk would."""
    if target in ("submitted", "expired"):
        return  # expired: tonight's end of day finds it untouched for too long
    uw = DecisionService(uw_ctx)
    if target == "withdrawn" and rng.random() < 0.5:
        uw.withdraw(app.id, app.version, "found a cheaper offer elsewhere")
        return
    cur = uw.claim(app.id, app.version)
    if target == "in_review":
        return
    if target == "info_requested":
        message = rng.choice(_INFO_REQUESTS)
        uw.request_info(cur.id, cur.version, message, today + timedelta(days=rng.randrange(5, 15)))
        return
    if target == "declined":
        codes = rng.sample(["D01", "D02", "D03", "D04", "D05"], rng.randrange(1, 3))
        uw.decline(cur.id, cur.version, codes, "outside the lending policy")
        return
    if target == "withdrawn":
        uw.withdraw(cur.id, cur.version, "the customer no longer needs the loan")
        return
    if target in ("recommended", "approved_high"):
        cur = uw.recommend(cur.id, cur.version, rate=_fitting_rate(uw_ctx, cur.id, None, None))
        if target == "approved_high":
            DecisionService(senior_ctx).approve(cur.id, cur.version)
        return
    amount, term = _counter_offer(uw_ctx, cur.id, rng)
    rate = _fitting_rate(uw_ctx, cur.id, amount, term)
    cur = uw.approve(cur.id, cur.version, amount, term, rate)
    if target == "approved":
        return
    funding = FundingService(senior_ctx)
    cur = funding.commit(cur.id, cur.version, _holdings(senior_ctx, cur.id, rng))
    if target == "disbursed":
        funding.disburse(cur.id, cur.version)


def _counter_offer(
    ctx: ServiceContext, app_id: int, rng: random.Random
) -> tuple[int | None, int | None]:
    """Usually the terms asked for; now and then a lower amount or a shorter term."""
    with ctx.sessions() as session:
        app = session.get(Application, app_id)
        assert app is not None
        product = session.get(Product, app.product_id)
        assert product is not None
        min_amount, min_term = product.min_amount, product.min_term
        amount, term = app.amount, app.term
    roll = rng.random()
    lowered = amount * 4 // 5 // 1_000_00 * 1_000_00
    if roll < 0.2 and lowered >= min_amount:
        return lowered, None
    if roll < 0.35 and term // 2 >= min_term:
        return None, term // 2
    return None, None


def _fitting_rate(
    ctx: ServiceContext, app_id: int, amount: int | None, term: int | None
) -> Decimal | None:
    """The grade rate an underwriter would offer so the terms stay under the cost
    ceiling: the recommended rate when it fits, else the dearest lower grade rate that
    does (None: the recommended rate, fitting or not)."""
    with ctx.sessions() as session:
        app = session.get(Application, app_id)
        assert app is not None
        product = session.get(Product, app.product_id)
        assert product is not None and app.recommended_rate is not None
        terms = terms_of(session, product)
        ceiling = cost_ceiling(session)
        today = business_date(session)
    base = app.recommended_rate
    for rate in sorted((r for r in terms.grade_rates.values() if r <= base), reverse=True):
        schedule = build_schedule(amount or app.amount, rate, term or app.term, terms.method, today)
        if not above_ceiling(offer_cost(terms, schedule).annual_cost, ceiling):
            return None if rate == base else rate
    return None


def _holdings(ctx: ServiceContext, app_id: int, rng: random.Random) -> dict[int, int]:
    """Two to four investors from the pool share the loan in round amounts."""
    with ctx.sessions() as session:
        app = session.get(Application, app_id)
        assert app is not None and app.offer_amount is not None
        total = app.offer_amount
        pool = list(session.scalars(select(Investor.id).where(Investor.active.is_(True))))
    lenders = rng.sample(pool, min(len(pool), rng.randrange(2, 5)))
    weights = [rng.randrange(1, 5) for _ in lenders]
    shares = [total * w // sum(weights) // 100_00 * 100_00 for w in weights]
    shares[0] += total - sum(shares)
    return {inv: share for inv, share in zip(lenders, shares, strict=True) if share > 0}
