""" "Next case": hand an agent the best case of their pool under a row lock.

PostgreSQL and MariaDB/MySQL lock the chosen row with ``FOR UPDATE SKIP LOCKED``, so
agents claiming at once each get a different case without waiting for each other;
SQLite's write transaction (BEGIN IMMEDIATE) serialises claims. A claim is a lease:
when it runs out the case can be claimed again by anyone in the pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, true, update
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import NotFound, StateError
from app.security import audit
from app.security.permissions import Permission
from app.settings import get_setting
from db.models.collections import CollectionCase, CollectionTeamMember
from db.models.servicedesk import CollectionHold


@dataclass(frozen=True)
class Claim:
    case_id: int
    loan_id: int
    lease_until: datetime


def _not_held() -> object:
    return ~exists().where(
        CollectionHold.loan_id == CollectionCase.loan_id, CollectionHold.lifted_at.is_(None)
    )


def _open_unheld(where: ColumnElement[bool]) -> Select[CollectionCase]:
    c = CollectionCase
    return (
        select(c)
        .where(c.is_open == true(), where)
        .where(_not_held())  # type: ignore[arg-type]
        .order_by(c.priority.desc(), c.id.desc())
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def _best(session: Session, pool: ColumnElement[bool], now: datetime) -> CollectionCase | None:
    """The claimable case of ``pool`` with the highest (priority, id), locked.

    Free cases (no lease) and cases whose lease ran out are fetched apart: each
    query then walks an index in claim order (PostgreSQL's partial
    ``ix_collection_cases_claim_*``, MariaDB's and SQLite's ``..._lease`` where
    ``lease_until IS NULL`` is an equality) instead of stepping over every case
    that is still leased, which made each claim cost O(claimed cases)."""
    c = CollectionCase
    expired = session.scalars(
        _open_unheld(and_(pool, c.lease_until.is_not(None), c.lease_until < now))
    ).first()
    free = _open_unheld(and_(pool, c.lease_until.is_(None)))
    if expired is not None:  # only a free case that ranks above it beats it
        free = free.where(
            or_(
                c.priority > expired.priority,
                and_(c.priority == expired.priority, c.id > expired.id),
            )
        )
    return session.scalars(free).first() or expired


def _pick(session: Session, user_id: int, now: datetime) -> CollectionCase | None:
    c = CollectionCase
    own = _best(session, c.agent_id == user_id, now)
    if own is not None:
        return own
    teams = list(
        session.scalars(
            select(CollectionTeamMember.team_id).where(
                CollectionTeamMember.user_id == user_id, CollectionTeamMember.active == true()
            )
        )
    )
    if not teams:
        return None
    # one team: an equality, so the index yields the pool already in claim order
    in_team = c.team_id == teams[0] if len(teams) == 1 else c.team_id.in_(teams)
    return _best(session, and_(c.agent_id.is_(None), in_team), now)


class ClaimService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def next_case(self, *, release_current: bool = True) -> Claim | None:
        """Release the agent's current claims and claim the best case of their pool:
        their own assigned cases first, then their teams' unassigned pool. None when
        nothing is waiting."""
        self.ctx.require(Permission.COLLECTIONS_WORK)
        user_id = self.ctx.actor.user_id
        if user_id is None:
            raise StateError("only a logged-in agent can take cases")
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            minutes = int(get_setting(session, "collections.claim_lease_minutes"))
            if release_current:
                session.execute(
                    update(CollectionCase)
                    .where(CollectionCase.claimed_by == user_id)
                    .values(claimed_by=None, lease_until=None, version=CollectionCase.version + 1)
                    .execution_options(synchronize_session=False)
                )
            case = _pick(session, user_id, now)
            if case is None:
                return None
            case.claimed_by = user_id
            case.lease_until = now + timedelta(minutes=minutes)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.case_claimed",
                "collection_case",
                case.id,
                now=now,
                after={"lease_until": case.lease_until},
            )
            return Claim(case.id, case.loan_id, case.lease_until)

    def release(self, case_id: int) -> None:
        """Give a claimed case back to the pool before the lease ends."""
        self.ctx.require(Permission.COLLECTIONS_WORK)
        with self.ctx.transaction() as session:
            case = session.get(CollectionCase, case_id, with_for_update=True)
            if case is None:
                raise NotFound(f"case {case_id} does not exist")
            if case.claimed_by != self.ctx.actor.user_id:
                return
            case.claimed_by = None
            case.lease_until = None


def renew_lease(session: Session, case: CollectionCase, user_id: int | None, now: datetime) -> None:
    """Work on a case the agent holds extends the lease (called inside a service)."""
    if user_id is not None and case.claimed_by == user_id:
        minutes = int(get_setting(session, "collections.claim_lease_minutes"))
        case.lease_until = now + timedelta(minutes=minutes)
