"""Loan products: pricing per credit grade, fees, penalties, allocation, prepayment.

A product is admin-editable with an audit trail. Once a loan uses a product
version, that version is frozen: an edit creates the next version (same code)
and retires the old one, so no running loan's terms ever change underneath it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.amounts import amount_ceiling, check_entry
from app.context import ServiceContext
from app.errors import ConflictError, NotFound, StateError, ValidationError
from app.loans.allocation import DEFAULT_ORDER, Component
from app.loans.loan_state import PREPAYMENT_RULES
from app.loans.schedule import MAX_TERM, Method
from app.security import audit
from app.security.permissions import Permission
from db.models.loans import Loan, Product, ProductGrade

GRADES = ("A", "B", "C", "D", "E", "F", "G")
MAX_ANNUAL_RATE = Decimal("0.36")  # the legal ceiling a product rate may not exceed


@dataclass(frozen=True)
class ProductInput:
    code: str
    name: str
    method: str
    min_amount: int
    max_amount: int
    min_term: int
    max_term: int
    grade_rates: dict[str, Decimal]
    origination_fee_rate: Decimal = Decimal("0.02")
    service_fee_rate: Decimal = Decimal("0.1")
    late_fee: int = 5000
    grace_days: int = 3
    penalty_rate: Decimal = Decimal("0.0005")
    reserve_rate: Decimal = Decimal("0.02")
    allocation_order: tuple[str, ...] = tuple(c.value for c in DEFAULT_ORDER)
    prepayment_rule: str = "shorten_term"


@dataclass(frozen=True)
class ProductInfo:
    id: int
    code: str
    revision: int
    name: str
    method: str
    min_amount: int
    max_amount: int
    min_term: int
    max_term: int
    grade_rates: dict[str, Decimal]
    origination_fee_rate: Decimal
    service_fee_rate: Decimal
    late_fee: int
    grace_days: int
    penalty_rate: Decimal
    reserve_rate: Decimal
    allocation_order: tuple[str, ...]
    prepayment_rule: str
    active: bool
    version: int


def validate(data: ProductInput) -> None:
    """Raise ValidationError naming the first bad field."""
    if not data.code.strip() or len(data.code) > 32:
        raise ValidationError("code", "a product code of 1 to 32 characters is required")
    if not data.name.strip():
        raise ValidationError("name", "a name is required")
    if data.method not in {m.value for m in Method}:
        raise ValidationError("method", f"{data.method!r} is not a repayment method")
    if not 0 < data.min_amount <= data.max_amount:
        raise ValidationError("min_amount", "amounts must be positive and min <= max")
    if not 1 <= data.min_term <= data.max_term <= MAX_TERM:
        raise ValidationError("min_term", f"terms must be within 1..{MAX_TERM} and min <= max")
    if set(data.grade_rates) - set(GRADES) or not data.grade_rates:
        raise ValidationError("grade_rates", "grades are A to G, at least one")
    for grade, rate in data.grade_rates.items():
        if not Decimal(0) <= rate <= MAX_ANNUAL_RATE:
            raise ValidationError(f"grade_rates.{grade}", f"must be within 0..{MAX_ANNUAL_RATE}")
    for name in ("origination_fee_rate", "service_fee_rate", "reserve_rate"):
        if not Decimal(0) <= getattr(data, name) < 1:
            raise ValidationError(name, "must be a fraction from 0 to below 1")
    if not Decimal(0) <= data.penalty_rate <= Decimal("0.01"):
        raise ValidationError("penalty_rate", "a daily rate from 0 to 0.01")
    if data.late_fee < 0:
        raise ValidationError("late_fee", "cannot be negative")
    if not 0 <= data.grace_days <= 60:
        raise ValidationError("grace_days", "must be 0 to 60 days")
    if sorted(data.allocation_order) != sorted(c.value for c in Component):
        raise ValidationError("allocation_order", "must name penalty, fees, interest, principal")
    if data.prepayment_rule not in PREPAYMENT_RULES:
        raise ValidationError("prepayment_rule", f"one of {', '.join(PREPAYMENT_RULES)}")


def info(session: Session, p: Product) -> ProductInfo:
    grades = session.execute(
        select(ProductGrade.grade, ProductGrade.annual_rate)
        .where(ProductGrade.product_id == p.id)
        .order_by(ProductGrade.grade)
    ).all()
    return ProductInfo(
        id=p.id, code=p.code, revision=p.revision, name=p.name, method=p.method,
        min_amount=p.min_amount, max_amount=p.max_amount, min_term=p.min_term,
        max_term=p.max_term, grade_rates={g: r for g, r in grades},
        origination_fee_rate=p.origination_fee_rate, service_fee_rate=p.service_fee_rate,
        late_fee=p.late_fee, grace_days=p.grace_days, penalty_rate=p.penalty_rate,
        reserve_rate=p.reserve_rate, allocation_order=tuple(p.allocation_order.split(",")),
        prepayment_rule=p.prepayment_rule, active=p.active, version=p.version,
    )  # fmt: skip


def _audit_view(data: ProductInput) -> dict[str, Any]:
    return {k: v for k, v in asdict(data).items()}


def _fill(session: Session, p: Product, data: ProductInput) -> None:
    with session.no_autoflush:  # the new product row is not ready to be written yet
        ceiling = amount_ceiling(session)
    check_entry(session, data.min_amount, "min_amount", maximum=ceiling)
    check_entry(session, data.max_amount, "max_amount", maximum=ceiling)
    check_entry(session, data.late_fee, "late_fee", allow_zero=True, maximum=ceiling)
    p.name, p.method = data.name.strip(), data.method
    p.min_amount, p.max_amount = data.min_amount, data.max_amount
    p.min_term, p.max_term = data.min_term, data.max_term
    p.origination_fee_rate, p.service_fee_rate = data.origination_fee_rate, data.service_fee_rate
    p.late_fee, p.grace_days, p.penalty_rate = data.late_fee, data.grace_days, data.penalty_rate
    p.reserve_rate, p.prepayment_rule = data.reserve_rate, data.prepayment_rule
    p.allocation_order = ",".join(data.allocation_order)
    session.flush()
    existing = {
        g.grade: g
        for g in session.scalars(select(ProductGrade).where(ProductGrade.product_id == p.id))
    }
    for grade, rate in data.grade_rates.items():
        if grade in existing:
            existing[grade].annual_rate = rate
        else:
            session.add(ProductGrade(product_id=p.id, grade=grade, annual_rate=rate))
    for grade, row in existing.items():
        if grade not in data.grade_rates:
            session.delete(row)


class ProductService:
    """Create and edit products (PRODUCT_EDIT); every change is audited."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def create(self, data: ProductInput) -> ProductInfo:
        self.ctx.require(Permission.PRODUCT_EDIT)
        validate(data)
        with self.ctx.transaction() as session:
            if session.scalar(select(Product.id).where(Product.code == data.code)) is not None:
                raise ValidationError("code", f"product {data.code} already exists")
            p = Product(code=data.code.strip(), revision=1, active=True)
            session.add(p)
            _fill(session, p, data)
            session.flush()
            audit.record(
                session, self.ctx.actor, "product.created", "loan_product", p.id,
                now=self.ctx.now(), after=_audit_view(data),
            )  # fmt: skip
            return info(session, p)

    def update(self, product_id: int, expected_version: int, data: ProductInput) -> ProductInfo:
        """Edit a product. Unused: edited in place. In use by a loan: the edit becomes
        the next version and this one is retired (returns the new version)."""
        self.ctx.require(Permission.PRODUCT_EDIT)
        validate(data)
        with self.ctx.transaction() as session:
            p = session.get(Product, product_id, with_for_update=True)
            if p is None:
                raise NotFound(f"product {product_id} does not exist")
            if p.version != expected_version:
                raise ConflictError(f"product {p.code} was changed by someone else; reload it")
            if not p.active:
                raise StateError(f"product {p.code} revision {p.revision} is retired")
            if data.code != p.code:
                raise ValidationError("code", "the code of a product cannot change")
            before = asdict(info(session, p))
            in_use = session.scalar(select(func.count()).where(Loan.product_id == p.id)) or 0
            if in_use:
                p.active = False
                newest = session.scalar(
                    select(func.max(Product.revision)).where(Product.code == p.code)
                )
                target = Product(code=p.code, revision=int(newest or 0) + 1, active=True)
                session.add(target)
                action = "product.versioned"
            else:
                target, action = p, "product.updated"
            _fill(session, target, data)
            session.flush()
            audit.record(
                session, self.ctx.actor, action, "loan_product", target.id,
                now=self.ctx.now(), before=before, after=_audit_view(data),
            )  # fmt: skip
            return info(session, target)


def active_products(session: Session) -> list[ProductInfo]:
    rows = session.scalars(select(Product).where(Product.active.is_(True)).order_by(Product.code))
    return [info(session, p) for p in rows]
