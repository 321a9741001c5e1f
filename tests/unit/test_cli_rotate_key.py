"""`p2pdesk rotate-key` on a workstation without a keyring (issue 20 #1): the new key is
wrapped by the same passphrase, the old one opens nothing, verify passes, and every
refusal is one clear line with a nonzero exit and no traceback."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from app.locks import acquire_file
from app.security.keywrap import unwrap_master_key
from app.security.pii import KeyUnavailable, unwrap_data_key
from tests.unit.test_cli import PASSPHRASE, run
from tests.unit.test_cli_master_key import _demo, _init, _one_line

ADMIN_PW = "first-admin-pw\n"


def _rotate(
    tmp_path: Path,
    db: Path,
    *extra: str,
    stdin: str = ADMIN_PW,
    env: dict[str, str] | None = None,
) -> tuple[int, str, str]:
    env = PASSPHRASE if env is None else env
    out = run("rotate-key", "--db", str(db), *extra, stdin=stdin, home=tmp_path, extra_env=env)
    return out.returncode, out.stdout, out.stderr


def _wrapped_data_key(db: Path) -> tuple[bytes, str]:
    with sqlite3.connect(db) as conn:
        wrapped, install_id = conn.execute(
            "SELECT data_key_wrapped, install_id FROM platform_state"
        ).fetchone()
    return bytes(wrapped), str(install_id)


def test_rotate_key_rewraps_under_the_passphrase_and_verify_passes(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _init(tmp_path, db, PASSPHRASE)
    assert _demo(tmp_path, db, PASSPHRASE)[0] == 0
    key_file = Path(str(db) + ".masterkey.wrapped")
    old_text = key_file.read_text()

    code, out, err = _rotate(tmp_path, db, "--user", "admin", "--password-stdin", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["stored"] == "passphrase_file" and data["fields"] > 0 and data["files"] > 0

    new_text = key_file.read_text()
    assert new_text != old_text and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not Path(str(key_file) + ".pending").exists()
    passphrase = PASSPHRASE["P2PDESK_MASTER_PASSPHRASE"]
    wrapped, install_id = _wrapped_data_key(db)
    old_master = unwrap_master_key(old_text, passphrase, install_id)
    with pytest.raises(KeyUnavailable):
        unwrap_data_key(old_master, wrapped, install_id)
    unwrap_data_key(unwrap_master_key(new_text, passphrase, install_id), wrapped, install_id)

    out_v = run("verify", "--db", str(db), "--json", home=tmp_path, extra_env=PASSPHRASE)
    assert out_v.returncode == 0, out_v.stdout + out_v.stderr
    checks = {c["name"]: c for c in json.loads(out_v.stdout)["checks"]}
    assert checks["personal data decrypts under its row"]["ok"]
    assert checks["files encrypted and decrypt"]["ok"]
    # a backup carries neither key, wrapped or not
    backup = tmp_path / "copy.db"
    assert run("backup", str(backup), "--db", str(db), home=tmp_path).returncode == 0
    raw = backup.read_bytes()
    assert old_master not in raw
    assert unwrap_master_key(new_text, passphrase, install_id) not in raw
    # beside it only the signed audit checkpoint, which holds no key
    assert sorted(p.name for p in tmp_path.glob("copy.db*")) == [
        "copy.db",
        "copy.db.auditcheckpoint",
    ]


def test_rotate_key_refusals_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _init(tmp_path, db, PASSPHRASE)
    key_file = Path(str(db) + ".masterkey.wrapped")
    before = key_file.read_text()

    code, _out, err = _rotate(tmp_path, db)
    assert code == 2 and "--user" in _one_line(err)
    code, _out, err = _rotate(
        tmp_path, db, "--user", "admin", "--password-stdin", stdin="wrong-password\n"
    )
    assert code == 1 and "p2pdesk:" in _one_line(err)
    code, _out, err = _rotate(
        tmp_path,
        db,
        "--user",
        "admin",
        "--password-stdin",
        env={"P2PDESK_MASTER_PASSPHRASE": "not the passphrase"},
    )
    assert code != 0 and "passphrase is wrong" in _one_line(err)
    lock = acquire_file(db, "eod", "end of day on desk-7")
    try:
        code, _out, err = _rotate(tmp_path, db, "--user", "admin", "--password-stdin")
    finally:
        lock.release()
    assert code == 1 and "End of day or a payment import is running" in _one_line(err)
    assert "desk-7" in err
    assert key_file.read_text() == before
