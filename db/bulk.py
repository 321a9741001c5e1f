"""Many rows in one call, each backend by its fastest path (the payment file's writes).

SQLAlchemy's executemany builds a parameter dictionary per row and, on PostgreSQL,
sends one Bind/Execute per row (psycopg's pipeline): some microseconds of Python
per row which, at ten to twenty rows a payment, cost more than the database's own
work. Here:

* PostgreSQL: one statement per call, each column passed as one array and
  expanded by ``unnest`` (``INSERT … SELECT FROM unnest(…)``, ``UPDATE … FROM
  unnest(…)``);
* SQLite: the driver's executemany over tuples (the loop runs in C); ids are
  allocated in the statement's order under the write lock every p2pdesk write
  transaction holds there (``BEGIN IMMEDIATE``), as the rowid would be;
* MySQL/MariaDB: SQLAlchemy's executemany (PyMySQL folds an INSERT into one
  multi-row VALUES itself; RETURNING needs MariaDB 10.5 or later).

Values go to the driver as they are: ints, strings, dates, booleans or None, for
columns of plain types (no TypeDecorator with its own conversion). Callers run
inside their transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Table,
    any_,
    bindparam,
    insert,
    update,
)
from sqlalchemy.orm import QueryableAttribute


def _sqlite_value(value: Any) -> Any:
    # SQLAlchemy's SQLite Date stores ISO text; the driver's own date adapter is
    # deprecated, so convert here (datetimes are not expected in these rows).
    return value.isoformat() if isinstance(value, date) else value


def _pg_types(conn: Connection, table: Table, columns: Sequence[str]) -> list[str]:
    return [table.c[name].type.compile(dialect=conn.dialect) for name in columns]


def _names(conn: Connection, table: Table, columns: Sequence[str]) -> tuple[str, list[str]]:
    """The table and column names quoted as the dialect needs."""
    prep = conn.dialect.identifier_preparer
    return prep.format_table(table), [prep.quote(name) for name in columns]


def insert_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """INSERT ``rows`` (tuples in ``columns`` order); with ``returning``, the values of
    those columns for every row inserted, in no promised order (return a unique
    column to match them up). ``id`` may be returned on every backend (on MariaDB
    through RETURNING)."""
    if not rows:
        return []
    dialect = conn.dialect.name
    if dialect == "postgresql":
        types = _pg_types(conn, table, columns)
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        name, cols = _names(conn, table, columns)
        sql = f"INSERT INTO {name} ({', '.join(cols)}) SELECT * FROM unnest({arrays})"
        if returning:
            sql += " RETURNING " + ", ".join(_names(conn, table, returning)[1])
        params = tuple(list(col) for col in zip(*rows, strict=True))
        result = conn.exec_driver_sql(sql, params)
        return [tuple(r) for r in result] if returning else []
    if dialect == "sqlite":
        ids: list[int] = []
        names_list = list(columns)
        values = [tuple(_sqlite_value(v) for v in row) for row in rows]
        name, _cols = _names(conn, table, ())
        if "id" in returning:
            start = int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {name}")
                        .scalar_one())  # fmt: skip
            ids = list(range(start + 1, start + 1 + len(rows)))
            names_list = ["id", *names_list]
            values = [(i, *row) for i, row in zip(ids, values, strict=True)]
        marks = ", ".join("?" for _ in names_list)
        listed = ", ".join(_names(conn, table, names_list)[1])
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(f"INSERT INTO {name} ({listed}) VALUES ({marks})", values)
        finally:
            cursor.close()
        if not returning:
            return []
        where = {name: i for i, name in enumerate(columns)}
        out = []
        for n, row in enumerate(rows):
            out.append(tuple(ids[n] if name == "id" else row[where[name]] for name in returning))
        return out
    stmt = insert(table)
    if returning:
        result = conn.execute(
            stmt.returning(*(table.c[name] for name in returning)),
            [dict(zip(columns, row, strict=True)) for row in rows],
        )
        return [tuple(r) for r in result]
    conn.execute(stmt, [dict(zip(columns, row, strict=True)) for row in rows])
    return []


def update_rows(
    conn: Connection,
    table: Table,
    key: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    added: Sequence[str] = (),
) -> None:
    """UPDATE each row whose ``key`` column equals the row's first value, setting
    ``columns`` to the values after it; a column also named in ``added`` gets the
    value added to what it holds (a version bump) instead."""
    if not rows:
        return
    dialect = conn.dialect.name
    plus = set(added)
    tbl, quoted = _names(conn, table, [key, *columns])
    qkey, qcols = quoted[0], dict(zip(columns, quoted[1:], strict=True))

    def target(name: str, value: str) -> str:
        col = qcols[name]
        return f"{col} = {tbl}.{col} + {value}" if name in plus else f"{col} = {value}"

    if dialect == "postgresql":
        types = _pg_types(conn, table, [key, *columns])
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        sets = ", ".join(target(name, f"v.{qcols[name]}") for name in columns)
        sql = (
            f"UPDATE {tbl} SET {sets} FROM unnest({arrays}) AS v({', '.join(quoted)}) "
            f"WHERE {tbl}.{qkey} = v.{qkey}"
        )
        conn.exec_driver_sql(sql, tuple(list(col) for col in zip(*rows, strict=True)))
        return
    if dialect == "sqlite":
        sets = ", ".join(target(name, "?") for name in columns)
        values = [(*(_sqlite_value(v) for v in row[1:]), row[0]) for row in rows]
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(f"UPDATE {tbl} SET {sets} WHERE {qkey} = ?", values)
        finally:
            cursor.close()
        return
    col = table.c
    assigned: dict[str, Any] = {
        name: (col[name] + bindparam(f"b_{name}")) if name in plus else bindparam(f"b_{name}")
        for name in columns
    }
    conn.execute(
        update(table).where(col[key] == bindparam("b_key")).values(assigned),
        [
            {"b_key": row[0], **{f"b_{n}": v for n, v in zip(columns, row[1:], strict=True)}}
            for row in rows
        ],
    )


def among(
    dialect: str, column: ColumnElement[Any] | QueryableAttribute[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """``column IN (values)``. On PostgreSQL the values go as one array
    (``= ANY(:values)``): psycopg parses every query text it has not cached, and
    does not cache a long one, so a thousand placeholders cost milliseconds per
    statement before the server sees it."""
    if dialect == "postgresql":
        element = column.expression if isinstance(column, QueryableAttribute) else column
        return column == any_(bindparam(None, list(values), type_=ARRAY(element.type)))
    return column.in_(values)
