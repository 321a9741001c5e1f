"""The KYC officer's use cases on a checklist: one call, one transaction, audited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.context import Actor, ServiceContext
from app.errors import ConflictError, NotFound, PermissionDenied, StateError, ValidationError
from app.kyc.checklists import (
    apply,
    check_claim,
    check_decision,
    checklist_for,
    ensure_checklist,
    load_item,
)
from app.kyc.checks import check_before_verify
from app.kyc.evidence import open_content
from app.kyc.gate import GateResult, kyc_gate
from app.kyc.records import ChecklistView, ItemView, checklist_view, user_names
from app.kyc.rules import (
    DECISIONS,
    Action,
    ItemState,
    allowed_actions,
    next_state,
    renew_problem,
    same_hands,
)
from app.platform import business_date
from app.security import audit
from app.security.permissions import Permission, Role
from app.security.pii import KeyUnavailable, PiiVault
from app.security.redact import redact_pii
from app.security.sealed_files import sha256_hex
from db.models.customers import Customer
from db.models.kyc import KycChecklist, KycEvidence, KycItem

#: Extra, non-state-machine actions a view may offer.
REQUEST_WAIVER = "request_waiver"
DECLINE_WAIVER = "decline_waiver"


def may_verify(actor: Actor, verifier_role: str) -> bool:
    """KYC_VERIFY plus the role the template names for the item (admins always)."""
    if not actor.can(Permission.KYC_VERIFY):
        return False
    return Role.ADMIN in actor.roles or verifier_role in {r.value for r in actor.roles}


def decision_blocked(actor: Actor, item: ItemView) -> bool:
    """Four eyes: ``actor`` submitted ``item`` and so may not verify or reject it."""
    return item.state == ItemState.SUBMITTED and same_hands(item.submitted_by, actor.user_id)


def renew_blocked(item: ItemView, business_date: date) -> bool:
    """A verified item outside its renewal window (or one that never expires)."""
    return (
        item.state == ItemState.VERIFIED
        and renew_problem(item.valid_until, business_date) is not None
    )


def actions_for(actor: Actor, item: ItemView, business_date: date) -> frozenset[str]:
    """What ``actor`` may do to ``item`` on ``business_date``: state machine, role,
    four eyes (not on one's own submission) and the renewal window."""
    if item.check_kind == "blacklist":
        base: set[str] = set()  # automatic: follows the blacklist check
    else:
        base = {a.value for a in allowed_actions(item.state)}
    officer = actor.can(Permission.KYC_VERIFY)
    verifier = may_verify(actor, item.verifier_role)
    decider = verifier and not decision_blocked(actor, item)
    second_user = (
        item.waiver_pending
        and actor.can(Permission.KYC_WAIVE)
        and item.waiver_requested_by != actor.user_id
    )
    allowed_by_role = {
        "submit": officer,
        "resubmit": officer,
        "verify": decider,
        "renew": verifier and not renew_blocked(item, business_date),
        "reject": decider,
        "waive": second_user,
    }
    result = {name for name in base if allowed_by_role.get(name, False)}
    if "waive" in base and not item.waiver_pending and officer:
        result.add(REQUEST_WAIVER)
    if item.waiver_pending and actor.can(Permission.KYC_WAIVE):
        result.add(DECLINE_WAIVER)
    return frozenset(result)


def _refuse_tampered(session: Session, item: KycItem, vault: PiiVault | None) -> None:
    """A current evidence file whose bytes no longer match the hash taken at upload
    (or no longer decrypt under its row) blocks verification (the file was changed
    after it was attached)."""
    for e in session.scalars(
        select(KycEvidence).where(
            KycEvidence.item_id == item.id, KycEvidence.superseded_by.is_(None)
        )
    ):
        try:
            actual = sha256_hex(open_content(vault, e.id, e.sha256, bytes(e.content)))
        except KeyUnavailable:
            actual = ""
        if actual != e.sha256:
            raise StateError(
                f"'{e.file_name}' of '{item.label}' no longer matches the hash taken at "
                "upload; attach a fresh file before verifying."
            )


class ChecklistService:
    """Open a customer's checklist and move its items."""

    def __init__(self, ctx: ServiceContext, vault: PiiVault | None = None) -> None:
        self.ctx = ctx
        self.vault = vault

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        try:
            with self.ctx.transaction() as session:
                yield session
        except StaleDataError as exc:
            raise ConflictError(
                "Someone changed this checklist meanwhile; reload it and try again."
            ) from exc

    def open(self, customer_id: int) -> ChecklistView:
        """The customer's checklist (made from the active template the first time)."""
        self.ctx.require(Permission.KYC_VIEW)
        with self._tx() as session:
            checklist = ensure_checklist(
                session, customer_id, self.ctx.actor, self.ctx.now(), business_date(session)
            )
            return checklist_view(session, checklist)

    def has_checklist(self, customer_id: int) -> bool:
        """Whether the customer has a checklist (customers from before intake made one
        at creation have none until an officer starts it)."""
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.sessions() as session:
            return checklist_for(session, customer_id) is not None

    def start(self, customer_id: int) -> ChecklistView:
        """ "Start KYC" on the customer page: the checklist of the customer's kind."""
        self.ctx.require(Permission.KYC_VERIFY)
        with self._tx() as session:
            if checklist_for(session, customer_id) is not None:
                raise StateError("The customer already has a KYC checklist.")
            checklist = ensure_checklist(
                session, customer_id, self.ctx.actor, self.ctx.now(), business_date(session)
            )
            return checklist_view(session, checklist)

    def get(self, checklist_id: int) -> ChecklistView:
        self.ctx.require(Permission.KYC_VIEW)
        with self._tx() as session:
            checklist = session.get(KycChecklist, checklist_id)
            if checklist is None:
                raise NotFound(f"checklist {checklist_id} does not exist")
            return checklist_view(session, checklist)

    def _act(
        self,
        item_id: int,
        version: int | None,
        action: Action,
        *,
        reason: str | None = None,
    ) -> ChecklistView:
        now = self.ctx.now()
        with self._tx() as session:
            today = business_date(session)
            item = load_item(session, item_id, version)
            checklist = session.get(KycChecklist, item.checklist_id)
            assert checklist is not None
            if action not in DECISIONS:
                # Four eyes: the second officer's verify or reject is never blocked by
                # the submitter's take-next claim.
                names = user_names(session, [checklist.claimed_by])
                check_claim(checklist, self.ctx.actor, now, names.get(checklist.claimed_by or 0))
            next_state(item.state, action)  # the state machine speaks first
            note = None
            if action in (Action.SUBMIT, Action.RESUBMIT):
                self._submittable(session, item)
            if action in (Action.VERIFY, Action.RENEW) and not may_verify(
                self.ctx.actor, item.verifier_role
            ):
                raise PermissionDenied(
                    f"'{item.label}' is verified by the {item.verifier_role} role."
                )
            # four eyes and the renewal window before the automatic checks run
            check_decision(session, item, action, self.ctx.actor, today)
            if action in (Action.VERIFY, Action.RENEW):
                customer = session.get(Customer, checklist.customer_id)
                assert customer is not None
                _refuse_tampered(session, item, self.vault)
                note = check_before_verify(session, item, customer, self.vault)
            checklist = apply(
                session,
                item,
                action,
                self.ctx.actor,
                now,
                today,
                reason=reason,
                note=note,
            )
            if checklist.claimed_by == self.ctx.actor.user_id and action in (
                Action.SUBMIT,
                Action.RESUBMIT,
            ):
                # submitted work waits for another officer: hand the checklist back
                checklist.claimed_by = None
                checklist.claimed_at = None
                session.flush()
            return checklist_view(session, checklist)

    def _submittable(self, session: Session, item: KycItem) -> None:
        if item.check_kind == "blacklist":
            raise StateError("The blacklist item follows the automatic blacklist check.")
        if item.evidence_required:
            current = session.scalars(
                select(KycEvidence.id).where(
                    KycEvidence.item_id == item.id, KycEvidence.superseded_by.is_(None)
                )
            ).first()
            if current is None:
                raise ValidationError(item.label, "attach the evidence before submitting")

    def submit(self, item_id: int, version: int | None = None) -> ChecklistView:
        """pending -> submitted (evidence attached where the template requires it)."""
        self.ctx.require(Permission.KYC_VERIFY)
        return self._act(item_id, version, Action.SUBMIT)

    def resubmit(self, item_id: int, version: int | None = None) -> ChecklistView:
        """rejected | expired -> submitted."""
        self.ctx.require(Permission.KYC_VERIFY)
        return self._act(item_id, version, Action.RESUBMIT)

    def verify(self, item_id: int, version: int | None = None) -> ChecklistView:
        """submitted -> verified, after the item's automatic check passes."""
        self.ctx.require(Permission.KYC_VERIFY)
        return self._act(item_id, version, Action.VERIFY)

    def renew(self, item_id: int, version: int | None = None) -> ChecklistView:
        """verified -> verified with a fresh validity (new evidence before expiry)."""
        self.ctx.require(Permission.KYC_VERIFY)
        return self._act(item_id, version, Action.RENEW)

    def reject(self, item_id: int, reason: str, version: int | None = None) -> ChecklistView:
        """submitted -> rejected; the reason is shown to whoever resubmits."""
        self.ctx.require(Permission.KYC_VERIFY)
        if not reason.strip():
            raise ValidationError("reason", "say why the item is rejected")
        return self._act(item_id, version, Action.REJECT, reason=redact_pii(reason.strip())[:400])

    def request_waiver(
        self, item_id: int, reason: str, version: int | None = None
    ) -> ChecklistView:
        """Ask a second user (with KYC_WAIVE) to waive the item."""
        self.ctx.require(Permission.KYC_VERIFY)
        if not reason.strip():
            raise ValidationError("reason", "say why the item should be waived")
        now = self.ctx.now()
        with self._tx() as session:
            item = load_item(session, item_id, version)
            if Action.WAIVE not in allowed_actions(item.state):
                raise StateError(f"'{item.label}' is {item.state}; it cannot be waived.")
            if item.waiver_requested_by is not None:
                raise StateError(f"A waiver of '{item.label}' is already requested.")
            item.waiver_requested_by = self.ctx.actor.user_id
            item.waiver_requested_at = now
            item.waiver_reason = redact_pii(reason.strip())[:400]
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "kyc.waiver_requested",
                "kyc_item",
                item.id,
                now=now,
                after={"reason": item.waiver_reason, "code": item.code},
            )
            checklist = session.get(KycChecklist, item.checklist_id)
            assert checklist is not None
            return checklist_view(session, checklist)

    def approve_waiver(
        self, item_id: int, note: str = "", version: int | None = None
    ) -> ChecklistView:
        """Four eyes: a user with KYC_WAIVE who did not request the waiver grants it."""
        self.ctx.require(Permission.KYC_WAIVE)
        with self._tx() as session:
            item = load_item(session, item_id, version)
            if item.waiver_requested_by is None:
                raise StateError(f"Nobody has requested a waiver of '{item.label}'.")
            if item.waiver_requested_by == self.ctx.actor.user_id:
                raise PermissionDenied(
                    "Four eyes: a waiver must be approved by someone other than its requester."
                )
            extra = f" ({redact_pii(note.strip())})" if note.strip() else ""
            reason = f"waived: {item.waiver_reason}{extra}"
            checklist = apply(
                session,
                item,
                Action.WAIVE,
                self.ctx.actor,
                self.ctx.now(),
                business_date(session),
                reason=reason[:400],
            )
            return checklist_view(session, checklist)

    def decline_waiver(
        self, item_id: int, reason: str, version: int | None = None
    ) -> ChecklistView:
        self.ctx.require(Permission.KYC_WAIVE)
        if not reason.strip():
            raise ValidationError("reason", "say why the waiver is declined")
        now = self.ctx.now()
        with self._tx() as session:
            item = load_item(session, item_id, version)
            if item.waiver_requested_by is None:
                raise StateError(f"Nobody has requested a waiver of '{item.label}'.")
            before = {"requested_by": item.waiver_requested_by, "reason": item.waiver_reason}
            item.waiver_requested_by = None
            item.waiver_requested_at = None
            item.waiver_reason = None
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "kyc.waiver_declined",
                "kyc_item",
                item.id,
                now=now,
                before=before,
                after={"reason": redact_pii(reason.strip())},
            )
            checklist = session.get(KycChecklist, item.checklist_id)
            assert checklist is not None
            return checklist_view(session, checklist)

    def gate(self, customer_id: int) -> GateResult:
        """The lending gate for the customer, as the application review sees it."""
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.sessions() as session:
            return kyc_gate(session, customer_id)

    def actions(self, view: ChecklistView, item: ItemView) -> frozenset[str]:
        """The actions this service's actor may take on ``item`` of ``view`` (for
        enabling buttons), judged on the business date the view was read on."""
        return actions_for(self.ctx.actor, item, view.business_date)


__all__ = [
    "DECLINE_WAIVER",
    "REQUEST_WAIVER",
    "ChecklistService",
    "ItemState",
    "actions_for",
    "decision_blocked",
    "renew_blocked",
]
