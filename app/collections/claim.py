""" "Next case": hand an agent the best case of their pool under a row lock.

PostgreSQL and MariaDB/MySQL lock the chosen row with ``FOR UPDATE SKIP LOCKED``, so
agents claiming at once each get a different case without waiting for each other;
SQLite's write transaction (BEGIN IMMEDIATE) serialises claims. A claim is a lease:
when it runs out the case can be claimed again by anyone in the pool.

PostgreSQL picks and claims in one ``UPDATE ... RETURNING`` (every extra round trip
is time the 8 racing agents spend holding a connection, not claiming); MariaDB and
SQLite pick with separate queries, each walking an index in claim order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
    true,
    union_all,
    update,
)
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


def _candidate(pool: ColumnElement[bool], free: bool, now: datetime) -> Select[int, int]:
    """PostgreSQL: the best claimable case of ``pool`` that is free (``free``) or whose
    lease ran out, locked. Free cases walk the partial ``ix_collection_cases_claim_*``
    index in claim order; expired leases come off ``..._claim_lease`` (a range on
    ``lease_until``, usually empty) and are sorted."""
    c = CollectionCase
    lease = c.lease_until.is_(None) if free else c.lease_until < now
    return (
        select(c.id, c.priority)
        .where(c.is_open == true(), pool, lease)
        .where(_not_held())  # type: ignore[arg-type]
        .order_by(c.priority.desc(), c.id.desc())
        .limit(1)
        .with_for_update(skip_locked=True, of=c)
    )


def _best_of(*candidates: Select[int, int]) -> Select[int]:
    """The highest (priority, id) of the candidates: free and expired rank together."""
    both = union_all(*(select(q.subquery()) for q in candidates)).subquery()
    return select(both.c.id).order_by(both.c.priority.desc(), both.c.id.desc()).limit(1)


def _claim_postgresql(
    session: Session, user_id: int, now: datetime, until: datetime
) -> tuple[int, int] | None:
    """Pick and claim in one statement: (case id, loan id) leased until ``until``, or
    None when nothing is waiting.

    ``COALESCE`` runs the team pool's subquery only when the agent has no own case
    waiting (PostgreSQL evaluates an uncorrelated subquery the first time its value
    is needed), so no pool case is locked for nothing. The agent's teams are read in
    the same statement, each team's candidates found by a ``LATERAL`` walk of that
    team's index. A candidate locked but outranked (a free case when an expired
    lease ranks above it) is skipped by other agents only until this commit."""
    c = CollectionCase
    m = CollectionTeamMember
    own = c.agent_id == user_id
    teams = select(m.team_id).where(m.user_id == user_id, m.active == true()).subquery("teams")
    in_team = and_(c.agent_id.is_(None), c.team_id == teams.c.team_id)

    def per_team(free: bool) -> Select[int, int]:
        best = _candidate(in_team, free, now).lateral()
        return select(best.c.id, best.c.priority).select_from(teams).join(best, true())

    pick = func.coalesce(
        _best_of(_candidate(own, True, now), _candidate(own, False, now)).scalar_subquery(),
        _best_of(per_team(True), per_team(False)).scalar_subquery(),
    )
    row = session.execute(
        update(c)
        .where(c.id == pick)
        .values(claimed_by=user_id, lease_until=until, version=c.version + 1)
        .returning(c.id, c.loan_id)
        .execution_options(synchronize_session=False)
    ).first()
    return None if row is None else (row[0], row[1])


class ClaimService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._lease_minutes: int | None = None  # read once per service

    def _lease(self, session: Session) -> timedelta:
        if self._lease_minutes is None:
            self._lease_minutes = int(get_setting(session, "collections.claim_lease_minutes"))
        return timedelta(minutes=self._lease_minutes)

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
            until = now + self._lease(session)
            if release_current:
                session.execute(
                    update(CollectionCase)
                    .where(CollectionCase.claimed_by == user_id)
                    .values(claimed_by=None, lease_until=None, version=CollectionCase.version + 1)
                    .execution_options(synchronize_session=False)
                )
            if session.get_bind().dialect.name == "postgresql":
                got = _claim_postgresql(session, user_id, now, until)
                if got is None:
                    return None
                claim = Claim(*got, until)
            else:
                case = _pick(session, user_id, now)
                if case is None:
                    return None
                case.claimed_by = user_id
                case.lease_until = until
                session.flush()
                claim = Claim(case.id, case.loan_id, until)
            audit.record(
                session,
                self.ctx.actor,
                "collections.case_claimed",
                "collection_case",
                claim.case_id,
                now=now,
                after={"lease_until": claim.lease_until},
            )
            return claim

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
