"""Set-up for the disbursement reversal tests: a funded application, ledger snapshots."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from app.context import ServiceContext
from app.loans.funding import InvestorService
from app.origination.decisions import DecisionService
from app.origination.funding import FundingService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db.models.ledger import LedgerLine
from db.models.origination import Application
from tests.origination_support import (
    FakeGate,
    form,
    lift_cost_ceiling,
    make_customer,
    make_product,
)
from tests.support import TestDB

_names = itertools.count(1)


@dataclass
class Desk:
    """The people of a reversal: an underwriter, the senior who disburses (and may
    ask for the reversal) and a second senior who approves it."""

    db: TestDB
    gate: FakeGate
    underwriter: ServiceContext
    disburser: ServiceContext
    approver: ServiceContext

    @classmethod
    def open(cls, db: TestDB) -> Desk:
        make_product(db)
        lift_cost_ceiling(db)  # any term from 3 months: the fees cost more than 24 %
        return cls(
            db, FakeGate(), db.user(Role.UNDERWRITER), db.user(Role.SENIOR_UNDERWRITER),
            db.user(Role.SENIOR_UNDERWRITER),
        )  # fmt: skip

    def investors(self, cash: Mapping[str, int]) -> dict[str, int]:
        service = InvestorService(self.db.admin())
        ids = {}
        for name, amount in cash.items():
            inv = service.create(name)
            service.deposit(inv.id, amount, f"dep-{name}")
            ids[name] = inv.id
        return ids

    def funded(self, amount: int, term: int, holdings: Mapping[int, int]) -> int:
        """An application approved for ``amount`` over ``term`` months and committed
        by ``holdings`` (investor id -> amount): status funding."""
        customer = make_customer(self.db, f"借款人{next(_names)}")
        text = f"{amount // 100}.{amount % 100:02d}"
        app = ApplicationService(self.underwriter, self.db.vault).submit(
            form(amount=text, term=str(term), monthly_income="900000"), customer_id=customer
        )
        uw = DecisionService(self.underwriter, self.gate)
        taken = uw.take_next()
        assert taken is not None and taken.id == app.id
        approved = uw.approve(taken.id, taken.version, amount=amount, term=term)
        funded = FundingService(self.disburser, self.gate).commit(
            app.id, approved.version, holdings
        )
        assert funded.status == "funding"
        return app.id

    def disburse(self, app_id: int) -> int:
        """Disburse as the disburser; the loan id."""
        FundingService(self.disburser, self.gate).disburse(app_id, None)
        with self.db.sessions() as s:
            app = s.get(Application, app_id)
            assert app is not None and app.loan_id is not None
            return app.loan_id


def balances(db: TestDB) -> Counter[tuple[str, int | None]]:
    """Every (account, investor) balance of the whole ledger."""
    with db.sessions() as s:
        rows = s.execute(
            select(
                LedgerLine.account_code, LedgerLine.investor_id, func.sum(LedgerLine.amount)
            ).group_by(LedgerLine.account_code, LedgerLine.investor_id)
        ).all()
    return Counter({(a, i): int(v) for a, i, v in rows if int(v) != 0})


def line_count(db: TestDB) -> int:
    with db.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(LedgerLine)) or 0)
