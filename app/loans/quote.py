"""``p2pdesk quote``: parse the command's arguments, build the schedule, shape the output.

The CLI (``app/cli.py``) calls :func:`quote_command` with the raw argument strings and
prints either the dict as JSON (``--json``, DESIGN section 5) or
:func:`render_quote_text`. Bad arguments raise :class:`ValidationError` whose ``field``
is the option name ("--amount", "--annual-rate", "--term", "--method", "--start"),
which the CLI turns into one line on stderr and exit status 2.

No I/O here: the caller passes ``today`` (the default start) and does the printing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from app.errors import ValidationError
from app.loans.schedule import MAX_TERM, MIN_TERM, Method, Schedule, build_schedule
from app.money import format_amount, format_rate, parse_amount, parse_rate

QUOTE_MAX_RATE = Decimal(1)
"""Rates above 100 % a year are refused: "4.9" was almost certainly meant as 0.049."""

_OPTION_FOR_FIELD = {
    "amount": "--amount",
    "annual_rate": "--annual-rate",
    "term": "--term",
    "method": "--method",
    "start": "--start",
}
_TERM_RE = re.compile(r"[0-9]+", re.ASCII)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)

_COLUMNS = ("n", "due_date", "principal", "interest", "payment", "balance")
_HEADERS = ("#", "Due date", "Principal", "Interest", "Payment", "Balance")


def quote_command(
    amount: str,
    annual_rate: str,
    term: str,
    method: str,
    start: str | None,
    today: date,
) -> dict[str, object]:
    """Parse the ``quote`` arguments and return the schedule in DESIGN section 5's shape.

    ``start`` defaults to ``today``. Amounts in the result are major-unit decimal
    strings ("8556.17"), the rate a normalised fraction ("0.049"), dates ISO.
    """
    amount_minor = parse_amount(amount, "--amount")
    if amount_minor <= 0:
        raise ValidationError("--amount", "must be more than zero")
    rate = parse_rate(annual_rate, "--annual-rate")
    if rate > QUOTE_MAX_RATE:
        raise ValidationError(
            "--annual-rate",
            f"{annual_rate!r} is above 1 (100% a year); give a fraction, e.g. 0.049 for 4.9%",
        )
    term_months = _parse_term(term)
    method_value = _parse_method(method)
    start_date = today if start is None else _parse_start(start)
    try:
        schedule = build_schedule(amount_minor, rate, term_months, method_value, start_date)
    except ValidationError as exc:
        raise ValidationError(_OPTION_FOR_FIELD.get(exc.field, exc.field), exc.reason) from None
    return schedule_to_dict(schedule)


def schedule_to_dict(schedule: Schedule) -> dict[str, object]:
    """The JSON-ready shape of a schedule (DESIGN section 5)."""
    return {
        "method": schedule.method.value,
        "amount": format_amount(schedule.amount),
        "annual_rate": format_rate(schedule.annual_rate),
        "term": schedule.term,
        "start": schedule.start.isoformat(),
        "installments": [
            {
                "n": i.n,
                "due_date": i.due_date.isoformat(),
                "principal": format_amount(i.principal),
                "interest": format_amount(i.interest),
                "payment": format_amount(i.payment),
                "balance": format_amount(i.balance),
            }
            for i in schedule.installments
        ],
        "total_interest": format_amount(schedule.total_interest),
        "total_payment": format_amount(schedule.total_payment),
    }


def render_quote_text(q: Mapping[str, object]) -> str:
    """A plain-text, column-aligned rendering of a :func:`quote_command` result.

    Amounts are shown with thousands separators; no trailing newline (the caller prints).
    """
    rows_in = q["installments"]
    if not isinstance(rows_in, Sequence):
        raise TypeError("quote installments must be a sequence")
    rows: list[tuple[str, ...]] = []
    for row in rows_in:
        if not isinstance(row, Mapping):
            raise TypeError("each quote installment must be a mapping")
        rows.append(
            (
                str(row["n"]),
                str(row["due_date"]),
                *(_grouped(row[c]) for c in _COLUMNS[2:]),
            )
        )
    total_interest = _grouped(q["total_interest"])
    total_payment = _grouped(q["total_payment"])
    total_principal = _grouped(q["amount"])
    totals = ("", "Total", total_principal, total_interest, total_payment, "")

    widths = [max(len(r[c]) for r in [_HEADERS, *rows, totals]) for c in range(len(_HEADERS))]

    def line(cells: Sequence[str]) -> str:
        parts = [cells[0].rjust(widths[0]), cells[1].ljust(widths[1])]
        parts += [cell.rjust(width) for cell, width in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join(parts).rstrip()

    rate = str(q["annual_rate"])
    header = [
        f"Method:      {q['method']}",
        f"Amount:      {total_principal}",
        f"Annual rate: {rate} ({_percent(rate)})",
        f"Term:        {q['term']} {'month' if q['term'] == 1 else 'months'}",
        f"Start:       {q['start']}",
        "",
    ]
    rule = "  ".join("-" * w for w in widths)
    body = [line(_HEADERS), rule, *(line(r) for r in rows), rule, line(totals)]
    return "\n".join(header + body)


def _parse_term(text: str) -> int:
    stripped = text.strip()
    if not _TERM_RE.fullmatch(stripped):
        raise ValidationError("--term", f"{text!r} is not a whole number of months")
    months = int(stripped)
    if not MIN_TERM <= months <= MAX_TERM:
        raise ValidationError(
            "--term", f"must be from {MIN_TERM} to {MAX_TERM} months, not {months}"
        )
    return months


def _parse_method(text: str) -> Method:
    try:
        return Method(text.strip())
    except ValueError:
        choices = ", ".join(m.value for m in Method)
        raise ValidationError("--method", f"{text!r} is not one of {choices}") from None


def _parse_start(text: str) -> date:
    stripped = text.strip()
    if _DATE_RE.fullmatch(stripped):
        try:
            return date.fromisoformat(stripped)
        except ValueError:
            pass
    raise ValidationError("--start", f"{text!r} is not a date in the form YYYY-MM-DD")


def _grouped(value: object) -> str:
    """Re-format a major-unit amount string with thousands separators."""
    return format_amount(parse_amount(str(value)), grouping=True)


def _percent(rate: str) -> str:
    return f"{format_rate(Decimal(rate) * 100)}%"
