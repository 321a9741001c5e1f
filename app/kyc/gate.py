"""The KYC gate the application review calls before approval and disbursement.

Lending is blocked while the customer's checklist is missing, incomplete, rejected
or expired, or while the customer has a confirmed screening (or blacklist) hit or a potential
match nobody has reviewed yet.
The state is recomputed from the items and the business date here, so the gate
is right even before tonight's end of day has marked items expired.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kyc.checklists import checklist_for
from app.kyc.records import items_of
from app.kyc.rules import ChecklistState, ItemFacts, ItemState, checklist_state
from app.platform import business_date
from db.models.kyc import KycScreening, KycScreeningMatch


@dataclass(frozen=True)
class GateResult:
    """The gate and why it is closed. ``reason`` is the English sentence (logs, the
    command line, service refusals); screens build their own from ``code`` and the
    lists, in the reader's language."""

    ok: bool
    state: str  # complete | incomplete | rejected | expired | missing
    missing: list[str] = field(default_factory=list)  # labels of required items not done
    reason: str = ""
    # open | no_checklist | confirmed_hit | match_pending | expired | rejected | incomplete
    code: str = "open"
    missing_zh: list[str] = field(default_factory=list)  # Chinese labels ("" where none)
    matches: list[str] = field(default_factory=list)  # "list: matched name" behind a hit


def kyc_gate(session: Session, customer_id: int) -> GateResult:
    """May the customer be approved or paid out as far as KYC goes? Read-only;
    runs in the caller's session and transaction."""
    checklist = checklist_for(session, customer_id)
    if checklist is None:
        return GateResult(
            False, "missing", [], "The customer has no KYC checklist yet.", "no_checklist"
        )
    today = business_date(session)
    items = items_of(session, checklist.id)
    item_facts: list[ItemFacts] = []
    missing: list[str] = []
    missing_zh: list[str] = []
    for i in items:
        state = i.state
        if state == ItemState.VERIFIED and i.valid_until is not None and i.valid_until < today:
            state = ItemState.EXPIRED.value  # end of day has not caught up yet
        item_facts.append(ItemFacts(i.required, state))
        if i.required and state not in (ItemState.VERIFIED, ItemState.WAIVED):
            missing.append(i.label)
            missing_zh.append(i.label_zh or "")
    state = checklist_state(item_facts)
    hits = session.execute(
        select(KycScreening.list_name, KycScreeningMatch.matched_name)
        .join(KycScreening, KycScreening.id == KycScreeningMatch.screening_id)
        .where(
            KycScreeningMatch.customer_id == customer_id, KycScreeningMatch.status == "confirmed"
        )
        .order_by(KycScreeningMatch.id)
    ).all()
    if hits:
        found = [f"{list_name}: {name}" for list_name, name in hits]
        return GateResult(
            False,
            state.value,
            missing,
            f"Confirmed screening hit ({'; '.join(found)}).",
            "confirmed_hit",
            missing_zh,
            found,
        )
    open_matches = session.execute(
        select(KycScreening.list_name, KycScreeningMatch.matched_name)
        .join(KycScreening, KycScreening.id == KycScreeningMatch.screening_id)
        .where(
            KycScreeningMatch.customer_id == customer_id, KycScreeningMatch.status == "potential"
        )
        .order_by(KycScreeningMatch.id)
    ).all()
    if open_matches:
        # a possible sanctions/PEP match closes the gate until another officer reviews it
        found = [f"{list_name}: {name}" for list_name, name in open_matches]
        return GateResult(
            False,
            state.value,
            missing,
            f"Screening match awaiting review ({'; '.join(found)}).",
            "match_pending",
            missing_zh,
            found,
        )
    if state == ChecklistState.COMPLETE:
        return GateResult(True, state.value, [], "")
    reasons = {
        ChecklistState.EXPIRED: "KYC has expired items",
        ChecklistState.REJECTED: "KYC has rejected items",
        ChecklistState.INCOMPLETE: "KYC is incomplete",
    }
    return GateResult(
        False,
        state.value,
        missing,
        f"{reasons[state]}: {', '.join(missing)}.",
        state.value,
        missing_zh,
    )
