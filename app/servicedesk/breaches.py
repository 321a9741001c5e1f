"""SLA breaches: mark them, escalate to the team supervisor's queue, audit.

Lights turn red on read (``read.sla_view``) without any write; this sweep makes
the breach durable: it stamps the clock, escalates once and audits. It runs in the
end-of-day step and whenever a desk view refreshes (``TicketService`` users call
:func:`sweep_breaches`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock, utc_now
from app.context import Actor, ServiceContext
from app.eod import EodStep
from app.security import audit
from app.security.permissions import Permission
from app.servicedesk.rules import EntryKind
from app.servicedesk.store import SlaSetup, add_entry, detect_breaches, team_supervisor
from db.models.servicedesk import Ticket

BATCH = 200


def _candidates(session: Session, now: datetime, after_id: int) -> list[Ticket]:
    """Active tickets whose stored due moment has passed and that are not yet
    fully stamped; locked, skipping rows another workstation is handling."""
    stmt = (
        select(Ticket)
        .where(
            Ticket.is_active == true(),
            Ticket.id > after_id,
            or_(
                and_(Ticket.due_sort_at <= now, Ticket.resolution_breached_at.is_(None)),
                and_(
                    Ticket.first_response_due_at <= now,
                    Ticket.first_response_at.is_(None),
                    Ticket.first_response_breached_at.is_(None),
                ),
            ),
        )
        .order_by(Ticket.id)
        .limit(BATCH)
    )
    if session.bind is not None and session.bind.dialect.name != "sqlite":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.scalars(stmt))


def escalate_breaches(sessions: sessionmaker[Session], actor: Actor, now: datetime) -> int:
    """Stamp, escalate and audit every breach due by ``now``; returns tickets changed."""
    changed = 0
    after_id = 0
    while True:
        with sessions.begin() as session:
            tickets = _candidates(session, now, after_id)
            if not tickets:
                return changed
            setup = SlaSetup.load(session)
            for ticket in tickets:
                after_id = ticket.id
                breaches = detect_breaches(ticket, setup, now)
                if not breaches:
                    continue
                changed += 1
                escalate_to = team_supervisor(session, ticket.team_id)
                first = ticket.escalated_at is None
                if first:
                    ticket.escalated_at = now
                    ticket.escalated_to_id = escalate_to
                clocks = [b.clock for b in breaches]
                add_entry(
                    session,
                    ticket,
                    actor,
                    EntryKind.ESCALATION,
                    now,
                    data={"breached": clocks, "escalated_to": ticket.escalated_to_id},
                )
                audit.record(
                    session,
                    actor,
                    "ticket.sla_breached",
                    "ticket",
                    ticket.id,
                    now=now,
                    after={
                        "number": ticket.number,
                        "clocks": clocks,
                        "due_at": [b.due_at for b in breaches],
                        "escalated_to": ticket.escalated_to_id,
                    },
                )


def sweep_breaches(ctx: ServiceContext) -> int:
    """The desk's on-refresh sweep, acting as the signed-in user."""
    ctx.require(Permission.TICKET_VIEW)
    return escalate_breaches(ctx.sessions, ctx.actor, ctx.now())


def breach_step(clock: Clock = utc_now) -> EodStep:
    """The end-of-day step: escalate every breach up to the run's wall-clock time."""

    def run(sessions: sessionmaker[Session], _business_date: date) -> int:
        return escalate_breaches(sessions, Actor.system("eod"), clock())

    return EodStep("servicedesk.sla_breaches", run)


def sla_steps() -> list[EodStep]:
    return [breach_step()]


__all__: list[str] = ["breach_step", "escalate_breaches", "sla_steps", "sweep_breaches"]
