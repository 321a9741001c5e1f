"""The customer page's sections from the other features, through the extension
point of :mod:`app.servicedesk.customer_overview` (``SectionProvider``).

Each provider reads through its feature's own query helpers in the overview's
session and returns ``None`` when it has nothing to say. Labels are short English
phrases the client translates ("CustomerOverview" context); values are numbers,
dates and codes. :data:`DEFAULT_SECTIONS` is what the composition root hands in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from app.context import Actor
from app.security.permissions import Permission
from app.servicedesk.customer_overview import OverviewSection, SectionProvider

#: Collection contacts shown on the customer page (most recent first).
LAST_CONTACTS = 3


# The facts behind each section's English lines, for a client that words them in the
# reader's language (codes stay codes here; the client names them).
@dataclass(frozen=True)
class LoanFact:
    number: str
    outstanding: int
    dpd: int
    bucket: str
    status: str


@dataclass(frozen=True)
class ContactFact:
    on: date
    channel: str
    outcome: str
    note: str


@dataclass(frozen=True)
class CaseFact:
    loan_number: str
    bucket: str
    dpd: int
    overdue: int
    status: str
    holds: tuple[tuple[str, str], ...]  # (kind, ticket number)
    contacts: tuple[ContactFact, ...]


@dataclass(frozen=True)
class ApplicationFact:
    number: str
    status: str
    amount: int
    product: str


def money(minor: int) -> str:
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    return f"{sign}{minor // 100:,}.{minor % 100:02d}"


def kyc_section(session: Session, customer_id: int) -> OverviewSection:
    from app.kyc.gate import kyc_gate

    gate = kyc_gate(session, customer_id)
    lines: list[tuple[str, str]] = [("State", gate.state)]
    if gate.missing:
        lines.append(("Missing", ", ".join(gate.missing)))
    if gate.reason:
        lines.append(("Reason", gate.reason))
    return OverviewSection("kyc", "KYC", tuple(lines), attention=not gate.ok, facts=gate)


def loans_section(session: Session, customer_id: int) -> OverviewSection | None:
    from app.loans.queries import loan_page

    loans = loan_page(session, status=None, customer_id=customer_id, limit=20).rows
    if not loans:
        return None
    lines = tuple(
        (
            loan.number,
            f"{money(loan.outstanding_total)} · DPD {loan.dpd} · {loan.bucket} · {loan.status}",
        )
        for loan in loans
    )
    facts = tuple(LoanFact(x.number, x.outstanding_total, x.dpd, x.bucket, x.status) for x in loans)
    return OverviewSection(
        "loans", "Loans", lines, attention=any(x.dpd > 0 for x in loans), facts=facts
    )


def collections_section(session: Session, customer_id: int) -> OverviewSection | None:
    from app.collections.queries import case_view
    from app.platform import business_date
    from db.models.collections import CollectionCase

    case_id = session.scalar(
        select(CollectionCase.id)
        .where(CollectionCase.customer_id == customer_id, CollectionCase.is_open == true())
        .order_by(CollectionCase.dpd.desc(), CollectionCase.id)
        .limit(1)
    )
    if case_id is None:
        return None
    view = case_view(session, case_id, business_date(session))
    row = view.row
    lines: list[tuple[str, str]] = [
        ("Case", f"{row.loan_number} · {row.bucket} · DPD {row.dpd}"),
        ("Overdue", money(row.overdue_amount)),
        ("Status", view.status),
    ]
    lines += [("On hold", h) for h in view.holds]
    for c in view.contacts[:LAST_CONTACTS]:
        note = f" · {c.note[:60]}" if c.note else ""
        lines.append((c.at.date().isoformat(), f"{c.channel} · {c.outcome}{note}"))
    if not view.contacts:
        lines.append(("Last contact", "—"))
    facts = CaseFact(
        row.loan_number, row.bucket, row.dpd, row.overdue_amount, view.status,
        tuple((h.kind, h.ticket_number) for h in view.hold_views),
        tuple(
            ContactFact(c.at.date(), c.channel, c.outcome, c.note)
            for c in view.contacts[:LAST_CONTACTS]
        ),
    )  # fmt: skip
    return OverviewSection(
        "collections", "Collection case", tuple(lines), attention=True, facts=facts
    )


def applications_section(session: Session, customer_id: int) -> OverviewSection | None:
    from app.origination.status import FINAL
    from db.models.loans import Product
    from db.models.origination import Application

    rows = session.execute(
        select(Application.number, Application.status, Application.amount, Product.code)
        .join(Product, Product.id == Application.product_id)
        .where(
            Application.customer_id == customer_id,
            Application.status.not_in([str(s) for s in FINAL]),
        )
        .order_by(Application.id.desc())
        .limit(10)
    ).all()
    if not rows:
        return None
    lines = tuple(
        (number, f"{status} · {money(amount)} · {code}") for number, status, amount, code in rows
    )
    facts = tuple(ApplicationFact(*row) for row in rows)
    return OverviewSection("applications", "Open applications", lines, attention=True, facts=facts)


DEFAULT_SECTIONS: tuple[SectionProvider, ...] = (
    kyc_section,
    loans_section,
    collections_section,
    applications_section,
)

# Who sees a section: any one of these permissions. A support agent answering a
# call must see whether the caller is overdue or in collections, so LOAN_VIEW
# opens the collection case summary too.
_NEEDS: dict[SectionProvider, tuple[Permission, ...]] = {
    kyc_section: (Permission.KYC_VIEW, Permission.TICKET_VIEW),
    loans_section: (Permission.LOAN_VIEW,),
    collections_section: (Permission.COLLECTIONS_VIEW, Permission.LOAN_VIEW),
    applications_section: (Permission.APPLICATION_VIEW,),
}


def sections_for(actor: Actor) -> tuple[SectionProvider, ...]:
    """The default sections this user may see."""
    return tuple(p for p in DEFAULT_SECTIONS if any(actor.can(n) for n in _NEEDS[p]))
