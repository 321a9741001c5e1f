"""Case actions that reach into the loan engine: phone payments, escalation and
write-off proposals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.orm import Session

from app.collections.overdue import overdue_sum
from app.collections.scoring import rescore
from app.collections.service import load_case
from app.context import ServiceContext
from app.errors import StateError, ValidationError
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from app.settings import get_setting
from db.models.collections import CollectionCase
from db.models.loans import Loan


class Escalation(StrEnum):
    LEGAL = "legal"
    AGENCY = "agency"


@dataclass(frozen=True)
class PhonePayment:
    payment_id: int
    duplicate: bool
    case_status: str
    overdue_amount: int
    dpd: int


def overdue_amount(session: Session, loan_id: int, day: date) -> int:
    return int(session.scalar(overdue_sum(loan_id, day)) or 0)


def refresh_case(session: Session, case: CollectionCase, day: date) -> None:
    """Bring a case in line with its loan now (what end of day would do tonight)."""
    loan = session.get(Loan, case.loan_id)
    assert loan is not None
    if not case.is_open:
        return
    case.dpd, case.bucket = loan.dpd, loan.bucket
    case.overdue_amount = overdue_amount(session, loan.id, day)
    if loan.status in ("paid_off", "written_off"):
        case.status, case.closed_on, case.close_reason = "closed", day, loan.status
    elif loan.dpd == 0:
        case.status, case.resolved_on = "resolved", day
    if case.status != "open":
        case.is_open, case.open_loan_id = False, None
        case.claimed_by, case.lease_until = None, None
    rescore(case, day)


class CaseActions:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record_phone_payment(self, case_id: int, amount: int, receipt_ref: str) -> PhonePayment:
        """Post a payment taken by phone through the loan engine (idempotent by the
        receipt reference) and update the case at once."""
        from app.loans.payments import PaymentService

        self.ctx.require(Permission.COLLECTIONS_WORK)
        ref = receipt_ref.strip()
        if not ref:
            raise ValidationError("receipt reference", "is required")
        with self.ctx.transaction() as session:
            loan_id = load_case(session, case_id).loan_id
        result = PaymentService(self.ctx).post(loan_id, amount, ref, channel="phone")
        with self.ctx.transaction() as session:
            case = load_case(session, case_id, lock=True)
            refresh_case(session, case, load_state(session).business_date)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.phone_payment",
                "collection_case",
                case.id,
                now=self.ctx.now(),
                after={"payment": result.payment_id, "duplicate": result.duplicate},
            )
            return PhonePayment(
                result.payment_id, result.duplicate, case.status, case.overdue_amount, case.dpd
            )

    def escalate(self, case_id: int, to: Escalation, reason: str) -> None:
        """Hand a case to legal or an external agency (past the escalation DPD)."""
        self.ctx.require(Permission.COLLECTIONS_SUPERVISE)
        if not reason.strip():
            raise ValidationError("reason", "say why the case is escalated")
        with self.ctx.transaction() as session:
            case = load_case(session, case_id, lock=True)
            threshold = int(get_setting(session, "collections.escalation_dpd"))
            if case.dpd <= threshold:
                raise StateError(
                    f"case {case.id} is {case.dpd} days past due; escalation needs more than "
                    f"{threshold}"
                )
            before = case.escalation
            case.escalation = to.value
            case.escalated_on = load_state(session).business_date
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.case_escalated",
                "collection_case",
                case.id,
                now=self.ctx.now(),
                before={"escalation": before},
                after={"escalation": to.value, "reason": reason.strip()},
            )

    def propose_write_off(self, case_id: int, reason: str) -> int:
        """Send a case past the write-off DPD to the loan engine's four-eyes write-off."""
        from app.loans.writeoff import WriteOffService

        self.ctx.require(Permission.WRITE_OFF_PROPOSE)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id)
            threshold = int(get_setting(session, "collections.write_off_dpd"))
            if case.dpd <= threshold:
                raise StateError(
                    f"case {case.id} is {case.dpd} days past due; a write-off proposal needs "
                    f"more than {threshold}"
                )
            loan_id = case.loan_id
        info = WriteOffService(self.ctx).propose(loan_id, reason)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id, lock=True)
            case.write_off_id = info.id
        return info.id
