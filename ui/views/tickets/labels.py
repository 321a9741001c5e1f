"""Names the tickets desk shows for the service desk's vocabularies (translatable).

The services store English codes (``pending_customer``); the desk shows these
names, translated in the "TicketLabels" context. An unknown code shows as is.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

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
