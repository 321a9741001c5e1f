"""``p2pdesk verify``: every integrity check, each naming the first thing wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.security import audit

if TYPE_CHECKING:
    from app.security.pii import PiiVault


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


def check_business_date(session: Session) -> CheckResult:
    """The business date is the one the last end of day closed (its audit event), and
    never behind the days end of day has already run."""
    import json
    from datetime import date, timedelta

    from sqlalchemy import func, select

    from app.platform import load_state
    from db.models.audit import AuditEvent
    from db.models.platform import EodRun

    name = "business date"
    day = load_state(session).business_date
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.after_json)
        .where(
            AuditEvent.entity == "platform",
            AuditEvent.entity_id == "business_date",
            AuditEvent.action == "eod.day_closed",
        )
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    if last is not None:
        seq, after = last
        closed = date.fromisoformat(json.loads(after or "{}").get("business_date", ""))
        if closed != day:
            return CheckResult(
                name, False,
                f"the business date is {day} but the last end of day (audit event {seq}) "
                f"closed {closed}",
            )  # fmt: skip
    ran = session.scalar(select(func.max(EodRun.business_date)).where(EodRun.status == "done"))
    # An end of day that stopped before closing its day leaves that one day's steps done.
    if ran is not None and day < ran - timedelta(days=1):
        return CheckResult(
            name, False, f"the business date is {day} but end of day has already run for {ran}"
        )
    return CheckResult(name, True, f"business date {day} is the last day end of day closed")


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


def check_files_sealed(session: Session, vault: PiiVault | None = None) -> CheckResult:
    """Every stored file (KYC evidence, ticket attachments) is sealed; with the key,
    each opens under its own row and matches its upload hash."""
    from app.security.sealed_files import ALL_FILES, file_problems

    problems = [p for files in ALL_FILES for p in file_problems(session, files, vault)]
    name = "files encrypted" if vault is None else "files encrypted and decrypt"
    if not problems:
        return CheckResult(name, True, "every evidence file and ticket attachment sealed")
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return CheckResult(name, False, problems[0] + more)


def check_field_ciphertexts(session: Session, vault: PiiVault | None = None) -> CheckResult:
    """With the key: every encrypted customer value opens under its own row and
    column with the current key (issue 20 #19, #1)."""
    from app.customers.fields import field_problems

    name = "personal data decrypts under its row"
    if vault is None:
        return CheckResult(name, True, "not checked: this workstation has no master key")
    problems = field_problems(session, vault)
    if not problems:
        return CheckResult(name, True, "every encrypted value opens under its row")
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return CheckResult(name, False, problems[0] + more)


def all_checks(vault: PiiVault | None = None) -> list[Callable[[Session], CheckResult]]:
    """The checks in the order they run; features add theirs here. ``vault`` (when
    this workstation holds the key) lets the checks decrypt what they verify."""
    checks: list[Callable[[Session], CheckResult]] = [
        check_audit_chain,
        check_business_date,
        check_plaintext_birth_dates,
        partial(check_files_sealed, vault=vault),
        partial(check_field_ciphertexts, vault=vault),
    ]
    from app.loans.verify import loan_checks
    from app.security.reconcile import check_users

    checks.append(check_users)

    checks.extend(loan_checks())
    return checks


def run_checks(session: Session, vault: PiiVault | None = None) -> list[CheckResult]:
    return [check(session) for check in all_checks(vault)]
