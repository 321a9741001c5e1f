"""Canned responses with placeholders ({customer_name}, {ticket_number}, …)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.context import ServiceContext
from app.errors import NotFound, ValidationError
from app.security import audit
from app.security.permissions import Permission
from app.servicedesk.rules import PLACEHOLDERS, fill_placeholders, unknown_placeholders
from app.servicedesk.store import get_ticket
from db.models.customers import Customer
from db.models.loans import Loan
from db.models.servicedesk import CannedResponse


@dataclass(frozen=True)
class Canned:
    id: int
    title: str
    body: str
    category: str | None


class CannedResponses:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self, category: str | None = None) -> list[Canned]:
        self.ctx.require(Permission.TICKET_VIEW)
        stmt = select(CannedResponse).where(CannedResponse.active.is_(True))
        if category is not None:
            stmt = stmt.where(
                (CannedResponse.category == category) | CannedResponse.category.is_(None)
            )
        with self.ctx.transaction() as session:
            rows = session.scalars(stmt.order_by(CannedResponse.title))
            return [Canned(r.id, r.title, r.body, r.category) for r in rows]

    def create(self, title: str, body: str, category: str | None = None) -> Canned:
        self.ctx.require(Permission.TICKET_SUPERVISE)
        if not title.strip() or not body.strip():
            raise ValidationError("canned response", "needs a title and a text")
        unknown = unknown_placeholders(body)
        if unknown:
            raise ValidationError(
                "canned response",
                f"unknown placeholder {{{unknown[0]}}}; use one of {', '.join(PLACEHOLDERS)}",
            )
        with self.ctx.transaction() as session:
            row = CannedResponse(title=title.strip(), body=body, category=category, active=True)
            session.add(row)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "canned.created",
                "canned_response",
                row.id,
                now=self.ctx.now(),
                after={"title": row.title},
            )
            return Canned(row.id, row.title, row.body, row.category)

    def render(self, canned_id: int, ticket_id: int) -> str:
        """The response text with the ticket's values filled in."""
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            row = session.get(CannedResponse, canned_id)
            if row is None:
                raise NotFound(f"canned response {canned_id} does not exist")
            ticket = get_ticket(session, ticket_id)
            customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
            loan = session.get(Loan, ticket.loan_id) if ticket.loan_id else None
            values = {
                "ticket_number": ticket.number,
                "subject": ticket.subject,
                "agent_name": self.ctx.actor.display_name,
            }
            if customer is not None:
                values["customer_name"] = customer.name
            if loan is not None:
                values["loan_number"] = loan.number
            return fill_placeholders(row.body, values)
