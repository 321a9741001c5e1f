"""Read models: the review queue (keyset pages, filters and sorts in the database)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, select
from sqlalchemy.orm import Session

from app.keyset import after_key
from app.origination.status import Status
from app.rows import row_maker
from app.settings import SETTINGS
from db.models.customers import Customer
from db.models.loans import Product
from db.models.origination import Application
from db.models.platform import Setting
from db.models.security import User
from db.types import raw, utc_from_db

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


_TARGET_KEY = "origination.review_target_hours"


def _where(flt: QueueFilter) -> list[ColumnElement[bool]]:
    """The filter's conditions; the age cut-offs are bound (``:submitted_before``,
    ``:submitted_after``) because they move with ``now``."""
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
    stamp = Application.submitted_at.type
    if flt.min_age_hours is not None:
        conds.append(Application.submitted_at <= bindparam("submitted_before", type_=stamp))
    if flt.max_age_hours is not None:
        conds.append(Application.submitted_at >= bindparam("submitted_after", type_=stamp))
    return conds


def _params(
    flt: QueueFilter, after: tuple[Any, int] | None, limit: int, now: datetime
) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": limit}
    if flt.min_age_hours is not None:
        params["submitted_before"] = now - timedelta(hours=flt.min_age_hours)
    if flt.max_age_hours is not None:
        params["submitted_after"] = now - timedelta(hours=flt.max_age_hours)
    if after is not None:
        params["after_value"], params["after_id"] = after
    return params


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
    raw(Application.submitted_at),
    Application.version,
    # The review target rides along (one round trip, no ORM get per page).
    select(Setting.value_json).where(Setting.key == _TARGET_KEY).scalar_subquery(),
)
"""Only what the queue shows, as plain columns: no ORM entities per row."""


_new_row = row_maker(QueueRow)


@lru_cache(maxsize=64)
def _statement(
    flt: QueueFilter, sort: QueueSort, descending: bool, paged: bool
) -> Select[*tuple[Any, ...]]:
    """The SELECT of one filter and sort, built once: keyset, limit and cut-offs bound."""
    col = _SORT_COLUMNS[sort]
    query = (
        select(*_QUEUE_COLUMNS)
        .join(Customer, Customer.id == Application.customer_id)
        .join(Product, Product.id == Application.product_id)
        .outerjoin(User, User.id == Application.assigned_to)
        .where(*_where(flt))
    )
    if paged:
        value = bindparam("after_value", type_=col.type)
        last_id = bindparam("after_id", type_=Application.id.type)
        query = query.where(after_key(col, Application.id, value, last_id, descending=descending))
    order = (col.desc(), Application.id.desc()) if descending else (col, Application.id)
    return query.order_by(*order).limit(bindparam("limit", type_=Integer))


def queue_query(
    flt: QueueFilter,
    sort: QueueSort,
    descending: bool,
    after: tuple[Any, int] | None,
    limit: int,
    now: datetime,
) -> Select[*tuple[Any, ...]]:
    """The page's SELECT with its values bound (for callers that run it themselves)."""
    stmt = _statement(flt, sort, descending, after is not None)
    return stmt.params(_params(flt, after, limit, now))


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

    The statement is built once per filter and sort (values bound); the rows come
    straight from a Core select of the shown columns (no identity map, no unused
    columns), with the review target setting read in the same query.
    """
    if type(flt.statuses) is not tuple or type(flt.grades) is not tuple:
        flt = replace(flt, statuses=tuple(flt.statuses), grades=tuple(flt.grades))  # hashable
    stmt = _statement(flt, sort, descending, after is not None)
    if session.new or session.dirty or session.deleted:
        session.flush()  # the Core execute below does not autoflush
    result = session.connection().execute(stmt, _params(flt, after, limit, now)).all()
    if not result:
        return []
    stored = result[0][-1]
    target = int(json.loads(stored) if stored is not None else SETTINGS[_TARGET_KEY].default)
    rows: list[QueueRow] = []
    add, row = rows.append, _new_row
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
        submitted_raw,
        version,
        _,
    ) in result:
        submitted = utc_from_db(submitted_raw)
        add(
            row(
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
        )
    return rows


OPEN_STATUSES: tuple[str, ...] = tuple(
    s.value for s in (Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED, Status.RECOMMENDED)
)
