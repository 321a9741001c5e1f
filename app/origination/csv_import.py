"""Reading an application file from the web platform (CSV with a header row; the
service decodes the bytes, :mod:`app.csvfile`).

Every row is validated before anything is written; rejected rows carry their line
number and the reasons. Pure: the service matches customers and products and
inserts the accepted rows in one transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from app.customers.identity import (
    MOBILE_FORMAT,
    birth_date_problem,
    mobile_ok,
    resident_id_birth_date,
    resident_id_problem,
    uscc_problem,
)
from app.errors import ValidationError
from app.origination.intake import FIELD_LABELS, ApplicationFacts, ApplicationForm, check_form

CUSTOMER_COLUMNS = ("external_id", "customer_kind", "customer_name", "id_number", "phone")
COLUMNS: tuple[str, ...] = (*CUSTOMER_COLUMNS, *ApplicationForm.__dataclass_fields__)
EXTERNAL_ID_MAX = 64


@dataclass(frozen=True)
class CsvRow:
    line: int
    external_id: str
    customer_kind: str
    customer_name: str
    id_number: str
    phone: str
    facts: ApplicationFacts


@dataclass(frozen=True)
class RejectedRow:
    line: int
    external_id: str
    reason: str


@dataclass(frozen=True)
class ParsedFile:
    rows: tuple[CsvRow, ...]
    rejected: tuple[RejectedRow, ...]


def _birth_problems(kind: str, id_number: str, typed: str, today: date) -> list[str]:
    """An individual's birth date (the optional birth_date column, else the one in the
    resident ID) must be a real adult's; a typed one must agree with the ID."""
    if kind != "individual":
        return []
    from_id = resident_id_birth_date(id_number)
    born = from_id
    if typed:
        try:
            born = date.fromisoformat(typed)
        except ValueError:
            return [f"birth_date: {typed!r} is not a date (YYYY-MM-DD)"]
        if from_id is not None and born != from_id:
            return [f"birth_date: {typed} differs from the ID number's {from_id.isoformat()}"]
    if born is None:
        return []
    problem = birth_date_problem(born, today)
    return [f"birth_date: {problem}"] if problem else []


def _customer_problems(kind: str, name: str, id_number: str, phone: str) -> list[str]:
    problems: list[str] = []
    if kind not in ("individual", "business"):
        problems.append("customer_kind: must be individual or business")
    if not name:
        problems.append("customer_name: is required")
    if not id_number:
        problems.append("id_number: is required")
    else:
        check = uscc_problem if kind == "business" else resident_id_problem
        problem = check(id_number)
        if problem:
            problems.append(f"id_number: {problem}")
    if phone and not mobile_ok(phone):
        problems.append(f"phone: {MOBILE_FORMAT}")
    return problems


def parse_applications_csv(text: str, today: date | None = None) -> ParsedFile:
    """Validate every row of ``text``; a missing column rejects the whole file.
    ``today`` (the business date) judges birth dates; None skips that check."""
    # newline="": a quoted field's line break stays in its field, as csv expects.
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header and c != "monthly_debt"]
    if missing:
        raise ValidationError("file header (line 1)", "missing column(s) " + ", ".join(missing))
    rows: list[CsvRow] = []
    rejected: list[RejectedRow] = []
    seen: dict[str, int] = {}
    start_line = reader.line_num + 1
    for record in reader:
        line = start_line  # a quoted field may span lines: report where the row starts
        start_line = reader.line_num + 1
        values = {k: v.strip() for k, v in zip(header, record, strict=False)}
        if not any(values.values()):
            continue  # blank line
        external_id = values.get("external_id", "")
        problems: list[str] = []
        if not external_id:
            problems.append("external_id: is required")
        elif len(external_id) > EXTERNAL_ID_MAX:
            problems.append(f"external_id: is longer than {EXTERNAL_ID_MAX} characters")
        elif external_id in seen:
            problems.append(f"external_id: repeats line {seen[external_id]}")
        kind = values.get("customer_kind", "").lower() or "individual"
        problems += _customer_problems(
            kind,
            values.get("customer_name", ""),
            values.get("id_number", ""),
            values.get("phone", ""),
        )
        if today is not None:
            problems += _birth_problems(
                kind, values.get("id_number", ""), values.get("birth_date", ""), today
            )
        form = ApplicationForm(
            **{k: values.get(k, "") for k in ApplicationForm.__dataclass_fields__}
        )
        facts, errors = check_form(form)
        problems += [f"{FIELD_LABELS.get(k, k)}: {v}" for k, v in errors.items()]
        if problems:
            rejected.append(RejectedRow(line, external_id, "; ".join(problems)))
            continue
        seen[external_id] = line
        rows.append(
            CsvRow(
                line,
                external_id,
                kind,
                values["customer_name"],
                values["id_number"].upper(),
                values.get("phone", ""),
                facts,
            )
        )
    return ParsedFile(tuple(rows), tuple(rejected))
