"""KYC's end-of-day steps.

``kyc.expire_items``: one set-based UPDATE marks every verified item whose validity
ended before the business date as expired, and a second marks their checklists
expired (an expired required item outranks every other derived state).
``kyc.refresh_queue``: checklists whose queue position depends on the date
(items now expired, or expiring within the warning window) are recomputed.
Both are safe to run again: a second run finds nothing to change.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.clock import utc_now
from app.context import Actor
from app.eod import EodStep
from app.kyc.checklists import refresh
from app.kyc.rules import EXPIRY_WARNING_DAYS, QueueReason
from app.security import audit
from db.models.kyc import KycChecklist, KycItem

_CHUNK = 500


def expire_items(sessions: sessionmaker[Session], day: date) -> int:
    """Verified items valid until before ``day`` become expired (set-based)."""
    with sessions.begin() as session:
        result = session.execute(
            update(KycItem)
            .where(KycItem.state == "verified", KycItem.valid_until < day)
            .values(
                state="expired",
                reason=f"validity ended before {day.isoformat()}",
                version=KycItem.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        items = int(result.rowcount or 0)  # type: ignore[attr-defined]
        if not items:
            return 0
        expired_required = select(KycItem.id).where(
            KycItem.checklist_id == KycChecklist.id,
            KycItem.required.is_(True),
            KycItem.state == "expired",
        )
        session.execute(
            update(KycChecklist)
            .where(KycChecklist.state != "expired", exists(expired_required))
            .values(state="expired", version=KycChecklist.version + 1)
            .execution_options(synchronize_session=False)
        )
        audit.record(
            session,
            Actor.system("eod"),
            "kyc.items_expired",
            "kyc_item",
            "*",
            now=utc_now(),
            after={"business_date": day, "items": items},
        )
        return items


def refresh_queue(sessions: sessionmaker[Session], day: date) -> int:
    """Recompute queue positions that the new date changes, in chunks."""
    horizon = day + timedelta(days=EXPIRY_WARNING_DAYS)
    date_bound = exists(
        select(KycItem.id).where(
            KycItem.checklist_id == KycChecklist.id,
            or_(
                KycItem.state == "expired",
                (KycItem.state == "verified") & (KycItem.valid_until <= horizon),
            ),
        )
    )
    stale = or_(
        KycChecklist.queue_reason.is_(None),
        KycChecklist.queue_reason.in_([QueueReason.EXPIRING.value, QueueReason.EXPIRED.value]),
    )
    changed = 0
    last_id = 0
    while True:
        with sessions.begin() as session:
            rows = session.scalars(
                select(KycChecklist)
                .where(KycChecklist.id > last_id, date_bound, stale)
                .order_by(KycChecklist.id)
                .limit(_CHUNK)
            ).all()
            if not rows:
                return changed
            for checklist in rows:
                before = (checklist.state, checklist.queue_reason, checklist.queue_due)
                refresh(session, checklist, day)
                if before != (checklist.state, checklist.queue_reason, checklist.queue_due):
                    changed += 1
            last_id = rows[-1].id


def kyc_steps() -> list[EodStep]:
    return [EodStep("kyc.expire_items", expire_items), EodStep("kyc.refresh_queue", refresh_queue)]
