"""What the desk's dialogs offer: people a ticket can go to, teams, a customer's loans,
and the tickets a duplicate can be merged into. Short lists, read in one session."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, true

from app.context import ServiceContext
from app.security.permissions import Permission
from app.servicedesk.read import TicketRow, to_rows
from app.servicedesk.store import SlaSetup, get_ticket
from app.servicedesk.tickets import can_work_tickets
from db.models.loans import Loan
from db.models.security import User
from db.models.servicedesk import SupportTeam, Ticket


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class LoanChoice:
    id: int
    number: str
    status: str
    dpd: int


class TicketChoices:
    """Read side of the desk's dialogs for the acting user. Thread-safe: one session
    per call."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def assignees(self) -> list[Choice]:
        """Active people who can work tickets, by name."""
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            users = session.scalars(
                select(User).where(User.active == true()).order_by(User.display_name, User.id)
            )
            return [Choice(u.id, u.display_name) for u in users if can_work_tickets(u)]

    def teams(self) -> list[Choice]:
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            rows = session.execute(
                select(SupportTeam.id, SupportTeam.name).order_by(SupportTeam.name)
            ).all()
            return [Choice(int(i), str(n)) for i, n in rows]

    def customer_loans(self, customer_id: int) -> list[LoanChoice]:
        """The customer's loans, active first, newest first."""
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            rows = session.execute(
                select(Loan.id, Loan.number, Loan.status, Loan.dpd)
                .where(Loan.customer_id == customer_id)
                .order_by((Loan.status == "active").desc(), Loan.id.desc())
            ).all()
            return [LoanChoice(int(i), n, st, int(d or 0)) for i, n, st, d in rows]

    def merge_targets(self, ticket_id: int, limit: int = 50) -> list[TicketRow]:
        """Tickets ``ticket_id`` can be merged into: still being worked, the same
        customer's (or, for a ticket without a customer, any), newest first."""
        self.ctx.require(Permission.TICKET_VIEW)
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            ticket = get_ticket(session, ticket_id)
            stmt = select(Ticket).where(Ticket.is_active == true(), Ticket.id != ticket.id)
            if ticket.customer_id is not None:
                stmt = stmt.where(Ticket.customer_id == ticket.customer_id)
            tickets = list(
                session.scalars(
                    stmt.order_by(Ticket.opened_at.desc(), Ticket.id.desc()).limit(limit)
                )
            )
            return to_rows(session, tickets, SlaSetup.load(session), now)
