"""The default checklist templates (seeded on first use when none exists)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateItemSpec:
    """One item of a template: what is checked, how long it stays valid, who verifies."""

    code: str
    label: str
    required: bool = True
    evidence_required: bool = True
    validity_days: int | None = None
    verifier_role: str = "kyc_officer"
    check_kind: str | None = None  # resident_id | uscc | mobile | luhn | screening | blacklist


INDIVIDUAL: tuple[TemplateItemSpec, ...] = (
    TemplateItemSpec(
        "id_card", "Identity card (resident ID)", validity_days=3650, check_kind="resident_id"
    ),
    TemplateItemSpec("name_match", "Name matches the ID", evidence_required=False),
    TemplateItemSpec("face_match", "Photo / face match", validity_days=365),
    TemplateItemSpec(
        "mobile",
        "Mobile number verified",
        evidence_required=False,
        validity_days=365,
        check_kind="mobile",
    ),
    TemplateItemSpec(
        "bank_card",
        "Bank card verified",
        evidence_required=False,
        validity_days=730,
        check_kind="luhn",
    ),
    TemplateItemSpec("address_proof", "Address proof", validity_days=180),
    TemplateItemSpec("income_proof", "Income proof", validity_days=180),
    TemplateItemSpec(
        "screening",
        "Sanctions / PEP screening",
        evidence_required=False,
        validity_days=90,
        check_kind="screening",
    ),
    TemplateItemSpec(
        "blacklist", "Internal blacklist check", evidence_required=False, check_kind="blacklist"
    ),
)

BUSINESS: tuple[TemplateItemSpec, ...] = (
    TemplateItemSpec(
        "licence",
        "Business licence (unified social credit code)",
        validity_days=365,
        check_kind="uscc",
    ),
    TemplateItemSpec("legal_rep_id", "Legal representative's ID", validity_days=3650),
    TemplateItemSpec("owners", "Beneficial owners of 25% or more", validity_days=365),
    TemplateItemSpec("business_account", "Business bank account", validity_days=730),
    TemplateItemSpec(
        "screening",
        "Screening of the company and its owners",
        evidence_required=False,
        validity_days=90,
        check_kind="screening",
    ),
    TemplateItemSpec(
        "blacklist", "Internal blacklist check", evidence_required=False, check_kind="blacklist"
    ),
)

DEFAULTS: dict[str, tuple[str, tuple[TemplateItemSpec, ...]]] = {
    "individual": ("Individual borrower", INDIVIDUAL),
    "business": ("Business borrower", BUSINESS),
}
CHECK_KINDS = frozenset({"resident_id", "uscc", "mobile", "luhn", "screening", "blacklist"})
