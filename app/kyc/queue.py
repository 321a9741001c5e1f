"""The KYC queue: checklists needing work, paged by keyset, oldest first.

"Take next" claims the oldest free checklist under a row lock: ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL and MariaDB, SQLite's write transaction (every p2pdesk
transaction there begins IMMEDIATE), so two officers never get the same one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, exists, or_, select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import ValidationError
from app.keyset import after_key
from app.kyc.checklists import CLAIM_TTL
from app.kyc.records import ChecklistView, checklist_view
from app.kyc.rules import QueueReason
from app.rows import BuiltOnRead, pending_row
from app.security import audit
from app.security.permissions import Permission
from db.models.customers import Customer
from db.models.kyc import KycChecklist, KycItem
from db.models.security import User
from db.types import raw, utc_from_db

PAGE_SIZE = 100


@dataclass(frozen=True)
class QueueKey:
    """Where a page ended: the next page starts after it."""

    due: datetime
    id: int


@dataclass(frozen=True)
class QueueRow(BuiltOnRead):
    checklist_id: int
    customer_id: int
    customer_number: str
    customer_name: str
    customer_kind: str
    state: str
    reason: str
    due: datetime
    claimed_by_name: str | None
    version: int

    @property
    def key(self) -> QueueKey:
        return QueueKey(self.due, self.checklist_id)


@dataclass(frozen=True)
class QueueFilter:
    reason: str | None = None  # one QueueReason value, or None for all
    kind: str | None = None  # individual | business
    unclaimed_only: bool = False


_REASONS = frozenset(r.value for r in QueueReason)


def _conditions(f: QueueFilter, claimed_before: Any) -> list[ColumnElement[bool]]:
    """The filter's conditions; a claim counts until ``claimed_before`` (now - TTL),
    a value or, in the cached page statement, the bound ``:claimed_before``."""
    conds: list[ColumnElement[bool]] = [KycChecklist.queue_reason.is_not(None)]
    if f.reason:
        if f.reason not in _REASONS:
            raise ValidationError("reason", f"{f.reason!r} is not a queue reason")
        conds.append(KycChecklist.queue_reason == f.reason)
    if f.kind:
        conds.append(Customer.kind == f.kind)
    if f.unclaimed_only:
        conds.append(
            or_(KycChecklist.claimed_by.is_(None), KycChecklist.claimed_at < claimed_before)
        )
    return conds


@lru_cache(maxsize=64)
def _page_statement(f: QueueFilter, paged: bool) -> Select[*tuple[Any, ...]]:
    """The queue's SELECT for one filter, built once: key, limit and cut-off bound."""
    k = KycChecklist
    query = (
        select(
            k.id,
            k.customer_id,
            Customer.number,
            Customer.name,
            Customer.kind,
            k.state,
            k.queue_reason,
            raw(k.queue_due),
            User.display_name,
            k.version,
        )
        .join(Customer, Customer.id == k.customer_id)
        .outerjoin(User, User.id == k.claimed_by)
        .where(*_conditions(f, bindparam("claimed_before", type_=k.claimed_at.type)))
    )
    if paged:
        due = bindparam("after_due", type_=k.queue_due.type)
        last_id = bindparam("after_id", type_=k.id.type)
        query = query.where(after_key(k.queue_due, k.id, due, last_id, descending=False))
    return query.order_by(k.queue_due, k.id).limit(bindparam("limit", type_=Integer))


def queue_page(
    session: Session, f: QueueFilter, after: QueueKey | None, limit: int, now: datetime
) -> list[QueueRow]:
    """One page of the queue after ``after``: WHERE (due, id) > key ORDER BY due, id.

    The statement is built once per filter; only the shown columns, as plain
    tuples into the frozen rows (no ORM entities), each row built on first read."""
    params: dict[str, Any] = {"limit": limit}
    if f.unclaimed_only:
        params["claimed_before"] = now - CLAIM_TTL
    if after is not None:
        params["after_due"], params["after_id"] = after.due, after.id
    if session.new or session.dirty or session.deleted:
        session.flush()  # the Core execute below does not autoflush
    rows = session.connection().execute(_page_statement(f, after is not None), params).all()
    # Each row is built on first read (a screen shows a third of a page): app.rows.
    return [pending_row(QueueRow, _row_fields, row, now) for row in rows]


def _row_fields(columns: Any, now: datetime) -> dict[str, Any]:
    cid, customer_id, number, name, kind, state, reason, due, claimer, version = columns
    return {
        "checklist_id": cid,
        "customer_id": customer_id,
        "customer_number": number,
        "customer_name": name,
        "customer_kind": kind,
        "state": state,
        "reason": reason or "",
        "due": now if due is None else utc_from_db(due),
        "claimed_by_name": claimer,
        "version": version,
    }


def _workable_by(me: int | None) -> ColumnElement[bool]:
    """Four eyes in take-next: a checklist waiting for verification is offered only to
    an officer who did not submit (at least one of) its submitted items."""
    mine = KycItem.submitted_by == me if me is not None else KycItem.submitted_by.is_(None)
    others = exists().where(
        KycItem.checklist_id == KycChecklist.id,
        KycItem.state == "submitted",
        or_(KycItem.submitted_by.is_(None), ~mine),
    )
    return or_(KycChecklist.queue_reason != "submitted", others)


class QueueService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def page(
        self,
        f: QueueFilter = QueueFilter(),
        after: QueueKey | None = None,
        limit: int = PAGE_SIZE,
    ) -> list[QueueRow]:
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.sessions() as session:
            session.connection(execution_options={"sqlite_deferred": True})
            return queue_page(session, f, after, limit, self.ctx.now())

    def take_next(self, f: QueueFilter = QueueFilter()) -> ChecklistView | None:
        """Claim the oldest checklist nobody else holds; None when the queue is empty.

        Any earlier claim of mine is released: an officer works one checklist."""
        self.ctx.require(Permission.KYC_VERIFY)
        me = self.ctx.actor.user_id
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            conds = _conditions(QueueFilter(f.reason, f.kind), now - CLAIM_TTL)
            free = or_(KycChecklist.claimed_by.is_(None), KycChecklist.claimed_at < now - CLAIM_TTL)
            query = select(KycChecklist).where(
                *conds,  # type: ignore[arg-type]
                free,
                _workable_by(me),
            )
            if f.kind:
                query = query.join(Customer, Customer.id == KycChecklist.customer_id)
            checklist = session.scalars(
                query.order_by(KycChecklist.queue_due, KycChecklist.id)
                .limit(1)
                .with_for_update(skip_locked=True, of=KycChecklist)
            ).first()
            if checklist is None:
                return None
            if me is not None:
                for mine in session.scalars(
                    select(KycChecklist).where(
                        KycChecklist.claimed_by == me, KycChecklist.id != checklist.id
                    )
                ):
                    mine.claimed_by = None
                    mine.claimed_at = None
            checklist.claimed_by = me
            checklist.claimed_at = now
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "kyc.checklist_claimed",
                "kyc_checklist",
                checklist.id,
                now=now,
                after={"reason": checklist.queue_reason},
            )
            return checklist_view(session, checklist)

    def release(self, checklist_id: int) -> None:
        """Give a claimed checklist back to the queue."""
        self.ctx.require(Permission.KYC_VERIFY)
        with self.ctx.transaction() as session:
            checklist = session.get(KycChecklist, checklist_id, with_for_update=True)
            if checklist is None or checklist.claimed_by != self.ctx.actor.user_id:
                return
            checklist.claimed_by = None
            checklist.claimed_at = None
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "kyc.checklist_released",
                "kyc_checklist",
                checklist.id,
                now=self.ctx.now(),
            )
