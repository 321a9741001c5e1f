"""Names the KYC desk shows for item states and actions (marked for translation)."""

from __future__ import annotations

from ui.actions import DESK_SHORTCUTS, DeskVerb
from ui.i18n import QT_TRANSLATE_NOOP

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
