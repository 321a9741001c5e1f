"""Bank payment files: ``p2pdesk payments import FILE.csv`` and the GUI import.

Columns (a header row is required, names as below, any order):
``reference, contract_number, amount, value_date, payer_name``.

Each row is its own transaction through the loan engine's posting, which is
idempotent by reference: a second import of the same file posts nothing, and an
import killed half way leaves only whole rows behind and can simply be run again.
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

from app.context import ServiceContext
from app.errors import P2PDeskError, ValidationError
from app.money import format_amount, parse_amount
from app.security import audit
from app.security.permissions import Permission
from db.models.loans import Loan

COLUMNS = ("reference", "contract_number", "amount", "value_date", "payer_name")
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
) -> ImportSummary:
    """Post every good row of ``path`` once (PAYMENT_IMPORT); see the module docstring.

    Safe to call from a worker thread (one session per row); ``cancelled`` is polled
    between rows, so a cancel never leaves half a row.
    """
    from app.loans.payments import PaymentService

    ctx.require(Permission.PAYMENT_IMPORT)
    summary = ImportSummary(path.name)
    rows, summary.rejected = parse_file(path)
    payments = PaymentService(ctx)
    with ctx.transaction() as session:
        numbers = {r.contract_number for r in rows}
        loans = dict(
            session.execute(
                select(Loan.number, Loan.id).where(Loan.number.in_(numbers))
            ).all()
        ) if numbers else {}  # fmt: skip
    for done, row in enumerate(rows, start=1):
        if cancelled is not None and cancelled():
            summary.cancelled = True
            break
        loan_id = loans.get(row.contract_number)
        try:
            if loan_id is None:
                from app.collections.suspense import park

                if park(ctx, row, path.name):
                    summary.suspense += 1
                    summary.suspense_amount += row.amount
                else:
                    summary.duplicate += 1
            else:
                result = payments.post(
                    loan_id, row.amount, row.reference, value_date=row.value_date,
                    channel="bank_file",
                )  # fmt: skip
                if result.duplicate:
                    summary.duplicate += 1
                else:
                    summary.posted += 1
                    summary.total_amount += row.amount
        except P2PDeskError as exc:  # a business refusal names the row; the rest go on
            summary.rejected.append(RejectedRow(row.line, str(exc)))
        if progress is not None:
            progress(done, len(rows))
    summary.rejected.sort(key=lambda r: r.line)
    with ctx.transaction() as session:
        audit.record(
            session, ctx.actor, "payments.file_imported", "payment_file", path.name,
            now=ctx.now(), after=summary.as_dict(),
        )  # fmt: skip
    return summary
