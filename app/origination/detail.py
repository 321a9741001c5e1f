"""Read model of one application: everything the detail pane and the documents show."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import Actor, ServiceContext
from app.customers.service import CustomerSummary, summarise
from app.errors import NotFound
from app.loans.schedule import Schedule, build_schedule
from app.money import format_amount
from app.origination.affordability import (
    Affordability,
    CapHeadroom,
    IncomeCheck,
    assess,
    balloon_payment,
)
from app.origination.decline_reasons import DECLINE_REASONS, DECLINE_REASONS_ZH
from app.origination.limits import cap_headroom, platform_debt
from app.origination.pricing import OfferCost, cost_ceiling, offer_cost
from app.origination.products import ProductTerms, terms_of
from app.origination.queries import QueueFilter, QueueRow, QueueSort, queue_page
from app.origination.records import ENTITY, KycGate, default_kyc_gate
from app.origination.scorecard import REASON_COUNT
from app.origination.status import OPEN, Status
from app.platform import business_date
from app.security.permissions import Permission
from app.settings import get_setting
from db.models.audit import AuditEvent
from db.models.customers import Customer
from db.models.loans import Product
from db.models.origination import (
    Application,
    ApplicationNote,
    ApplicationScorePart,
    Scorecard,
    ScorecardBin,
    ScorecardCharacteristic,
)
from db.models.security import User


@dataclass(frozen=True)
class ScoreLine:
    code: str
    label: str
    value: int
    bin_label: str
    points: int
    max_points: int
    reason_code: str
    reason: str
    label_zh: str = ""  # from the application's scorecard version; "" where none
    bin_label_zh: str = ""
    reason_zh: str = ""


@dataclass(frozen=True)
class KycView:
    """The KYC gate for the detail: ``reason`` is the English sentence; screens build
    theirs from ``code`` and the lists (Chinese labels in ``missing_zh``)."""

    ok: bool
    state: str
    missing: tuple[str, ...]
    reason: str
    code: str = "open"
    missing_zh: tuple[str, ...] = ()
    matches: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    occurred_at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class TrailEntry:
    """One decision on the application: who, when, what and why."""

    occurred_at: datetime
    actor: str
    step: str  # recommended | approved | declined | sent_back | info_requested | withdrawn
    note: str
    offer: tuple[int, int, Decimal] | None  # amount, term, annual rate recommended/approved
    reasons: tuple[str, ...]  # decline reason codes


TRAIL_STEPS = ("recommended", "approved", "declined", "sent_back", "info_requested", "withdrawn")


def decision_trail(history: tuple[HistoryEntry, ...]) -> tuple[TrailEntry, ...]:
    """The decisions among the application's audit events, oldest first."""
    trail = []
    for h in history:
        step = h.action.removeprefix("application.")
        if step not in TRAIL_STEPS:
            continue
        after = h.after or {}
        note = str(after.get("note") or after.get("message") or "")
        offer = None
        if after.get("offer_amount") is not None and after.get("offer_term") is not None:
            rate = Decimal(str(after.get("offer_rate") or 0))
            offer = (int(after["offer_amount"]), int(after["offer_term"]), rate)
        reasons = tuple(str(r) for r in after.get("reasons") or ())
        trail.append(TrailEntry(h.occurred_at, h.actor, step, note, offer, reasons))
    return tuple(trail)


@dataclass(frozen=True)
class NoteView:
    created_at: datetime
    author: str
    body: str


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    number: str
    version: int
    status: str
    channel: str
    external_id: str | None
    customer: CustomerSummary
    customer_kind: str
    product: ProductTerms
    amount: int
    term: int
    purpose: str
    monthly_income: int
    monthly_debt: int
    bureau_score: int
    open_accounts: int
    delinquencies_24m: int
    inquiries_6m: int
    submitted_at: datetime
    assigned_to: int | None
    assigned_name: str | None
    score: int
    max_score: int
    grade: str
    pd: Decimal
    scorecard_version: int
    score_lines: tuple[ScoreLine, ...]
    reasons: tuple[ScoreLine, ...]  # the four costliest characteristics
    recommended_rate: Decimal | None
    offer_amount: int | None
    offer_term: int | None
    offer_rate: Decimal | None
    recommended_by: int | None
    recommended_by_name: str | None
    decided_by_name: str | None
    decided_at: datetime | None
    decline_reasons: tuple[tuple[str, str], ...]
    decline_reasons_zh: tuple[str, ...]  # the same reasons in Chinese, in order
    info_message: str | None
    info_due: date | None
    loan_id: int | None
    business_date: date
    affordability: Affordability
    income: IncomeCheck
    balloon: int | None  # the final payment of a bullet or interest-only loan
    cap: CapHeadroom
    kyc: KycView
    quote: Schedule | None
    four_eyes_threshold: int
    notes: tuple[NoteView, ...]
    history: tuple[HistoryEntry, ...]
    cost: OfferCost | None = None  # of ``quote``: fees and 综合年化成本
    cost_ceiling: Decimal = Decimal("0.24")  # the highest cost an offer may have

    @property
    def trail(self) -> tuple[TrailEntry, ...]:
        """Who recommended, approved, declined, sent back (when, with the note)."""
        return decision_trail(self.history)

    @property
    def terms(self) -> tuple[int, int, Decimal | None]:
        """The terms on the table: the offer when there is one, else the request."""
        return (
            self.offer_amount or self.amount,
            self.offer_term or self.term,
            self.offer_rate if self.offer_rate is not None else self.recommended_rate,
        )


def live_quote(
    product: ProductTerms, amount: int, term: int, rate: Decimal, start: date
) -> Schedule:
    """The repayment schedule for terms typed on screen (the loan engine's rules)."""
    return build_schedule(amount, rate, term, product.method, start)


def _name(session: Session, user_id: int | None) -> str | None:
    return (
        None
        if user_id is None
        else session.scalar(select(User.display_name).where(User.id == user_id))
    )


def _scorecard_chinese(
    session: Session, scorecard_id: int | None
) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(code, English bin label) -> (label, bin label, reason) in Chinese, from the
    scorecard version that scored the application (versions are never edited);
    (code, "") holds the characteristic's own when a bin has none."""
    if scorecard_id is None:
        return {}
    rows = session.execute(
        select(
            ScorecardCharacteristic.code, ScorecardCharacteristic.label_zh,
            ScorecardCharacteristic.reason_zh, ScorecardBin.label, ScorecardBin.label_zh,
        )
        .join(ScorecardBin, ScorecardBin.characteristic_id == ScorecardCharacteristic.id)
        .where(ScorecardCharacteristic.scorecard_id == scorecard_id)
    ).all()  # fmt: skip
    found: dict[tuple[str, str], tuple[str, str, str]] = {}
    for code, label_zh, reason_zh, bin_label, bin_zh in rows:
        found[(code, bin_label)] = (label_zh or "", bin_zh or "", reason_zh or "")
        found[(code, "")] = (label_zh or "", "", reason_zh or "")
    return found


def load_detail(session: Session, application_id: int, gate: KycGate) -> ApplicationDetail:
    app = session.get(Application, application_id)
    if app is None:
        raise NotFound(f"application {application_id} does not exist")
    customer = session.get(Customer, app.customer_id)
    product = session.get(Product, app.product_id)
    assert customer is not None and product is not None
    terms = terms_of(session, product)
    today = business_date(session)
    chinese = _scorecard_chinese(session, app.scorecard_id)
    lines = tuple(
        ScoreLine(
            p.code,
            p.label,
            p.value,
            p.bin_label,
            p.points,
            p.max_points,
            p.reason_code,
            p.reason,
            *chinese.get((p.code, p.bin_label), chinese.get((p.code, ""), ("", "", ""))),
        )
        for p in session.scalars(
            select(ApplicationScorePart)
            .where(ApplicationScorePart.application_id == app.id)
            .order_by(ApplicationScorePart.position)
        )
    )
    ranked = sorted(
        (i for i, line in enumerate(lines) if line.points < line.max_points),
        key=lambda i: (lines[i].points - lines[i].max_points, i),
    )
    amount = app.offer_amount or app.amount
    term = app.offer_term or app.term
    rate = app.offer_rate if app.offer_rate is not None else app.recommended_rate
    quote = None if rate is None else live_quote(terms, amount, term, rate, today)
    worst = max(terms.grade_rates.values()) if terms.grade_rates else Decimal(0)
    schedule = quote or live_quote(terms, amount, term, worst, today)
    limit_bp = int(get_setting(session, "origination.max_dti_bp"))
    gate_result = gate(session, app.customer_id)
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == ENTITY, AuditEvent.entity_id == str(app.id))
        .order_by(AuditEvent.seq)
    ).all()
    notes = session.scalars(
        select(ApplicationNote)
        .where(ApplicationNote.application_id == app.id)
        .order_by(ApplicationNote.id)
    ).all()
    card = session.get(Scorecard, app.scorecard_id)
    codes = [c for c in (app.decline_reasons or "").split(",") if c]
    return ApplicationDetail(
        id=app.id,
        number=app.number,
        version=app.version,
        status=app.status,
        channel=app.channel,
        external_id=app.external_id,
        customer=summarise(customer),
        customer_kind=customer.kind,
        product=terms,
        amount=app.amount,
        term=app.term,
        purpose=app.purpose,
        monthly_income=app.monthly_income,
        monthly_debt=app.monthly_debt,
        bureau_score=app.bureau_score,
        open_accounts=app.open_accounts,
        delinquencies_24m=app.delinquencies_24m,
        inquiries_6m=app.inquiries_6m,
        submitted_at=app.submitted_at,
        assigned_to=app.assigned_to,
        assigned_name=_name(session, app.assigned_to),
        score=app.score,
        max_score=sum(line.max_points for line in lines),
        grade=app.grade,
        pd=app.pd,
        scorecard_version=card.version if card else 0,
        score_lines=lines,
        reasons=tuple(lines[i] for i in ranked[:REASON_COUNT]),
        recommended_rate=app.recommended_rate,
        offer_amount=app.offer_amount,
        offer_term=app.offer_term,
        offer_rate=app.offer_rate,
        recommended_by=app.recommended_by,
        recommended_by_name=_name(session, app.recommended_by),
        decided_by_name=_name(session, app.decided_by),
        decided_at=app.decided_at,
        decline_reasons=tuple((c, DECLINE_REASONS.get(c, c)) for c in codes),
        decline_reasons_zh=tuple(DECLINE_REASONS_ZH.get(c, "") for c in codes),
        info_message=app.info_message,
        info_due=app.info_due,
        loan_id=app.loan_id,
        business_date=today,
        affordability=assess(
            app.monthly_income,
            app.monthly_debt,
            schedule,
            limit_bp,
            platform_debt(session, app.customer_id, app.id, today, app.loan_id),
        ),
        income=IncomeCheck(
            app.monthly_income,
            customer.monthly_income,
            int(get_setting(session, "origination.income_tolerance_bp")),
        ),
        balloon=balloon_payment(schedule),
        cap=cap_headroom(session, app, amount),
        kyc=KycView(
            gate_result.ok,
            gate_result.state,
            tuple(gate_result.missing),
            gate_result.reason,
            getattr(gate_result, "code", "open" if gate_result.ok else ""),
            tuple(getattr(gate_result, "missing_zh", ())),
            tuple(getattr(gate_result, "matches", ())),
        ),
        quote=quote,
        cost=None if quote is None else offer_cost(terms, quote),
        cost_ceiling=cost_ceiling(session),
        four_eyes_threshold=int(get_setting(session, "origination.four_eyes_threshold")),
        notes=tuple(NoteView(n.created_at, n.author_name, n.body) for n in notes),
        history=tuple(
            HistoryEntry(
                e.occurred_at,
                e.actor_name,
                e.action,
                json.loads(e.before_json) if e.before_json else None,
                json.loads(e.after_json) if e.after_json else None,
            )
            for e in events
        ),
    )


def allowed_actions(d: ApplicationDetail, actor: Actor) -> frozenset[str]:
    """Which decision buttons make sense for ``actor`` (the services check again)."""
    status = Status(d.status)
    acts: set[str] = set()
    decide = actor.can(Permission.APPLICATION_DECIDE)
    senior = actor.can(Permission.APPLICATION_APPROVE_HIGH)
    if decide and status in OPEN:
        acts.add("decline")
        if d.assigned_to != actor.user_id:
            acts.add("claim")
    if actor.can(Permission.APPLICATION_EDIT) and (status in OPEN or status is Status.APPROVED):
        acts.add("withdraw")
    if actor.can(Permission.APPLICATION_EDIT):
        acts.add("note")
    if decide and status is Status.IN_REVIEW:
        acts |= {"request_info", "recommend"}
        if (d.offer_amount or d.amount) <= d.four_eyes_threshold:
            acts.add("approve")
    if decide and status is Status.INFO_REQUESTED:
        acts.add("info_received")
    if status is Status.RECOMMENDED and senior and d.recommended_by != actor.user_id:
        acts |= {"approve", "send_back"}
    if status is Status.RECOMMENDED and not (senior and d.recommended_by != actor.user_id):
        acts.discard("decline")
    if actor.can(Permission.DISBURSE) and status in (Status.APPROVED, Status.FUNDING):
        acts.add("fund" if status is Status.APPROVED else "disburse")
    if status is Status.APPROVED or status is Status.DISBURSED or status is Status.FUNDING:
        acts.add("agreement")
    if status is Status.DECLINED:
        acts.add("decline_letter")
    return frozenset(acts)


def approve_blocker(d: ApplicationDetail, actor: Actor) -> tuple[str, tuple[str, ...]] | None:
    """Why ``actor`` may not approve ``d`` now, as (code, parameters) for the desk to
    word (the services check the same rules again); None when approval is open."""
    status = Status(d.status)
    if status not in (Status.IN_REVIEW, Status.RECOMMENDED):
        return "status", (d.status,)
    if not actor.can(Permission.APPLICATION_DECIDE):
        return "permission", ()
    if status is Status.IN_REVIEW:
        amount = d.offer_amount or d.amount
        if amount > d.four_eyes_threshold:
            return "threshold", (format_amount(amount), format_amount(d.four_eyes_threshold))
    else:
        if d.recommended_by == actor.user_id:
            return "own_recommendation", ()
        if not actor.can(Permission.APPLICATION_APPROVE_HIGH):
            return "needs_senior", (d.recommended_by_name or "",)
    if not d.kyc.ok:
        return "kyc", (d.kyc.reason,)
    if d.cap.excess > 0:
        cap = d.cap
        return "cap", tuple(format_amount(x, True) for x in (cap.excess, cap.cap, cap.available))
    return None


class ApplicationQueries:
    """Read-only calls for the desk; each opens and closes its own transaction."""

    def __init__(self, ctx: ServiceContext, kyc_gate: KycGate = default_kyc_gate) -> None:
        self.ctx = ctx
        self.gate = kyc_gate

    def detail(self, application_id: int) -> ApplicationDetail:
        self.ctx.require(Permission.APPLICATION_VIEW)
        with self.ctx.transaction() as session:
            return load_detail(session, application_id, self.gate)

    def queue(
        self,
        flt: QueueFilter,
        sort: QueueSort = QueueSort.SUBMITTED,
        descending: bool = False,
        after: tuple[Any, int] | None = None,
        limit: int = 100,
    ) -> list[QueueRow]:
        """One keyset page of the review queue."""
        self.ctx.require(Permission.APPLICATION_VIEW)
        with self.ctx.sessions() as session:  # read only: no write lock, nothing to commit
            session.connection(execution_options={"sqlite_deferred": True})
            return queue_page(session, flt, sort, descending, after, limit, now=self.ctx.now())
