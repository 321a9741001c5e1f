"""What origination needs from a loan product: the current version by code, the
rate of a grade, and the product's terms as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.loans.schedule import Method
from db.models.loans import Product, ProductGrade


@dataclass(frozen=True)
class ProductTerms:
    id: int
    code: str
    name: str
    method: Method
    min_amount: int
    max_amount: int
    min_term: int
    max_term: int
    origination_fee_rate: Decimal
    service_fee_rate: Decimal
    late_fee: int
    penalty_rate: Decimal
    grade_rates: dict[str, Decimal]
    reserve_rate: Decimal = Decimal(0)  # risk reserve deducted from the payout

    def rate_for(self, grade: str) -> Decimal | None:
        """The product's annual rate for ``grade``; None when it does not lend to it."""
        return self.grade_rates.get(grade)


def terms_of(session: Session, product: Product) -> ProductTerms:
    rates = {
        g.grade: g.annual_rate
        for g in session.scalars(select(ProductGrade).where(ProductGrade.product_id == product.id))
    }
    return ProductTerms(
        product.id,
        product.code,
        product.name,
        Method(product.method),
        product.min_amount,
        product.max_amount,
        product.min_term,
        product.max_term,
        product.origination_fee_rate,
        product.service_fee_rate,
        product.late_fee,
        product.penalty_rate,
        rates,
        product.reserve_rate,
    )


def current_product(session: Session, code: str) -> Product | None:
    """The newest active version of the product ``code`` (case-insensitive)."""
    return session.scalars(
        select(Product)
        .where(Product.code == code.strip().upper(), Product.active.is_(True))
        .order_by(Product.revision.desc())
        .limit(1)
    ).first()


def product_problems(terms: ProductTerms, amount: int, term: int) -> dict[str, str]:
    """Per-field messages when the amount or term is outside the product's range."""
    from app.money import format_amount

    problems: dict[str, str] = {}
    if not terms.min_amount <= amount <= terms.max_amount:
        problems["amount"] = (
            f"{terms.name} lends from {format_amount(terms.min_amount, True)} "
            f"to {format_amount(terms.max_amount, True)}"
        )
    if not terms.min_term <= term <= terms.max_term:
        problems["term"] = f"{terms.name} runs {terms.min_term} to {terms.max_term} months"
    return problems


def active_products(session: Session) -> list[ProductTerms]:
    """Every product's newest active version, by code (for the intake form)."""
    rows = session.scalars(
        select(Product).where(Product.active.is_(True)).order_by(Product.code, Product.revision)
    ).all()
    newest: dict[str, Product] = {}
    for p in rows:
        newest[p.code] = p
    return [terms_of(session, p) for p in newest.values()]
