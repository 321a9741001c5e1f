"""Collection holds: a dispute or hardship ticket linked to a loan pauses
collections contact and dunning on that loan.

The collections feature reads :func:`active_holds` (or :func:`is_on_hold`) before
any contact. A hold is raised when such a ticket is created (or re-categorised,
or reopened); it is marked resolved when the ticket is resolved, and only then may
a collections supervisor lift it with :func:`lift_hold`. Until lifted, it is active.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import Actor, ServiceContext
from app.errors import NotFound, StateError, ValidationError
from app.security import audit
from app.security.permissions import Permission
from app.security.redact import redact_pii
from db.models.servicedesk import CollectionHold, Ticket


@dataclass(frozen=True)
class Hold:
    id: int
    loan_id: int
    customer_id: int | None
    ticket_id: int
    ticket_number: str
    kind: str  # dispute | hardship
    raised_at: datetime
    raised_by: int | None
    resolved_at: datetime | None  # the ticket was resolved; a supervisor may lift
    lifted_at: datetime | None
    lifted_by: int | None

    @property
    def active(self) -> bool:
        return self.lifted_at is None

    @property
    def liftable(self) -> bool:
        return self.lifted_at is None and self.resolved_at is not None


def _view(h: CollectionHold, number: str) -> Hold:
    return Hold(
        id=h.id,
        loan_id=h.loan_id,
        customer_id=h.customer_id,
        ticket_id=h.ticket_id,
        ticket_number=number,
        kind=h.kind,
        raised_at=h.raised_at,
        raised_by=h.raised_by,
        resolved_at=h.resolved_at,
        lifted_at=h.lifted_at,
        lifted_by=h.lifted_by,
    )


def active_holds(session: Session, loan_id: int) -> list[Hold]:
    """Holds on ``loan_id`` that are not lifted (contact is paused while any exist).

    For the collections feature: read inside its own transaction; no permission
    check here (the caller's service has checked its own).
    """
    rows = session.execute(
        select(CollectionHold, Ticket.number)
        .join(Ticket, Ticket.id == CollectionHold.ticket_id)
        .where(CollectionHold.loan_id == loan_id, CollectionHold.lifted_at.is_(None))
        .order_by(CollectionHold.id)
    ).all()
    return [_view(h, number) for h, number in rows]


def is_on_hold(session: Session, loan_id: int) -> bool:
    return bool(active_holds(session, loan_id))


def holds_for_loans(session: Session, loan_ids: list[int]) -> dict[int, list[Hold]]:
    """Active holds for many loans at once (queues), keyed by loan id."""
    found: dict[int, list[Hold]] = {}
    if not loan_ids:
        return found
    rows = session.execute(
        select(CollectionHold, Ticket.number)
        .join(Ticket, Ticket.id == CollectionHold.ticket_id)
        .where(CollectionHold.loan_id.in_(loan_ids), CollectionHold.lifted_at.is_(None))
        .order_by(CollectionHold.loan_id, CollectionHold.id)
    ).all()
    for h, number in rows:
        found.setdefault(h.loan_id, []).append(_view(h, number))
    return found


def holds_for_ticket(session: Session, ticket_id: int) -> list[Hold]:
    rows = session.execute(
        select(CollectionHold, Ticket.number)
        .join(Ticket, Ticket.id == CollectionHold.ticket_id)
        .where(CollectionHold.ticket_id == ticket_id)
        .order_by(CollectionHold.id)
    ).all()
    return [_view(h, number) for h, number in rows]


def raise_hold(session: Session, actor: Actor, ticket: Ticket, now: datetime) -> Hold | None:
    """Raise a hold for ``ticket``'s loan unless an unlifted one already exists for it."""
    if ticket.loan_id is None:
        return None
    existing = session.scalars(
        select(CollectionHold).where(
            CollectionHold.ticket_id == ticket.id, CollectionHold.lifted_at.is_(None)
        )
    ).first()
    if existing is not None:
        existing.resolved_at = None
        return _view(existing, ticket.number)
    hold = CollectionHold(
        loan_id=ticket.loan_id,
        customer_id=ticket.customer_id,
        ticket_id=ticket.id,
        kind=ticket.category,
        raised_at=now,
        raised_by=actor.user_id,
    )
    session.add(hold)
    session.flush()
    audit.record(
        session,
        actor,
        "collection_hold.raised",
        "collection_hold",
        hold.id,
        now=now,
        after={"loan_id": hold.loan_id, "ticket": ticket.number, "kind": hold.kind},
    )
    return _view(hold, ticket.number)


def mark_resolved(session: Session, ticket: Ticket, now: datetime) -> None:
    """The ticket was resolved: its unlifted holds become liftable."""
    for hold in session.scalars(
        select(CollectionHold).where(
            CollectionHold.ticket_id == ticket.id, CollectionHold.lifted_at.is_(None)
        )
    ):
        hold.resolved_at = now


def lift_hold(ctx: ServiceContext, hold_id: int, reason: str) -> Hold:
    """A collections supervisor lifts a hold whose ticket is resolved (or closed),
    saying why (audited)."""
    ctx.require(Permission.COLLECTIONS_SUPERVISE)
    why = redact_pii(reason.strip())
    if not why:
        raise ValidationError("reason", "say why the hold is lifted")
    with ctx.transaction() as session:
        hold = session.execute(
            select(CollectionHold).where(CollectionHold.id == hold_id).with_for_update()
        ).scalar_one_or_none()
        if hold is None:
            raise NotFound(f"collection hold {hold_id} does not exist")
        ticket = session.get(Ticket, hold.ticket_id)
        assert ticket is not None
        if hold.lifted_at is not None:
            raise StateError(f"the hold from ticket {ticket.number} is already lifted")
        if ticket.status not in ("resolved", "closed") or hold.resolved_at is None:
            raise StateError(
                f"ticket {ticket.number} is {ticket.status}; a hold is lifted only after "
                "its ticket is resolved"
            )
        now = ctx.now()
        hold.lifted_at = now
        hold.lifted_by = ctx.actor.user_id
        session.flush()
        audit.record(
            session,
            ctx.actor,
            "collection_hold.lifted",
            "collection_hold",
            hold.id,
            now=now,
            before={"lifted_at": None},
            after={
                "lifted_at": now,
                "loan_id": hold.loan_id,
                "ticket": ticket.number,
                "reason": why,
            },
        )
        return _view(hold, ticket.number)
