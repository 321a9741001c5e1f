"""The keyset condition shared by the queue pages.

A page continues strictly after the ``(sort value, id)`` of the previous page's
last row. How to say that so the planner seeks the sort index to the key (a page
90% down a long queue must cost what the first page costs) differs by backend:

- PostgreSQL and SQLite take the row-value comparison ``(value, id) < (v, i)`` as
  an index range and walk the index in order from the key. (With the expanded
  ``OR`` form, SQLite searched only on the equality prefix and walked the queue
  from its start; PostgreSQL misjudged the rows and sorted the whole tail.)
- MariaDB/MySQL do not use a row comparison as a range; they get the expanded
  form with the redundant bound ``value <= v`` in front, which is a range.

One statement object serves every backend: the condition is rendered per dialect
when the statement is compiled, so cached statements stay backend-neutral.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, and_, or_, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal


class KeysetAfter(ColumnElement[bool]):
    """``(column, id) > (value, last_id)`` (``<`` when descending), per dialect."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a comparison: no "= 1" where booleans are not native
    _traverse_internals = [  # noqa: RUF012 - the SQLAlchemy visitor protocol
        ("row", InternalTraversal.dp_clauseelement),
        ("expanded", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, row: ColumnElement[bool], expanded: ColumnElement[bool]) -> None:
        self.row = row
        self.expanded = expanded


@compiles(KeysetAfter)
def _expanded(element: KeysetAfter, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.expanded, **kw)


@compiles(KeysetAfter, "postgresql")
@compiles(KeysetAfter, "sqlite")
def _row(element: KeysetAfter, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.row, **kw)


def after_key(
    column: Any, id_column: Any, value: Any, last_id: Any, *, descending: bool
) -> ColumnElement[bool]:
    """Rows after ``(value, last_id)`` in ``(column, id_column)`` order."""
    if descending:
        row = tuple_(column, id_column) < tuple_(value, last_id)
        expanded = and_(
            column <= value, or_(column < value, and_(column == value, id_column < last_id))
        )
    else:
        row = tuple_(column, id_column) > tuple_(value, last_id)
        expanded = and_(
            column >= value, or_(column > value, and_(column == value, id_column > last_id))
        )
    return KeysetAfter(row, expanded)
