"""Checklists: one per customer, made from the active template for their kind.

Session-level helpers (``ensure_checklist``, ``refresh``, ``apply``) run inside the
caller's transaction; ``ChecklistService`` in ``app.kyc.service`` wraps them as
user actions.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import Actor
from app.errors import ConflictError, NotFound, StateError
from app.kyc.records import facts, items_of, user_names
from app.kyc.rules import (
    DECISIONS,
    Action,
    ItemState,
    checklist_state,
    next_state,
    queue_position,
    renew_problem,
    same_hands,
    valid_until,
)
from app.kyc.templates import active_template, template_items
from app.security import audit
from app.security.redact import redact_pii
from db.models.customers import Customer
from db.models.kyc import KycChecklist, KycEvidence, KycItem

#: A claim older than this is free for anyone to take (the officer went home).
CLAIM_TTL = timedelta(hours=2)


def checklist_for(session: Session, customer_id: int) -> KycChecklist | None:
    return session.scalars(
        select(KycChecklist).where(KycChecklist.customer_id == customer_id)
    ).first()


def ensure_checklist(
    session: Session, customer_id: int, actor: Actor, now: datetime, business_date: date
) -> KycChecklist:
    """The customer's checklist, created from the active template the first time."""
    existing = checklist_for(session, customer_id)
    if existing is not None:
        return existing
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"customer {customer_id} does not exist")
    template = active_template(session, customer.kind, actor, now)
    checklist = KycChecklist(customer_id=customer_id, template_id=template.id, state="incomplete")
    session.add(checklist)
    session.flush()
    for t in template_items(session, template.id):
        session.add(
            KycItem(
                checklist_id=checklist.id,
                position=t.position,
                code=t.code,
                label=t.label,
                label_zh=t.label_zh,
                required=t.required,
                evidence_required=t.evidence_required,
                validity_days=t.validity_days,
                verifier_role=t.verifier_role,
                check_kind=t.check_kind,
                state=ItemState.PENDING.value,
            )
        )
    session.flush()
    audit.record(
        session,
        actor,
        "kyc.checklist_created",
        "kyc_checklist",
        checklist.id,
        now=now,
        after={"customer_id": customer_id, "template_id": template.id},
    )
    from app.kyc.blacklist import apply_blacklist_result  # the blacklist item starts checked

    apply_blacklist_result(session, checklist, actor, now, business_date)
    refresh(session, checklist, business_date)
    return checklist


def start_for_new_customer(session: Session, customer_id: int, actor: Actor, now: datetime) -> None:
    """Give a customer just created the checklist of their kind, in the caller's
    transaction (intake, CSV import and the customer form all call this), so no
    application waits on a checklist nobody can start."""
    from app.platform import business_date

    ensure_checklist(session, customer_id, actor, now, business_date(session))


def reopen_for_review(
    session: Session, item: KycItem, actor: Actor, now: datetime, evidence_id: int
) -> None:
    """New evidence on a verified item sends it back to review: it waits, submitted
    by whoever attached the file, for another officer to verify it (four eyes)."""
    if item.state != ItemState.VERIFIED.value:
        return
    from app.platform import business_date

    before = {"state": item.state, "valid_until": item.valid_until}
    item.state = ItemState.SUBMITTED.value
    item.submitted_by = actor.user_id
    item.submitted_at = now
    item.valid_until = None
    checklist = session.get(KycChecklist, item.checklist_id, with_for_update=True)
    assert checklist is not None
    session.flush()
    refresh(session, checklist, business_date(session))
    audit.record(
        session,
        actor,
        "kyc.item_reopened",
        "kyc_item",
        item.id,
        now=now,
        before=before,
        after={"state": item.state, "evidence_id": evidence_id, "code": item.code},
    )


def refresh(session: Session, checklist: KycChecklist, business_date: date) -> None:
    """Recompute the derived state and queue position from the items."""
    item_facts = [facts(i) for i in items_of(session, checklist.id)]
    state = checklist_state(item_facts).value
    reason, due = queue_position(item_facts, business_date)
    new_reason = reason.value if reason else None
    if (checklist.state, checklist.queue_reason, checklist.queue_due) != (state, new_reason, due):
        checklist.state = state
        checklist.queue_reason = new_reason
        checklist.queue_due = due
        if new_reason is None:
            checklist.claimed_by = None
            checklist.claimed_at = None
        session.flush()


def load_item(session: Session, item_id: int, expected_version: int | None) -> KycItem:
    item = session.get(KycItem, item_id, with_for_update=True)
    if item is None:
        raise NotFound(f"checklist item {item_id} does not exist")
    if expected_version is not None and item.version != expected_version:
        who = item.decided_by_name or "another user"
        raise ConflictError(
            f"'{item.label}' was changed by {who} meanwhile ({item.state} now); "
            "reload the checklist and try again."
        )
    return item


def check_claim(checklist: KycChecklist, actor: Actor, now: datetime, name: str | None) -> None:
    """Refuse when another officer holds a fresh claim on the checklist."""
    if (
        checklist.claimed_by is not None
        and checklist.claimed_by != actor.user_id
        and checklist.claimed_at is not None
        and now - checklist.claimed_at < CLAIM_TTL
    ):
        raise StateError(f"{name or 'Another officer'} is working on this checklist.")


def check_decision(
    session: Session, item: KycItem, action: Action, actor: Actor, business_date: date
) -> None:
    """Refuse a decision the rules forbid whatever the actor's permissions: verifying
    or rejecting one's own submission (four eyes), renewing before the renewal window."""
    if action in DECISIONS and same_hands(item.submitted_by, actor.user_id):
        name = user_names(session, [item.submitted_by]).get(item.submitted_by or 0)
        when = f" on {item.submitted_at:%Y-%m-%d %H:%M}" if item.submitted_at else ""
        raise StateError(
            f"Four eyes: '{item.label}' was submitted by {name or actor.username} (you){when}; "
            f"another user with kyc.verify must {action.value} it."
        )
    if action in DECISIONS and actor.user_id is not None:
        # Four eyes compares people, not buttons: whoever uploaded evidence for the
        # item prepared it, even when a colleague pressed submit (issue 20 #16).
        uploaded = session.scalar(
            select(KycEvidence.uploaded_at)
            .where(KycEvidence.item_id == item.id, KycEvidence.uploaded_by == actor.user_id)
            .limit(1)
        )
        if uploaded is not None:
            raise StateError(
                f"Four eyes: you ({actor.username}) uploaded evidence for '{item.label}' "
                f"on {uploaded:%Y-%m-%d %H:%M}; another user with kyc.verify must "
                f"{action.value} it."
            )
    if action == Action.RENEW:
        problem = renew_problem(item.valid_until, business_date)
        if problem is not None:
            raise StateError(f"'{item.label}' cannot be renewed: {problem}.")


def apply(
    session: Session,
    item: KycItem,
    action: Action,
    actor: Actor,
    now: datetime,
    business_date: date,
    *,
    reason: str | None = None,
    note: str | None = None,
) -> KycChecklist:
    """Move ``item`` through ``action`` (state machine checked), audit it and refresh
    its checklist. Permission checks and the waiver's four eyes are the caller's; the
    submitter's four eyes and the renewal window are checked here too, so no path
    around the service skips them."""
    target = next_state(item.state, action)
    check_decision(session, item, action, actor, business_date)
    before = {"state": item.state, "valid_until": item.valid_until, "reason": item.reason}
    item.state = target.value
    if action in (Action.SUBMIT, Action.RESUBMIT):
        item.submitted_by = actor.user_id
        item.submitted_at = now
        item.reason = None
        item.valid_until = None
    else:
        item.decided_by = actor.user_id
        item.decided_by_name = actor.username
        item.decided_at = now
        item.reason = None if reason is None else redact_pii(reason)
    if action in (Action.VERIFY, Action.RENEW):
        item.valid_until = valid_until(business_date, item.validity_days)
    if note is not None:
        item.note = redact_pii(note)[:400]
    if action != Action.WAIVE:  # any other decision settles a pending waiver request
        item.waiver_requested_by = None
        item.waiver_requested_at = None
        item.waiver_reason = None
    checklist = session.get(KycChecklist, item.checklist_id, with_for_update=True)
    assert checklist is not None
    session.flush()
    refresh(session, checklist, business_date)
    audit.record(
        session,
        actor,
        f"kyc.item_{action.value}",
        "kyc_item",
        item.id,
        now=now,
        before=before,
        after={
            "state": item.state,
            "valid_until": item.valid_until,
            "reason": reason,
            "code": item.code,
            "checklist_state": checklist.state,
        },
    )
    return checklist
