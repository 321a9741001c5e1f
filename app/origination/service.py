"""Intake: applications entered at the counter or by phone, imported from the web
platform's CSV, and notes. Each call is one transaction with its audit event."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.amounts import check_entry
from app.context import ServiceContext
from app.csvfile import decode_text, label
from app.customers.service import CustomerInput, insert_customer
from app.errors import NotFound, PermissionDenied, ValidationError
from app.loans.schedule import build_schedule
from app.origination.affordability import dti_bp, monthly_commitment
from app.origination.csv_import import RejectedRow, parse_applications_csv
from app.origination.intake import ApplicationFacts, ApplicationForm, IntakeError, check_form
from app.origination.limits import platform_debt
from app.origination.products import (
    ProductTerms,
    active_products,
    current_product,
    product_problems,
    terms_of,
)
from app.origination.records import ENTITY, ApplicationRef, ref
from app.origination.scorecard import ScoreResult, score
from app.origination.scorecards import active_scorecard
from app.origination.status import Status
from app.platform import business_date
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import PiiVault
from app.security.redact import redact_pii
from db.models.customers import Customer
from db.models.origination import Application, ApplicationNote, ApplicationScorePart

CHANNELS = ("counter", "phone", "web")


def same_name(on_file: str, typed: str) -> bool:
    """Names agree ignoring case and all white space (“张 三” is “张三”)."""
    return "".join(on_file.split()).casefold() == "".join(typed.split()).casefold()


@dataclass(frozen=True)
class ImportedRow:
    line: int
    external_id: str
    number: str


@dataclass(frozen=True)
class ImportResult:
    accepted: tuple[ImportedRow, ...]
    already_imported: tuple[ImportedRow, ...]  # same external id seen before: nothing new
    rejected: tuple[RejectedRow, ...]
    encoding: str = ""  # the codec a file was read in (app.csvfile); "" for text given


def score_facts(
    session: Session, terms: ProductTerms, facts: ApplicationFacts, customer_id: int | None = None
) -> tuple[ScoreResult, int, int]:
    """Score the application; returns (result, scorecard id, DTI in basis points).

    The new installment in the DTI is priced at the product's highest grade rate:
    the grade is not known before scoring, so affordability is judged on the
    dearest terms the product could offer. The existing debt is the stated one plus
    the customer's installments on this platform (issue 13 #5).
    """
    if not terms.grade_rates:
        raise ValidationError("product", f"{terms.name} has no rates per grade")
    worst = max(terms.grade_rates.values())
    today = business_date(session)
    schedule = build_schedule(facts.amount, worst, facts.term, terms.method, today)
    platform = platform_debt(session, customer_id, None, today) if customer_id is not None else None
    existing = facts.monthly_debt + (platform.total if platform is not None else 0)
    dti = dti_bp(facts.monthly_income, existing, monthly_commitment(schedule))
    card = active_scorecard(session)
    result = score(
        card,
        {
            "bureau_score": facts.bureau_score,
            "dti_bp": dti,
            "delinquencies_24m": facts.delinquencies_24m,
            "inquiries_6m": facts.inquiries_6m,
            "open_accounts": facts.open_accounts,
            "monthly_income": facts.monthly_income,
        },
    )
    assert card.scorecard_id is not None
    return result, card.scorecard_id, dti


def _next_number(session: Session) -> str:
    last = session.scalar(select(func.max(Application.id))) or 0
    return f"AP{last + 1:08d}"


def insert_application(
    ctx: ServiceContext,
    session: Session,
    customer_id: int,
    facts: ApplicationFacts,
    *,
    channel: str,
    external_id: str | None = None,
    submitted_at: datetime | None = None,
) -> Application:
    """Validate against the product, score and add one application (caller's transaction)."""
    product = current_product(session, facts.product)
    if product is None:
        raise IntakeError({"product": f"{facts.product!r} is not an active product"})
    check_entry(session, facts.amount, "amount")
    terms = terms_of(session, product)
    problems = product_problems(terms, facts.amount, facts.term)
    if problems:
        raise IntakeError(problems)
    result, scorecard_id, dti = score_facts(session, terms, facts, customer_id)
    now = submitted_at or ctx.now()
    app = Application(
        number=_next_number(session),
        external_id=external_id,
        channel=channel,
        customer_id=customer_id,
        product_id=product.id,
        amount=facts.amount,
        term=facts.term,
        purpose=facts.purpose,
        monthly_income=facts.monthly_income,
        monthly_debt=facts.monthly_debt,
        bureau_score=facts.bureau_score,
        open_accounts=facts.open_accounts,
        delinquencies_24m=facts.delinquencies_24m,
        inquiries_6m=facts.inquiries_6m,
        status=Status.SUBMITTED.value,
        submitted_at=now,
        submitted_on=business_date(session),
        status_changed_at=now,
        scorecard_id=scorecard_id,
        score=result.score,
        grade=result.grade,
        pd=result.pd,
        dti_bp=dti,
        recommended_rate=terms.rate_for(result.grade),
        created_by=ctx.actor.user_id,
    )
    session.add(app)
    session.flush()
    reasons = {r.code for r in result.reasons}
    card = active_scorecard(session)
    for position, (part, ch) in enumerate(zip(result.parts, card.characteristics, strict=True)):
        session.add(
            ApplicationScorePart(
                application_id=app.id,
                position=position,
                code=part.code,
                label=part.label,
                value=part.value,
                bin_label=part.bin_label,
                points=part.points,
                max_points=part.max_points,
                reason_code=ch.reason_code,
                reason=ch.reason,
            )
        )
    session.flush()
    audit.record(
        session,
        ctx.actor,
        "application.submitted",
        ENTITY,
        app.id,
        now=ctx.now(),
        after={
            "number": app.number,
            "status": app.status,
            "channel": channel,
            "external_id": external_id,
            "customer_id": customer_id,
            "product": terms.code,
            "amount": facts.amount,
            "term": facts.term,
            "score": result.score,
            "grade": result.grade,
            "scorecard_id": scorecard_id,
            "reasons": sorted(reasons),
        },
    )
    return app


def _find_customer(session: Session, typed: str) -> int:
    """The one customer ``typed`` names: a customer number, else a name prefix."""
    by_number = session.scalar(select(Customer.id).where(Customer.number == typed.upper()))
    if by_number is not None:
        return int(by_number)
    from app.customers.service import name_prefix_condition

    found = session.execute(
        select(Customer.id, Customer.number, Customer.name)
        .where(name_prefix_condition(session, typed.casefold()))
        .order_by(Customer.name_key, Customer.id)
        .limit(6)
    ).all()
    if not found:
        raise IntakeError({"customer": f"no customer has the number or name {typed!r}"})
    if len(found) > 1:
        shown = ", ".join(f"{number} {name}" for _, number, name in found[:5])
        raise IntakeError(
            {"customer": f"{typed!r} matches several customers ({shown}); type the number"}
        )
    return int(found[0][0])


def _checked_new_customer(
    data: CustomerInput, errors: dict[str, str], today: date
) -> CustomerInput:
    """A customer typed at intake: a name, a valid resident ID (or credit code) whose
    birth date makes an adult borrower, a mainland mobile; the birth date is taken
    from the ID. Problems go to ``errors`` under the dialog's field names."""
    from app.customers.identity import (
        CARD_LUHN,
        MOBILE_FORMAT,
        REQUIRED,
        birth_date_problem,
        luhn_ok,
        mobile_ok,
        normal_phone,
        resident_id_birth_date,
        resident_id_problem,
        uscc_problem,
    )

    if not data.name.strip():
        errors["new_name"] = REQUIRED
    id_number = (data.id_number or "").strip().upper()
    if not id_number:
        errors["new_id_number"] = REQUIRED
    else:
        check = uscc_problem if data.kind == "business" else resident_id_problem
        problem = check(id_number)
        if problem:
            errors["new_id_number"] = problem
    phone = normal_phone(data.phone) if data.phone and data.phone.strip() else None
    if phone and not mobile_ok(phone):
        errors["new_phone"] = MOBILE_FORMAT
    card = re.sub(r"[\s\-]", "", data.bank_card or "")
    if card and not luhn_ok(card):
        errors["new_bank_card"] = CARD_LUHN
    born = resident_id_birth_date(id_number) if data.kind == "individual" else None
    if born is not None:
        problem = birth_date_problem(born, today)
        if problem:
            errors["new_id_number"] = problem
    return replace(
        data,
        id_number=id_number or None,
        phone=phone,
        bank_card=card or None,
        birth_date=data.birth_date or born,
    )


def _new_customer_hooks(ctx: ServiceContext, session: Session, customer_id: int) -> None:
    """What every new customer gets in the intake's transaction: the blacklist check
    and the KYC checklist of their kind (without it the application can only be declined)."""
    from app.kyc.blacklist import on_customer_identity_changed
    from app.kyc.checklists import start_for_new_customer

    on_customer_identity_changed(session, ctx.actor, customer_id, ctx.now())
    start_for_new_customer(session, customer_id, ctx.actor, ctx.now())


class ApplicationService:
    """Intake and notes. Built per user action with the acting user's context."""

    def __init__(self, ctx: ServiceContext, vault: PiiVault | None = None) -> None:
        self.ctx = ctx
        self.vault = vault

    def products(self) -> list[ProductTerms]:
        self.ctx.require(Permission.APPLICATION_VIEW)
        with self.ctx.transaction() as session:
            return active_products(session)

    def submit(
        self,
        form: ApplicationForm,
        *,
        customer_id: int | None = None,
        new_customer: CustomerInput | None = None,
        channel: str = "counter",
        customer: str | None = None,
    ) -> ApplicationRef:
        """Enter one application for an existing customer or a new one (created in
        the same transaction). ``customer`` is what a person types: the customer number
        (C00000047) or the start of a name that finds exactly one customer.
        IntakeError maps each bad field to its message."""
        self.ctx.require(Permission.APPLICATION_EDIT)
        if channel not in CHANNELS:
            raise ValidationError("channel", f"must be one of {', '.join(CHANNELS)}")
        facts, errors = check_form(form)
        if new_customer is not None:
            with self.ctx.sessions() as session:
                today = business_date(session)
            new_customer = _checked_new_customer(new_customer, errors, today)
        typed = (customer or "").strip()
        if customer_id is None and new_customer is None and not typed:
            errors["customer"] = "find the customer or enter a new one"
        if errors:
            raise IntakeError(errors)
        with self.ctx.transaction() as session:
            if customer_id is None and new_customer is None:
                customer_id = _find_customer(session, typed)
            if new_customer is not None:
                if self.vault is None:
                    raise PermissionDenied(
                        "Personal data is locked on this workstation (no master key)."
                    )
                created = insert_customer(session, self.vault, new_customer, self.ctx.actor.user_id)
                audit.record(
                    session,
                    self.ctx.actor,
                    "customer.created",
                    "customer",
                    created.id,
                    now=self.ctx.now(),
                    after={"number": created.number, "name": created.name, "kind": created.kind},
                )
                customer_id = created.id
                _new_customer_hooks(self.ctx, session, customer_id)
            assert customer_id is not None
            if session.get(Customer, customer_id) is None:
                raise IntakeError({"customer": f"customer {customer_id} does not exist"})
            app = insert_application(self.ctx, session, customer_id, facts, channel=channel)
            return ref(app)

    def import_csv(self, text: str | bytes, name: str = "file") -> ImportResult:
        """Validate every row, then add the valid new ones in one transaction.

        Bytes (the file ``name`` as read from disk) may be UTF-8 with or without a
        BOM, GBK or GB18030, told apart automatically (:mod:`app.csvfile`); the result
        says which. A line in none of them refuses the file, naming the line.

        Rows whose external id was imported before create nothing (importing the same
        file twice is harmless); a row the product rejects is listed with its line.
        """
        self.ctx.require(Permission.APPLICATION_EDIT)
        if self.vault is None:
            raise PermissionDenied("Personal data is locked on this workstation (no master key).")
        vault = self.vault
        encoding = ""
        if isinstance(text, bytes):
            text, encoding = decode_text(text, name)
        with self.ctx.sessions() as session:
            today = business_date(session)
        parsed = parse_applications_csv(text, today)
        accepted: list[ImportedRow] = []
        again: list[ImportedRow] = []
        rejected = list(parsed.rejected)
        with self.ctx.transaction() as session:
            found = session.execute(
                select(Application.external_id, Application.number).where(
                    Application.external_id.in_([r.external_id for r in parsed.rows])
                )
            )
            known = {external: number for external, number in found}
            for row in parsed.rows:
                if row.external_id in known:
                    again.append(
                        ImportedRow(row.line, row.external_id, known[row.external_id] or "")
                    )
                    continue
                try:
                    with session.begin_nested():
                        customer = session.scalars(
                            select(Customer).where(
                                Customer.id_number_bidx
                                == vault.blind_index("id_number", row.id_number)
                            )
                        ).first()
                        if customer is not None and not same_name(customer.name, row.customer_name):
                            raise ValidationError(
                                "customer_name",
                                f"{row.customer_name!r} contradicts customer {customer.number} "
                                f"({customer.name}) found by the ID number",
                            )
                        if customer is None:
                            customer = insert_customer(
                                session,
                                vault,
                                CustomerInput(
                                    kind=row.customer_kind,
                                    name=row.customer_name,
                                    id_number=row.id_number,
                                    phone=row.phone or None,
                                    monthly_income=row.facts.monthly_income,
                                ),
                                self.ctx.actor.user_id,
                            )
                            _new_customer_hooks(self.ctx, session, customer.id)
                        app = insert_application(
                            self.ctx,
                            session,
                            customer.id,
                            row.facts,
                            channel="web",
                            external_id=row.external_id,
                        )
                except ValidationError as exc:
                    rejected.append(RejectedRow(row.line, row.external_id, exc.message))
                    continue
                accepted.append(ImportedRow(row.line, row.external_id, app.number))
            audit.record(
                session,
                self.ctx.actor,
                "application.imported",
                ENTITY,
                "csv",
                now=self.ctx.now(),
                after={
                    "accepted": len(accepted),
                    "already_imported": len(again),
                    "rejected": len(rejected),
                    "encoding": label(encoding) if encoding else None,
                },
            )
        rejected.sort(key=lambda r: r.line)
        return ImportResult(tuple(accepted), tuple(again), tuple(rejected), encoding)

    def add_note(self, application_id: int, body: str) -> int:
        """Append a note; notes are never edited. Returns the note id."""
        self.ctx.require(Permission.APPLICATION_EDIT)
        text = redact_pii(body.strip())
        if not text:
            raise ValidationError("note", "is empty")
        with self.ctx.transaction() as session:
            if session.get(Application, application_id) is None:
                raise NotFound(f"application {application_id} does not exist")
            note = ApplicationNote(
                application_id=application_id,
                author_id=self.ctx.actor.user_id,
                author_name=self.ctx.actor.display_name,
                body=text,
                created_at=self.ctx.now(),
            )
            session.add(note)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "application.note_added",
                ENTITY,
                application_id,
                now=self.ctx.now(),
                after={"note": text[:200]},
            )
            return note.id
