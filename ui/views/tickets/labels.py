"""Names the tickets desk shows for the service desk's vocabularies (translatable).

The services store English codes (``pending_customer``); the desk shows these
names, translated in the "TicketLabels" context. An unknown code shows as is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.servicedesk.read import EntryView

CONTEXT = "TicketLabels"

STATUSES = {
    "new": QT_TRANSLATE_NOOP("TicketLabels", "New"),
    "open": QT_TRANSLATE_NOOP("TicketLabels", "Open"),
    "pending_customer": QT_TRANSLATE_NOOP("TicketLabels", "Pending customer"),
    "pending_internal": QT_TRANSLATE_NOOP("TicketLabels", "Pending internal"),
    "resolved": QT_TRANSLATE_NOOP("TicketLabels", "Resolved"),
    "closed": QT_TRANSLATE_NOOP("TicketLabels", "Closed"),
    "merged": QT_TRANSLATE_NOOP("TicketLabels", "Merged"),
}
CATEGORIES = {
    "repayment_question": QT_TRANSLATE_NOOP("TicketLabels", "Repayment question"),
    "payoff_request": QT_TRANSLATE_NOOP("TicketLabels", "Payoff request"),
    "complaint": QT_TRANSLATE_NOOP("TicketLabels", "Complaint"),
    "dispute": QT_TRANSLATE_NOOP("TicketLabels", "Dispute"),
    "hardship": QT_TRANSLATE_NOOP("TicketLabels", "Hardship"),
    "fraud_report": QT_TRANSLATE_NOOP("TicketLabels", "Fraud report"),
    "contact_change": QT_TRANSLATE_NOOP("TicketLabels", "Contact-data change"),
    "kyc_question": QT_TRANSLATE_NOOP("TicketLabels", "KYC question"),
    "other": QT_TRANSLATE_NOOP("TicketLabels", "Other"),
}
PRIORITIES = {
    "urgent": QT_TRANSLATE_NOOP("TicketLabels", "Urgent"),
    "high": QT_TRANSLATE_NOOP("TicketLabels", "High"),
    "normal": QT_TRANSLATE_NOOP("TicketLabels", "Normal"),
    "low": QT_TRANSLATE_NOOP("TicketLabels", "Low"),
}
CHANNELS = {
    "inbound_call": QT_TRANSLATE_NOOP("TicketLabels", "Inbound call"),
    "outbound_call": QT_TRANSLATE_NOOP("TicketLabels", "Outbound call"),
    "email": QT_TRANSLATE_NOOP("TicketLabels", "Email"),
    "chat": QT_TRANSLATE_NOOP("TicketLabels", "Online"),
    "walk_in": QT_TRANSLATE_NOOP("TicketLabels", "Walk-in"),
    "letter": QT_TRANSLATE_NOOP("TicketLabels", "Letter"),
}
OUTCOMES = {
    "answered": QT_TRANSLATE_NOOP("TicketLabels", "Answered"),
    "callback_promised": QT_TRANSLATE_NOOP("TicketLabels", "Callback promised"),
    "escalated": QT_TRANSLATE_NOOP("TicketLabels", "Escalated"),
    "transferred": QT_TRANSLATE_NOOP("TicketLabels", "Transferred"),
    "dropped": QT_TRANSLATE_NOOP("TicketLabels", "Dropped"),
}
ENTRY_KINDS = {
    "internal_note": QT_TRANSLATE_NOOP("TicketLabels", "Internal note"),
    "customer_note": QT_TRANSLATE_NOOP("TicketLabels", "Note to customer"),
    "customer_reply": QT_TRANSLATE_NOOP("TicketLabels", "Customer reply"),
    "call": QT_TRANSLATE_NOOP("TicketLabels", "Call"),
    "status_change": QT_TRANSLATE_NOOP("TicketLabels", "Status"),
    "assignment": QT_TRANSLATE_NOOP("TicketLabels", "Assignment"),
    "attachment": QT_TRANSLATE_NOOP("TicketLabels", "Attachment"),
    "correction": QT_TRANSLATE_NOOP("TicketLabels", "Correction"),
    "merge": QT_TRANSLATE_NOOP("TicketLabels", "Merge"),
    "escalation": QT_TRANSLATE_NOOP("TicketLabels", "Escalation"),
    "complaint": QT_TRANSLATE_NOOP("TicketLabels", "Complaint"),
    "change": QT_TRANSLATE_NOOP("TicketLabels", "Change"),
}


def _text(names: dict[str, str], code: str) -> str:
    name = names.get(str(code))
    return QCoreApplication.translate(CONTEXT, name) if name else str(code)


def status_text(code: str) -> str:
    return _text(STATUSES, code)


def category_text(code: str) -> str:
    return _text(CATEGORIES, code)


def priority_text(code: str) -> str:
    return _text(PRIORITIES, code)


def channel_text(code: str) -> str:
    return _text(CHANNELS, code)


def outcome_text(code: str) -> str:
    return _text(OUTCOMES, code)


def entry_kind_text(code: str) -> str:
    return _text(ENTRY_KINDS, code)


_BREACHES = {
    "first_response": QT_TRANSLATE_NOOP("TicketLabels", "first response"),
    "resolution": QT_TRANSLATE_NOOP("TicketLabels", "resolution"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def entry_text(e: EntryView) -> str:
    """What a timeline entry says, in the reader's language: the note as written, and
    what a change, call, assignment, merge or escalation did, its codes named and its
    ids replaced by names. Main thread."""
    d, names = e.data, e.names
    parts: list[str] = []
    if e.kind == "status_change" and "to" in d:
        if "from" in d:
            parts.append(
                _tr("{0} → {1}").format(status_text(str(d["from"])), status_text(str(d["to"])))
            )
        else:
            parts.append(_tr("now {0}").format(status_text(str(d["to"]))))
    elif e.kind == "assignment":
        person = names.get("assignee")
        team = names.get("team") or "—"
        if person:
            parts.append(_tr("to {0} (team {1})").format(person, team))
        else:
            parts.append(_tr("to the queue of team {0}").format(team))
    elif e.kind == "call":
        inbound = d.get("direction") == "inbound"
        how = _tr("inbound call") if inbound else _tr("outbound call")
        minutes = max(1, round(int(d.get("seconds") or 0) / 60))
        verified = _tr("identity verified") if d.get("verified") else _tr("not verified")
        outcome = outcome_text(str(d.get("outcome") or ""))
        parts.append(_tr("{0}, {1} min, {2}: {3}").format(how, minutes, verified, outcome))
    elif e.kind == "merge":
        if "into" in d:
            parts.append(_tr("merged into {0}").format(d["into"]))
        if "from" in d:
            parts.append(_tr("{0} merged into this ticket").format(d["from"]))
        if d.get("moved_entries"):
            parts.append(_tr("{0} entries moved").format(d["moved_entries"]))
    elif e.kind == "escalation":
        breached = _tr(", ").join(_text(_BREACHES, str(c)) for c in d.get("breached") or ())
        who = names.get("escalated_to") or "—"
        parts.append(_tr("SLA breached ({0}); escalated to {1}").format(breached, who))
    elif e.kind == "complaint":
        parts.append(_tr("complaint") if d.get("is_complaint") else _tr("not a complaint"))
        if d.get("root_cause"):
            parts.append(_tr("root cause: {0}").format(d["root_cause"]))
        if d.get("resolution"):
            parts.append(_tr("resolution: {0}").format(d["resolution"]))
    elif e.kind == "change":
        parts += _changes(d, names)
    if e.body:
        parts.append(e.body)
    return _tr("; ").join(parts)


def _changes(d: dict[str, Any], names: dict[str, str]) -> list[str]:
    said: list[str] = []
    for key, value in d.items():
        if key == "priority":
            said.append(_tr("priority {0}").format(priority_text(str(value))))
        elif key == "category":
            said.append(_tr("category {0}").format(category_text(str(value))))
        elif key == "tags":
            tags = " ".join(t for t in str(value or "").split(",") if t)
            said.append(_tr("tags {0}").format(tags or "—"))
        elif key == "loan_id":
            said.append(_tr("loan {0}").format(names.get("loan") or "—"))
        elif key == "description":
            said.append(_tr("description edited"))
    return said
