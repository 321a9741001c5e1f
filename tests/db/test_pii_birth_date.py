"""The birth date (8 of the 18 characters of a resident ID) is stored encrypted; old
plaintext rows are sealed where the key is; the raw database holds no birth date
next to the province. Every backend (issue 20, item 3)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from sqlalchemy import inspect, select, text

from app.customers.sealing import plaintext_birth_dates, seal_birth_dates
from app.customers.service import CustomerInput, CustomerService, insert_customer
from app.demo import make_customer
from app.security.permissions import Role
from app.verify import check_plaintext_birth_dates
from db.models.customers import Customer
from tests.support import TestDB

BORN = date(1949, 12, 31)


def _raw_values(db: TestDB) -> list[object]:
    with db.engine.connect() as conn:
        return [
            v
            for table in inspect(conn).get_table_names()
            for row in conn.execute(text(f"SELECT * FROM {table}")).all()
            for v in row
        ]


def test_demo_customers_keep_no_plaintext_birth_date(db: TestDB) -> None:
    rng = random.Random(3)
    inputs = [make_customer(rng, n) for n in range(12)]
    births = {c.birth_date for c in inputs if c.birth_date is not None}
    assert len(births) > 5
    with db.sessions.begin() as s:
        ids = [insert_customer(s, db.vault, c, None).id for c in inputs]
    values = _raw_values(db)
    assert [v for v in values if v in births] == []
    assert [
        v for v in values if isinstance(v, str) and any(b.isoformat() in v for b in births)
    ] == []
    if db.backend == "sqlite":
        db.engine.dispose()
        path = Path(db.url)
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        found = [
            b for b in births if b.isoformat().encode() in raw or f"{b:%Y%m%d}".encode() in raw
        ]
        assert found == []
    # the customer page still shows it, with the key
    officer = db.user(Role.KYC_OFFICER)
    shown = {CustomerService(officer, db.vault).get(i).birth_date for i in ids}
    assert births <= shown
    assert CustomerService(officer, None).get(ids[0]).birth_date is None


def test_old_plaintext_birth_dates_are_sealed(db: TestDB) -> None:
    with db.sessions.begin() as s:
        c = insert_customer(s, db.vault, CustomerInput(kind="individual", name="李四"), None)
        c.birth_date_legacy = BORN  # as a database from before 0009 holds it
        cid = c.id
    officer = db.user(Role.KYC_OFFICER)
    assert CustomerService(officer, db.vault).get(cid).birth_date == BORN
    with db.sessions() as s:
        assert plaintext_birth_dates(s) == 1
        assert not check_plaintext_birth_dates(s).ok
    assert seal_birth_dates(db.sessions, db.vault) == 1
    assert seal_birth_dates(db.sessions, db.vault) == 0  # idempotent
    with db.sessions() as s:
        assert plaintext_birth_dates(s) == 0
        assert check_plaintext_birth_dates(s).ok
        row = s.scalars(select(Customer).where(Customer.id == cid)).one()
        assert row.birth_date_legacy is None and row.birth_date_enc is not None
    assert CustomerService(officer, db.vault).get(cid).birth_date == BORN
    assert BORN not in _raw_values(db)
