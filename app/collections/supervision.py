"""Read models behind the supervisor's screens: teams, bucket routing, the people a
case can go to, the escalation list and loans to match suspense money against.
Every call is read only and needs COLLECTIONS_SUPERVISE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.security.permissions import Permission, Role
from app.settings import get_setting
from db.models.collections import (
    BucketAssignment,
    CollectionCase,
    CollectionTeam,
    CollectionTeamMember,
)
from db.models.customers import Customer
from db.models.loans import Loan
from db.models.security import User, UserRole

COLLECTOR_ROLES = (Role.COLLECTIONS_AGENT.value, Role.COLLECTIONS_SUPERVISOR.value)


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str
    members: tuple[Person, ...]


@dataclass(frozen=True)
class RoutingRow:
    bucket: str
    team_id: int
    team_name: str
    agent_id: int | None
    agent_name: str | None
    auto_assign: bool


@dataclass(frozen=True)
class EscalationRow:
    case_id: int
    version: int
    loan_number: str
    customer_name: str
    dpd: int
    overdue: int
    escalation: str | None  # legal | agency | None (a candidate)
    escalated_on: date | None


@dataclass(frozen=True)
class LoanChoice:
    loan_id: int
    number: str
    customer_name: str
    status: str


class SupervisionQueries:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _session(self) -> Session:
        self.ctx.require(Permission.COLLECTIONS_SUPERVISE)
        return self.ctx.sessions()

    def collectors(self) -> list[Person]:
        """Active users holding a collections role, by name."""
        with self._session() as s:
            rows = s.execute(
                select(User.id, User.display_name)
                .join(UserRole, UserRole.user_id == User.id)
                .where(User.active == true(), UserRole.role.in_(COLLECTOR_ROLES))
                .distinct()
                .order_by(User.display_name, User.id)
            ).all()
            return [Person(int(i), n) for i, n in rows]

    def teams(self) -> list[TeamRow]:
        with self._session() as s:
            members: dict[int, list[Person]] = {}
            for team_id, user_id, name in s.execute(
                select(CollectionTeamMember.team_id, User.id, User.display_name)
                .join(User, User.id == CollectionTeamMember.user_id)
                .where(CollectionTeamMember.active == true())
                .order_by(User.display_name)
            ):
                members.setdefault(int(team_id), []).append(Person(int(user_id), name))
            teams = s.execute(
                select(CollectionTeam.id, CollectionTeam.name)
                .where(CollectionTeam.active == true())
                .order_by(CollectionTeam.name)
            ).all()
            return [TeamRow(int(i), n, tuple(members.get(int(i), ()))) for i, n in teams]

    def routing(self) -> list[RoutingRow]:
        with self._session() as s:
            rows = s.execute(
                select(BucketAssignment, CollectionTeam.name, User.display_name)
                .join(CollectionTeam, CollectionTeam.id == BucketAssignment.team_id)
                .outerjoin(User, User.id == BucketAssignment.agent_id)
                .order_by(BucketAssignment.bucket)
            ).all()
            return [
                RoutingRow(r.bucket, r.team_id, team, r.agent_id, agent, r.auto_assign)
                for r, team, agent in rows
            ]

    def escalations(self, limit: int = 300) -> list[EscalationRow]:
        """Open cases past the escalation DPD (candidates) and escalated ones, worst first."""
        with self._session() as s:
            threshold = int(get_setting(s, "collections.escalation_dpd"))
            rows = s.execute(
                select(CollectionCase, Loan.number, Customer.name)
                .join(Loan, Loan.id == CollectionCase.loan_id)
                .join(Customer, Customer.id == CollectionCase.customer_id)
                .where(
                    CollectionCase.is_open == true(),
                    or_(CollectionCase.dpd > threshold, CollectionCase.escalation.is_not(None)),
                )
                .order_by(CollectionCase.dpd.desc(), CollectionCase.id)
                .limit(limit)
            ).all()
            return [
                EscalationRow(c.id, c.version, number, name, c.dpd, c.overdue_amount,
                              c.escalation, c.escalated_on)
                for c, number, name in rows
            ]  # fmt: skip

    def find_loans(self, text: str, limit: int = 20) -> list[LoanChoice]:
        """Loans whose contract number starts with ``text`` (case-insensitive)."""
        needle = text.strip().upper()
        if not needle:
            return []
        with self._session() as s:
            rows = s.execute(
                select(Loan.id, Loan.number, Customer.name, Loan.status)
                .join(Customer, Customer.id == Loan.customer_id)
                .where(Loan.number.startswith(needle, autoescape=True))
                .order_by(Loan.number)
                .limit(limit)
            ).all()
            return [LoanChoice(int(i), n, c, st) for i, n, c, st in rows]
