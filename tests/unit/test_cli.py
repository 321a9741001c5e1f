"""The `p2pdesk` command as a user runs it: exit codes, JSON, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENV = {
    **os.environ,
    "P2PDESK_FAST_HASH": "1",
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
}
for _name in ("P2PDESK_MASTER_KEY", "P2PDESK_MASTER_PASSPHRASE"):
    ENV.pop(_name, None)
PASSPHRASE = {"P2PDESK_MASTER_PASSPHRASE": "correct horse battery"}


def run(
    *args: str,
    stdin: str | None = None,
    home: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**ENV, **(extra_env or {})}
    if home is not None:
        env["HOME"] = str(home)
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_STATE_HOME"] = str(home / "state")
    return subprocess.run(
        [sys.executable, "-m", "ui.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_quote_json_matches_design(tmp_path: Path) -> None:
    out = run(
        "quote",
        "--amount",
        "100000",
        "--annual-rate",
        "0.049",
        "--term",
        "12",
        "--start",
        "2026-01-31",
        "--json",
        home=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["installments"][0]["payment"] == "8556.17"
    assert data["installments"][0]["due_date"] == "2026-02-28"
    assert data["installments"][1]["due_date"] == "2026-03-31"
    assert data["installments"][-1]["balance"] == "0.00"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--amount", "abc", "--annual-rate", "0.05", "--term", "12"], "--amount"),
        (["--amount", "100", "--annual-rate", "-1", "--term", "12"], "--annual-rate"),
        (["--amount", "100", "--annual-rate", "0.05", "--term", "0"], "--term"),
        (["--amount", "100", "--annual-rate", "0.05", "--term", "12", "--method", "x"], "--method"),
        (
            ["--amount", "100", "--annual-rate", "0.05", "--term", "12", "--start", "2026-13-01"],
            "--start",
        ),
    ],
)
def test_quote_bad_arguments_exit_2_naming_the_argument(
    tmp_path: Path, args: list[str], names: str
) -> None:
    out = run("quote", *args, home=tmp_path)
    assert out.returncode == 2
    assert names in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_init_demo_verify_backup_restore(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    out = run(
        "init",
        "--db",
        str(db),
        "--password-stdin",
        stdin="first-admin-pw\n",
        home=tmp_path,
        extra_env=PASSPHRASE,
    )
    assert out.returncode == 0, out.stderr
    assert "Created a new p2pdesk database" in out.stdout
    out = run(
        "demo",
        "--db",
        str(db),
        "--customers",
        "20",
        "--seed",
        "7",
        "--json",
        home=tmp_path,
        extra_env=PASSPHRASE,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["customers"] == 20
    out = run("verify", "--db", str(db), "--json", home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads(out.stdout)["ok"] is True
    backup = tmp_path / "copy.db"
    assert (
        run("backup", str(backup), "--db", str(db), home=tmp_path, extra_env=PASSPHRASE).returncode
        == 0
    )
    assert (tmp_path / "copy.db.auditcheckpoint").is_file()  # the backup carries its anchor
    # Tamper with the live database's audit trail: verify fails naming the event.
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 3")
    conn.commit()
    conn.close()
    out = run("verify", "--db", str(db), home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 1
    assert "audit event 3 was altered" in out.stdout
    # Restoring the backup brings back an intact database.
    out = run("restore", str(backup), "--db", str(db), home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0, out.stderr
    assert run("verify", "--db", str(db), home=tmp_path, extra_env=PASSPHRASE).returncode == 0


def test_init_refuses_a_weak_password_and_a_missing_database(tmp_path: Path) -> None:
    out = run(
        "init", "--db", str(tmp_path / "x.db"), "--password-stdin", stdin="short\n", home=tmp_path
    )
    assert out.returncode == 2 and "password" in out.stderr
    assert not (tmp_path / "x.db").exists()  # refused: not even an empty file
    out = run("verify", "--db", str(tmp_path / "nowhere" / "y.db"), home=tmp_path)
    assert out.returncode == 2 and "no database" in out.stderr
    assert not (tmp_path / "nowhere").exists()


def test_unreachable_server_is_one_sentence(tmp_path: Path) -> None:
    out = run("verify", "--db", "postgresql://nobody@127.0.0.1:1/x", home=tmp_path)
    assert out.returncode == 1
    assert "cannot use the database" in out.stderr and "Traceback" not in out.stderr


def test_restore_refuses_a_database_in_use(tmp_path: Path) -> None:
    from db.sqlite_files import hold_in_use_lock

    db = tmp_path / "live.db"
    assert (
        run(
            "init", "--db", str(db), "--password-stdin", stdin="first-admin-pw\n", home=tmp_path
        ).returncode
        == 0
    )
    backup = tmp_path / "b.db"
    assert run("backup", str(backup), "--db", str(db), home=tmp_path).returncode == 0
    handle = hold_in_use_lock(db)
    try:
        out = run("restore", str(backup), "--db", str(db), home=tmp_path)
    finally:
        if handle is not None:
            handle.close()
    assert out.returncode == 1 and "is open in a p2pdesk client" in out.stderr
    out = run("restore", str(tmp_path / "junk.db"), "--db", str(db), home=tmp_path)
    assert out.returncode == 1 and "does not exist" in out.stderr


def test_init_seals_plaintext_birth_dates_of_an_older_database(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "desk.db"
    out = run(
        "init",
        "--db",
        str(db),
        "--password-stdin",
        stdin="first-admin-pw\n",
        home=tmp_path,
        extra_env=PASSPHRASE,
    )
    assert out.returncode == 0, out.stderr
    conn = sqlite3.connect(db)
    conn.execute(  # a customer as a database from before 0009_pii_birth_date holds it
        "INSERT INTO customers (number, kind, name, name_key, birth_date, timezone, version)"
        " VALUES ('C1', 'individual', 'Old', 'old', '1980-05-06', 'Asia/Shanghai', 1)"
    )
    conn.commit()
    conn.close()
    out = run("init", "--db", str(db), "--json", home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["birth_dates_sealed"] == 1
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT birth_date, birth_date_enc FROM customers").fetchone()
    conn.close()
    assert row[0] is None and row[1] is not None and b"1980" not in bytes(row[1])


SUBCOMMANDS = [
    ["gui"],
    ["init"],
    ["demo"],
    ["quote", "--amount", "1", "--annual-rate", "0.05", "--term", "1"],
    ["eod", "--date", "2026-01-02"],
    ["payments", "import", "f.csv"],
    ["verify"],
    ["backup", "b.db"],
    ["restore", "b.db"],
]


@pytest.mark.parametrize("sub", SUBCOMMANDS, ids=lambda s: "-".join(s[:2]))
def test_db_and_json_work_before_or_after_every_subcommand(sub: list[str]) -> None:
    from app.cli import build_parser

    parser = build_parser()
    cmd, rest = sub[:1], sub[1:]
    if cmd == ["payments"]:
        cmd, rest = sub[:2], sub[2:]
    before = parser.parse_args(["--db", "x.db", "--json", *cmd, *rest])
    after = parser.parse_args([*cmd, *rest, "--db", "x.db", "--json"])
    neither = parser.parse_args([*cmd, *rest])
    assert (before.db, before.json) == ("x.db", True)
    assert (after.db, after.json) == ("x.db", True)
    assert (neither.db, neither.json) == (None, False)


def test_db_before_eod_advances_that_database_not_the_default(tmp_path: Path) -> None:
    db = tmp_path / "named.db"
    out = run(
        "init",
        "--db",
        str(db),
        "--password-stdin",
        stdin="first-admin-pw\n",
        home=tmp_path,
        extra_env=PASSPHRASE,
    )
    assert out.returncode == 0, out.stderr
    out = run("--db", str(db), "--json", "verify", home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["ok"] is True
    import sqlite3
    from datetime import date, timedelta

    def business_date() -> date:
        conn = sqlite3.connect(db)
        (value,) = conn.execute("SELECT business_date FROM platform_state").fetchone()
        conn.close()
        return date.fromisoformat(str(value)[:10])

    start = business_date()
    nxt = (start + timedelta(days=1)).isoformat()
    out = run(
        "--db", str(db), "--json", "eod", "--date", nxt, "--user", "admin", "--password-stdin",
        stdin="first-admin-pw\n", home=tmp_path, extra_env=PASSPHRASE,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["to"] == nxt
    assert business_date() == start + timedelta(days=1)
    # The default database in the user data folder was never created or advanced.
    assert not any((tmp_path / "data").rglob("*.db"))


def test_eod_far_in_the_future_needs_allow_future(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    out = run(
        "init",
        "--db",
        str(db),
        "--password-stdin",
        stdin="first-admin-pw\n",
        home=tmp_path,
        extra_env=PASSPHRASE,
    )
    assert out.returncode == 0, out.stderr
    out = run(
        "eod", "--db", str(db), "--date", "2100-01-01", "--user", "admin", "--password-stdin",
        stdin="first-admin-pw\n", home=tmp_path, extra_env=PASSPHRASE,
    )  # fmt: skip
    assert out.returncode == 2 and "--date" in out.stderr and "--allow-future" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    out = run("verify", "--db", str(db), "--json", home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0 and json.loads(out.stdout)["ok"] is True


IMPORTER = """
import json, sys, time
from pathlib import Path
from app.context import Actor, ServiceContext
from app.loans.payment_file import import_payment_file
from db.engine import make_engine, make_sessionmaker
url, file, marker = sys.argv[1:4]
def progress(done, total):
    if not Path(marker).exists():
        Path(marker).write_text(str(done))
        time.sleep(3)  # the import is still writing its remaining chunks
from app.platform import open_vault
from app.security.keys import MemoryStore
engine = make_engine(url)
with make_sessionmaker(engine)() as session:  # the key signs the audit trail
    open_vault(session, MemoryStore(), engine)
ctx = ServiceContext(make_sessionmaker(engine), Actor.system("payments-import"))
print(json.dumps(import_payment_file(ctx, Path(file), progress=progress).as_dict()))
"""


def test_restore_is_refused_while_a_payment_import_writes(tmp_path: Path) -> None:
    import time

    db = tmp_path / "live.db"
    out = run(
        "init",
        "--db",
        str(db),
        "--password-stdin",
        stdin="first-admin-pw\n",
        home=tmp_path,
        extra_env=PASSPHRASE,
    )
    assert out.returncode == 0, out.stderr
    backup = tmp_path / "b.db"
    assert (
        run("backup", str(backup), "--db", str(db), home=tmp_path, extra_env=PASSPHRASE).returncode
        == 0
    )
    rows = 2_500  # three chunks: the restore comes after the first
    csv_file = tmp_path / "bank.csv"
    csv_file.write_text(
        "reference,contract_number,amount,value_date,payer_name\n"
        + "".join(f"R-{i},NO-SUCH-{i},10.00,2026-01-02,Payer\n" for i in range(rows))
    )
    marker = tmp_path / "first-chunk"
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(db), str(csv_file), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**ENV, **PASSPHRASE},
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert importer.poll() is None, importer.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    out = run("restore", str(backup), "--db", str(db), home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "payment import" in out.stderr and "Traceback" not in out.stderr
    stdout, stderr = importer.communicate(timeout=120)
    assert importer.returncode == 0, stderr
    summary = json.loads(stdout)
    assert summary["suspense"] + summary["posted"] == rows and not summary["rejected"]
    import sqlite3

    conn = sqlite3.connect(db)
    (audited,) = conn.execute(
        "SELECT count(*) FROM audit_events WHERE action = 'payments.file_imported'"
    ).fetchone()
    conn.close()
    assert audited == 1  # the database was not swapped under the import
    out = run("restore", str(backup), "--db", str(db), home=tmp_path, extra_env=PASSPHRASE)
    assert out.returncode == 0, out.stderr  # once it has finished, restore works


def test_backup_to_a_path_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    out = run("init", "--db", str(db), "--password-stdin", stdin="first-admin-pw\n", home=tmp_path)
    assert out.returncode == 0, out.stderr
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    cases = [
        (tmp_path / "missing" / "b.db", "the folder"),
        (tmp_path, "is a folder"),
        (a_file / "b.db", "is not a folder"),
        (Path("/proc/p2pdesk-backup.db"), "cannot write the backup"),
    ]
    if os.geteuid() != 0:  # root writes anywhere; /proc stands in for it above
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        cases.append((locked / "b.db", "no permission"))
    for target, says in cases:
        out = run("backup", str(target), "--db", str(db), home=tmp_path)
        assert out.returncode == 1, (target, out.stdout)
        assert says in out.stderr and "Traceback" not in out.stderr, (target, out.stderr)
        assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert not (tmp_path / "missing").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith((".db", ".part"))) == [
        "desk.db"
    ]


def one_line_refusal(out: subprocess.CompletedProcess[str], *says: str) -> None:
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "unexpected error" not in out.stderr and "database error" not in out.stderr
    for text in says:
        assert text in out.stderr, out.stderr


@pytest.mark.parametrize("command", ["init", "demo"])
def test_init_and_demo_refuse_a_sqlite_file_of_another_application(
    tmp_path: Path, command: str
) -> None:
    import sqlite3

    other = tmp_path / "ledger.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)")
    conn.execute("INSERT INTO invoices (total) VALUES ('12.50')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    extra = ["--password-stdin"] if command == "init" else []
    out = run(
        command, "--db", str(other), *extra, stdin="first-admin-pw\n",
        home=tmp_path, extra_env=PASSPHRASE,
    )  # fmt: skip
    one_line_refusal(out, "not a p2pdesk database", "invoices")
    assert other.read_bytes() == before  # not one byte written, not even the WAL switch
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ledger")) == [
        "ledger.db"
    ]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("foo://x", "'foo' in foo://x is not a kind of database"),
        ("mysql://", "mysql:// names no database"),
        ("mysql+mysqldb://me@db.example/desk", "driver 'mysqldb'"),
        ("postgresql://me:s3cret@host:port/desk", "is not a database URL"),
        ("sqlite://", "names no database file"),
    ],
)
def test_a_bad_database_url_names_the_problem(tmp_path: Path, url: str, says: str) -> None:
    for command in (["verify"], ["init", "--password-stdin"]):
        out = run(*command, "--db", url, stdin="first-admin-pw\n", home=tmp_path)
        one_line_refusal(out, "--db", says)
        assert out.returncode == 2 and "s3cret" not in out.stderr


def test_a_mistyped_path_is_refused_not_created(tmp_path: Path) -> None:
    typo = tmp_path / "Documnets" / "desk.db"
    out = run(
        "init", "--db", str(typo), "--password-stdin", stdin="first-admin-pw\n", home=tmp_path
    )
    one_line_refusal(out, "--db", f"the folder {typo.parent} does not exist")
    out = run("verify", "--db", str(typo), home=tmp_path)
    one_line_refusal(out, "--db", "there is no database")
    assert not typo.parent.exists()


def test_a_corrupt_or_truncated_sqlite_file_says_so(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    out = run(
        "init", "--db", str(good), "--password-stdin", stdin="first-admin-pw\n", home=tmp_path
    )
    assert out.returncode == 0, out.stderr
    noise = tmp_path / "noise.db"
    noise.write_bytes(os.urandom(8192))
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    for path, says in ((noise, "is not a SQLite database"), (truncated, "is damaged")):
        before = path.read_bytes()
        commands = [
            ["verify"],
            ["init", "--password-stdin"],
            ["demo"],
            ["backup", str(tmp_path / "b.db")],
            ["eod", "--date", "2026-01-02", "--user", "admin", "--password-stdin"],
        ]
        for command in commands:
            out = run(*command, "--db", str(path), stdin="first-admin-pw\n", home=tmp_path)
            one_line_refusal(out, str(path), says)
        assert path.read_bytes() == before
    # Damage past the header shows when the page is read: still one sentence.
    torn = tmp_path / "torn.db"
    data = bytearray(good.read_bytes())
    data[4096 * 3 : 4096 * 40] = os.urandom(4096 * 37)
    torn.write_bytes(bytes(data))
    out = run("verify", "--db", str(torn), home=tmp_path)
    one_line_refusal(out)
    assert "damaged" in out.stderr or "not a p2pdesk" in out.stderr or "schema" in out.stderr
