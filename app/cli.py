"""The ``p2pdesk`` command (DESIGN §5). The GUI is the default subcommand.

Bad arguments exit 2 with one line on stderr naming the argument; a failed
``verify`` exits 1; errors never print a traceback (they go to the log file).
This module imports only the standard library at start-up so ``p2pdesk gui``
paints its first window before SQLAlchemy is loaded.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

GuiLauncher = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad command-line input: exit 2 with this message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def _db_url(args: argparse.Namespace) -> str:
    from app.paths import default_db_url

    url: str | None = getattr(args, "db", None)
    return url or default_db_url()


def _engine(args: argparse.Namespace) -> Engine:
    """An engine that may create the database (``init``, ``demo``). A SQLite file
    named with ``--db`` goes only into a folder that exists: a mistyped path is
    refused, not created (only the default location's folders are made)."""
    from app.bootstrap import refuse_foreign_file
    from db.engine import BadDatabaseUrl, check_url, make_engine

    try:
        url = check_url(_db_url(args))
    except BadDatabaseUrl as exc:
        raise UsageError(f"--db: {exc}") from exc
    if url.get_backend_name() == "sqlite" and url.database:
        path = Path(url.database)
        if getattr(args, "db", None) and not path.parent.is_dir():
            raise UsageError(
                f"--db: the folder {path.parent} does not exist; check the path "
                "(p2pdesk creates the database file, not its folder)"
            )
        refuse_foreign_file(path)  # before the engine touches the file
    return make_engine(url)


def _open_checked(args: argparse.Namespace) -> Engine:
    """An engine on an existing database whose schema matches this client."""
    from app.bootstrap import check_schema, refuse_foreign_file
    from db.engine import BadDatabaseUrl, MissingDatabase, check_url, make_engine

    try:
        url = check_url(_db_url(args))
        if url.get_backend_name() == "sqlite" and url.database:
            refuse_foreign_file(Path(url.database))
        engine = make_engine(url, create=False)
    except (MissingDatabase, BadDatabaseUrl) as exc:
        raise UsageError(f"--db: {exc}") from exc
    check_schema(engine)
    _sign_here(engine)
    return engine


def _sign_here(engine: Engine) -> None:
    """Open the vault when this workstation holds the key, so the command signs the
    audit trail (without it, an audited write is refused with a clear message)."""
    from app.platform import open_vault
    from app.security.keys import KeyringStore
    from db.engine import make_sessionmaker

    try:
        with make_sessionmaker(engine)() as session:
            open_vault(session, KeyringStore(), engine)
    except Exception:  # no platform row yet, or a broken keyring: the commands say so
        log.debug("no audit key on this workstation", exc_info=True)


def _read_new_password(args: argparse.Namespace, whom: str = "the first admin") -> str:
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise UsageError(f"--password-stdin: no password for {whom} on standard input")
        return line
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the admin password; use --password-stdin")
    first = getpass.getpass(f"Password for {whom}: ")
    if first != getpass.getpass("Repeat the password: "):
        raise UsageError("the two passwords differ")
    return first


def _acting_user(args: argparse.Namespace, engine: Engine) -> Any:
    """The named user or service account a money-changing command runs as (issue
    20 #17): ``--user`` (or P2PDESK_USER) with the password from ``--password-stdin``
    or a terminal prompt. Never a generic system user; the audit names them."""
    import os

    from app.security.users import authenticate
    from db.engine import make_sessionmaker

    username = args.user or os.environ.get("P2PDESK_USER")
    if not username:
        raise UsageError(
            f"{args.command}: name the user or service account it runs as "
            "(--user NAME, or P2PDESK_USER) and give its password (--password-stdin)"
        )
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise UsageError("--password-stdin: no password on standard input")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Password for {username}: ")
    else:
        raise UsageError("no terminal to ask for the password; use --password-stdin")
    return authenticate(make_sessionmaker(engine), username, password, service_ok=True)


def _add_user_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help="the user or service account to run as")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read its password from standard input"
    )


def cmd_init(args: argparse.Namespace) -> int:
    from app.bootstrap import initialise, refuse_foreign
    from app.security.keys import KeyringStore
    from app.security.passwords import check_policy
    from db import schema

    sqlite_file = _sqlite_file_of(args)
    password = None
    if sqlite_file is not None and not sqlite_file.exists():
        # A new file: a refused password leaves no empty database behind.
        password = _read_new_password(args)
        check_policy(password)
    engine = _engine(args)
    refuse_foreign(engine)  # before asking for a password: nothing to do here
    needs_admin = schema.current_revision(engine) is None
    if needs_admin and password is None:
        password = _read_new_password(args)
        check_policy(password)
    result = initialise(
        engine,
        admin_username=args.admin,
        admin_password=password,
        store=KeyringStore(),
        currency=args.currency,
    )
    data: dict[str, object] = {
        "created": result.created,
        "upgraded_from": result.upgraded_from,
        "schema": result.head,
        "master_key_stored": result.master_key_stored or None,
    }
    lines = [
        "Created a new p2pdesk database." if result.created else "Database is up to date.",
        f"Schema: {result.head}",
    ]
    if args.second_admin:
        # The one bootstrap of maker-checker user administration (issue 20 #16).
        from app.bootstrap import add_second_admin
        from db.engine import make_sessionmaker

        second = _read_new_password(args, f"the second admin {args.second_admin}")
        check_policy(second)
        add_second_admin(make_sessionmaker(engine), args.second_admin, second)
        data["second_admin"] = args.second_admin
        lines.append(f"Second administrator {args.second_admin} created.")
    if not result.created:
        data["birth_dates_sealed"], data["evidence_sealed"], left = _seal_plaintext(engine)
        data["values_bound_to_rows"] = _bind_to_rows(engine)
        if left:
            lines.append(
                f"{left} birth dates or evidence files are still stored in plaintext: run "
                "`p2pdesk init` on a workstation that holds the master key to encrypt them."
            )
    if result.master_key_b64:
        data["master_key"] = result.master_key_b64
        lines.append(
            "No keyring on this machine and no P2PDESK_MASTER_PASSPHRASE: keep this master "
            f"key safe and give it to each workstation (P2PDESK_MASTER_KEY): "
            f"{result.master_key_b64}"
        )
    elif result.master_key_stored == "passphrase_file":
        lines.append(
            "No keyring on this machine: the master key was saved wrapped by the passphrase "
            "in P2PDESK_MASTER_PASSPHRASE (keep the passphrase; it is not stored)."
        )
    _emit(args, data, "\n".join(lines))
    return 0


def _seal_plaintext(engine: Engine) -> tuple[int, int, int]:
    """Encrypt birth dates, evidence files and ticket attachments an older schema
    kept in plaintext, when the key is here; returns (birth dates sealed, files
    sealed, still plaintext)."""
    from app.customers.sealing import plaintext_birth_dates, seal_birth_dates
    from app.platform import open_vault
    from app.security.keys import KeyringStore
    from app.security.sealed_files import ALL_FILES, plaintext_files, seal_plaintext
    from db.engine import make_sessionmaker

    sessions = make_sessionmaker(engine)
    with sessions() as session:
        left = plaintext_birth_dates(session) + sum(
            len(plaintext_files(session, files)) for files in ALL_FILES
        )
        if left == 0:
            return 0, 0, 0
        vault = open_vault(session, KeyringStore(), engine).vault
    if vault is None:
        return 0, 0, left
    sealed = sum(seal_plaintext(sessions, vault, files) for files in ALL_FILES)
    return seal_birth_dates(sessions, vault), sealed, 0


def _bind_to_rows(engine: Engine) -> int:
    """Bind the personal data of an older database to its rows, when the key is
    here (issue 20 #19); returns how many values were resealed."""
    from app.context import Actor, ServiceContext
    from app.security.keys import KeyringStore
    from app.security.rotation import bind_to_rows
    from db.engine import make_sessionmaker

    ctx = ServiceContext(make_sessionmaker(engine), Actor.system("init"))
    return bind_to_rows(ctx, engine, KeyringStore())


def _vault_if_here(engine: Engine) -> Any:
    """The vault when this workstation holds the key; a key given but wrong is an
    error (never a silent skip)."""
    from app.platform import open_vault
    from app.security.keys import KeyringStore
    from db.engine import make_sessionmaker

    with make_sessionmaker(engine)() as session:
        status = open_vault(session, KeyringStore(), engine)
    if status.vault is None and (status.source is not None or status.needs_passphrase):
        if status.needs_passphrase and "wrong" not in (status.reason or ""):
            return None  # a wrapped key and no passphrase: check what needs no key
        raise UsageError(status.reason or "personal data is locked")
    return status.vault


def _vault_for(engine: Engine) -> Any:
    from app.platform import open_vault
    from app.security.keys import KeyringStore
    from db.engine import make_sessionmaker

    with make_sessionmaker(engine)() as session:
        status = open_vault(session, KeyringStore(), engine)
    if status.vault is None:
        raise UsageError(status.reason or "personal data is locked")
    return status.vault


def _require_key_home() -> None:
    """A new database's master key needs a home: the keyring, a passphrase or the
    environment; refused before anything is created."""
    import os

    from app.security.keys import KeyringStore

    if KeyringStore().available() or any(
        os.environ.get(v) for v in ("P2PDESK_MASTER_PASSPHRASE", "P2PDESK_MASTER_KEY")
    ):
        return
    raise UsageError(
        "no keyring on this machine: set P2PDESK_MASTER_PASSPHRASE (the master key is "
        "kept wrapped by it) or P2PDESK_MASTER_KEY"
    )


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill a database with demo data, all or nothing: the data goes in as one
    transaction, and a database the demo itself created is removed again when the
    demo fails or is interrupted (Ctrl-C, SIGTERM)."""
    from app.bootstrap import initialise, refuse_foreign
    from app.demo import DEMO_PASSWORD, fill_demo_atomically
    from app.security.keys import KeyringStore
    from db import schema

    if args.customers < 0:
        raise UsageError("--customers must be 0 or more")
    sqlite_file = _sqlite_file_of(args)
    new_file = sqlite_file is not None and not sqlite_file.exists()
    engine = _engine(args)
    refuse_foreign(engine)
    new_database = schema.current_revision(engine) is None
    if not new_database:
        _open_checked(args)
    elif not new_file:
        _require_key_home()
    previous = _terminate_as_exit()
    try:
        if new_database:
            if new_file:
                _require_key_home()
            initialise(
                engine, admin_username="admin", admin_password=DEMO_PASSWORD, store=KeyringStore()
            )
        summary = fill_demo_atomically(engine, _vault_for(engine), args.customers, args.seed)
    except BaseException:
        if new_database:
            _discard(engine, sqlite_file if new_file else None)
        raise
    finally:
        _restore_terminate(previous)
    data = {"users": summary.users, "customers": summary.customers, **(summary.extra or {})}
    text = ", ".join(f"{k}: {v}" for k, v in data.items())
    _emit(args, data, f"Demo data added ({text}). Demo password: {DEMO_PASSWORD}")
    return 0


def _sqlite_file_of(args: argparse.Namespace) -> Path | None:
    from db.engine import BadDatabaseUrl, check_url

    try:
        url = check_url(_db_url(args))
    except BadDatabaseUrl as exc:
        raise UsageError(f"--db: {exc}") from exc
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _discard(engine: Engine, created_file: Path | None) -> None:
    """Remove what a failed demo created: the file it made, or its tables."""
    from app.bootstrap import discard_new_database
    from app.security.keys import KeyringStore
    from db.private_files import sqlite_files

    try:
        if created_file is None:
            discard_new_database(engine, KeyringStore())
            return
        engine.dispose()
        for path in sqlite_files(created_file):
            path.unlink(missing_ok=True)
        for sidecar in created_file.parent.glob(f"{created_file.name}.*"):
            if sidecar.name.endswith(
                (".masterkey.wrapped", ".auditcheckpoint", ".tmp", ".inuse", ".lock")
            ):
                sidecar.unlink(missing_ok=True)  # the wrapped key it stored, lock files
    except Exception:
        log.exception("could not remove the database the failed demo created")


def _terminate_as_exit() -> Any:
    """Make SIGTERM unwind like Ctrl-C, so the demo's clean-up runs."""
    import signal

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        return None


def _restore_terminate(previous: Any) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def cmd_quote(args: argparse.Namespace) -> int:
    from app.loans.quote import quote_command, render_quote_text

    quote = quote_command(
        args.amount, args.annual_rate, args.term, args.method, args.start, date.today()
    )
    _emit(args, quote, render_quote_text(quote))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.verify import run_checks
    from db.engine import read_sessionmaker

    engine = _open_checked(args)
    vault = _vault_if_here(engine)
    if args.anchor:
        from app.security.audit_verify import anchor_here

        with read_sessionmaker(engine)() as session:
            anchor_here(session)
    with read_sessionmaker(engine)() as session:
        results = run_checks(session, vault)
    ok = all(r.ok for r in results)
    data = {"ok": ok, "checks": [{"name": r.name, "ok": r.ok, "detail": r.detail} for r in results]}
    text = "\n".join(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}" for r in results)
    _emit(args, data, text)
    return 0 if ok else 1


def cmd_eod(args: argparse.Namespace) -> int:
    from app.context import ServiceContext
    from app.eod import refuse_far_future, run_eod
    from db.engine import make_sessionmaker

    try:
        target = date.fromisoformat(args.date)
    except ValueError as exc:
        raise UsageError(f"--date: '{args.date}' is not a date (YYYY-MM-DD)") from exc
    engine = _open_checked(args)
    ctx = ServiceContext(make_sessionmaker(engine), _acting_user(args, engine))

    def progress(day: date, step: str, index: int, total: int) -> None:
        if not args.json:
            print(f"[{index + 1}/{total}] {day} {step}", file=sys.stderr)

    if not args.allow_future:
        refuse_far_future(ctx, target)
    result = run_eod(ctx, target, progress=progress)
    days = [
        {
            "date": d.business_date.isoformat(),
            "rows": d.rows_by_step,
            "skipped": list(d.skipped_steps),
        }
        for d in result.days
    ]
    _emit(
        args,
        {
            "from": result.start_date.isoformat(),
            "to": result.end_date.isoformat(),
            "rows_changed": result.rows_changed,
            "days": days,
        },
        f"Business date {result.end_date}; {len(days)} day(s) run, "
        f"{result.rows_changed} rows changed.",
    )
    return 0


def cmd_payments_import(args: argparse.Namespace) -> int:
    from app.context import ServiceContext
    from app.loans.payment_file import import_payment_file
    from db.engine import make_sessionmaker

    engine = _open_checked(args)
    ctx = ServiceContext(make_sessionmaker(engine), _acting_user(args, engine))
    summary = import_payment_file(ctx, Path(args.file))
    data = summary.as_dict()
    _emit(args, data, summary.as_text())
    return 0 if not summary.rejected else 1


def cmd_rotate_key(args: argparse.Namespace) -> int:
    """A new master key; every protected column and evidence file re-encrypted under
    it in one transaction; kept where the old one was (issue 20 #1)."""
    from app.context import ServiceContext
    from app.security.keys import KeyringStore
    from app.security.rotation import rotate_master_key
    from db.engine import make_sessionmaker

    engine = _open_checked(args)
    ctx = ServiceContext(make_sessionmaker(engine), _acting_user(args, engine))
    result = rotate_master_key(ctx, engine, KeyringStore())
    where = {
        "keyring": "this workstation's keyring",
        "passphrase_file": "the file wrapped by the same passphrase",
    }.get(str(result.stored), str(result.stored))
    _emit(
        args,
        {"fields": result.fields, "files": result.files, "stored": str(result.stored)},
        f"New master key in {where}; {result.fields} values and {result.files} evidence "
        "files re-encrypted. The old key opens nothing now: give the new one to the other "
        "workstations (Admin > Master key).",
    )
    return 0


def _sqlite_path(args: argparse.Namespace) -> Path:
    from db.engine import BadDatabaseUrl, backend_name, check_url

    try:
        url = check_url(_db_url(args))
    except BadDatabaseUrl as exc:
        raise UsageError(f"--db: {exc}") from exc
    if backend_name(url) != "sqlite" or not url.database:
        raise UsageError(
            "--db: backup and restore work on SQLite files; use the server's own tools"
        )
    return Path(url.database)


def cmd_backup(args: argparse.Namespace) -> int:
    from db.sqlite_files import backup

    size = backup(_sqlite_path(args), Path(args.file))
    _emit(args, {"file": args.file, "bytes": size}, f"Backed up to {args.file} ({size} bytes).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    import socket

    from sqlalchemy.engine import make_url

    from app.errors import StateError
    from app.locks import LockBusy, acquire_file
    from db.sqlite_files import check_backup_file, restore

    target = _sqlite_path(args)
    check_backup_file(Path(args.file))
    target.parent.mkdir(parents=True, exist_ok=True)
    holder = f"{socket.gethostname()} (restore)"
    held = []
    try:  # the same locks end of day and imports hold, taken exclusively
        for name in ("eod", "writers"):
            held.append(acquire_file(target, name, holder))
        restore(Path(args.file), target)
        # the backup's audit checkpoint is the newest one again on this workstation
        from app.security.audit_checkpoint import forget_anchor
        from app.security.keys import KeyringStore

        forget_anchor(make_url(f"sqlite:///{target}"), KeyringStore())
    except LockBusy as exc:
        who = f" ({exc.holder})" if exc.holder else ""
        raise StateError(
            f"{target} is being written by end of day or a payment import{who}; "
            "restore when it has finished"
        ) from exc
    finally:
        for lock in reversed(held):
            lock.release()
    _emit(
        args, {"restored": str(target), "from": args.file}, f"Restored {target} from {args.file}."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    top = _Parser(add_help=False)
    top.add_argument("--db", metavar="URL", help="database URL or SQLite file path")
    top.add_argument("--json", action="store_true", help="machine-readable output")
    # The sub-commands' copies default to SUPPRESS so an option given before the
    # sub-command (``p2pdesk --db X eod``) is not overwritten by their defaults.
    common = _Parser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS, help="database URL or SQLite file path"
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    parser = _Parser(prog="p2pdesk", description="Back office for P2P lending.", parents=[top])
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", parents=[common], help="start the desktop client (default)")
    gui.add_argument(
        "--first-run-demo", action="store_true", help="create a demo database on first start"
    )

    init = sub.add_parser("init", parents=[common], help="create or upgrade the schema")
    init.add_argument("--admin", default="admin", help="first admin's user name")
    init.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the first admin's password from standard input",
    )
    init.add_argument(
        "--second-admin",
        metavar="NAME",
        help="add the second administrator, who approves user changes (once per database)",
    )
    init.add_argument("--currency", default="CNY")
    init.set_defaults(handler=cmd_init)

    demo = sub.add_parser("demo", parents=[common], help="fill a database with demo data")
    demo.add_argument("--customers", type=int, default=200)
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(handler=cmd_demo)

    quote = sub.add_parser("quote", parents=[common], help="print a repayment schedule")
    quote.add_argument("--amount", required=True)
    quote.add_argument("--annual-rate", required=True)
    quote.add_argument("--term", required=True)
    quote.add_argument("--method", default="annuity")
    quote.add_argument("--start")
    quote.set_defaults(handler=cmd_quote)

    eod = sub.add_parser("eod", parents=[common], help="run end of day up to --date")
    eod.add_argument("--date", required=True)
    eod.add_argument(
        "--allow-future",
        action="store_true",
        help="run to a --date more days past today than the eod.max_days_ahead setting",
    )
    _add_user_options(eod)
    eod.set_defaults(handler=cmd_eod)

    payments = sub.add_parser("payments", parents=[common], help="payment files")
    payments_sub = payments.add_subparsers(dest="payments_command", required=True)
    imp = payments_sub.add_parser("import", parents=[common], help="post a bank payment file")
    imp.add_argument("file")
    _add_user_options(imp)
    imp.set_defaults(handler=cmd_payments_import)

    verify = sub.add_parser("verify", parents=[common], help="check ledger, schedules, audit")
    verify.add_argument(
        "--anchor",
        action="store_true",
        help="first write this workstation's audit checkpoint, if the trail verifies "
        "(a workstation that has never written to this database)",
    )
    verify.set_defaults(handler=cmd_verify)

    rotate = sub.add_parser(
        "rotate-key",
        parents=[common],
        help="new master key; re-encrypt all personal data and evidence under it",
    )
    _add_user_options(rotate)
    rotate.set_defaults(handler=cmd_rotate_key)

    bak = sub.add_parser("backup", parents=[common], help="consistent copy of a SQLite database")
    bak.add_argument("file")
    bak.set_defaults(handler=cmd_backup)
    res = sub.add_parser("restore", parents=[common], help="restore a SQLite backup")
    res.add_argument("file")
    res.set_defaults(handler=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None, gui_launcher: GuiLauncher | None = None) -> int:
    """Run the command; returns the exit code. ``gui_launcher`` starts the client
    (injected by ``ui.main`` so this package never imports Qt)."""
    from app.paths import setup_logging

    log_path = setup_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command in (None, "gui"):
            if gui_launcher is None:
                raise UsageError("the desktop client is not available; install p2pdesk with Qt")
            if args.command is None:
                args.first_run_demo = False
            return gui_launcher(args)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except UsageError as exc:
        print(f"p2pdesk: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        return _report(exc, log_path)


def _report(exc: Exception, log_path: Path) -> int:
    from app.errors import P2PDeskError, ValidationError

    if isinstance(exc, ValidationError):
        print(f"p2pdesk: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, P2PDeskError):
        print(f"p2pdesk: {exc}", file=sys.stderr)
        return 1
    from sqlalchemy.exc import OperationalError, SQLAlchemyError

    from db.sqlite_files import SqliteFileError

    if isinstance(exc, SqliteFileError):
        print(f"p2pdesk: {exc}", file=sys.stderr)
        return 1
    log.exception("command failed")
    damaged = _damaged_file(exc)
    if damaged is not None:
        print(f"p2pdesk: {damaged}", file=sys.stderr)
        return 1
    if isinstance(exc, OperationalError):
        reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "unknown"
        print(
            f"p2pdesk: cannot use the database ({reason}); details in {log_path}", file=sys.stderr
        )
    elif isinstance(exc, SQLAlchemyError):
        print(f"p2pdesk: database error; details in {log_path}", file=sys.stderr)
    else:
        print(
            f"p2pdesk: unexpected error ({type(exc).__name__}); details in {log_path}",
            file=sys.stderr,
        )
    return 1


def _damaged_file(exc: Exception) -> str | None:
    """One sentence for a SQLite file found damaged while it was read."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError) or "sqlite" not in type(exc.orig).__module__:
        return None
    text = str(exc.orig).lower()
    if "malformed" in text or "not a database" in text:
        return "the database file is damaged (truncated or corrupt); restore it from a backup"
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
