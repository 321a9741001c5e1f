"""Screening runs (sanctions, PEP, ...) and the review of potential matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.context import ServiceContext
from app.errors import ConflictError, NotFound, PermissionDenied, StateError, ValidationError
from app.kyc.blacklist import apply_blacklist_result
from app.kyc.checklists import checklist_for, refresh
from app.kyc.checks import INTERNAL_LIST
from app.kyc.records import ScreeningView, screenings_of
from app.platform import business_date
from app.security import audit
from app.security.permissions import Permission
from db.models.customers import Customer
from db.models.kyc import KycScreening, KycScreeningMatch

DECISIONS = ("confirmed", "false_positive")


@dataclass(frozen=True)
class OpenMatch:
    """A potential match waiting for review (the KYC desk's screening queue)."""

    match_id: int
    customer_id: int
    customer_number: str
    customer_name: str
    list_name: str
    matched_name: str
    detail: str
    screened_on: date
    recorded_by_name: str
    recorded_by_me: bool
    version: int


@dataclass(frozen=True)
class MatchInput:
    matched_name: str
    detail: str = ""


def _open_match(row: Any, me: int | None) -> OpenMatch:
    mid, cid, number, name, list_name, matched, detail, day, recorder, by, version = row
    return OpenMatch(
        match_id=mid,
        customer_id=cid,
        customer_number=number,
        customer_name=name,
        list_name=list_name,
        matched_name=matched,
        detail=detail or "",
        screened_on=day,
        recorded_by_name=recorder,
        recorded_by_me=by is not None and by == me,
        version=version,
    )


class ScreeningService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record(
        self,
        customer_id: int,
        list_name: str,
        screened_on: date | None = None,
        matches: Sequence[MatchInput] = (),
    ) -> ScreeningView:
        """Record one run (dated today's business date unless given): no hit, or
        potential matches that each need a review."""
        self.ctx.require(Permission.KYC_VERIFY)
        name = list_name.strip()
        if not name:
            raise ValidationError("list name", "is required")
        if name.casefold() == INTERNAL_LIST:
            raise ValidationError("list name", "the internal blacklist is checked automatically")
        for n, m in enumerate(matches, start=1):
            if not m.matched_name.strip():
                raise ValidationError(f"match {n}", "matched name is required")
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            if session.get(Customer, customer_id) is None:
                raise NotFound(f"customer {customer_id} does not exist")
            screened_on = screened_on or business_date(session)
            if screened_on > business_date(session):
                raise ValidationError("date", "a screening cannot be dated in the future")
            run = KycScreening(
                customer_id=customer_id,
                list_name=name[:100],
                screened_on=screened_on,
                result="potential_match" if matches else "no_hit",
                recorded_by=self.ctx.actor.user_id,
                recorded_by_name=self.ctx.actor.username,
                recorded_at=now,
            )
            session.add(run)
            session.flush()
            for m in matches:
                session.add(
                    KycScreeningMatch(
                        screening_id=run.id,
                        customer_id=customer_id,
                        matched_name=m.matched_name.strip()[:200],
                        detail=m.detail.strip()[:400],
                        status="potential",
                    )
                )
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "kyc.screening_recorded",
                "kyc_screening",
                run.id,
                now=now,
                after={
                    "customer_id": customer_id,
                    "list": name,
                    "date": screened_on,
                    "result": run.result,
                    "matches": len(matches),
                },
            )
            return next(s for s in screenings_of(session, customer_id) if s.id == run.id)

    def review(
        self, match_id: int, decision: str, reason: str, version: int | None = None
    ) -> ScreeningView:
        """Settle a potential match as a confirmed hit (blocks lending) or a false
        positive; an internal blacklist hit may also be cleared as a false positive."""
        self.ctx.require(Permission.KYC_VERIFY)
        if decision not in DECISIONS:
            raise ValidationError("decision", "must be confirmed or false_positive")
        if not reason.strip():
            raise ValidationError("reason", "say why")
        now = self.ctx.now()
        try:
            with self.ctx.transaction() as session:
                match = session.get(KycScreeningMatch, match_id, with_for_update=True)
                if match is None:
                    raise NotFound(f"screening match {match_id} does not exist")
                if version is not None and match.version != version:
                    raise ConflictError(
                        f"This match was reviewed by {match.reviewed_by_name or 'another user'} "
                        "meanwhile; reload and look again."
                    )
                if match.status == decision:
                    raise StateError(f"This match is already {decision.replace('_', ' ')}.")
                if match.status == "false_positive":
                    raise StateError("A false positive stays settled; record a new run instead.")
                run = session.get(KycScreening, match.screening_id)
                assert run is not None
                if run.recorded_by is not None and run.recorded_by == self.ctx.actor.user_id:
                    raise PermissionDenied(
                        "Four eyes: this match was recorded by you; another officer with "
                        "kyc.verify must review it."
                    )
                before = {"status": match.status, "reason": match.reason}
                match.status = decision
                match.reason = reason.strip()[:400]
                match.reviewed_by = self.ctx.actor.user_id
                match.reviewed_by_name = self.ctx.actor.username
                match.reviewed_at = now
                session.flush()
                audit.record(
                    session,
                    self.ctx.actor,
                    "kyc.screening_reviewed",
                    "kyc_screening_match",
                    match.id,
                    now=now,
                    before=before,
                    after={"status": decision, "reason": match.reason},
                )
                checklist = checklist_for(session, match.customer_id)
                if checklist is not None:
                    day = business_date(session)
                    apply_blacklist_result(session, checklist, self.ctx.actor, now, day)
                    refresh(session, checklist, day)
                return next(s for s in screenings_of(session, match.customer_id) if s.id == run.id)
        except StaleDataError as exc:
            raise ConflictError("This match changed meanwhile; reload and look again.") from exc

    def open_matches(self, limit: int = 200) -> tuple[OpenMatch, ...]:
        """Potential matches nobody has reviewed yet, oldest run first."""
        self.ctx.require(Permission.KYC_VIEW)
        me = self.ctx.actor.user_id
        with self.ctx.sessions() as session:
            rows = session.execute(
                select(
                    KycScreeningMatch.id,
                    Customer.id,
                    Customer.number,
                    Customer.name,
                    KycScreening.list_name,
                    KycScreeningMatch.matched_name,
                    KycScreeningMatch.detail,
                    KycScreening.screened_on,
                    KycScreening.recorded_by_name,
                    KycScreening.recorded_by,
                    KycScreeningMatch.version,
                )
                .join(KycScreening, KycScreening.id == KycScreeningMatch.screening_id)
                .join(Customer, Customer.id == KycScreeningMatch.customer_id)
                .where(KycScreeningMatch.status == "potential")
                .order_by(KycScreening.screened_on, KycScreeningMatch.id)
                .limit(limit)
            ).all()
            return tuple(_open_match(row, me) for row in rows)

    def for_customer(self, customer_id: int) -> tuple[ScreeningView, ...]:
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.transaction() as session:
            return screenings_of(session, customer_id)
