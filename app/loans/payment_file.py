"""Bank payment files: ``p2pdesk payments import FILE.csv`` and the GUI import.

Columns (a header row is required, names as below, any order):
``reference, contract_number, amount, value_date, payer_name``.

Rows post in chunks of ``CHUNK`` per transaction. The ordinary payment (due today,
nothing backdated, no excess; see :mod:`app.loans.fast_post`) posts batched, with
one executemany per table and one audit event per chunk listing each payment; every
other row goes through the loan engine's posting (a replay of the loan), each under
its own SAVEPOINT so a refused row rolls back alone.
Posting is idempotent by reference (one lookup per chunk): a second import of the
same file posts nothing, and an import killed half way leaves only whole, committed
chunks behind and can simply be run again. A reference is bound to its payload and
shared with suspense (:mod:`app.loans.payment_guard`): the same reference with another
loan, amount or date is refused, naming the row. Each amount is capped by the
``payments.max_amount`` setting and by what the loan owes plus
``payments.overpay_tolerance`` (the excess within it becomes a prepayment or credit).
The file may be UTF-8 (with or without a BOM), GBK or GB18030, told from its first
bytes (:mod:`app.csvfile`) and reported in the summary; a start that is none of them
refuses the file naming the line. A quoted field may hold a line break: it stays one
field (a payer name keeps it as written; a reference or contract number with one is
refused). A malformed row (a NUL byte, a line not in the file's encoding, a bad
amount; grouped amounts like "5,606.49" are fine) is reported with its line number and
reason; a row whose contract is unknown is parked in suspense (cash to the ledger's
suspense account) for a supervisor to match.
The file is streamed a line at a time and posted a chunk at a time (memory does not
grow with the file), refused whole above ``payments.file_max_bytes``; progress moves
every ``PROGRESS_EVERY`` rows.
"""

from __future__ import annotations

import csv
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import locks
from app.context import ServiceContext
from app.csvfile import SUPPORTED, label, open_lines
from app.errors import P2PDeskError, ValidationError
from app.loans.locking import lock_loans
from app.loans.payment_guard import booked, ceiling, check_amount, is_duplicate, owed
from app.money import format_amount, parse_amount
from app.platform import load_state
from app.retry import retrying
from app.security import audit
from app.security.permissions import Permission
from app.settings import get_setting
from db.bulk import among
from db.models.loans import Loan

COLUMNS = ("reference", "contract_number", "amount", "value_date", "payer_name")
CHUNK = 1_000  # rows per transaction
PROGRESS_EVERY = 100  # rows between two progress reports
DUPLICATE_WINDOW = 100_000  # recent references a repeat inside the file is checked against
ALIASES = {"contract": "contract_number", "contract_no": "contract_number", "payer": "payer_name"}

Progress = Callable[[int, int], None]  # rows done, rows total
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass(frozen=True)
class FileRow:
    line: int
    reference: str
    contract_number: str
    amount: int
    value_date: date
    payer_name: str


@dataclass
class ImportSummary:
    file: str
    posted: int = 0
    duplicate: int = 0
    suspense: int = 0
    total_amount: int = 0  # posted now, minor units
    suspense_amount: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    cancelled: bool = False
    encoding: str = "utf-8"  # the codec the file was read in (app.csvfile)

    @property
    def rows(self) -> int:
        return self.posted + self.duplicate + self.suspense + len(self.rejected)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "posted": self.posted,
            "duplicate": self.duplicate,
            "suspense": self.suspense,
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            "total_amount": format_amount(self.total_amount),
            "suspense_amount": format_amount(self.suspense_amount),
            "cancelled": self.cancelled,
            "encoding": label(self.encoding),
        }

    def as_text(self) -> str:
        lines = [
            f"{self.file}: {self.posted} posted ({format_amount(self.total_amount, True)}), "
            f"{self.duplicate} duplicate, {self.suspense} to suspense "
            f"({format_amount(self.suspense_amount, True)}), {len(self.rejected)} rejected"
            f"; read as {label(self.encoding)}"
            + (" - cancelled before the end; run it again to finish" if self.cancelled else "")
        ]
        lines += [f"  line {r.line}: {r.reason}" for r in self.rejected]
        return "\n".join(lines)


def parse_file(path: Path) -> tuple[list[FileRow], list[RejectedRow]]:
    """Read and validate every row; nothing is posted here (the tests' whole-file view
    of :func:`read_rows`)."""
    rows: list[FileRow] = []
    rejected: list[RejectedRow] = []
    for item in read_rows(path):
        (rows if isinstance(item, FileRow) else rejected).append(item)  # type: ignore[arg-type]
    return rows, rejected


def read_rows(
    path: Path, maximum: int | None = None, encoding: list[str] | None = None
) -> Iterator[FileRow | RejectedRow]:
    """Stream the rows of ``path``, validated, in file order: a good row as a FileRow,
    a bad one as a RejectedRow with its line number and reason. Memory stays bounded:
    the file is read a line at a time, and a reference repeated inside the file is
    recognised against the last ``DUPLICATE_WINDOW`` rows (a repeat further away is
    the database's business: the same payment again is a duplicate, another payment
    under the same reference a refusal naming the row). ``maximum`` caps one amount
    (minor units). ``encoding``, when given, holds the codec the file is read in as
    its one element, kept current row by row (a GBK file may turn out to be GB18030
    further down)."""
    bad: set[int] = set()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ValidationError(str(path), f"cannot be read: {exc}") from exc
    with handle:
        decoder, lines = open_lines(handle, path.name, bad)
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise ValidationError(f"{path.name} line 1", f"is not CSV: {exc}") from exc
        if header is None:
            raise ValidationError(str(path), "is empty; the first line must name the columns")
        names = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise ValidationError(f"{path.name} line 1", f"missing column(s) {', '.join(missing)}")
        where = {c: names.index(c) for c in COLUMNS}
        if encoding is not None:
            encoding[:] = [decoder.codec or "utf-8"]
        seen: dict[str, int] = {}
        line = reader.line_num
        while True:
            first = reader.line_num + 1  # the line the next record starts on
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RejectedRow(first, f"is not a CSV row: {exc}")
                continue
            line = first
            if not any(c.strip() for c in cells):
                continue
            if encoding is not None:
                encoding[:] = [decoder.codec or "utf-8"]  # one slot: memory stays flat
            if any(n in bad for n in range(first, reader.line_num + 1)):
                yield RejectedRow(line, _not_text(decoder.codec))
                continue
            if any("\x00" in c for c in cells):
                yield RejectedRow(line, "contains a NUL byte; a bank file holds text only")
                continue
            try:
                row = _row(line, cells, where, maximum)
            except ValidationError as exc:
                yield RejectedRow(line, str(exc))
                continue
            if row.reference in seen:
                repeated = f"reference {row.reference} repeats line {seen[row.reference]}"
                yield RejectedRow(line, repeated)
                continue
            seen[row.reference] = line
            if len(seen) > DUPLICATE_WINDOW:
                del seen[next(iter(seen))]  # the oldest: insertion order
            yield row


def _not_text(codec: str | None) -> str:
    if codec is None:  # plain ASCII before it
        return f"is not text in {SUPPORTED}"
    return f"is not {label(codec)} text (the encoding of the lines before it)"


def _row(line: int, cells: list[str], where: dict[str, int], maximum: int | None) -> FileRow:
    if len(cells) < len(where) or len(cells) <= max(where.values()):
        raise ValidationError("row", f"has {len(cells)} columns, expected {len(COLUMNS)}")
    get = {c: cells[i].strip() for c, i in where.items()}
    ref = get["reference"]
    if not ref or len(ref) > 64:
        raise ValidationError("reference", "must be 1 to 64 characters")
    if not get["contract_number"]:
        raise ValidationError("contract_number", "is empty")
    for name in ("reference", "contract_number"):
        if "\n" in get[name] or "\r" in get[name]:
            raise ValidationError(name, "contains a line break inside its quotes")
    amount = parse_amount(get["amount"], "amount", grouping=True, maximum=maximum)
    if amount <= 0:
        raise ValidationError("amount", f"{get['amount']} is not more than zero")
    try:
        value_date = date.fromisoformat(get["value_date"])
    except ValueError:
        raise ValidationError(
            "value_date", f"{get['value_date']!r} is not a date like 2026-03-01"
        ) from None
    return FileRow(line, ref, get["contract_number"], amount, value_date, get["payer_name"][:200])


def import_payment_file(
    ctx: ServiceContext,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    fast: bool = True,
) -> ImportSummary:
    """:func:`_import_payment_file` holding the shared ``writers`` lock, so a restore
    of the database (which takes it exclusively) is refused while the import writes."""
    holder = f"{socket.gethostname()} ({ctx.actor.username}) importing {path.name}"
    with locks.holding(locks.engine_of(ctx.sessions), "writers", holder, shared=True):
        return _import_payment_file(ctx, path, progress=progress, cancelled=cancelled, fast=fast)


def _import_payment_file(
    ctx: ServiceContext,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    fast: bool = True,
) -> ImportSummary:
    """Post every good row of ``path`` once (PAYMENT_IMPORT); see the module docstring.

    Safe to call from a worker thread (its own sessions); ``cancelled`` is polled
    between rows, and the rows before it still commit, so a cancel never leaves half
    a row. ``fast=False`` posts every row through the per-row path (for the tests
    and benches that compare the two).
    """
    ctx.require(Permission.PAYMENT_IMPORT)
    ctx.require(Permission.PAYMENT_POST)
    summary = ImportSummary(path.name)
    with ctx.transaction() as session:
        cap = int(get_setting(session, "payments.file_max_bytes"))
        maximum = int(get_setting(session, "payments.max_amount"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(str(path), f"cannot be read: {exc}") from exc
    if size > cap:
        raise ValidationError(
            path.name, f"is {size:,} bytes, more than the {cap:,} a payment file may have "
            "(setting payments.file_max_bytes); split it into smaller files",
        )  # fmt: skip
    total = _count_rows(path)
    done = 0
    chunk: list[FileRow] = []
    read_in: list[str] = []
    for read, item in enumerate(read_rows(path, maximum, read_in), start=1):
        if isinstance(item, RejectedRow):
            summary.rejected.append(item)
        else:
            chunk.append(item)
        if progress is not None and read % PROGRESS_EVERY == 0:
            progress(min(read, total), total)  # rows taken; a chunk posts at its end
        if len(chunk) >= CHUNK:
            done += _post_chunk(ctx, path.name, chunk, _loans(ctx, chunk), summary, cancelled, fast)
            chunk = []
            if summary.cancelled:
                break
    if chunk and not summary.cancelled:
        done += _post_chunk(ctx, path.name, chunk, _loans(ctx, chunk), summary, cancelled, fast)
    if progress is not None and not summary.cancelled:
        progress(max(read, total), max(read, total))
    summary.rejected.sort(key=lambda r: r.line)
    if read_in:
        summary.encoding = read_in[0]
    with ctx.transaction() as session:
        audit.record(
            session, ctx.actor, "payments.file_imported", "payment_file", path.name,
            now=ctx.now(), after=summary.as_dict(),
        )  # fmt: skip
    return summary


def _count_rows(path: Path) -> int:
    """The file's lines after the header, counted a block at a time (the progress
    total; a quoted line break makes it an estimate)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return max(0, lines + (last != b"\n") - 1)


def _loans(ctx: ServiceContext, chunk: list[FileRow]) -> dict[str, int]:
    """Loan ids by contract number for the chunk's rows (one query)."""
    with ctx.transaction() as session:
        dialect = session.get_bind().dialect.name
        numbers = sorted({r.contract_number for r in chunk})
        return dict(session.execute(  # type: ignore[arg-type]
            select(Loan.number, Loan.id).where(among(dialect, Loan.number, numbers))
        ).all())  # fmt: skip


def _post_chunk(
    ctx: ServiceContext,
    source: str,
    chunk: list[FileRow],
    loans: dict[str, int],
    summary: ImportSummary,
    cancelled: Cancelled | None,
    fast: bool,
) -> int:
    """Post ``chunk`` in one transaction: the batched path first, then each other
    row under its own SAVEPOINT.

    A refused row rolls back alone; the chunk commits whole, so an import killed
    part-way leaves only complete payments. References already posted are found
    with one query per chunk. Returns the rows handled; ``summary`` is updated only
    after the commit.
    """
    part, handled, parked = retrying(
        lambda: _post_rows(ctx, source, chunk, loans, summary.file, cancelled, fast),
        f"payment file {source} rows {chunk[0].line}..{chunk[-1].line}",
    )
    for row in parked:  # unknown contracts: suspense, each in its own transaction
        from app.collections.suspense import park

        try:
            if retrying(partial(park, ctx, row, source), f"suspense {row.reference}"):
                part.suspense += 1
                part.suspense_amount += row.amount
            else:
                part.duplicate += 1
        except P2PDeskError as exc:
            part.rejected.append(RejectedRow(row.line, str(exc)))
    summary.posted += part.posted
    summary.duplicate += part.duplicate
    summary.suspense += part.suspense
    summary.total_amount += part.total_amount
    summary.suspense_amount += part.suspense_amount
    summary.rejected.extend(part.rejected)
    summary.cancelled = part.cancelled
    return handled


def _post_rows(
    ctx: ServiceContext,
    source: str,
    chunk: list[FileRow],
    loans: dict[str, int],
    file: str,
    cancelled: Cancelled | None,
    fast: bool,
) -> tuple[ImportSummary, int, list[FileRow]]:
    """The chunk's transaction (see :func:`_post_chunk`): what it posted, the rows it
    handled and the rows left for suspense. Redone whole after a lost lock race."""
    from app.loans.payments import PaymentService

    payments = PaymentService(ctx)
    part = ImportSummary(file)
    handled = 0
    parked: list[FileRow] = []
    with ctx.transaction() as session:
        # One set-based read each for the references already booked and for what the
        # loans owe: the ceiling at the chunk's start bounds every row (a payment only
        # lowers what is owed; the per-row path checks its rows again under the lock).
        booked_refs = booked(session, [r.reference for r in chunk])
        owing = owed(session, sorted({loans[r.contract_number] for r in chunk
                                      if r.contract_number in loans}))  # fmt: skip
        limits = ceiling(session)
        # Every loan of the chunk, locked at once in id order before any of their rows
        # is written: end of day's chunks take them in the same order (issue 20 #12).
        lock_loans(session, ids=sorted(set(loans.values())))
        todo: list[FileRow] = []
        for row in chunk:
            if cancelled is not None and cancelled():
                part.cancelled = True
                break
            handled += 1
            loan_id = loans.get(row.contract_number)
            b = booked_refs.get(row.reference)
            try:
                if loan_id is None:
                    parked.append(row)  # park() checks its reference in its transaction
                elif b is not None and is_duplicate(
                    b, loan_id=loan_id, contract_number=row.contract_number,
                    amount=row.amount, value_date=row.value_date,
                ):  # fmt: skip
                    part.duplicate += 1
                else:
                    check_amount(row.amount, owing.get(loan_id), limits, "amount")
                    todo.append(row)
            except ValidationError as exc:
                part.rejected.append(RejectedRow(row.line, str(exc)))
        if fast and todo:
            todo = _post_fast(ctx, session, source, todo, loans, part)
        for row in todo:
            try:
                with session.begin_nested():
                    result = payments._post(
                        session, loans[row.contract_number], row.amount, row.reference,
                        row.value_date, "bank_file",
                    )  # fmt: skip
            except IntegrityError:  # a concurrent post of the reference committed first
                try:
                    b = booked(session, [row.reference]).get(row.reference)
                    if b is not None and is_duplicate(
                        b, loan_id=loans[row.contract_number], contract_number=None,
                        amount=row.amount, value_date=row.value_date,
                    ):  # fmt: skip
                        part.duplicate += 1
                        continue
                except ValidationError as exc:
                    part.rejected.append(RejectedRow(row.line, str(exc)))
                    continue
                part.duplicate += 1  # committed but not visible to this snapshot yet
                continue
            except P2PDeskError as exc:  # a business refusal names the row; the rest go on
                part.rejected.append(RejectedRow(row.line, str(exc)))
                continue
            if result.duplicate:
                part.duplicate += 1
            else:
                part.posted += 1
                part.total_amount += row.amount
    return part, handled, parked


def _post_fast(
    ctx: ServiceContext,
    session: Session,
    source: str,
    rows: list[FileRow],
    loans: dict[str, int],
    part: ImportSummary,
) -> list[FileRow]:
    """Post the rows the batched path may take (:mod:`app.loans.fast_post`) under one
    SAVEPOINT; return the others, in file order, for the per-row path. When a
    reference turns out to be posted concurrently, the whole batch rolls back and
    every row takes the per-row path, which reports the duplicate."""
    from app.loans.fast_post import Candidate, post_batch

    today = load_state(session).business_date
    candidates = [
        Candidate(r.line, r.reference, loans[r.contract_number], r.amount, r.value_date)
        for r in rows
    ]
    try:
        with session.begin_nested():
            done, _rest = post_batch(ctx, session, today, candidates, source)
    except IntegrityError:
        return rows
    for p in done:
        part.posted += 1
        part.total_amount += p.amount
    fast = {p.key for p in done}
    return [r for r in rows if r.line not in fast]
