"""The loan agreement and decline letter of an application, as PDF bytes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.customers import fields
from app.customers.reveal import REVEAL_ACTION
from app.errors import NotFound, PermissionDenied, StateError
from app.loans.cost import schedule_cost
from app.loans.schedule import build_schedule
from app.origination.detail import load_detail
from app.origination.pricing import OfferCost, offer_cost
from app.origination.records import KycGate, default_kyc_gate
from app.origination.status import Status
from app.reports.agreement import AgreementData, render_agreement
from app.reports.decline_letter import DeclineLetterData, render_decline_letter
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import PiiVault
from db.models.customers import Customer
from db.models.loans import Investor, Loan
from db.models.origination import Application, ApplicationFunding

PLATFORM_NAME = "p2pdesk 网络借贷信息中介平台"
_AGREEMENT_STATUSES = (Status.APPROVED.value, Status.FUNDING.value, Status.DISBURSED.value)


def agreement_data(
    session: Session, application_id: int, gate: KycGate, borrower_id_number: str
) -> AgreementData:
    """The agreement's content: the disbursed loan's terms, or the approved offer's
    from the business date when it has not been paid out yet. The borrower's ID
    number is given in full (the caller decrypts it and audits the reveal)."""
    d = load_detail(session, application_id, gate)
    if d.status not in _AGREEMENT_STATUSES:
        raise StateError(f"Application {d.number} has no approved terms for an agreement.")
    amount, term, rate = d.terms
    assert rate is not None
    start = d.business_date
    number = d.number
    deducted: tuple[int, int] | None = None
    if d.loan_id is not None:
        loan = session.get(Loan, d.loan_id)
        assert loan is not None
        start, amount, term, rate, number = (
            loan.disbursed_on,
            loan.principal,
            loan.term,
            loan.annual_rate,
            loan.number,
        )
        deducted = (loan.origination_fee, loan.reserve_amount)
    schedule = build_schedule(amount, rate, term, d.product.method, start)
    cost = offer_cost(d.product, schedule)
    if deducted is not None:  # the disbursed loan's own charges
        cost = OfferCost(*deducted, amount - sum(deducted), schedule_cost(schedule, sum(deducted)))
    investors = tuple(
        (name, amount_)
        for name, amount_ in session.execute(
            select(Investor.name, ApplicationFunding.amount)
            .join(Investor, Investor.id == ApplicationFunding.investor_id)
            .where(ApplicationFunding.application_id == d.id)
            .order_by(Investor.name)
        )
    )
    return AgreementData(
        number=number,
        signed_on=start,
        platform_name=PLATFORM_NAME,
        borrower_name=d.customer.name,
        borrower_number=d.customer.number,
        borrower_id_number=borrower_id_number,
        product_name=d.product.name,
        schedule=schedule,
        origination_fee=cost.origination_fee,
        reserve=cost.reserve,
        annual_cost=cost.annual_cost,
        late_fee=d.product.late_fee,
        penalty_rate=d.product.penalty_rate,
        investors=investors,
    )


def decline_letter_data(session: Session, application_id: int, gate: KycGate) -> DeclineLetterData:
    d = load_detail(session, application_id, gate)
    if d.status != Status.DECLINED.value:
        raise StateError(f"Application {d.number} was not declined.")
    return DeclineLetterData(
        number=d.number,
        letter_date=d.business_date,
        platform_name=PLATFORM_NAME,
        applicant_name=d.customer.name,
        amount=d.amount,
        term=d.term,
        submitted_on=d.submitted_at.date(),
        reasons=d.decline_reasons,
        key_factors=tuple(line.reason for line in d.reasons),
        reasons_zh=d.decline_reasons_zh,
        key_factors_zh=tuple(line.reason_zh for line in d.reasons),
    )


class DocumentService:
    """PDFs for an application. Opens its own transaction; safe off the GUI thread."""

    def __init__(
        self,
        ctx: ServiceContext,
        kyc_gate: KycGate = default_kyc_gate,
        vault: PiiVault | None = None,
    ) -> None:
        self.ctx = ctx
        self.gate = kyc_gate
        self.vault = vault

    def agreement_pdf(self, application_id: int) -> bytes:
        """The contract carries the borrower's full ID number (screens and letters
        stay masked): producing it is an audited reveal with the reason "contract"."""
        self.ctx.require(Permission.APPLICATION_VIEW)
        if self.vault is None:
            raise PermissionDenied(
                "The agreement carries the borrower's ID number, and personal data is "
                "locked on this workstation (no master key)."
            )
        with self.ctx.transaction() as session:
            app = session.get(Application, application_id)
            if app is None:
                raise NotFound(f"application {application_id} does not exist")
            customer = session.get(Customer, app.customer_id)
            assert customer is not None
            id_number = fields.read(self.vault, customer, "id_number") or ""
            data = agreement_data(session, application_id, self.gate, id_number)
            audit.record(
                session,
                self.ctx.actor,
                REVEAL_ACTION,
                "customer",
                customer.id,
                now=self.ctx.now(),
                after={"field": "id_number", "reason": "contract", "document": data.number},
            )
        return render_agreement(data)

    def decline_letter_pdf(self, application_id: int) -> bytes:
        self.ctx.require(Permission.APPLICATION_VIEW)
        with self.ctx.transaction() as session:
            data = decline_letter_data(session, application_id, self.gate)
        return render_decline_letter(data)
