"""The shared keyset condition pages through ties exactly once, in order, on every
backend, in the form each planner turns into an index range."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, bindparam, select

from app.keyset import after_key
from tests.support import TestDB

_meta = MetaData()
_items = Table(
    "keyset_probe",
    _meta,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("v", Integer, nullable=False, index=True),
)


@pytest.fixture
def probe(db: TestDB) -> Iterator[tuple[TestDB, list[dict[str, int]]]]:
    _meta.create_all(db.engine)
    rng = random.Random(8)
    rows = [{"id": i, "v": rng.randint(0, 9)} for i in range(1, 58)]  # many ties
    with db.engine.begin() as conn:
        conn.execute(_items.insert(), rows)
    try:
        yield db, rows
    finally:
        _meta.drop_all(db.engine)


@pytest.mark.parametrize("descending", [False, True])
def test_pages_cover_every_row_once_in_order(
    probe: tuple[TestDB, list[dict[str, int]]], descending: bool
) -> None:
    db, rows = probe
    t = _items
    order = (t.c.v.desc(), t.c.id.desc()) if descending else (t.c.v, t.c.id)
    after = after_key(t.c.v, t.c.id, bindparam("v"), bindparam("i"), descending=descending)
    expected = sorted(((r["v"], r["id"]) for r in rows), reverse=descending)
    seen: list[tuple[int, int]] = []
    with db.engine.connect() as conn:
        page = conn.execute(select(t.c.v, t.c.id).order_by(*order).limit(4)).all()
        while page:
            seen.extend((v, i) for v, i in page)
            last = page[-1]
            page = conn.execute(
                select(t.c.v, t.c.id).where(after).order_by(*order).limit(4),
                {"v": last[0], "i": last[1]},
            ).all()
    assert seen == expected


def test_sqlite_seeks_the_kyc_queue_index_to_the_key(sqlite_db: TestDB) -> None:
    """The KYC page after a key searches its index from the key (``queue_due>?``);
    with the OR form alone SQLite searched on ``queue_reason=?`` only and walked the
    reason's whole range up to the key (a 90%-deep page read 90% of the queue)."""
    from app.kyc.queue import QueueFilter, _page_statement

    stmt = _page_statement(QueueFilter(reason="submitted"), True)
    sql = str(stmt.compile(sqlite_db.engine))
    with sqlite_db.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        plan = [r[-1] for r in cursor.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?"))]
    assert any("ix_kyc_checklists_queue (queue_reason=? AND queue_due>?)" in p for p in plan), plan


def test_each_dialect_gets_the_form_its_planner_seeks() -> None:
    """Row values on PostgreSQL and SQLite; the bounded expanded form on MariaDB.
    One statement object renders both ways (the queues cache their statements)."""
    from sqlalchemy.dialects import mysql, postgresql, sqlite

    t = _items
    stmt = select(t.c.id).where(
        after_key(t.c.v, t.c.id, bindparam("v"), bindparam("i"), descending=True)
    )
    pg = str(stmt.compile(dialect=postgresql.dialect()))
    lite = str(stmt.compile(dialect=sqlite.dialect()))
    maria = str(stmt.compile(dialect=mysql.dialect()))
    assert "(keyset_probe.v, keyset_probe.id) < (%(v)s, %(i)s)" in pg
    assert "(keyset_probe.v, keyset_probe.id) < (?, ?)" in lite
    assert "keyset_probe.v <= %s AND (keyset_probe.v < %s OR" in maria


def test_the_tickets_queue_seeks_its_active_index_on_every_backend(db: TestDB) -> None:
    """The active filter is an equality the ``(is_active, opened_at, id)`` index can
    seek. Written ``is_active IS true``, MariaDB listed no usable key, scanned every
    ticket and sorted them for each page (7.5 ms at 20,000 tickets, against 3.4 ms)."""
    from app.servicedesk.queries import Queue, Sort, _queue_statement

    stmt = _queue_statement(Queue.ALL, Sort.NEWEST, False, True)
    with db.engine.connect() as conn:
        compiled = stmt.compile(dialect=conn.dialect)
        params = compiled.construct_params({"limit": 101, "user_id": 1})
        args = (
            tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional else params
        )
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        if db.backend == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + str(compiled), args)
            plan = " ".join(str(r[-1]) for r in cursor.fetchall())
            assert "ix_tickets_active_opened (is_active=?)" in plan, plan
        elif db.backend == "mysql":
            cursor.execute("EXPLAIN " + str(compiled), args)
            rows = {r[2]: r for r in cursor.fetchall()}  # by table
            assert "ix_tickets_active_opened" in str(rows["tickets"][4]), rows["tickets"]
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + str(compiled), args)
            plan = " ".join(r[0] for r in cursor.fetchall())
            assert "ix_tickets_active_opened" in plan, plan
