"""Translatable names for collections vocabularies, rules and priority factors."""

from __future__ import annotations

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


def explain_priority(score: PriorityScore) -> str:
    """'Why this rank', one reason a line, biggest first."""
    lines = [
        f"+{r.points}  {tr(FACTORS[r.factor]).format(r.value)}"
        if r.value != "never"
        else f"+{r.points}  {tr('never contacted')}"
        for r in score.reasons
    ]
    return "\n".join(lines) if lines else tr("no priority factors")


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
