"""The customer page read model: one glance at who is calling.

What this feature owns is filled here: identity (masked), open tickets, active
collection holds. Other features (KYC state, loans with balance and DPD, the
collection case, open applications) plug in through ``sections``: a provider is
``fn(session, customer_id) -> OverviewSection | None`` handed in by the
composition root, so this module never imports another feature's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.customers.service import CustomerSummary, summarise
from app.errors import NotFound
from app.security.permissions import Permission
from app.servicedesk.holds import Hold, _view
from app.servicedesk.read import TicketRow, to_rows
from app.servicedesk.store import SlaSetup
from db.models.customers import Customer
from db.models.servicedesk import CollectionHold, Ticket


@dataclass(frozen=True)
class OverviewSection:
    """A block another feature contributes: a title, label/value lines, a flag."""

    key: str  # "kyc", "loans", "collections", "applications", ...
    title: str
    lines: tuple[tuple[str, str], ...]
    attention: bool = False  # overdue, disputing, mid-application: shown highlighted
    # the structured result behind ``lines`` (e.g. the KYC GateResult), for a client that
    # words it in the reader's language; ``lines`` stay the English fallback
    facts: object | None = None


SectionProvider = Callable[[Session, int], OverviewSection | None]


@dataclass(frozen=True)
class CustomerOverview:
    customer: CustomerSummary
    open_tickets: tuple[TicketRow, ...]
    holds: tuple[Hold, ...]
    sections: tuple[OverviewSection, ...] = field(default_factory=tuple)

    @property
    def disputing(self) -> bool:
        return bool(self.holds)


def customer_overview(
    ctx: ServiceContext,
    customer_id: int,
    sections: Sequence[SectionProvider] = (),
    limit: int = 20,
) -> CustomerOverview:
    ctx.require(Permission.CUSTOMER_VIEW)
    now: datetime = ctx.now()
    with ctx.transaction() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(f"customer {customer_id} does not exist")
        tickets = list(
            session.scalars(
                select(Ticket)
                .where(Ticket.customer_id == customer_id, Ticket.is_active == true())
                .order_by(Ticket.opened_at.desc(), Ticket.id.desc())
                .limit(limit)
            )
        )
        rows = to_rows(session, tickets, SlaSetup.load(session), now)
        holds = [
            _view(h, number)
            for h, number in session.execute(
                select(CollectionHold, Ticket.number)
                .join(Ticket, Ticket.id == CollectionHold.ticket_id)
                .where(
                    CollectionHold.customer_id == customer_id, CollectionHold.lifted_at.is_(None)
                )
                .order_by(CollectionHold.id)
            ).all()
        ]
        extra = [s for s in (p(session, customer_id) for p in sections) if s is not None]
        return CustomerOverview(summarise(customer), tuple(rows), tuple(holds), tuple(extra))
