"""Translatable names for collections vocabularies, rules and priority factors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from app.collections.priority import Factor, PriorityScore
from app.collections.rules import Channel, ContactDecision, Direction, Outcome, Party, RuleCode
from ui.i18n import QT_TRANSLATE_NOOP

CTX = "Collections"

CHANNELS = {
    Channel.CALL: QT_TRANSLATE_NOOP("Collections", "Call"),
    Channel.SMS: QT_TRANSLATE_NOOP("Collections", "SMS"),
    Channel.EMAIL: QT_TRANSLATE_NOOP("Collections", "Email"),
    Channel.LETTER: QT_TRANSLATE_NOOP("Collections", "Letter"),
    Channel.VISIT: QT_TRANSLATE_NOOP("Collections", "Visit"),
}
DIRECTIONS = {
    Direction.OUTBOUND: QT_TRANSLATE_NOOP("Collections", "Outbound"),
    Direction.INBOUND: QT_TRANSLATE_NOOP("Collections", "Inbound (debtor called)"),
}
PARTIES = {
    Party.DEBTOR: QT_TRANSLATE_NOOP("Collections", "Debtor"),
    Party.RELATIVE: QT_TRANSLATE_NOOP("Collections", "Relative"),
    Party.EMPLOYER: QT_TRANSLATE_NOOP("Collections", "Employer"),
    Party.OTHER: QT_TRANSLATE_NOOP("Collections", "Someone else"),
}
OUTCOMES = {
    Outcome.RIGHT_PARTY_CONTACT: QT_TRANSLATE_NOOP("Collections", "Right-party contact"),
    Outcome.PROMISE_TO_PAY: QT_TRANSLATE_NOOP("Collections", "Promise to pay"),
    Outcome.PAID: QT_TRANSLATE_NOOP("Collections", "Paid"),
    Outcome.DISPUTE: QT_TRANSLATE_NOOP("Collections", "Dispute"),
    Outcome.REFUSED: QT_TRANSLATE_NOOP("Collections", "Refused to pay"),
    Outcome.NO_ANSWER: QT_TRANSLATE_NOOP("Collections", "No answer"),
    Outcome.WRONG_NUMBER: QT_TRANSLATE_NOOP("Collections", "Wrong number"),
    Outcome.UNREACHABLE: QT_TRANSLATE_NOOP("Collections", "Unreachable"),
    Outcome.HARDSHIP_CLAIMED: QT_TRANSLATE_NOOP("Collections", "Hardship claimed"),
    Outcome.THIRD_PARTY_ANSWERED: QT_TRANSLATE_NOOP("Collections", "Third party answered"),
}
FACTORS = {
    Factor.DPD: QT_TRANSLATE_NOOP("Collections", "{0} days past due"),
    Factor.OVERDUE_AMOUNT: QT_TRANSLATE_NOOP("Collections", "{0} overdue"),
    Factor.PROMISE_DUE_TODAY: QT_TRANSLATE_NOOP("Collections", "promise due today"),
    Factor.BROKEN_PROMISES: QT_TRANSLATE_NOOP("Collections", "{0} broken promise(s)"),
    Factor.DAYS_SINCE_CONTACT: QT_TRANSLATE_NOOP("Collections", "{0} day(s) since last contact"),
}
PAYMENT_CHANNELS = {
    "bank_transfer": QT_TRANSLATE_NOOP("Collections", "bank transfer"),
    "bank_file": QT_TRANSLATE_NOOP("Collections", "bank file"),
    "phone": QT_TRANSLATE_NOOP("Collections", "by phone"),
    "counter": QT_TRANSLATE_NOOP("Collections", "counter"),
    "web": QT_TRANSLATE_NOOP("Collections", "online"),
}
COMPONENTS = {
    "penalty": QT_TRANSLATE_NOOP("Collections", "penalty"),
    "fees": QT_TRANSLATE_NOOP("Collections", "fees"),
    "interest": QT_TRANSLATE_NOOP("Collections", "interest"),
    "principal": QT_TRANSLATE_NOOP("Collections", "principal"),
    "prepayment": QT_TRANSLATE_NOOP("Collections", "prepayment"),
    "credit": QT_TRANSLATE_NOOP("Collections", "credit balance"),
}
STATUSES = {
    "posted": QT_TRANSLATE_NOOP("Collections", "posted"),
    "reversed": QT_TRANSLATE_NOOP("Collections", "reversed"),
    "pending": QT_TRANSLATE_NOOP("Collections", "pending"),
    "kept": QT_TRANSLATE_NOOP("Collections", "kept"),
    "broken": QT_TRANSLATE_NOOP("Collections", "broken"),
    "cancelled": QT_TRANSLATE_NOOP("Collections", "cancelled"),
    "open": QT_TRANSLATE_NOOP("Collections", "open"),
    "resolved": QT_TRANSLATE_NOOP("Collections", "resolved"),
    "closed": QT_TRANSLATE_NOOP("Collections", "closed"),
}
BUCKETS = {
    "current": QT_TRANSLATE_NOOP("Collections", "current"),
    "M1": QT_TRANSLATE_NOOP("Collections", "M1 (1-30 days late)"),
    "M2": QT_TRANSLATE_NOOP("Collections", "M2 (31-60 days late)"),
    "M3": QT_TRANSLATE_NOOP("Collections", "M3 (61-90 days late)"),
    "M4+": QT_TRANSLATE_NOOP("Collections", "M4+ (over 90 days late)"),
    "write_off_candidate": QT_TRANSLATE_NOOP("Collections", "write-off candidate"),
}
ARRANGEMENT_STATES = {
    "pending": QT_TRANSLATE_NOOP("Collections", "pending approval"),
    "approved": QT_TRANSLATE_NOOP("Collections", "approved"),
    "rejected": QT_TRANSLATE_NOOP("Collections", "rejected"),
    "broken": QT_TRANSLATE_NOOP("Collections", "broken"),
    "kept": QT_TRANSLATE_NOOP("Collections", "kept"),
}
RULES = {
    RuleCode.QUIET_HOURS: QT_TRANSLATE_NOOP(
        "Collections",
        "Quiet hours: it is {local_time} for the debtor ({zone}); no contact {start}-{end}.",
    ),
    RuleCode.DAILY_CAP: QT_TRANSLATE_NOOP(
        "Collections", "Daily limit: the debtor was reached {count} times today (limit {limit})."
    ),
    RuleCode.DEBTOR_ONLY: QT_TRANSLATE_NOOP(
        "Collections", "Debtor only: relatives, employers and others are never contacted."
    ),
    RuleCode.PAUSED: QT_TRANSLATE_NOOP(
        "Collections", "Paused: {reason}. A supervisor must resolve it first."
    ),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def bucket_text(code: str) -> str:
    """A delinquency bucket in the reader's language (M1 says how late it is)."""
    return label(BUCKETS, code)


def label(table: Mapping[Any, str], key: str) -> str:
    """The translated name of a stored code, or the code itself when it is new."""
    return tr(table[key]) if key in table else key


def explain_priority(score: PriorityScore) -> str:
    """'Why this rank', one reason a line, biggest first."""
    lines = [
        f"+{r.points}  {tr(FACTORS[r.factor]).format(_grouped(r.value))}"
        if r.value != "never"
        else f"+{r.points}  {tr('never contacted')}"
        for r in score.reasons
    ]
    return "\n".join(lines) if lines else tr("no priority factors")


def _grouped(value: object) -> object:
    """An amount factor ("20239.82") with thousands separators; others unchanged."""
    text = str(value)
    head, dot, tail = text.partition(".")
    if dot and head.isdigit() and tail.isdigit():
        return f"{int(head):,}.{tail}"
    return value


def explain_decision(decision: ContactDecision) -> str:
    if decision.allowed:
        return tr("All contact rules are met.")
    return "\n".join(tr(RULES[v.code]).format(**v.params) for v in decision.violations)


def notify(parent: object, title: str, text: str, *, warning: bool = False) -> None:
    """A window-modal message that does not block the event loop (``open``, not
    ``exec``), so background results keep arriving. GUI thread."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    assert isinstance(parent, QWidget)
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("collections_message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
