"""Why a user reveals personal data, and how often they may.

Every reveal states a reason from a short list (or "other" with a typed
explanation) that the audit event records. A user who reveals more than
``security.reveals_per_hour`` values within an hour is refused, and the admins are
alerted once for that hour through an audit event (entity ``security_alert``) that
the audit viewer lists and the main window counts for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import P2PDeskError, ValidationError
from app.security import audit
from app.security.redact import redact_pii
from app.settings import get_setting
from db.models.audit import AuditEvent

REVEAL_ACTION = "pii.revealed"
ALERT_ACTION = "security.alert"
ALERT_ENTITY = "security_alert"
RATE_ALERT = "pii_reveal_rate"
RATE_SETTING = "security.reveals_per_hour"
MAX_OTHER_CHARS = 200


class RevealReason(StrEnum):
    VERIFICATION_CALL = "verification_call"
    KYC_REVIEW = "kyc_review"
    COLLECTIONS_CONTACT = "collections_contact"
    COLLECTION_CALL = "collection_call"  # "Start call" on a case (app.collections.calls)
    COMPLAINT_HANDLING = "complaint_handling"
    OTHER = "other"


class RevealLimitReached(P2PDeskError):
    """The user revealed as many values this hour as the platform allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"You have revealed {limit} personal data values in the last hour, the most "
            "allowed. An administrator has been alerted."
        )
        self.limit = limit


@dataclass(frozen=True)
class RevealPurpose:
    """A validated reason: its code and, for "other", the typed explanation."""

    reason: RevealReason
    detail: str = ""

    def audit_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"reason": self.reason.value}
        if self.detail:
            fields["reason_detail"] = self.detail
        return fields


def check_purpose(reason: str, detail: str = "") -> RevealPurpose:
    """The reason as given by the user, or ValidationError naming the field."""
    try:
        code = RevealReason(reason)
    except ValueError:
        raise ValidationError("reason", "choose why you reveal this value") from None
    text = redact_pii(" ".join(detail.split()))  # a typed reason is free text too
    if code is RevealReason.OTHER and not text:
        raise ValidationError("reason", "say why you reveal this value")
    if len(text) > MAX_OTHER_CHARS:
        raise ValidationError("reason", f"is longer than {MAX_OTHER_CHARS} characters")
    return RevealPurpose(code, text if code is RevealReason.OTHER else "")


def reveals_in_last_hour(session: Session, user_id: int | None, now: datetime) -> int:
    """The user's reveals since ``now`` - 1 h (contracts included).

    The hour's first event (occurred_at index) bounds the scan of the user's own
    events (actor_id, seq index), so the count stays cheap on a long trail."""
    since = now - timedelta(hours=1)
    first = session.scalar(select(func.min(AuditEvent.seq)).where(AuditEvent.occurred_at >= since))
    if first is None:
        return 0
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.actor_id == user_id,
                AuditEvent.seq >= first,
                AuditEvent.action == REVEAL_ACTION,
                AuditEvent.occurred_at >= since,
            )
        )
        or 0
    )


def _alerted_this_hour(session: Session, user_id: int | None, now: datetime) -> bool:
    since = now - timedelta(hours=1)
    return (
        session.scalar(
            select(AuditEvent.seq)
            .where(
                AuditEvent.entity == ALERT_ENTITY,
                AuditEvent.entity_id == str(user_id),
                AuditEvent.occurred_at >= since,
            )
            .limit(1)
        )
        is not None
    )


def over_limit(session: Session, ctx: ServiceContext) -> int | None:
    """The limit when the actor has used up this hour's reveals, after writing the
    admins' alert (once an hour) in the caller's transaction; None when allowed.

    The caller commits the alert and then raises RevealLimitReached."""
    limit = int(get_setting(session, RATE_SETTING))
    now = ctx.now()
    user_id = ctx.actor.user_id
    done = reveals_in_last_hour(session, user_id, now)
    if done < limit:
        return None
    if not _alerted_this_hour(session, user_id, now):
        audit.record(
            session,
            ctx.actor,
            ALERT_ACTION,
            ALERT_ENTITY,
            user_id,
            now=now,
            after={
                "alert": RATE_ALERT,
                "user": ctx.actor.username,
                "reveals_last_hour": done,
                "limit": limit,
            },
        )
    return limit


def recent_alerts(session: Session, now: datetime, hours: int = 24) -> int:
    """How many security alerts were raised in the last ``hours`` (for admins)."""
    since = now - timedelta(hours=hours)
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.occurred_at >= since, AuditEvent.entity == ALERT_ENTITY)
        )
        or 0
    )
