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


def all_checks() -> list[Callable[[Session], CheckResult]]:
    """The checks in the order they run; features add theirs here."""
    checks: list[Callable[[Session], CheckResult]] = [check_audit_chain]
    from app.loans.verify import loan_checks

    checks.extend(loan_checks())
    return checks


def run_checks(session: Session) -> list[CheckResult]:
    return [check(session) for check in all_checks()]
