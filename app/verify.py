"""``p2pdesk verify``: every integrity check, each naming the first thing wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.security import audit


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def check_audit_chain(session: Session) -> CheckResult:
    result = audit.verify_chain(session)
    if result.ok:
        return CheckResult("audit chain", True, f"{result.events_checked} events intact")
    return CheckResult("audit chain", False, result.reason or "broken")


def check_plaintext_birth_dates(session: Session) -> CheckResult:
    from app.customers.sealing import plaintext_birth_dates

    left = plaintext_birth_dates(session)
    if left == 0:
        return CheckResult("birth dates encrypted", True, "no plaintext birth date")
    return CheckResult(
        "birth dates encrypted",
        False,
        f"{left} customers' birth dates are in plaintext; run `p2pdesk init` where the "
        "master key is",
    )


def all_checks() -> list[Callable[[Session], CheckResult]]:
    """The checks in the order they run; features add theirs here."""
    checks: list[Callable[[Session], CheckResult]] = [
        check_audit_chain,
        check_plaintext_birth_dates,
    ]
    from app.loans.verify import loan_checks

    checks.extend(loan_checks())
    return checks


def run_checks(session: Session) -> list[CheckResult]:
    return [check(session) for check in all_checks()]
