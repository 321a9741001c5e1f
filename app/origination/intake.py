"""Intake validation: an application as typed on the form (or read from a CSV row),
checked field by field. Every message names what is wrong in words for the clerk.

Pure: no session. Product rules (amount range, allowed terms) are checked by the
service, which adds its messages to the same per-field mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from app.errors import ValidationError
from app.loans.schedule import MAX_TERM, MIN_TERM
from app.money import parse_amount

BUREAU_MIN = 300
BUREAU_MAX = 900
COUNT_MAX = 99
PURPOSE_MAX = 200

FIELD_LABELS: dict[str, str] = {
    "customer": "Customer",
    "new_name": "Name",
    "new_id_number": "ID number",
    "new_phone": "Mobile",
    "new_bank_card": "Bank card",
    "product": "Product",
    "amount": "Amount",
    "term": "Term (months)",
    "purpose": "Purpose",
    "monthly_income": "Monthly income",
    "monthly_debt": "Existing monthly debt payments",
    "bureau_score": "Bureau score",
    "open_accounts": "Open accounts",
    "delinquencies_24m": "Delinquencies in 24 months",
    "inquiries_6m": "Inquiries in 6 months",
}


class IntakeError(ValidationError):
    """One message per field at fault; ``errors`` maps field name -> message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        first = next(iter(self.errors))
        summary = "; ".join(f"{FIELD_LABELS.get(k, k)}: {v}" for k, v in self.errors.items())
        super().__init__(FIELD_LABELS.get(first, first), summary)
        self.message = summary


@dataclass(frozen=True)
class ApplicationForm:
    """The form as typed: every field a string (amounts in major units, "12000.00")."""

    product: str
    amount: str
    term: str
    purpose: str
    monthly_income: str
    monthly_debt: str
    bureau_score: str
    open_accounts: str
    delinquencies_24m: str
    inquiries_6m: str


@dataclass(frozen=True)
class ApplicationFacts:
    """A validated application: amounts in minor units."""

    product: str
    amount: int
    term: int
    purpose: str
    monthly_income: int
    monthly_debt: int
    bureau_score: int
    open_accounts: int
    delinquencies_24m: int
    inquiries_6m: int


FORM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ApplicationForm))


def _whole(text: str, low: int, high: int, errors: dict[str, str], key: str) -> int:
    value = text.strip()
    if not value:
        errors[key] = "is required"
        return 0
    if not value.isascii() or not value.isdigit():
        errors[key] = f"{text!r} is not a whole number"
        return 0
    number = int(value)
    if not low <= number <= high:
        errors[key] = f"must be from {low} to {high}"
    return number


def _money(text: str, errors: dict[str, str], key: str, *, positive: bool) -> int:
    try:
        minor = parse_amount(text, key)
    except ValidationError as exc:
        errors[key] = exc.reason
        return 0
    if positive and minor <= 0:
        errors[key] = "must be more than zero"
    elif minor < 0:
        errors[key] = "cannot be negative"
    return minor


def check_form(form: ApplicationForm) -> tuple[ApplicationFacts, dict[str, str]]:
    """Parse every field; return the facts and the messages (empty when all is well)."""
    errors: dict[str, str] = {}
    product = form.product.strip()
    if not product:
        errors["product"] = "choose a product"
    amount = _money(form.amount, errors, "amount", positive=True)
    term = _whole(form.term, MIN_TERM, MAX_TERM, errors, "term")
    purpose = form.purpose.strip()
    if not purpose:
        errors["purpose"] = "is required"
    elif len(purpose) > PURPOSE_MAX:
        errors["purpose"] = f"is longer than {PURPOSE_MAX} characters"
    income = _money(form.monthly_income, errors, "monthly_income", positive=False)
    debt = _money(form.monthly_debt or "0", errors, "monthly_debt", positive=False)
    bureau = _whole(form.bureau_score, BUREAU_MIN, BUREAU_MAX, errors, "bureau_score")
    accounts = _whole(form.open_accounts, 0, COUNT_MAX, errors, "open_accounts")
    late = _whole(form.delinquencies_24m, 0, COUNT_MAX, errors, "delinquencies_24m")
    inquiries = _whole(form.inquiries_6m, 0, COUNT_MAX, errors, "inquiries_6m")
    facts = ApplicationFacts(
        product, amount, term, purpose, income, debt, bureau, accounts, late, inquiries
    )
    return facts, errors


def validate_form(form: ApplicationForm) -> ApplicationFacts:
    """The facts, or IntakeError listing every field at fault."""
    facts, errors = check_form(form)
    if errors:
        raise IntakeError(errors)
    return facts
