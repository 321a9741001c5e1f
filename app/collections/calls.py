"""Starting a collection call: the debtor's number for that one call.

Collections agents have no general permission to reveal personal data. Starting a
call on a case is the one place they see a number in full, and only after the
contact rules allow an outbound call to the debtor now (quiet hours, the daily cap,
an open dispute or hardship hold). The number is the debtor's own phone, never a
relative's or a reference's; the reveal is audited like every other one (action
``pii.revealed``, reason ``collection_call``, with the case). It does not count
against the hourly allowance of ad hoc reveals: the contact rules (at most a few
connected calls per debtor a day, never at night) bound it instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.collections.rules import Channel, ContactDecision, Direction, Party, check_contact
from app.collections.service import connected_today, hold_reason, load_case, rule_settings
from app.context import ServiceContext
from app.customers import fields
from app.customers.reveal import REVEAL_ACTION, RevealReason
from app.errors import StateError
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import KeyUnavailable, PiiVault
from db.models.collections import CollectionCase
from db.models.customers import Customer


@dataclass(frozen=True)
class DebtorCall:
    """The answer to "start call": the rules' decision and, when they allow the call,
    the debtor's number (``None`` when blocked or when no phone is on file)."""

    case_id: int
    customer_id: int
    decision: ContactDecision
    number: str | None
    started_at: datetime

    @property
    def allowed(self) -> bool:
        return self.decision.allowed


def _claimed_by_other(case: CollectionCase, user_id: int | None, now: datetime) -> bool:
    if case.claimed_by is None or case.claimed_by == user_id or case.lease_until is None:
        return False
    lease = case.lease_until
    if lease.tzinfo is None:  # SQLite hands back naive UTC
        lease = lease.replace(tzinfo=now.tzinfo)
    return lease > now


class CollectionCalls:
    """Thread-safe: one transaction per call."""

    def __init__(self, ctx: ServiceContext, vault: PiiVault | None) -> None:
        self.ctx = ctx
        self.vault = vault

    def start_call(self, case_id: int) -> DebtorCall:
        """Check the rules for an outbound call to the debtor; when allowed, decrypt
        the debtor's phone and audit the reveal (reason ``collection_call``)."""
        self.ctx.require(Permission.COLLECTIONS_WORK)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id)
            if not case.is_open:
                raise StateError(f"case {case.id} is {case.status}; it cannot be worked")
            now = self.ctx.now()
            if _claimed_by_other(case, self.ctx.actor.user_id, now):
                raise StateError(f"another agent is working case {case.id}")
            customer = session.get(Customer, case.customer_id)
            assert customer is not None
            decision = check_contact(
                at=now,
                timezone=customer.timezone,
                channel=Channel.CALL,
                direction=Direction.OUTBOUND,
                party=Party.DEBTOR,
                connected_today=connected_today(session, customer.id, now, customer.timezone),
                settings=rule_settings(session),
                hold_reason=hold_reason(session, case.loan_id),
            )
            if not decision.allowed:
                return DebtorCall(case.id, customer.id, decision, None, now)
            number = None
            if customer.phone_enc is not None:
                if self.vault is None:
                    raise KeyUnavailable(
                        "personal data is locked on this workstation (no master key)"
                    )
                number = fields.read(self.vault, customer, "phone")
                audit.record(
                    session,
                    self.ctx.actor,
                    REVEAL_ACTION,
                    "customer",
                    customer.id,
                    now=now,
                    after={
                        "field": "phone",
                        "reason": RevealReason.COLLECTION_CALL.value,
                        "case": case.id,
                    },
                )
            return DebtorCall(case.id, customer.id, decision, number, now)
