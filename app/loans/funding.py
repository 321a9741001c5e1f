"""Investors: registration and custody deposits (the cash that funds holdings)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.amounts import check_entry
from app.context import ServiceContext
from app.errors import NotFound, ValidationError
from app.loans import accounts as acc
from app.loans.ledger import Line, investor_cash, post_entry
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.loans import Investor


@dataclass(frozen=True)
class InvestorInfo:
    id: int
    name: str
    kind: str
    cash: int  # uninvested custody balance, minor units


class InvestorService:
    """Investors and their custody cash (INVESTOR_MANAGE)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def create(self, name: str, kind: str = "individual") -> InvestorInfo:
        self.ctx.require(Permission.INVESTOR_MANAGE)
        name = name.strip()
        if not name:
            raise ValidationError("name", "an investor name is required")
        if kind not in ("individual", "institution"):
            raise ValidationError("kind", "individual or institution")
        with self.ctx.transaction() as session:
            if session.scalar(select(Investor.id).where(Investor.name == name)) is not None:
                raise ValidationError("name", f"investor {name!r} already exists")
            inv = Investor(name=name, kind=kind)
            session.add(inv)
            session.flush()
            audit.record(
                session, self.ctx.actor, "investor.created", "investor", inv.id,
                now=self.ctx.now(), after={"name": name, "kind": kind},
            )  # fmt: skip
            return InvestorInfo(inv.id, inv.name, inv.kind, 0)

    def deposit(self, investor_id: int, amount: int, reference: str) -> InvestorInfo:
        """Record cash an investor paid in (bank -> custody)."""
        self.ctx.require(Permission.INVESTOR_MANAGE)
        if amount <= 0:
            raise ValidationError("amount", "a deposit must be more than zero")
        with self.ctx.transaction() as session:
            check_entry(session, amount, "amount")
            inv = session.get(Investor, investor_id)
            if inv is None:
                raise NotFound(f"investor {investor_id} does not exist")
            day = load_state(session).business_date
            post_entry(
                session, "deposit", day,
                [
                    Line(acc.BANK, amount, acc.T_DEPOSIT, investor_id=investor_id),
                    Line(acc.INVESTOR_CUSTODY, -amount, acc.T_DEPOSIT, investor_id=investor_id),
                ],
                memo=reference, created_by=self.ctx.actor.user_id,
            )  # fmt: skip
            audit.record(
                session, self.ctx.actor, "investor.deposit", "investor", investor_id,
                now=self.ctx.now(), after={"amount": amount, "reference": reference},
            )  # fmt: skip
            return InvestorInfo(inv.id, inv.name, inv.kind, investor_cash(session, investor_id))
