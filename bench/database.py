"""Fresh benchmark databases on each backend (created and dropped by the bench)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.bootstrap import initialise
from app.platform import open_vault
from app.security.keys import MemoryStore
from app.security.pii import PiiVault
from db.engine import make_engine, make_sessionmaker

SERVER_URLS = {
    "postgresql": os.environ.get(
        "P2PDESK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    ),
    "mysql": os.environ.get("P2PDESK_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test"),
}
BENCH_PASSWORD = "bench-pass-123"


@dataclass
class BenchDB:
    backend: str
    url: str
    engine: Engine
    vault: PiiVault


@contextmanager
def fresh_database(backend: str, workdir: Path) -> Iterator[BenchDB]:
    """An initialised, empty p2pdesk database; dropped afterwards."""
    os.environ.setdefault("P2PDESK_FAST_HASH", "1")
    name = f"p2pd_bench_{uuid.uuid4().hex[:8]}"
    if backend == "sqlite":
        workdir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite+pysqlite:///{workdir / (name + '.db')}"
        drop = None
    elif backend == "postgresql":
        admin = make_engine(SERVER_URLS["postgresql"], isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = make_url(SERVER_URLS["postgresql"]).set(database=name).render_as_string(False)
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    else:
        admin = make_engine(SERVER_URLS["mysql"], isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        url = make_url(SERVER_URLS["mysql"]).set(database=name).render_as_string(False)
        drop = f"DROP DATABASE IF EXISTS `{name}`"
    engine = make_engine(url)
    store = MemoryStore()
    initialise(engine, admin_username="admin", admin_password=BENCH_PASSWORD, store=store)
    with make_sessionmaker(engine)() as session:
        status = open_vault(session, store, engine)
    assert status.vault is not None
    try:
        yield BenchDB(backend, url, engine, status.vault)
    finally:
        engine.dispose()
        if drop is not None:
            with admin.connect() as conn:
                conn.exec_driver_sql(drop)
            admin.dispose()
        elif backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(str(workdir / (name + ".db")) + suffix).unlink(missing_ok=True)
