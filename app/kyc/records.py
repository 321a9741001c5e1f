"""What KYC services return (frozen dataclasses) and the loaders that build them.

Loaders take the caller's session and never open their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.kyc.rules import ItemFacts
from app.platform import business_date
from db.models.customers import Customer
from db.models.kyc import KycChecklist, KycEvidence, KycItem, KycScreening, KycScreeningMatch
from db.models.security import User


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    item_id: int
    file_name: str
    mime_type: str
    size: int
    sha256: str
    uploaded_by_name: str
    uploaded_at: datetime
    superseded_by: int | None

    @property
    def current(self) -> bool:
        return self.superseded_by is None

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


@dataclass(frozen=True)
class EvidenceFile:
    """An opened evidence file. ``intact`` is False when the stored bytes no longer
    match the hash taken at upload: the file was altered in the database."""

    info: EvidenceInfo
    content: bytes
    actual_sha256: str

    @property
    def intact(self) -> bool:
        return self.actual_sha256 == self.info.sha256


@dataclass(frozen=True)
class ItemView:
    id: int
    checklist_id: int
    position: int
    code: str
    label: str
    label_zh: str  # "" when the template gave no Chinese label
    required: bool
    evidence_required: bool
    validity_days: int | None
    verifier_role: str
    check_kind: str | None
    state: str
    note: str | None
    submitted_by: int | None  # None: the system submitted it (anyone may decide it)
    submitted_by_name: str | None
    submitted_at: datetime | None
    decided_by_name: str | None
    decided_at: datetime | None
    reason: str | None
    valid_until: date | None
    waiver_requested_by: int | None
    waiver_requested_by_name: str | None
    waiver_reason: str | None
    version: int
    evidence: tuple[EvidenceInfo, ...]

    @property
    def waiver_pending(self) -> bool:
        return self.waiver_requested_by is not None

    @property
    def current_evidence(self) -> tuple[EvidenceInfo, ...]:
        return tuple(e for e in self.evidence if e.current)


@dataclass(frozen=True)
class MatchView:
    id: int
    screening_id: int
    matched_name: str
    detail: str | None
    status: str
    reviewed_by_name: str | None
    reviewed_at: datetime | None
    reason: str | None
    version: int


@dataclass(frozen=True)
class ScreeningView:
    id: int
    customer_id: int
    list_name: str
    screened_on: date
    result: str
    recorded_by_name: str
    recorded_at: datetime
    matches: tuple[MatchView, ...]


@dataclass(frozen=True)
class ChecklistView:
    id: int
    customer_id: int
    customer_number: str
    customer_name: str
    customer_kind: str
    template_id: int
    state: str
    queue_reason: str | None
    queue_due: datetime | None
    claimed_by: int | None
    claimed_by_name: str | None
    version: int
    items: tuple[ItemView, ...]
    screenings: tuple[ScreeningView, ...]
    business_date: date  # the day the view was read on: what "renew now?" is judged by


def facts(item: KycItem) -> ItemFacts:
    return ItemFacts(
        item.required, item.state, item.submitted_at, item.decided_at, item.valid_until
    )


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}


def evidence_info(e: KycEvidence) -> EvidenceInfo:
    return EvidenceInfo(
        e.id,
        e.item_id,
        e.file_name,
        e.mime_type,
        e.size,
        e.sha256,
        e.uploaded_by_name,
        e.uploaded_at,
        e.superseded_by,
    )


def items_of(session: Session, checklist_id: int) -> list[KycItem]:
    return list(
        session.scalars(
            select(KycItem).where(KycItem.checklist_id == checklist_id).order_by(KycItem.position)
        )
    )


def screenings_of(session: Session, customer_id: int) -> tuple[ScreeningView, ...]:
    runs = session.scalars(
        select(KycScreening)
        .where(KycScreening.customer_id == customer_id)
        .order_by(KycScreening.id.desc())
    ).all()
    matches = session.scalars(
        select(KycScreeningMatch)
        .where(KycScreeningMatch.customer_id == customer_id)
        .order_by(KycScreeningMatch.id)
    ).all()
    by_run: dict[int, list[MatchView]] = {}
    for m in matches:
        by_run.setdefault(m.screening_id, []).append(
            MatchView(
                m.id,
                m.screening_id,
                m.matched_name,
                m.detail,
                m.status,
                m.reviewed_by_name,
                m.reviewed_at,
                m.reason,
                m.version,
            )
        )
    return tuple(
        ScreeningView(
            r.id,
            r.customer_id,
            r.list_name,
            r.screened_on,
            r.result,
            r.recorded_by_name,
            r.recorded_at,
            tuple(by_run.get(r.id, [])),
        )
        for r in runs
    )


def checklist_view(session: Session, checklist: KycChecklist) -> ChecklistView:
    customer = session.get(Customer, checklist.customer_id)
    if customer is None:
        raise NotFound(f"customer {checklist.customer_id} does not exist")
    items = items_of(session, checklist.id)
    evidence = (
        session.scalars(
            select(KycEvidence)
            .where(KycEvidence.item_id.in_([i.id for i in items]))
            .order_by(KycEvidence.id)
        ).all()
        if items
        else []
    )
    by_item: dict[int, list[EvidenceInfo]] = {}
    for e in evidence:
        by_item.setdefault(e.item_id, []).append(evidence_info(e))
    names = user_names(
        session,
        [checklist.claimed_by]
        + [i.submitted_by for i in items]
        + [i.waiver_requested_by for i in items],
    )
    views = tuple(
        ItemView(
            id=i.id,
            checklist_id=i.checklist_id,
            position=i.position,
            code=i.code,
            label=i.label,
            label_zh=i.label_zh or "",
            required=i.required,
            evidence_required=i.evidence_required,
            validity_days=i.validity_days,
            verifier_role=i.verifier_role,
            check_kind=i.check_kind,
            state=i.state,
            note=i.note,
            submitted_by=i.submitted_by,
            submitted_by_name=names.get(i.submitted_by) if i.submitted_by else None,
            submitted_at=i.submitted_at,
            decided_by_name=i.decided_by_name,
            decided_at=i.decided_at,
            reason=i.reason,
            valid_until=i.valid_until,
            waiver_requested_by=i.waiver_requested_by,
            waiver_requested_by_name=(
                names.get(i.waiver_requested_by) if i.waiver_requested_by else None
            ),
            waiver_reason=i.waiver_reason,
            version=i.version,
            evidence=tuple(by_item.get(i.id, [])),
        )
        for i in items
    )
    return ChecklistView(
        id=checklist.id,
        customer_id=customer.id,
        customer_number=customer.number,
        customer_name=customer.name,
        customer_kind=customer.kind,
        template_id=checklist.template_id,
        state=checklist.state,
        queue_reason=checklist.queue_reason,
        queue_due=checklist.queue_due,
        claimed_by=checklist.claimed_by,
        claimed_by_name=names.get(checklist.claimed_by) if checklist.claimed_by else None,
        version=checklist.version,
        items=views,
        screenings=screenings_of(session, customer.id),
        business_date=business_date(session),
    )
