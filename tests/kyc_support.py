"""Helpers for the KYC tests: customers with valid data and a checklist worked to the end."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from app.context import ServiceContext
from app.customers.service import CustomerInput, CustomerService
from app.demo import make_customer
from app.kyc.evidence import EvidenceService
from app.kyc.png import card_image
from app.kyc.records import ChecklistView
from app.kyc.screening import ScreeningService
from app.kyc.service import ChecklistService
from app.platform import business_date
from tests.support import TestDB


def new_customer(db: TestDB, ctx: ServiceContext, index: int = 0, **changes: object) -> int:
    """A valid individual (or business, for index 9) customer; returns its id."""
    data: CustomerInput = make_customer(random.Random(1000 + index), index)
    if changes:
        data = replace(data, **changes)  # type: ignore[arg-type]
    return CustomerService(ctx, db.vault).create(data).id


def today(db: TestDB) -> date:
    with db.sessions() as s:
        return business_date(s)


def work_items(
    db: TestDB,
    officer: ServiceContext,
    view: ChecklistView,
    *,
    verify: bool = True,
    skip: frozenset[str] = frozenset(),
    submitter: ServiceContext | None = None,
) -> ChecklistView:
    """Attach evidence and submit every pending item not in ``skip``; ``officer``
    verifies them when ``verify``.

    Four eyes: an officer may not verify what they submitted, so ``submitter``
    submits and uploads the evidence (default: ``officer`` when nothing is verified,
    else the system, as the customer's web upload would)."""
    if submitter is None:
        submitter = db.system() if verify else officer
    checklists = ChecklistService(officer, db.vault)
    submissions = ChecklistService(submitter, db.vault)
    evidence = EvidenceService(submitter, db.vault)
    for item in view.items:
        if item.code in skip or item.check_kind == "blacklist" or item.state != "pending":
            continue
        if item.evidence_required:
            evidence.attach(item.id, f"{item.code}.png", card_image(item.id))
        view = submissions.submit(item.id)
        if verify:
            view = checklists.verify(item.id)
    return view


def complete(db: TestDB, officer: ServiceContext, customer_id: int) -> ChecklistView:
    """Screen the customer and verify every item: the gate should open."""
    ScreeningService(officer).record(customer_id, "OFAC SDN", today(db))
    view = ChecklistService(officer, db.vault).open(customer_id)
    return work_items(db, officer, view)


def item(view: ChecklistView, code: str) -> int:
    return next(i.id for i in view.items if i.code == code)


def state_of(view: ChecklistView, code: str) -> str:
    return next(i.state for i in view.items if i.code == code)
