"""Files that hold customer data are the owner's alone (issue 20 #2): the database and
its -wal/-shm files, backups, the log, exported documents; 0600 files, 0700 folders,
under the usual umask 022. Looser files are tightened on open, with a log line."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.test_cli import PASSPHRASE, run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)  # the subprocesses inherit it
    try:
        yield
    finally:
        os.umask(old)


def log_of(home: Path) -> Path:
    return home / "state" / "p2pdesk" / "log" / "p2pdesk.log"


def test_init_demo_backup_and_restore_write_owner_only_files(tmp_path: Path) -> None:
    # The default location: p2pdesk makes its folders (a named --db needs its folder).
    folder = tmp_path / "data" / "p2pdesk"
    db = folder / "p2pdesk.db"
    out = run(
        "init", "--password-stdin", stdin="first-admin-pw\n", home=tmp_path, extra_env=PASSPHRASE
    )
    assert out.returncode == 0, out.stderr
    assert mode(db) == 0o600
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    assert mode(log_of(tmp_path)) == 0o600 and mode(log_of(tmp_path).parent) == 0o700
    out = run("demo", "--db", str(db), "--customers", "3", home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0, out.stderr
    assert mode(db) == 0o600
    backup = tmp_path / "copy.db"
    out = run("backup", str(backup), "--db", str(db), home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert mode(backup) == 0o600
    db.unlink()
    out = run("restore", str(backup), "--db", str(db), home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert mode(db) == 0o600
    leftovers = {p.name for p in folder.iterdir()} - {"p2pdesk.db", "p2pdesk.db.masterkey.wrapped"}
    assert all(mode(folder / name) == 0o600 for name in leftovers), leftovers


def test_a_write_creates_wal_and_shm_owner_only(tmp_path: Path) -> None:
    from sqlalchemy import text

    from db.engine import make_engine

    db = tmp_path / "wal.db"
    engine = make_engine(str(db))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as conn:  # the WAL and SHM exist while a connection is open
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 1
            wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
            assert wal.exists() and shm.exists()
            assert (mode(db), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        engine.dispose()


def test_files_left_readable_are_tightened_on_open_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import text

    from db.engine import make_engine

    db = tmp_path / "old.db"
    engine = make_engine(str(db))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    wal = Path(f"{db}-wal")
    wal.write_bytes(b"")
    for path in (db, wal):
        path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="db.private_files"):
        make_engine(str(db), create=False).dispose()
    assert (mode(db), mode(wal)) == (0o600, 0o600)
    assert sum("tightened to 600" in r.getMessage() for r in caplog.records) == 2


def test_the_cli_tightens_a_loose_database_and_log_and_says_so_in_the_log(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.db"
    out = run(
        "init", "--db", str(db), "--password-stdin", stdin="first-admin-pw\n", home=tmp_path,
        extra_env=PASSPHRASE,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    log = log_of(tmp_path)
    db.chmod(0o644)
    log.chmod(0o644)
    log.parent.chmod(0o755)
    out = run("verify", "--db", str(db), home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (mode(db), mode(log), mode(log.parent)) == (0o600, 0o600, 0o700)
    written = log.read_text(encoding="utf-8")
    assert f"{db} was readable by others (mode 644); tightened to 600" in written
    assert f"{log} was readable by others (mode 644); tightened to 600" in written


def test_exported_documents_are_owner_only_even_over_a_readable_file(tmp_path: Path) -> None:
    from db.private_files import private_mkdir, write_private_bytes

    folder = tmp_path / "exports" / "2026"
    private_mkdir(folder)
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    target = folder / "agreement.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_private_bytes(target, b"%PDF-1.4 full ID number")
    assert target.read_bytes() == b"%PDF-1.4 full ID number"
    assert mode(target) == 0o600
    assert [p.name for p in folder.iterdir()] == ["agreement.pdf"]  # no temporary left
