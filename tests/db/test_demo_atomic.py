"""A failed demo leaves nothing behind (issue 20 #14): its data goes in as one
transaction, and a database the demo created for itself is removed again."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app import cli, demo, paths
from app.demo import fill_demo_atomically
from app.security.pii import PiiVault
from db.engine import make_engine
from db.models.customers import Customer
from tests.support import TestDB


class Injected(RuntimeError):
    pass


def fail_after_two_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real demo steps, but the third one raises (loans and KYC are written by then)."""
    real = demo.demo_steps()

    def boom(*_args: object) -> None:
        raise Injected("a later demo step failed")

    monkeypatch.setattr(demo, "demo_steps", lambda: [*real[:2], boom, *real[2:]])


def counts(db_engine: object) -> tuple[int, int]:
    with db_engine.connect() as conn:  # type: ignore[attr-defined]
        customers = conn.scalar(select(func.count()).select_from(Customer))
        users = conn.scalar(text("SELECT count(*) FROM users"))
    return int(customers or 0), int(users or 0)


def test_a_failed_demo_writes_nothing_into_an_existing_database(
    db: TestDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(db.engine)
    fail_after_two_steps(monkeypatch)
    with pytest.raises(Injected):
        fill_demo_atomically(db.engine, db.vault, 12, 3)
    assert counts(db.engine) == before
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM loans")) == 0
        assert conn.scalar(text("SELECT count(*) FROM kyc_checklists")) == 0
    # and the same demo without the failure goes in whole
    monkeypatch.undo()
    summary = fill_demo_atomically(db.engine, db.vault, 12, 3)
    assert counts(db.engine)[0] == summary.customers == 12


def test_an_interrupt_mid_demo_rolls_everything_back(
    db: TestDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(db.engine)

    def interrupted(_ctx: object, _vault: PiiVault, _rng: random.Random, _s: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "demo_steps", lambda: [interrupted])
    with pytest.raises(KeyboardInterrupt):
        fill_demo_atomically(db.engine, db.vault, 8, 1)
    assert counts(db.engine) == before


@pytest.fixture
def quiet_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "log_file", lambda: tmp_path / "log" / "p2pdesk.log")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("P2PDESK_MASTER_PASSPHRASE", "correct horse battery")


def test_a_failed_demo_removes_the_sqlite_file_it_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet_cli: None
) -> None:
    fail_after_two_steps(monkeypatch)
    target = tmp_path / "fresh.db"
    assert cli.main(["demo", "--db", str(target), "--customers", "6"]) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("fresh")) == []


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    base = os.environ.get("P2PDESK_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("postgresql tests need P2PDESK_TEST_POSTGRES_URL")
    from sqlalchemy.engine import make_url

    name = f"p2pd_demo_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_a_failed_demo_on_a_new_postgres_database_leaves_it_empty(
    empty_postgres: str, monkeypatch: pytest.MonkeyPatch, quiet_cli: None
) -> None:
    fail_after_two_steps(monkeypatch)
    assert cli.main(["demo", "--db", empty_postgres, "--customers", "6"]) == 1
    engine = make_engine(empty_postgres)
    try:
        with engine.connect() as conn:
            tables = conn.scalar(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        assert tables == 0
    finally:
        engine.dispose()


KILLABLE_DEMO = """
import sys, time
from pathlib import Path
from app import cli, demo
db, marker = sys.argv[1:3]
real = demo.demo_steps()
def pause(*_args):
    Path(marker).write_text("loans written")
    time.sleep(120)  # killed here, with the loans and customers written but not committed
demo.demo_steps = lambda: [real[0], pause, *real[1:]]
sys.exit(cli.main(["demo", "--db", db, "--customers", "6"]))
"""


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("existing", [True, False], ids=["existing-file", "new-file"])
def test_a_demo_killed_midway_leaves_nothing(
    tmp_path: Path, sqlite_template: Path, how: str, existing: bool
) -> None:
    import shutil
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "desk.db"
    if existing:
        shutil.copy(sqlite_template, target)
    marker = tmp_path / "marker"
    env = {
        **os.environ,
        "P2PDESK_FAST_HASH": "1",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "P2PDESK_MASTER_PASSPHRASE": "correct horse battery",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    if existing:  # the template's key is in the test keyring; give it by value
        import sqlite3

        from app.security.keys import master_key_name
        from tests.support import TEST_KEYS

        conn = sqlite3.connect(target)
        (install_id,) = conn.execute("SELECT install_id FROM platform_state").fetchone()
        conn.close()
        env.pop("P2PDESK_MASTER_PASSPHRASE")
        env["P2PDESK_MASTER_KEY"] = str(TEST_KEYS.get(master_key_name(install_id)))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_DEMO, str(target), str(marker)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child.send_signal(getattr(signal, how))
    _out, err = child.communicate(timeout=60)
    assert child.returncode != 0 and "Traceback" not in err
    if not existing:
        if how == "SIGTERM":  # cleaned up: the demo made the file, the demo removes it
            assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("desk")) == []
        else:  # no clean-up runs after SIGKILL: at most the initialised, empty database
            engine = make_engine(str(target), create=False)
            try:
                assert counts(engine)[0] == 0
            finally:
                engine.dispose()
        return
    engine = make_engine(str(target), create=False)
    try:
        assert counts(engine) == (0, 1)  # the template's admin alone
    finally:
        engine.dispose()
