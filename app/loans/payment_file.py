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
chunks behind and can simply be run again.
A malformed row is reported with its line number and reason; a row whose contract
is unknown is parked in suspense (cash to the ledger's suspense account) for a
supervisor to match.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import P2PDeskError, ValidationError
from app.money import format_amount, parse_amount
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.bulk import among
from db.models.loans import Loan, Payment

COLUMNS = ("reference", "contract_number", "amount", "value_date", "payer_name")
CHUNK = 1_000  # rows per transaction
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
        }

    def as_text(self) -> str:
        lines = [
            f"{self.file}: {self.posted} posted ({format_amount(self.total_amount, True)}), "
            f"{self.duplicate} duplicate, {self.suspense} to suspense "
            f"({format_amount(self.suspense_amount, True)}), {len(self.rejected)} rejected"
            + (" - cancelled before the end; run it again to finish" if self.cancelled else "")
        ]
        lines += [f"  line {r.line}: {r.reason}" for r in self.rejected]
        return "\n".join(lines)


def parse_file(path: Path) -> tuple[list[FileRow], list[RejectedRow]]:
    """Read and validate every row; nothing is posted here."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(str(path), f"cannot be read: {exc}") from exc
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise ValidationError(str(path), "is empty; the first line must name the columns")
    names = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ValidationError(f"{path.name} line 1", f"missing column(s) {', '.join(missing)}")
    where = {c: names.index(c) for c in COLUMNS}
    rows: list[FileRow] = []
    rejected: list[RejectedRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        try:
            row = _row(line, cells, where)
        except ValidationError as exc:
            rejected.append(RejectedRow(line, str(exc)))
            continue
        if row.reference in seen:
            rejected.append(
                RejectedRow(line, f"reference {row.reference} repeats line {seen[row.reference]}")
            )
            continue
        seen[row.reference] = line
        rows.append(row)
    return rows, rejected


def _row(line: int, cells: list[str], where: dict[str, int]) -> FileRow:
    if len(cells) < len(where) or len(cells) <= max(where.values()):
        raise ValidationError("row", f"has {len(cells)} columns, expected {len(COLUMNS)}")
    get = {c: cells[i].strip() for c, i in where.items()}
    ref = get["reference"]
    if not ref or len(ref) > 64:
        raise ValidationError("reference", "must be 1 to 64 characters")
    if not get["contract_number"]:
        raise ValidationError("contract_number", "is empty")
    amount = parse_amount(get["amount"], "amount")
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
    """Post every good row of ``path`` once (PAYMENT_IMPORT); see the module docstring.

    Safe to call from a worker thread (its own sessions); ``cancelled`` is polled
    between rows, and the rows before it still commit, so a cancel never leaves half
    a row. ``fast=False`` posts every row through the per-row path (for the tests
    and benches that compare the two).
    """
    ctx.require(Permission.PAYMENT_IMPORT)
    ctx.require(Permission.PAYMENT_POST)
    summary = ImportSummary(path.name)
    rows, summary.rejected = parse_file(path)
    loans: dict[str, int] = {}
    with ctx.transaction() as session:
        dialect = session.get_bind().dialect.name
        numbers = sorted({r.contract_number for r in rows})
        for start in range(0, len(numbers), CHUNK):  # a bounded list per statement
            part = numbers[start : start + CHUNK]
            loans.update(session.execute(
                select(Loan.number, Loan.id).where(among(dialect, Loan.number, part))
            ).all())  # fmt: skip
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        done += _post_chunk(ctx, path.name, chunk, loans, summary, cancelled, fast)
        if progress is not None:
            progress(done, len(rows))
        if summary.cancelled:
            break
    summary.rejected.sort(key=lambda r: r.line)
    with ctx.transaction() as session:
        audit.record(
            session, ctx.actor, "payments.file_imported", "payment_file", path.name,
            now=ctx.now(), after=summary.as_dict(),
        )  # fmt: skip
    return summary


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
    from app.loans.payments import PaymentService

    payments = PaymentService(ctx)
    part = ImportSummary(summary.file)
    handled = 0
    parked: list[FileRow] = []
    with ctx.transaction() as session:
        dialect = session.get_bind().dialect.name
        refs = [r.reference for r in chunk if r.contract_number in loans]
        posted = set(session.scalars(select(Payment.external_ref).where(
            among(dialect, Payment.external_ref, refs)))) if refs else set()  # fmt: skip
        todo: list[FileRow] = []
        for row in chunk:
            if cancelled is not None and cancelled():
                part.cancelled = True
                break
            handled += 1
            if row.contract_number not in loans:
                parked.append(row)
            elif row.reference in posted:
                part.duplicate += 1
            else:
                todo.append(row)
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
                part.duplicate += 1
                continue
            except P2PDeskError as exc:  # a business refusal names the row; the rest go on
                part.rejected.append(RejectedRow(row.line, str(exc)))
                continue
            if result.duplicate:
                part.duplicate += 1
            else:
                part.posted += 1
                part.total_amount += row.amount
    for row in parked:  # unknown contracts: suspense, each in its own transaction
        from app.collections.suspense import park

        try:
            if park(ctx, row, source):
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
