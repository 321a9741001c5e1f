"""Pure ticket rules: vocabularies, the state machine, numbers, placeholders.

No session, no I/O; every service decision that can be made from values alone
lives here so it is easy to test exhaustively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING_CUSTOMER = "pending_customer"
    PENDING_INTERNAL = "pending_internal"
    RESOLVED = "resolved"
    CLOSED = "closed"
    MERGED = "merged"


class Channel(StrEnum):
    INBOUND_CALL = "inbound_call"
    OUTBOUND_CALL = "outbound_call"
    EMAIL = "email"
    CHAT = "chat"
    WALK_IN = "walk_in"
    LETTER = "letter"


class Category(StrEnum):
    REPAYMENT_QUESTION = "repayment_question"
    PAYOFF_REQUEST = "payoff_request"
    COMPLAINT = "complaint"
    DISPUTE = "dispute"
    HARDSHIP = "hardship"
    FRAUD_REPORT = "fraud_report"
    CONTACT_CHANGE = "contact_change"
    KYC_QUESTION = "kyc_question"
    OTHER = "other"


class Priority(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class EntryKind(StrEnum):
    INTERNAL_NOTE = "internal_note"
    CUSTOMER_NOTE = "customer_note"  # shared with the customer (a response)
    CUSTOMER_REPLY = "customer_reply"  # what the customer sent us
    CALL = "call"
    STATUS_CHANGE = "status_change"
    ASSIGNMENT = "assignment"
    ATTACHMENT = "attachment"
    CORRECTION = "correction"
    MERGE = "merge"
    ESCALATION = "escalation"
    COMPLAINT = "complaint"
    CHANGE = "change"  # priority, category, tags, links


class CallOutcome(StrEnum):
    ANSWERED = "answered"
    CALLBACK_PROMISED = "callback_promised"
    ESCALATED = "escalated"
    TRANSFERRED = "transferred"
    DROPPED = "dropped"


#: Categories that, linked to a loan, pause collections contact on it.
HOLD_CATEGORIES = frozenset({Category.DISPUTE, Category.HARDSHIP})

#: Statuses in which a ticket is still being worked (shown in the queues).
ACTIVE = frozenset({Status.NEW, Status.OPEN, Status.PENDING_CUSTOMER, Status.PENDING_INTERNAL})

_WORKING = (Status.OPEN, Status.PENDING_CUSTOMER, Status.PENDING_INTERNAL)

#: The state machine. Reopen (resolved -> open) additionally needs the window.
TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    Status.NEW: frozenset({*_WORKING, Status.RESOLVED, Status.MERGED}),
    Status.OPEN: frozenset(
        {Status.PENDING_CUSTOMER, Status.PENDING_INTERNAL, Status.RESOLVED, Status.MERGED}
    ),
    Status.PENDING_CUSTOMER: frozenset(
        {Status.OPEN, Status.PENDING_INTERNAL, Status.RESOLVED, Status.MERGED}
    ),
    Status.PENDING_INTERNAL: frozenset(
        {Status.OPEN, Status.PENDING_CUSTOMER, Status.RESOLVED, Status.MERGED}
    ),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.MERGED: frozenset(),
}


def transition_error(
    current: Status,
    target: Status,
    *,
    resolved_at: datetime | None = None,
    now: datetime | None = None,
    reopen_window: timedelta = timedelta(days=7),
) -> str | None:
    """Why ``current -> target`` is not allowed, or None when it is."""
    if target not in TRANSITIONS[current]:
        return f"a {current.value} ticket cannot become {target.value}"
    if current is Status.RESOLVED and target is Status.OPEN:
        if resolved_at is None or now is None:
            return "the resolution time is unknown, so the ticket cannot be reopened"
        if now - resolved_at > reopen_window:
            days = reopen_window.days
            return f"the ticket was resolved more than {days} days ago; open a new one"
    return None


def ticket_number(year: int, seq: int) -> str:
    """T-2026-000123: the year and a per-year sequence."""
    return f"T-{year:04d}-{seq:06d}"


_NUMBER = re.compile(r"^T-(\d{4})-(\d{6,})$")


def parse_ticket_number(text: str) -> tuple[int, int] | None:
    m = _NUMBER.match(text.strip().upper())
    return (int(m.group(1)), int(m.group(2))) if m else None


def normalise_tags(tags: str | Iterable[str]) -> tuple[str, ...]:
    """Lower-case, trimmed, unique, sorted tags; commas or an iterable accepted."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    cleaned = {str(t).strip().casefold() for t in items}
    return tuple(sorted(t[:40] for t in cleaned if t))


PLACEHOLDERS = ("customer_name", "ticket_number", "agent_name", "subject", "loan_number")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def unknown_placeholders(template: str) -> list[str]:
    return sorted({m for m in _PLACEHOLDER.findall(template) if m not in PLACEHOLDERS})


def fill_placeholders(template: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` placeholders; unknown or missing ones stay visible as-is."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        value = values.get(key)
        return m.group(0) if value is None else value

    return _PLACEHOLDER.sub(sub, template)


#: Identity questions a caller is asked; the call is verified when at least
#: ``MIN_VERIFY_ANSWERS`` were asked and every answer was yes.
IDENTITY_QUESTIONS = ("full_name", "date_of_birth", "id_last4", "registered_address")
MIN_VERIFY_ANSWERS = 2


def identity_verified(answers: Mapping[str, bool]) -> bool:
    asked = [v for k, v in answers.items() if k in IDENTITY_QUESTIONS]
    return len(asked) >= MIN_VERIFY_ANSWERS and all(asked)
