"""Without an OS keyring the master key lives wrapped by a passphrase, never in
plaintext; P2PDESK_MASTER_KEY must be right when set (issue 20, item 1)."""

from __future__ import annotations

import base64
import json
import sqlite3
import stat
from pathlib import Path

from tests.unit.test_cli import PASSPHRASE, run


def _init(tmp_path: Path, db: Path, env: dict[str, str]) -> dict[str, object]:
    out = run(
        "init",
        "--db",
        str(db),
        "--password-stdin",
        "--json",
        stdin="first-admin-pw\n",
        home=tmp_path,
        extra_env=env,
    )
    assert out.returncode == 0, out.stderr
    data: dict[str, object] = json.loads(out.stdout)
    return data


def _demo(tmp_path: Path, db: Path, env: dict[str, str], seed: int = 1) -> tuple[int, str]:
    out = run(
        "demo",
        "--db",
        str(db),
        "--customers",
        "3",
        "--seed",
        str(seed),
        "--json",
        home=tmp_path,
        extra_env=env,
    )
    return out.returncode, out.stderr


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_no_keyring_init_wraps_the_key_by_the_passphrase(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    data = _init(tmp_path, db, PASSPHRASE)
    assert data["master_key_stored"] == "passphrase_file"
    assert "master_key" not in data
    assert not Path(str(db) + ".masterkey").exists()
    wrapped = Path(str(db) + ".masterkey.wrapped")
    assert stat.S_IMODE(wrapped.stat().st_mode) == 0o600
    assert json.loads(wrapped.read_text())["kdf"] == "scrypt"
    # the passphrase opens it for demo; without it, or a wrong one, a clear refusal
    assert _demo(tmp_path, db, PASSPHRASE)[0] == 0
    code, err = _demo(tmp_path, db, {})
    assert code == 2 and "passphrase" in _one_line(err)
    code, err = _demo(tmp_path, db, {"P2PDESK_MASTER_PASSPHRASE": "not the passphrase"})
    assert code == 2 and "passphrase is wrong" in _one_line(err)


def test_a_new_database_without_any_key_home_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    code, err = _demo(tmp_path, db, {})
    assert code == 2 and "P2PDESK_MASTER_PASSPHRASE" in _one_line(err)


def test_malformed_or_wrong_master_key_env_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _init(tmp_path, db, PASSPHRASE)
    bad = {**PASSPHRASE, "P2PDESK_MASTER_KEY": "not-base64!"}
    code, err = _demo(tmp_path, db, bad)
    assert code == 2 and "P2PDESK_MASTER_KEY is not a base64 key" in _one_line(err)
    wrong = {**PASSPHRASE, "P2PDESK_MASTER_KEY": base64.b64encode(b"k" * 32).decode()}
    code, err = _demo(tmp_path, db, wrong)
    assert code == 2 and "P2PDESK_MASTER_KEY does not open" in _one_line(err)


def test_old_plaintext_key_file_is_wrapped_and_deleted(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    data = _init(tmp_path, db, {})  # no keyring, no passphrase: printed once, not written
    key_text = str(data["master_key"])
    assert not Path(str(db) + ".masterkey").exists()
    plain = Path(str(db) + ".masterkey")
    plain.write_text(key_text)  # as an older client left it
    assert _demo(tmp_path, db, PASSPHRASE)[0] == 0
    assert not plain.exists()
    wrapped = Path(str(db) + ".masterkey.wrapped")
    assert key_text.encode() not in wrapped.read_bytes()
    assert base64.b64decode(key_text) not in wrapped.read_bytes()
    code, err = _demo(tmp_path, db, {"P2PDESK_MASTER_PASSPHRASE": "not the passphrase"}, 2)
    assert code == 2 and "passphrase is wrong" in _one_line(err)
    # a backup holds the database only: neither the key nor a readable copy of it
    backup = tmp_path / "copy.db"
    out = run("backup", str(backup), "--db", str(db), home=tmp_path)
    assert out.returncode == 0, out.stderr
    raw = backup.read_bytes()
    assert key_text.encode() not in raw and base64.b64decode(key_text) not in raw
    # beside it only the signed audit checkpoint, which holds no key
    assert sorted(p.name for p in tmp_path.glob("copy.db*")) == [
        "copy.db",
        "copy.db.auditcheckpoint",
    ]
    sqlite3.connect(backup).close()
