"""Read models: the review queue (keyset pages, filters and sorts in the database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from app.origination.status import Status
from app.settings import get_setting
from db.models.customers import Customer
from db.models.loans import Product
from db.models.origination import Application
from db.models.security import User

UNASSIGNED = -1
"""``QueueFilter.assigned_to`` value meaning "nobody"."""


class QueueSort(StrEnum):
    SUBMITTED = "submitted"  # oldest first = longest waiting
    AMOUNT = "amount"
    GRADE = "grade"


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = ()
    product_code: str | None = None
    grades: tuple[str, ...] = ()
    min_amount: int | None = None
    max_amount: int | None = None
    assigned_to: int | None = None  # a user id, or UNASSIGNED
    min_age_hours: int | None = None
    max_age_hours: int | None = None


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    customer_name: str
    product_code: str
    amount: int
    term: int
    grade: str
    score: int
    status: str
    assigned_name: str | None
    submitted_at: datetime
    age_hours: int
    target_hours: int
    version: int

    @property
    def overdue(self) -> bool:
        return self.status in ("submitted", "in_review", "info_requested", "recommended") and (
            self.age_hours > self.target_hours
        )

    def key(self, sort: QueueSort) -> tuple[Any, int]:
        value: Any = {
            QueueSort.SUBMITTED: self.submitted_at,
            QueueSort.AMOUNT: self.amount,
            QueueSort.GRADE: self.grade,
        }[sort]
        return value, self.id


_SORT_COLUMNS: dict[QueueSort, Any] = {
    QueueSort.SUBMITTED: Application.submitted_at,
    QueueSort.AMOUNT: Application.amount,
    QueueSort.GRADE: Application.grade,
}


def _where(flt: QueueFilter, now: datetime) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if flt.statuses:
        conds.append(Application.status.in_(list(flt.statuses)))
    if flt.product_code:
        conds.append(Product.code == flt.product_code.upper())
    if flt.grades:
        conds.append(Application.grade.in_(list(flt.grades)))
    if flt.min_amount is not None:
        conds.append(Application.amount >= flt.min_amount)
    if flt.max_amount is not None:
        conds.append(Application.amount <= flt.max_amount)
    if flt.assigned_to == UNASSIGNED:
        conds.append(Application.assigned_to.is_(None))
    elif flt.assigned_to is not None:
        conds.append(Application.assigned_to == flt.assigned_to)
    if flt.min_age_hours is not None:
        conds.append(Application.submitted_at <= now - timedelta(hours=flt.min_age_hours))
    if flt.max_age_hours is not None:
        conds.append(Application.submitted_at >= now - timedelta(hours=flt.max_age_hours))
    return conds


_QUEUE_COLUMNS = (
    Application.id,
    Application.number,
    Customer.name,
    Product.code,
    Application.amount,
    Application.term,
    Application.grade,
    Application.score,
    Application.status,
    User.display_name,
    Application.submitted_at,
    Application.version,
)
"""Only what the queue shows, as plain columns: no ORM entities per row."""


def queue_query(
    flt: QueueFilter,
    sort: QueueSort,
    descending: bool,
    after: tuple[Any, int] | None,
    limit: int,
    now: datetime,
) -> Select[*tuple[Any, ...]]:
    col = _SORT_COLUMNS[sort]
    query = (
        select(*_QUEUE_COLUMNS)
        .join(Customer, Customer.id == Application.customer_id)
        .join(Product, Product.id == Application.product_id)
        .outerjoin(User, User.id == Application.assigned_to)
        .where(*_where(flt, now))
    )
    if after is not None:
        value, last_id = after
        if descending:
            query = query.where(or_(col < value, and_(col == value, Application.id < last_id)))
        else:
            query = query.where(or_(col > value, and_(col == value, Application.id > last_id)))
    order = (col.desc(), Application.id.desc()) if descending else (col, Application.id)
    return query.order_by(*order).limit(limit)


def queue_page(
    session: Session,
    flt: QueueFilter,
    sort: QueueSort = QueueSort.SUBMITTED,
    descending: bool = False,
    after: tuple[Any, int] | None = None,
    limit: int = 100,
    *,
    now: datetime,
) -> list[QueueRow]:
    """One keyset page: rows strictly after ``after`` (the last row's ``key(sort)``).

    The review target is read once per page, not per row; the rows come straight
    from a Core select of the shown columns (no identity map, no unused columns).
    """
    target = int(get_setting(session, "origination.review_target_hours"))
    rows = session.connection().execute(queue_query(flt, sort, descending, after, limit, now))
    return [
        QueueRow(
            app_id,
            number,
            customer_name,
            code,
            amount,
            term,
            grade,
            score,
            status,
            assignee,
            submitted,
            max(0, int((now - submitted).total_seconds()) // 3600),
            target,
            version,
        )
        for (
            app_id,
            number,
            customer_name,
            code,
            amount,
            term,
            grade,
            score,
            status,
            assignee,
            submitted,
            version,
        ) in rows
    ]


OPEN_STATUSES: tuple[str, ...] = tuple(
    s.value for s in (Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED, Status.RECOMMENDED)
)
