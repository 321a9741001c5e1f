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
