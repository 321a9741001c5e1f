"""Names the KYC desk shows for item states and actions (marked for translation)."""

from __future__ import annotations

from app.kyc.gate import GateResult
from app.origination.detail import KycView
from ui.actions import DESK_SHORTCUTS, DeskVerb
from ui.i18n import QT_TRANSLATE_NOOP, pick_label

ITEM_STATES = {
    "pending": QT_TRANSLATE_NOOP("KycChecklist", "Pending"),
    "submitted": QT_TRANSLATE_NOOP("KycChecklist", "Submitted"),
    "verified": QT_TRANSLATE_NOOP("KycChecklist", "Verified"),
    "rejected": QT_TRANSLATE_NOOP("KycChecklist", "Rejected"),
    "waived": QT_TRANSLATE_NOOP("KycChecklist", "Waived"),
    "expired": QT_TRANSLATE_NOOP("KycChecklist", "Expired"),
}
# (action, button text, needs a reason: prompt)
ACTIONS: tuple[tuple[str, str, str | None], ...] = (
    ("submit", QT_TRANSLATE_NOOP("KycChecklist", "Submit"), None),
    ("resubmit", QT_TRANSLATE_NOOP("KycChecklist", "Resubmit"), None),
    ("verify", QT_TRANSLATE_NOOP("KycChecklist", "Verify"), None),
    ("renew", QT_TRANSLATE_NOOP("KycChecklist", "Renew"), None),
    (
        "reject",
        QT_TRANSLATE_NOOP("KycChecklist", "Reject…"),
        QT_TRANSLATE_NOOP(
            "KycChecklist", "Why is this item rejected? The reason is shown to whoever resubmits."
        ),
    ),
    (
        "request_waiver",
        QT_TRANSLATE_NOOP("KycChecklist", "Request waiver…"),
        QT_TRANSLATE_NOOP(
            "KycChecklist", "Why should this item be waived? A second user must approve."
        ),
    ),
    ("waive", QT_TRANSLATE_NOOP("KycChecklist", "Approve waiver"), None),
    (
        "decline_waiver",
        QT_TRANSLATE_NOOP("KycChecklist", "Decline waiver…"),
        QT_TRANSLATE_NOOP("KycChecklist", "Why is the waiver declined?"),
    ),
)
SHORTCUTS = {
    verb.value: DESK_SHORTCUTS[verb]
    for verb in (DeskVerb.SUBMIT, DeskVerb.VERIFY, DeskVerb.REJECT, DeskVerb.ATTACH)
}  # from the one shortcut table (ui.actions)

# Why the lending gate is closed, by GateResult.code; {0} is the list of items or matches.
GATE_REASONS = {
    "no_checklist": QT_TRANSLATE_NOOP("KycGate", "The customer has no KYC checklist yet."),
    "confirmed_hit": QT_TRANSLATE_NOOP("KycGate", "Confirmed screening hit ({0})."),
    "match_pending": QT_TRANSLATE_NOOP("KycGate", "Screening match awaiting review ({0})."),
    "expired": QT_TRANSLATE_NOOP("KycGate", "KYC has expired items: {0}."),
    "rejected": QT_TRANSLATE_NOOP("KycGate", "KYC has rejected items: {0}."),
    "incomplete": QT_TRANSLATE_NOOP("KycGate", "KYC is incomplete: {0}."),
}


def gate_reason(gate: GateResult) -> str:
    """The gate's reason in the reader's language (the service's English sentence when
    the code is unknown to this client). Main thread."""
    from PySide6.QtCore import QCoreApplication

    text = GATE_REASONS.get(gate.code)
    if text is None:
        return gate.reason
    if gate.code in ("confirmed_hit", "match_pending"):
        listed = "; ".join(gate.matches)
    else:
        zh = gate.missing_zh or [""] * len(gate.missing)
        names = [pick_label(en, cn) for en, cn in zip(gate.missing, zh, strict=False)]
        separator = QCoreApplication.translate("KycGate", ", ")
        listed = separator.join(names)
    return QCoreApplication.translate("KycGate", text).format(listed)


def kyc_state_text(state: str) -> str:
    """A checklist's state in the reader's language ("missing": no checklist). Main thread."""
    from PySide6.QtCore import QCoreApplication

    from ui.views.kyc.queue_model import STATE_NAMES

    name = STATE_NAMES.get(state)
    if name is None:
        return QCoreApplication.translate("KycGate", "No checklist")
    return QCoreApplication.translate("KycQueue", name)


def view_gate(view: KycView) -> GateResult:
    """The gate an application detail carries, as the KYC desk's GateResult."""
    return GateResult(
        view.ok, view.state, list(view.missing), view.reason, view.code or "",
        list(view.missing_zh), list(view.matches),
    )  # fmt: skip
