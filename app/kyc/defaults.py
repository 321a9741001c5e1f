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
    label_zh: str = ""  # the label Chinese-speaking staff see; empty: they see ``label``


INDIVIDUAL: tuple[TemplateItemSpec, ...] = (
    TemplateItemSpec(
        "id_card",
        "Identity card (resident ID)",
        label_zh="居民身份证",
        validity_days=3650,
        check_kind="resident_id",
    ),
    TemplateItemSpec(
        "name_match", "Name matches the ID", label_zh="姓名与证件一致", evidence_required=False
    ),
    TemplateItemSpec(
        "face_match", "Photo / face match", label_zh="照片 / 人脸比对", validity_days=365
    ),
    TemplateItemSpec(
        "mobile",
        "Mobile number verified",
        label_zh="手机号已核实",
        evidence_required=False,
        validity_days=365,
        check_kind="mobile",
    ),
    TemplateItemSpec(
        "bank_card",
        "Bank card verified",
        label_zh="银行卡已核实",
        evidence_required=False,
        validity_days=730,
        check_kind="luhn",
    ),
    TemplateItemSpec("address_proof", "Address proof", label_zh="住址证明", validity_days=180),
    TemplateItemSpec("income_proof", "Income proof", label_zh="收入证明", validity_days=180),
    TemplateItemSpec(
        "screening",
        "Sanctions / PEP screening",
        label_zh="制裁 / 政治公众人物筛查",
        evidence_required=False,
        validity_days=90,
        check_kind="screening",
    ),
    TemplateItemSpec(
        "blacklist",
        "Internal blacklist check",
        label_zh="内部黑名单核查",
        evidence_required=False,
        check_kind="blacklist",
    ),
)

BUSINESS: tuple[TemplateItemSpec, ...] = (
    TemplateItemSpec(
        "licence",
        "Business licence (unified social credit code)",
        label_zh="营业执照（统一社会信用代码）",
        validity_days=365,
        check_kind="uscc",
    ),
    TemplateItemSpec(
        "legal_rep_id",
        "Legal representative's ID",
        label_zh="法定代表人身份证件",
        validity_days=3650,
    ),
    TemplateItemSpec(
        "owners",
        "Beneficial owners of 25% or more",
        label_zh="持股 25% 及以上的受益所有人",
        validity_days=365,
    ),
    TemplateItemSpec(
        "business_account", "Business bank account", label_zh="对公银行账户", validity_days=730
    ),
    TemplateItemSpec(
        "screening",
        "Screening of the company and its owners",
        label_zh="公司及其股东筛查",
        evidence_required=False,
        validity_days=90,
        check_kind="screening",
    ),
    TemplateItemSpec(
        "blacklist",
        "Internal blacklist check",
        label_zh="内部黑名单核查",
        evidence_required=False,
        check_kind="blacklist",
    ),
)

DEFAULTS: dict[str, tuple[str, tuple[TemplateItemSpec, ...]]] = {
    "individual": ("Individual borrower", INDIVIDUAL),
    "business": ("Business borrower", BUSINESS),
}
CHECK_KINDS = frozenset({"resident_id", "uscc", "mobile", "luhn", "screening", "blacklist"})
