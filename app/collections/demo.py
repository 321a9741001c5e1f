"""Demo data for collections: two teams of the demo agents, bucket routing, cases from
the demo loans' arrears, and a few contacts and promises so the desk has history."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, true

from app.collections.assignment import AssignmentService
from app.collections.eod import run_cases, run_priority, run_promises
from app.collections.rules import RIGHT_PARTY_OUTCOMES, Outcome
from app.context import ServiceContext
from app.loans.delinquency import Bucket
from app.platform import load_state
from db.models.collections import CollectionCase, CollectionTeam, ContactAttempt, PromiseToPay
from db.models.security import User

if TYPE_CHECKING:
    from app.demo import DemoSummary
    from app.security.pii import PiiVault

_OUTCOMES = [Outcome.NO_ANSWER, Outcome.RIGHT_PARTY_CONTACT, Outcome.PROMISE_TO_PAY,
             Outcome.REFUSED, Outcome.UNREACHABLE]  # fmt: skip


def fill_collections(
    ctx: ServiceContext, vault: PiiVault, rng: random.Random, summary: DemoSummary
) -> None:
    """Teams, routing and cases for the demo database (idempotent on the teams)."""
    with ctx.transaction() as session:
        users = dict(session.execute(select(User.username, User.id)).all())
        has_teams = session.scalar(select(CollectionTeam.id).limit(1)) is not None
        day = load_state(session).business_date
    agents = [users[n] for n in ("col.liu", "col.zhou") if n in users]
    if not has_teams and agents:
        service = AssignmentService(ctx)
        early = service.create_team("早期催收 Early collections", agents)
        late = service.create_team("后期催收 Late collections", agents[-1:])
        service.assign_bucket(Bucket.M1, early.id, auto=True)
        for bucket in (Bucket.M2, Bucket.M3, Bucket.M4_PLUS, Bucket.WRITE_OFF_CANDIDATE):
            service.assign_bucket(bucket, late.id)
    run_cases(ctx.sessions, day)
    added = 0
    with ctx.transaction() as session:
        cases = session.scalars(
            select(CollectionCase).where(CollectionCase.is_open == true()).limit(40)
        ).all()
        for case in cases:
            for k in range(rng.randrange(0, 3)):
                outcome = rng.choice(_OUTCOMES)
                moment = datetime.combine(day - timedelta(days=k + 1), time(3 + k), tzinfo=UTC)
                contact = ContactAttempt(
                    case_id=case.id,
                    customer_id=case.customer_id,
                    agent_id=case.agent_id or (agents[0] if agents else None),
                    agent_name="col.liu",
                    at=moment,
                    business_date=moment.date(),
                    channel="call",
                    direction="outbound",
                    party="debtor",
                    address_masked="138****0000",
                    outcome=outcome.value,
                    connected=outcome is not Outcome.NO_ANSWER
                    and outcome is not Outcome.UNREACHABLE,
                    right_party=outcome in RIGHT_PARTY_OUTCOMES,
                    duration_seconds=90,
                    note="demo",
                )
                session.add(contact)
                session.flush()
                case.last_contact_at = moment
                if outcome is Outcome.PROMISE_TO_PAY:
                    session.add(
                        PromiseToPay(
                            case_id=case.id,
                            loan_id=case.loan_id,
                            contact_id=contact.id,
                            amount=max(100_00, case.overdue_amount // 2),
                            made_on=moment.date(),
                            due_date=day + timedelta(days=rng.randrange(0, 5)),
                            status="pending",
                            created_by=agents[0] if agents else None,
                        )
                    )
                added += 1
    run_promises(ctx.sessions, day)
    run_priority(ctx.sessions, day)
    summary.add("collection_contacts", added)
    summary.add("collection_cases", len(cases))
