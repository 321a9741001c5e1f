"""The internal blacklist: ID numbers, phones and bank cards, held as blind indexes.

``on_customer_identity_changed`` is what the customer service calls whenever a
customer's ID number, phone or bank card is set: a match is recorded as a
confirmed hit of the "internal blacklist" screening list (which blocks lending),
and the checklist's blacklist item follows the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.context import Actor, ServiceContext
from app.customers.identity import luhn_ok, mobile_ok, resident_id_problem, uscc_problem
from app.errors import NotFound, PermissionDenied, ValidationError
from app.kyc.checks import INTERNAL_LIST
from app.platform import business_date as platform_business_date
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import PiiVault, last4, mask, normalise
from db.models.customers import Customer
from db.models.kyc import (
    KycBlacklistEntry,
    KycChecklist,
    KycItem,
    KycScreening,
    KycScreeningMatch,
)

KINDS = ("id_number", "phone", "bank_card")


_KIND_LABELS = {"id_number": "ID number", "phone": "phone", "bank_card": "bank card"}


def value_problem(kind: str, value: str) -> str | None:
    """Why ``value`` cannot be a ``kind`` (check digits included), or None."""
    text = normalise(kind, value)
    if kind == "id_number":  # a person's resident ID, or a company's credit code
        if resident_id_problem(text) is None or uscc_problem(text) is None:
            return None
        return "is neither a valid resident ID (GB 11643) nor a credit code (GB 32100)"
    if kind == "phone":
        return None if mobile_ok(text) else "must be an 11-digit mobile number starting 13-19"
    if kind == "bank_card":
        return None if luhn_ok(text) else "must be 12 to 19 digits passing the Luhn check"
    return "must be id_number, phone or bank_card"


@dataclass(frozen=True)
class BlacklistEntryView:
    id: int
    kind: str
    masked: str
    reason: str
    active: bool
    added_at: datetime


@dataclass(frozen=True)
class BlacklistHit:
    entry_id: int
    kind: str
    masked: str
    reason: str


def _hit_name(entry: KycBlacklistEntry) -> str:
    return f"blacklist entry #{entry.id} ({entry.kind})"


def find_hits(session: Session, customer: Customer) -> list[KycBlacklistEntry]:
    """Active entries whose blind index equals one of the customer's."""
    conditions = []
    for kind in KINDS:
        bidx = getattr(customer, f"{kind}_bidx")
        if bidx:
            conditions.append((KycBlacklistEntry.kind == kind) & (KycBlacklistEntry.bidx == bidx))
    if not conditions:
        return []
    return list(
        session.scalars(
            select(KycBlacklistEntry)
            .where(KycBlacklistEntry.active.is_(True), or_(*conditions))
            .order_by(KycBlacklistEntry.id)
        )
    )


def check_customer(
    session: Session, actor: Actor, customer_id: int, now: datetime
) -> list[BlacklistHit]:
    """Check one customer against the blacklist inside the caller's transaction.

    New matches become confirmed hits on an "internal blacklist" screening run
    (recorded once per entry), the checklist's blacklist item follows, and every
    check is audited."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"customer {customer_id} does not exist")
    entries = find_hits(session, customer)
    known = set(
        session.scalars(
            select(KycScreeningMatch.matched_name)
            .join(KycScreening, KycScreening.id == KycScreeningMatch.screening_id)
            .where(
                KycScreeningMatch.customer_id == customer_id,
                KycScreening.list_name == INTERNAL_LIST,
            )
        )
    )
    new = [e for e in entries if _hit_name(e) not in known]
    if new:
        run = KycScreening(
            customer_id=customer_id,
            list_name=INTERNAL_LIST,
            screened_on=platform_business_date(session),
            result="potential_match",
            recorded_by=actor.user_id,
            recorded_by_name=actor.username,
            recorded_at=now,
        )
        session.add(run)
        session.flush()
        for e in new:
            session.add(
                KycScreeningMatch(
                    screening_id=run.id,
                    customer_id=customer_id,
                    matched_name=_hit_name(e),
                    detail=f"{e.kind} {mask(e.kind, e.last4)}: {e.reason}"[:400],
                    status="confirmed",
                    reviewed_by=None,
                    reviewed_by_name="system",
                    reviewed_at=now,
                    reason="exact match on the blind index",
                )
            )
        session.flush()
    audit.record(
        session,
        actor,
        "kyc.blacklist_checked",
        "customer",
        customer_id,
        now=now,
        after={"hits": [e.id for e in entries], "new": [e.id for e in new]},
    )
    checklist = session.scalars(
        select(KycChecklist).where(KycChecklist.customer_id == customer_id)
    ).first()
    if checklist is not None:
        from app.kyc.checklists import refresh

        day = platform_business_date(session)
        apply_blacklist_result(session, checklist, actor, now, day)
        refresh(session, checklist, day)
    return [BlacklistHit(e.id, e.kind, mask(e.kind, e.last4), e.reason) for e in entries]


def on_customer_identity_changed(
    session: Session, actor: Actor, customer_id: int, now: datetime
) -> list[BlacklistHit]:
    """Hook for the customer service: call after ID number, phone or bank card change."""
    return check_customer(session, actor, customer_id, now)


def apply_blacklist_result(
    session: Session, checklist: KycChecklist, actor: Actor, now: datetime, business_date: date
) -> None:
    """Set the checklist's automatic blacklist item from the confirmed internal hits."""
    item = session.scalars(
        select(KycItem).where(
            KycItem.checklist_id == checklist.id, KycItem.check_kind == "blacklist"
        )
    ).first()
    if item is None:
        return
    hits = session.scalars(
        select(KycScreeningMatch.detail)
        .join(KycScreening, KycScreening.id == KycScreeningMatch.screening_id)
        .where(
            KycScreeningMatch.customer_id == checklist.customer_id,
            KycScreening.list_name == INTERNAL_LIST,
            KycScreeningMatch.status == "confirmed",
        )
    ).all()
    if hits:
        state, reason = "rejected", f"internal blacklist: {hits[0]}"[:400]
    else:
        state, reason = "verified", None
    if item.state == state and item.reason == reason:
        return
    if item.state == "waived":
        return
    item.state = state
    item.reason = reason
    item.decided_by = None
    item.decided_by_name = "system"
    item.decided_at = now
    item.note = "automatic check against the internal blacklist"
    session.flush()


class BlacklistService:
    """Maintain the internal blacklist (entries are blind indexes, never plaintext)."""

    def __init__(self, ctx: ServiceContext, vault: PiiVault | None) -> None:
        self.ctx = ctx
        self.vault = vault

    def add(self, kind: str, value: str, reason: str) -> BlacklistEntryView:
        """Blacklist a value and re-check every customer who has it."""
        self.ctx.require(Permission.KYC_VERIFY)
        if kind not in KINDS:
            raise ValidationError("kind", "must be id_number, phone or bank_card")
        if not value.strip():
            raise ValidationError("value", "is required")
        if not reason.strip():
            raise ValidationError("reason", "is required")
        problem = value_problem(kind, value)
        if problem:
            # a mistyped number would never match anyone and only look like protection
            raise ValidationError(_KIND_LABELS[kind], problem)
        if self.vault is None:
            raise PermissionDenied("Personal data is locked on this workstation (no master key).")
        bidx = self.vault.blind_index(kind, value)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            entry = session.scalars(
                select(KycBlacklistEntry).where(
                    KycBlacklistEntry.kind == kind, KycBlacklistEntry.bidx == bidx
                )
            ).first()
            if entry is None:
                entry = KycBlacklistEntry(
                    kind=kind,
                    bidx=bidx,
                    last4=last4(kind, value),
                    reason=reason.strip()[:400],
                    active=True,
                    added_by=self.ctx.actor.user_id,
                    added_at=now,
                )
                session.add(entry)
            else:
                entry.active = True
                entry.reason = reason.strip()[:400]
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "kyc.blacklist_added",
                "kyc_blacklist",
                entry.id,
                now=now,
                after={"kind": kind, "last4": entry.last4, "reason": entry.reason},
            )
            column = getattr(Customer, f"{kind}_bidx")
            for customer_id in session.scalars(select(Customer.id).where(column == bidx)).all():
                check_customer(session, self.ctx.actor, customer_id, now)
            return _entry_view(entry)

    def deactivate(self, entry_id: int, reason: str) -> BlacklistEntryView:
        self.ctx.require(Permission.KYC_WAIVE)
        if not reason.strip():
            raise ValidationError("reason", "is required")
        with self.ctx.transaction() as session:
            entry = session.get(KycBlacklistEntry, entry_id)
            if entry is None:
                raise NotFound(f"blacklist entry {entry_id} does not exist")
            entry.active = False
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "kyc.blacklist_deactivated",
                "kyc_blacklist",
                entry.id,
                now=self.ctx.now(),
                after={"reason": reason.strip()},
            )
            return _entry_view(entry)

    def entries(self, limit: int = 200) -> list[BlacklistEntryView]:
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.transaction() as session:
            rows = session.scalars(
                select(KycBlacklistEntry).order_by(KycBlacklistEntry.id.desc()).limit(limit)
            ).all()
            return [_entry_view(e) for e in rows]


def _entry_view(e: KycBlacklistEntry) -> BlacklistEntryView:
    return BlacklistEntryView(e.id, e.kind, mask(e.kind, e.last4), e.reason, e.active, e.added_at)
