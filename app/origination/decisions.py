"""The underwriter's decisions: take next, request information, recommend, approve
(with a counter-offer), send back, decline, withdraw.

Four eyes: above ``origination.four_eyes_threshold`` an underwriter only
recommends; a senior underwriter who is not the recommender approves or sends it
back. Approval needs the KYC gate open and the borrowing limit respected. No
recommendation or approval offers terms whose comprehensive annual cost (fees
included, :mod:`app.origination.pricing`) is above the platform's ceiling.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.amounts import check_entry
from app.context import ServiceContext
from app.errors import PermissionDenied, StateError, ValidationError
from app.loans.schedule import build_schedule
from app.money import format_amount
from app.origination.decline_reasons import DECLINE_REASONS, check_codes
from app.origination.limits import check_borrowing_limit
from app.origination.pricing import check_cost_ceiling
from app.origination.products import terms_of
from app.origination.records import (
    ApplicationRef,
    KycGate,
    default_kyc_gate,
    load_for_change,
    move,
    ref,
)
from app.origination.status import OPEN, Status
from app.platform import business_date
from app.security.permissions import Permission
from app.security.redact import redact_pii
from app.settings import get_setting
from db.models.loans import Product, ProductGrade
from db.models.origination import Application


def kyc_refusal(gate: KycGate, session: Session, customer_id: int, doing: str) -> None:
    """StateError listing what KYC still misses, unless the gate is open."""
    result = gate(session, customer_id)
    if result.ok:
        return
    missing = f" Missing: {', '.join(result.missing)}." if result.missing else ""
    raise StateError(f"KYC blocks {doing} ({result.state}): {result.reason}{missing}".rstrip())


class DecisionService:
    def __init__(self, ctx: ServiceContext, kyc_gate: KycGate = default_kyc_gate) -> None:
        self.ctx = ctx
        self.gate = kyc_gate

    # -- claiming ---------------------------------------------------------------------
    def take_next(self) -> ApplicationRef | None:
        """Assign the oldest unassigned submitted application to me and start its review.

        The candidate row is locked with ``FOR UPDATE SKIP LOCKED`` on the servers,
        so two underwriters taking next at once get different applications; SQLite
        serialises writers with its database lock.
        """
        self.ctx.require(Permission.APPLICATION_DECIDE)
        with self.ctx.transaction() as session:
            query = (
                select(Application)
                .where(
                    Application.status == Status.SUBMITTED.value,
                    Application.assigned_to.is_(None),
                )
                .order_by(Application.submitted_at, Application.id)
                .limit(1)
            )
            if session.get_bind().dialect.name != "sqlite":
                query = query.with_for_update(skip_locked=True)
            app = session.scalars(query).first()
            if app is None:
                return None
            self._assign(session, app)
            return ref(app)

    def claim(self, application_id: int, version: int | None) -> ApplicationRef:
        """Assign one chosen application to me (submitted, or reassign an open one)."""
        self.ctx.require(Permission.APPLICATION_DECIDE)
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            if Status(app.status) not in OPEN:
                raise StateError(f"Application {app.number} is no longer open.")
            self._assign(session, app)
            return ref(app)

    def _assign(self, session: Session, app: Application) -> None:
        previous = app.assigned_to
        app.assigned_to = self.ctx.actor.user_id
        app.assigned_at = self.ctx.now()
        if app.status == Status.SUBMITTED.value:
            move(
                session,
                self.ctx,
                app,
                Status.IN_REVIEW,
                "application.taken",
                assigned_to=app.assigned_to,
                previous=previous,
            )
        else:
            from app.security import audit

            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "application.assigned",
                "application",
                app.id,
                now=self.ctx.now(),
                before={"assigned_to": previous},
                after={"assigned_to": app.assigned_to},
            )

    # -- review -----------------------------------------------------------------------
    def request_info(
        self, application_id: int, version: int | None, message: str, due: date
    ) -> ApplicationRef:
        self.ctx.require(Permission.APPLICATION_DECIDE)
        text = redact_pii(message.strip())
        if not text:
            raise ValidationError("message", "say what information is needed")
        with self.ctx.transaction() as session:
            if due <= business_date(session):
                raise ValidationError("due date", "must be after today's business date")
            app = load_for_change(session, application_id, version)
            move(
                session,
                self.ctx,
                app,
                Status.INFO_REQUESTED,
                "application.info_requested",
                message=text,
                due=due,
            )
            app.info_message = text
            app.info_due = due
            return ref(app)

    def info_received(self, application_id: int, version: int | None) -> ApplicationRef:
        self.ctx.require(Permission.APPLICATION_DECIDE)
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            move(session, self.ctx, app, Status.IN_REVIEW, "application.info_received")
            return ref(app)

    def _offer(
        self,
        session: Session,
        app: Application,
        amount: int | None,
        term: int | None,
        rate: Decimal | None,
    ) -> tuple[int, int, Decimal]:
        """The terms being decided: the request, lowered where the underwriter says."""
        offer_amount = app.amount if amount is None else amount
        check_entry(session, offer_amount, "amount")
        offer_term = app.term if term is None else term
        base_rate = app.recommended_rate
        if base_rate is None:
            raise StateError(
                f"The product does not lend to grade {app.grade}; decline or change the product."
            )
        offer_rate = base_rate if rate is None else rate
        if not 0 < offer_amount <= app.amount:
            raise ValidationError(
                "amount", f"may be lowered, not raised above {format_amount(app.amount, True)}"
            )
        if not 1 <= offer_term <= app.term:
            raise ValidationError("term", f"may be shortened, not lengthened beyond {app.term}")
        if not Decimal(0) <= offer_rate <= base_rate:
            raise ValidationError("rate", f"may be lowered, not raised above {base_rate}")
        rates = set(
            session.scalars(
                select(ProductGrade.annual_rate).where(ProductGrade.product_id == app.product_id)
            )
        )
        if offer_rate not in rates:
            listed = ", ".join(str(r) for r in sorted(rates) if r <= base_rate)
            raise ValidationError("rate", f"must be one of the product's grade rates: {listed}")
        product = session.get(Product, app.product_id)
        assert product is not None
        terms = terms_of(session, product)
        schedule = build_schedule(
            offer_amount, offer_rate, offer_term, terms.method, business_date(session)
        )
        check_cost_ceiling(session, terms, schedule)
        return offer_amount, offer_term, offer_rate

    def recommend(
        self,
        application_id: int,
        version: int | None,
        amount: int | None = None,
        term: int | None = None,
        rate: Decimal | None = None,
        note: str = "",
    ) -> ApplicationRef:
        """Propose approval for a second user's check (needed above the threshold);
        ``note`` (optional) is kept in the decision trail."""
        self.ctx.require(Permission.APPLICATION_DECIDE)
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            offer = self._offer(session, app, amount, term, rate)
            app.offer_amount, app.offer_term, app.offer_rate = offer
            app.recommended_by = self.ctx.actor.user_id
            app.recommended_at = self.ctx.now()
            move(
                session,
                self.ctx,
                app,
                Status.RECOMMENDED,
                "application.recommended",
                offer_amount=offer[0],
                offer_term=offer[1],
                offer_rate=offer[2],
                note=note.strip(),
            )
            return ref(app)

    def approve(
        self,
        application_id: int,
        version: int | None,
        amount: int | None = None,
        term: int | None = None,
        rate: Decimal | None = None,
        note: str = "",
    ) -> ApplicationRef:
        """Approve in review (up to the threshold) or a recommendation (second user);
        ``note`` (optional) is kept in the decision trail."""
        self.ctx.require(Permission.APPLICATION_DECIDE)
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            threshold = int(get_setting(session, "origination.four_eyes_threshold"))
            if app.status == Status.RECOMMENDED.value:
                self._check_second_pair(app)
                if amount is None and term is None and rate is None:
                    assert app.offer_amount is not None and app.offer_term is not None
                    amount, term, rate = app.offer_amount, app.offer_term, app.offer_rate
            offer = self._offer(session, app, amount, term, rate)
            if app.status == Status.IN_REVIEW.value and offer[0] > threshold:
                raise PermissionDenied(
                    f"Four eyes: {format_amount(offer[0], True)} is above "
                    f"{format_amount(threshold, True)}; recommend it for a senior "
                    "underwriter's approval."
                )
            kyc_refusal(self.gate, session, app.customer_id, "approval")
            check_borrowing_limit(session, app, offer[0])
            app.offer_amount, app.offer_term, app.offer_rate = offer
            app.decided_by = self.ctx.actor.user_id
            app.decided_at = self.ctx.now()
            move(
                session,
                self.ctx,
                app,
                Status.APPROVED,
                "application.approved",
                offer_amount=offer[0],
                offer_term=offer[1],
                offer_rate=offer[2],
                recommended_by=app.recommended_by,
                note=note.strip(),
            )
            return ref(app)

    def _check_second_pair(self, app: Application) -> None:
        if not self.ctx.actor.can(Permission.APPLICATION_APPROVE_HIGH):
            raise PermissionDenied(
                f"Application {app.number} awaits a senior underwriter's approval."
            )
        if app.recommended_by == self.ctx.actor.user_id:
            raise PermissionDenied(
                "Four eyes: you recommended this application, so another senior "
                "underwriter must approve it or send it back."
            )
        if app.created_by is not None and app.created_by == self.ctx.actor.user_id:
            # Four eyes compares people (issue 20 #16): whoever entered the
            # application prepared it, whoever recommended it.
            raise PermissionDenied(
                "Four eyes: you entered this application, so another senior "
                "underwriter must approve it or send it back."
            )

    def send_back(self, application_id: int, version: int | None, note: str) -> ApplicationRef:
        """A senior returns a recommendation to review with a note."""
        self.ctx.require(Permission.APPLICATION_DECIDE)
        text = note.strip()
        if not text:
            raise ValidationError("note", "say why it goes back")
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            if app.status == Status.RECOMMENDED.value:
                self._check_second_pair(app)
            move(session, self.ctx, app, Status.IN_REVIEW, "application.sent_back", note=text)
            return ref(app)

    def decline(
        self, application_id: int, version: int | None, codes: list[str], note: str = ""
    ) -> ApplicationRef:
        self.ctx.require(Permission.APPLICATION_DECIDE)
        try:
            reasons = check_codes(codes)
        except ValueError as exc:
            raise ValidationError("reasons", str(exc)) from None
        if not reasons:
            raise ValidationError("reasons", "choose at least one decline reason")
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            if app.status == Status.RECOMMENDED.value:
                self._check_second_pair(app)
            app.decline_reasons = ",".join(reasons)
            app.decided_by = self.ctx.actor.user_id
            app.decided_at = self.ctx.now()
            move(
                session,
                self.ctx,
                app,
                Status.DECLINED,
                "application.declined",
                reasons=reasons,
                texts=[DECLINE_REASONS[c] for c in reasons],
                note=note.strip(),
            )
            return ref(app)

    def withdraw(self, application_id: int, version: int | None, note: str = "") -> ApplicationRef:
        """The applicant no longer wants the loan; ``note`` says why (required)."""
        self.ctx.require(Permission.APPLICATION_EDIT)
        if not note.strip():
            raise ValidationError("reason", "say why the application is withdrawn")
        with self.ctx.transaction() as session:
            app = load_for_change(session, application_id, version)
            move(
                session, self.ctx, app, Status.WITHDRAWN, "application.withdrawn", note=note.strip()
            )
            return ref(app)
