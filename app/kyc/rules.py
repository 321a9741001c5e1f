"""KYC rules: item state machine, derived checklist state, queue reasons (pure).

No session and no I/O here, so every rule can be tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from app.errors import StateError


class ItemState(StrEnum):
    PENDING = "pending"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WAIVED = "waived"
    EXPIRED = "expired"


class ChecklistState(StrEnum):
    INCOMPLETE = "incomplete"
    COMPLETE = "complete"
    EXPIRED = "expired"
    REJECTED = "rejected"


class Action(StrEnum):
    SUBMIT = "submit"  # pending -> submitted
    RESUBMIT = "resubmit"  # rejected | expired -> submitted
    VERIFY = "verify"  # submitted -> verified
    RENEW = "renew"  # verified -> verified (fresh evidence before expiry)
    REJECT = "reject"  # submitted -> rejected (reason)
    WAIVE = "waive"  # any open state -> waived (second user, KYC_WAIVE)
    EXPIRE = "expire"  # verified -> expired (end of day only)


class QueueReason(StrEnum):
    SUBMITTED = "submitted"  # items waiting for an officer to verify
    REJECTED = "rejected"  # waiting for the customer to resubmit
    EXPIRED = "expired"  # validity ran out; waiting for fresh evidence
    EXPIRING = "expiring"  # verified items running out within the warning window


S = ItemState
TRANSITIONS: dict[Action, tuple[frozenset[ItemState], ItemState]] = {
    Action.SUBMIT: (frozenset({S.PENDING}), S.SUBMITTED),
    Action.RESUBMIT: (frozenset({S.REJECTED, S.EXPIRED}), S.SUBMITTED),
    Action.VERIFY: (frozenset({S.SUBMITTED}), S.VERIFIED),
    Action.RENEW: (frozenset({S.VERIFIED}), S.VERIFIED),
    Action.REJECT: (frozenset({S.SUBMITTED}), S.REJECTED),
    Action.WAIVE: (frozenset({S.PENDING, S.SUBMITTED, S.REJECTED, S.EXPIRED}), S.WAIVED),
    Action.EXPIRE: (frozenset({S.VERIFIED}), S.EXPIRED),
}
EXPIRY_WARNING_DAYS = 30


def next_state(current: str, action: Action) -> ItemState:
    """The state after ``action``; StateError when the action is not allowed now."""
    allowed, target = TRANSITIONS[action]
    state = ItemState(current)
    if state not in allowed:
        names = ", ".join(sorted(s.value for s in allowed))
        raise StateError(
            f"Cannot {action.value} an item that is {state.value} (only when {names})."
        )
    return target


#: Renewal opens this many days before ``valid_until`` (the queue's warning window):
#: renewing an item verified this morning would only reset its clock.
RENEW_WINDOW_DAYS = EXPIRY_WARNING_DAYS
#: The actions that decide a submission: four eyes keep them from its submitter.
DECISIONS = frozenset({Action.VERIFY, Action.REJECT})


def renew_opens(valid_until: date | None, window_days: int = RENEW_WINDOW_DAYS) -> date | None:
    """The first day a verified item may be renewed; None when it never expires."""
    return None if valid_until is None else valid_until - timedelta(days=window_days)


def renew_problem(
    valid_until: date | None, business_date: date, window_days: int = RENEW_WINDOW_DAYS
) -> str | None:
    """Why a verified item may not be renewed on ``business_date`` (None: it may)."""
    opens = renew_opens(valid_until, window_days)
    if opens is None:
        return "it does not expire"
    if business_date < opens:
        return (
            f"it is valid until {valid_until}; renewal opens on {opens} ({window_days} days before)"
        )
    return None


def same_hands(submitted_by: int | None, actor_user_id: int | None) -> bool:
    """Four eyes: True when the actor submitted the item themselves. Items the system
    submitted (demo import, the customer's web upload: no user) may be decided by anyone."""
    return submitted_by is not None and submitted_by == actor_user_id


def allowed_actions(current: str) -> frozenset[Action]:
    """The actions the state machine allows from ``current`` (before permissions)."""
    state = ItemState(current)
    return frozenset(
        a for a, (allowed, _) in TRANSITIONS.items() if state in allowed and a != Action.EXPIRE
    )


@dataclass(frozen=True)
class ItemFacts:
    """What the derived states need to know about one item."""

    required: bool
    state: str
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    valid_until: date | None = None


def checklist_state(items: Iterable[ItemFacts]) -> ChecklistState:
    """Derived from the required items: any expired -> expired; else any rejected ->
    rejected; else all verified or waived -> complete; else incomplete."""
    states = [ItemState(i.state) for i in items if i.required]
    if S.EXPIRED in states:
        return ChecklistState.EXPIRED
    if S.REJECTED in states:
        return ChecklistState.REJECTED
    if all(s in (S.VERIFIED, S.WAIVED) for s in states):
        return ChecklistState.COMPLETE
    return ChecklistState.INCOMPLETE


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def queue_position(
    items: Iterable[ItemFacts], business_date: date, warning_days: int = EXPIRY_WARNING_DAYS
) -> tuple[QueueReason | None, datetime | None]:
    """Why the checklist is in the queue and since when (oldest first).

    Work already waiting (submitted, then rejected) comes before items that will
    expire; an expiring item is due at its expiry date.
    """
    items = list(items)
    submitted = [i.submitted_at for i in items if i.state == S.SUBMITTED and i.submitted_at]
    if submitted:
        return QueueReason.SUBMITTED, min(submitted)
    rejected = [i.decided_at for i in items if i.state == S.REJECTED and i.decided_at]
    if rejected:
        return QueueReason.REJECTED, min(rejected)
    expired = [i.valid_until for i in items if i.state == S.EXPIRED]
    if expired:
        known = [d for d in expired if d is not None]
        return QueueReason.EXPIRED, day_start(min(known) if known else business_date)
    horizon = business_date + timedelta(days=warning_days)
    expiring = [
        i.valid_until
        for i in items
        if i.state == S.VERIFIED and i.valid_until is not None and i.valid_until <= horizon
    ]
    if expiring:
        return QueueReason.EXPIRING, day_start(min(expiring))
    return None, None


def valid_until(business_date: date, validity_days: int | None) -> date | None:
    """Last day a verification made on ``business_date`` stays valid."""
    if validity_days is None:
        return None
    return business_date + timedelta(days=validity_days)


#: File types evidence may have, by their leading bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", "application/pdf"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff_mime(content: bytes) -> str | None:
    """The evidence type from the file's own bytes (never trusting the file name)."""
    for magic, mime in _MAGIC:
        if content.startswith(magic):
            return mime
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def size_problem(size: int, limit: int) -> str | None:
    if size == 0:
        return "the file is empty"
    if size > limit:
        return (
            f"the file is {size / 1_048_576:.1f} MB; evidence may be at most "
            f"{limit / 1_048_576:.1f} MB (setting kyc.evidence_max_bytes)"
        )
    return None
