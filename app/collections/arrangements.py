"""Payment arrangements: an agent proposes a plan, a different supervisor approves.

The loan engine keeps each loan's state as a replay of its history and offers no
reschedule event yet, so rewriting installments here would be undone by the next
payment's replay. Until it does, an approved arrangement is carried by collections:
each plan line becomes a promise to pay that end of day holds to account (kept or
broken), and the case shows the plan. When the engine gains a reschedule, approval
calls it here in the same place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.collections.service import add_promise, load_case
from app.context import ServiceContext
from app.errors import ConflictError, NotFound, StateError, ValidationError
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.collections import PaymentArrangement


@dataclass(frozen=True)
class ArrangementInfo:
    id: int
    case_id: int
    status: str
    plan: tuple[tuple[date, int], ...]
    total: int
    reason: str
    proposed_by: str
    version: int


def _info(a: PaymentArrangement) -> ArrangementInfo:
    plan = tuple((date.fromisoformat(d), int(m)) for d, m in json.loads(a.plan_json))
    return ArrangementInfo(
        a.id, a.case_id, a.status, plan, a.total, a.reason, a.proposed_by_name, a.version
    )


def validate_plan(plan: list[tuple[date, int]], today: date) -> None:
    if not plan:
        raise ValidationError("plan", "needs at least one installment")
    if len(plan) > 36:
        raise ValidationError("plan", "may have at most 36 installments")
    dates = [d for d, _ in plan]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise ValidationError("plan", "dates must be in order and different")
    if dates[0] < today:
        raise ValidationError("plan", f"the first date is before today ({today})")
    for n, (_, amount) in enumerate(plan, start=1):
        if amount <= 0:
            raise ValidationError(f"plan installment {n}", "amount must be more than zero")


class ArrangementService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def propose(self, case_id: int, plan: list[tuple[date, int]], reason: str) -> ArrangementInfo:
        self.ctx.require(Permission.COLLECTIONS_WORK)
        with self.ctx.transaction() as session:
            case = load_case(session, case_id, lock=True)
            if not case.is_open:
                raise StateError(f"case {case.id} is {case.status}")
            validate_plan(plan, load_state(session).business_date)
            pending = session.scalar(
                select(PaymentArrangement.id).where(
                    PaymentArrangement.case_id == case_id,
                    PaymentArrangement.status == "proposed",
                )
            )
            if pending is not None:
                raise StateError("this case already has an arrangement waiting for approval")
            a = PaymentArrangement(
                case_id=case.id,
                loan_id=case.loan_id,
                status="proposed",
                plan_json=json.dumps([[d.isoformat(), m] for d, m in plan]),
                total=sum(m for _, m in plan),
                reason=reason.strip(),
                proposed_by=self.ctx.actor.user_id,
                proposed_by_name=self.ctx.actor.username,
                proposed_at=self.ctx.now(),
            )
            session.add(a)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "collections.arrangement_proposed",
                "collection_case",
                case.id,
                now=self.ctx.now(),
                after={"arrangement": a.id, "total": a.total, "installments": len(plan)},
            )
            return _info(a)

    def pending(self) -> list[ArrangementInfo]:
        self.ctx.require(Permission.COLLECTIONS_VIEW)
        with self.ctx.transaction() as session:
            rows = session.scalars(
                select(PaymentArrangement)
                .where(PaymentArrangement.status == "proposed")
                .order_by(PaymentArrangement.id)
                .limit(500)
            ).all()
            return [_info(a) for a in rows]

    def decide(self, arrangement_id: int, version: int, approve: bool, note: str = "") -> None:
        """Approve (plan lines become promises) or reject; never by the proposer."""
        self.ctx.require(Permission.COLLECTIONS_SUPERVISE)
        with self.ctx.transaction() as session:
            a = session.get(PaymentArrangement, arrangement_id, with_for_update=True)
            if a is None:
                raise NotFound(f"arrangement {arrangement_id} does not exist")
            if a.version != version:
                raise ConflictError("The arrangement was changed by someone else; reload it.")
            if a.status != "proposed":
                raise StateError(f"arrangement {a.id} is already {a.status}")
            if a.proposed_by is not None and a.proposed_by == self.ctx.actor.user_id:
                raise StateError("four eyes: someone other than the proposer must decide")
            a.status = "approved" if approve else "rejected"
            a.decided_by, a.decided_at = self.ctx.actor.user_id, self.ctx.now()
            a.decision_note = note.strip() or None
            if approve:
                case = load_case(session, a.case_id, lock=True)
                today = load_state(session).business_date
                for due, amount in _info(a).plan:
                    add_promise(session, case, amount, due, today, None, self.ctx)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                f"collections.arrangement_{a.status}",
                "collection_case",
                a.case_id,
                now=self.ctx.now(),
                before={"status": "proposed"},
                after={"arrangement": a.id, "status": a.status, "note": a.decision_note},
            )
