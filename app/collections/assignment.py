"""Teams, bucket routing, round-robin assignment, reassignment and pools."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, true, update
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import ConflictError, NotFound, ValidationError
from app.loans.delinquency import Bucket
from app.loans.locking import lock_loans
from app.security import audit
from app.security.permissions import Permission
from db.models.collections import (
    BucketAssignment,
    CollectionCase,
    CollectionTeam,
    CollectionTeamMember,
)
from db.models.loans import Loan
from db.models.security import User


def round_robin(members: list[int], last: int | None, count: int) -> list[int]:
    """The next ``count`` members in turn, starting after ``last`` (pure)."""
    if not members:
        return []
    ordered = sorted(members)
    start = 0
    if last is not None:
        start = next((i for i, m in enumerate(ordered) if m > last), 0)
    return [ordered[(start + k) % len(ordered)] for k in range(count)]


def team_members(session: Session, team_id: int) -> list[int]:
    return list(
        session.scalars(
            select(CollectionTeamMember.user_id).where(
                CollectionTeamMember.team_id == team_id, CollectionTeamMember.active == true()
            )
        )
    )


def auto_assign(session: Session, limit: int = 5000) -> int:
    """Deal unassigned open cases of auto-assign buckets round robin to team members."""
    changed = 0
    rules = session.scalars(
        select(BucketAssignment).where(
            BucketAssignment.auto_assign == true(), BucketAssignment.agent_id.is_(None)
        )
    ).all()
    for rule in rules:
        team = session.get(CollectionTeam, rule.team_id, with_for_update=True)
        members = team_members(session, rule.team_id)
        if team is None or not members:
            continue
        case_ids = list(
            session.scalars(
                select(CollectionCase.id)
                .where(
                    CollectionCase.is_open == true(),
                    CollectionCase.bucket == rule.bucket,
                    CollectionCase.team_id == rule.team_id,
                    CollectionCase.agent_id.is_(None),
                )
                .order_by(CollectionCase.priority.desc(), CollectionCase.id)
                .limit(limit)
            )
        )
        if not case_ids:
            continue
        # Loans before cases, in id order: the lock order of every loan writer.
        owners = select(CollectionCase.loan_id).where(CollectionCase.id.in_(case_ids))
        lock_loans(session, Loan.id.in_(owners))
        agents = round_robin(members, team.last_assigned_user_id, len(case_ids))
        by_agent: dict[int, list[int]] = {}
        for case_id, agent in zip(case_ids, agents, strict=True):
            by_agent.setdefault(agent, []).append(case_id)
        for agent, ids in by_agent.items():
            session.execute(
                update(CollectionCase)
                .where(CollectionCase.id.in_(ids))
                .values(agent_id=agent, version=CollectionCase.version + 1)
                .execution_options(synchronize_session=False)
            )
        team.last_assigned_user_id = agents[-1]
        changed += len(case_ids)
    return changed


@dataclass(frozen=True)
class TeamInfo:
    id: int
    name: str
    member_ids: tuple[int, ...]


class AssignmentService:
    """Supervisor use cases: teams, bucket routing, reassignment."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def create_team(self, name: str, member_ids: list[int]) -> TeamInfo:
        self.ctx.require(Permission.COLLECTIONS_SUPERVISE)
        name = name.strip()
        if not name:
            raise ValidationError("team name", "is required")
        with self.ctx.transaction() as session:
            if session.scalar(select(CollectionTeam.id).where(CollectionTeam.name == name)):
                raise ValidationError("team name", f"a team called {name!r} exists")
            team = CollectionTeam(name=name)
            session.add(team)
            session.flush()
            for user_id in member_ids:
                if session.get(User, user_id) is None:
                    raise NotFound(f"user {user_id} does not exist")
                session.add(CollectionTeamMember(team_id=team.id, user_id=user_id))
            audit.record(
                session,
                self.ctx.actor,
                "collections.team_created",
                "collection_team",
                team.id,
                now=self.ctx.now(),
                after={"name": name, "members": member_ids},
            )
            return TeamInfo(team.id, name, tuple(member_ids))

    def assign_bucket(
        self, bucket: Bucket, team_id: int, agent_id: int | None = None, auto: bool = False
    ) -> None:
        """Route ``bucket`` to a team (pool), to one agent, or round robin (``auto``)."""
        self.ctx.require(Permission.COLLECTIONS_SUPERVISE)
        with self.ctx.transaction() as session:
            if session.get(CollectionTeam, team_id) is None:
                raise NotFound(f"team {team_id} does not exist")
            rule = session.get(BucketAssignment, bucket.value)
            before = None
            if rule is None:
                rule = BucketAssignment(bucket=bucket.value, team_id=team_id)
                session.add(rule)
            else:
                before = {"team": rule.team_id, "agent": rule.agent_id, "auto": rule.auto_assign}
            rule.team_id, rule.agent_id, rule.auto_assign = team_id, agent_id, auto
            # cases of this bucket are routed again by the next end of day
            session.execute(
                update(CollectionCase)
                .where(CollectionCase.is_open == true(), CollectionCase.bucket == bucket.value)
                .values(routed_bucket=None)
                .execution_options(synchronize_session=False)
            )
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.bucket_assigned",
                "collection_bucket",
                bucket.value,
                now=self.ctx.now(),
                before=before,
                after={"team": team_id, "agent": agent_id, "auto": auto},
            )

    def reassign(
        self, case_id: int, version: int, *, agent_id: int | None, team_id: int | None = None
    ) -> None:
        """Give a case to an agent, or back to a team pool (``agent_id`` None)."""
        self.ctx.require(Permission.COLLECTIONS_SUPERVISE)
        with self.ctx.transaction() as session:
            case = session.get(CollectionCase, case_id, with_for_update=True)
            if case is None:
                raise NotFound(f"case {case_id} does not exist")
            if case.version != version:
                raise ConflictError("The case was changed by someone else; reload it and retry.")
            before = {"team": case.team_id, "agent": case.agent_id}
            if team_id is not None:
                case.team_id = team_id
            case.agent_id = agent_id
            case.claimed_by = None
            case.lease_until = None
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.case_reassigned",
                "collection_case",
                case.id,
                now=self.ctx.now(),
                before=before,
                after={"team": case.team_id, "agent": agent_id},
            )
