"""Who the command line acts as (issue 20, items 16 and 17)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.unit.test_cli import PASSPHRASE, run


def _init(db: Path, home: Path, *extra: str, stdin: str = "first-admin-pw\n") -> None:
    out = run(
        "init", "--db", str(db), "--password-stdin", *extra,
        stdin=stdin, home=home, extra_env=PASSPHRASE,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr


def test_init_bootstraps_the_second_admin_once(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _init(db, tmp_path, "--second-admin", "admin.two", stdin="first-admin-pw\nsecond-admin-pw\n")
    conn = sqlite3.connect(db)
    admins = conn.execute(
        "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id "
        "WHERE r.role = 'admin' ORDER BY u.username"
    ).fetchall()
    conn.close()
    assert admins == [("admin",), ("admin.two",)]
    out = run(
        "init", "--db", str(db), "--password-stdin", "--second-admin", "admin.three",
        stdin="third-admin-pw\n", home=tmp_path, extra_env=PASSPHRASE,
    )  # fmt: skip
    assert out.returncode == 1
    assert out.stderr.strip().endswith("need a second administrator's approval in Admin > Users"), (
        out.stderr
    )
    assert "Traceback" not in out.stderr
    out = run("verify", "--db", str(db), "--json", home=tmp_path, extra_env=PASSPHRASE)
    assert json.loads(out.stdout)["ok"] is True, out.stdout


def _actors(db: Path, where: str) -> set[str]:
    conn = sqlite3.connect(db)
    rows = conn.execute(f"SELECT DISTINCT actor_name FROM audit_events WHERE {where}").fetchall()
    conn.close()
    return {r[0] for r in rows}


def _next_day(db: Path) -> str:
    from datetime import date, timedelta

    conn = sqlite3.connect(db)
    (value,) = conn.execute("SELECT business_date FROM platform_state").fetchone()
    conn.close()
    return (date.fromisoformat(str(value)[:10]) + timedelta(days=1)).isoformat()


def test_eod_runs_as_a_named_user_and_the_audit_shows_them(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _init(db, tmp_path)
    day = _next_day(db)
    out = run("eod", "--db", str(db), "--date", day, home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 2 and "--user NAME" in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    out = run(
        "eod", "--db", str(db), "--date", day, "--user", "admin", "--password-stdin",
        stdin="not-the-password\n", home=tmp_path, extra_env=PASSPHRASE,
    )  # fmt: skip
    assert out.returncode == 1 and "Wrong user name or password" in out.stderr
    assert _actors(db, "action = 'eod.day_closed'") == set()
    out = run(
        "eod", "--db", str(db), "--date", day, "--user", "admin", "--password-stdin",
        stdin="first-admin-pw\n", home=tmp_path, extra_env=PASSPHRASE,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert _actors(db, "action = 'eod.day_closed'") == {"admin"}


def test_payments_import_runs_as_a_service_account_an_admin_created(tmp_path: Path) -> None:
    from app.context import ServiceContext
    from app.platform import open_vault
    from app.security.keys import MemoryStore
    from app.security.permissions import Role
    from app.security.users import UserService, authenticate
    from db.engine import make_engine, make_sessionmaker

    db = tmp_path / "desk.db"
    _init(db, tmp_path, "--second-admin", "admin.two", stdin="first-admin-pw\nsecond-admin-pw\n")
    engine = make_engine(str(db))
    sessions = make_sessionmaker(engine)
    with sessions() as session:  # this workstation holds the key: it signs the audit trail
        open_vault(session, MemoryStore(), engine, PASSPHRASE["P2PDESK_MASTER_PASSPHRASE"])
    maker = ServiceContext(sessions, authenticate(sessions, "admin", "first-admin-pw"))
    checker = ServiceContext(sessions, authenticate(sessions, "admin.two", "second-admin-pw"))
    info = UserService(maker).create_user(
        "svc.bank", "Bank file robot", "svc-bank-pw-1", {Role.COLLECTIONS_SUPERVISOR}, "service"
    )
    engine.dispose()
    payments = tmp_path / "bank.csv"
    payments.write_text(
        "reference,contract_number,amount,value_date,payer_name\n"
        "BANK-1,NO-SUCH-LOAN,100.00,2026-01-02,Wang\n",
        encoding="utf-8",
    )
    args = ("payments", "import", str(payments), "--db", str(db), "--user", "svc.bank")
    # Not approved yet: the maker alone cannot bring a service account to life.
    out = run(*args, "--password-stdin", stdin="svc-bank-pw-1\n", home=tmp_path,
              extra_env=PASSPHRASE)  # fmt: skip
    assert out.returncode == 1 and "approval" in out.stderr, out.stderr
    UserService(checker).approve(info.id)
    out = run(*args, "--password-stdin", stdin="svc-bank-pw-1\n", home=tmp_path,
              extra_env=PASSPHRASE)  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    posted = _actors(db, "action NOT LIKE 'user.%' AND action LIKE '%suspense%'")
    assert posted == {"svc.bank"}, posted
    assert "payments-import" not in _actors(db, "1 = 1")
