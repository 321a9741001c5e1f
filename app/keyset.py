"""The keyset condition shared by the queue pages.

A page continues strictly after the ``(sort value, id)`` of the previous page's
last row. Written out as ``value < v OR (value = v AND id < i)`` alone, SQLite and
MariaDB cannot seek the sort index to the key: they walk the index from the
start of the queue and filter, so a page 90% down a long queue reads 90% of it.
The redundant bound ``value <= v`` in front gives every planner an index range
that starts at the key, so any page costs what the first page costs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_


def after_key(
    column: Any, id_column: Any, value: Any, last_id: Any, *, descending: bool
) -> ColumnElement[bool]:
    """Rows after ``(value, last_id)`` in ``(column, id_column)`` order."""
    if descending:
        return and_(
            column <= value, or_(column < value, and_(column == value, id_column < last_id))
        )
    return and_(column >= value, or_(column > value, and_(column == value, id_column > last_id)))
