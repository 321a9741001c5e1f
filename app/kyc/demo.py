"""KYC demo data: checklists in every state, with generated evidence images.

Everything goes through the KYC services as the demo officers (``kyc.wang``,
``kyc.sun``) and the supervisor who may waive (``colsup.wu``), so the audit trail
reads like a real office's. Four eyes hold here as at the desk: ``kyc.wang``
submits, ``kyc.sun`` verifies or rejects (nobody decides their own submission).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from app.context import Actor, ServiceContext
from app.customers import fields
from app.kyc.blacklist import BlacklistService
from app.kyc.eod import expire_items, refresh_queue
from app.kyc.evidence import EvidenceService
from app.kyc.png import card_image, letter_pdf
from app.kyc.records import ChecklistView, ItemView
from app.kyc.screening import MatchInput, ScreeningService
from app.kyc.service import ChecklistService
from app.platform import business_date
from app.security.permissions import Role
from app.security.pii import PiiVault
from db.models.customers import Customer
from db.models.kyc import KycItem
from db.models.security import User

if TYPE_CHECKING:
    from app.demo import DemoSummary

MAX_CHECKLISTS = 64
SCENARIOS = (
    "complete",
    "pending",
    "submitted",
    "rejected",
    "waived",
    "expired",
    "expiring",
    "screening",
)
_LISTS = ("UN Security Council consolidated list", "OFAC SDN", "Domestic PEP list")


def _actor(ctx: ServiceContext, username: str) -> ServiceContext:
    with ctx.sessions() as session:
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            return ctx
        roles = frozenset(Role(r.role) for r in user.roles)
        return ctx.as_actor(Actor.for_user(user.id, user.username, user.display_name, roles))


def _attach(ev: EvidenceService, item: ItemView, n: int, name: str) -> None:
    if item.code in ("address_proof", "income_proof", "owners"):
        body = letter_pdf(
            item.label, [f"Customer {name}", f"Document {n}", "Issued for KYC verification (demo)"]
        )
        ev.attach(item.id, f"{item.code}-{n}.pdf", body)
    else:
        ev.attach(item.id, f"{item.code}-{n}.png", card_image(n))


def _work(
    officer: ChecklistService,
    checker: ChecklistService,
    ev: EvidenceService,
    view: ChecklistView,
    n: int,
    *,
    verify: bool,
    skip: frozenset[str] = frozenset(),
) -> ChecklistView:
    """Attach evidence and submit every open item; verify them unless told not to."""
    for item in view.items:
        if item.code in skip or item.check_kind == "blacklist" or item.state != "pending":
            continue
        if item.evidence_required:
            _attach(ev, item, n, view.customer_name)
        view = officer.submit(item.id)
        if verify:
            view = checker.verify(item.id)
    return view


def fill_kyc(
    ctx: ServiceContext, vault: PiiVault, rng: random.Random, summary: DemoSummary
) -> None:
    """Give the first demo customers checklists in every state (deterministic per seed)."""
    wang = _actor(ctx, "kyc.wang")
    sun = _actor(ctx, "kyc.sun")
    supervisor = _actor(ctx, "colsup.wu")
    officer, checker = ChecklistService(wang, vault), ChecklistService(sun, vault)
    ev, screening = EvidenceService(wang, vault), ScreeningService(sun)
    reviewer = ScreeningService(wang)  # four eyes: not the officer who recorded the run
    with ctx.sessions() as session:
        customer_ids = list(
            session.scalars(select(Customer.id).order_by(Customer.id).limit(MAX_CHECKLISTS))
        )
        today = business_date(session)
    expiring: list[int] = []
    expired: list[int] = []
    for n, customer_id in enumerate(customer_ids):
        scenario = SCENARIOS[n % len(SCENARIOS)]
        view = officer.open(customer_id)
        if scenario == "pending":
            continue
        if scenario == "screening":
            run = screening.record(
                customer_id,
                rng.choice(_LISTS),
                today,
                [
                    MatchInput(view.customer_name, "same name, birth year differs by 2"),
                ],
            )
            if n % 16 == 15:
                reviewer.review(
                    run.matches[0].id,
                    "confirmed",
                    "date of birth and address match the listed person",
                )
            view = _work(
                officer,
                checker,
                ev,
                view,
                n,
                verify=False,
                skip=frozenset({"screening", "income_proof"}),
            )
            summary.add("kyc_screening_matches", 1)
            continue
        screening.record(customer_id, rng.choice(_LISTS), today)
        if scenario == "submitted":
            view = _work(officer, checker, ev, view, n, verify=False)
        elif scenario == "rejected":
            view = _work(
                officer,
                checker,
                ev,
                view,
                n,
                verify=True,
                skip=frozenset({"address_proof", "licence"}),
            )
            item = next(i for i in view.items if i.code in ("address_proof", "licence"))
            _attach(ev, item, n, view.customer_name)
            view = officer.submit(item.id)
            view = checker.reject(item.id, "document is older than three months; send a newer one")
        elif scenario == "waived":
            view = _work(
                officer,
                checker,
                ev,
                view,
                n,
                verify=True,
                skip=frozenset({"income_proof", "owners"}),
            )
            item = next(i for i in view.items if i.code in ("income_proof", "owners"))
            view = officer.request_waiver(
                item.id, "salaried civil servant; payroll confirmed by phone"
            )
            view = ChecklistService(supervisor, vault).approve_waiver(item.id, "agreed")
        else:
            view = _work(officer, checker, ev, view, n, verify=True)
            if scenario == "expired":
                expired.append(view.id)
            elif scenario == "expiring":
                expiring.append(view.id)
    _age(ctx, today, expired, expiring, rng)
    if len(customer_ids) > 3:
        _blacklist(ctx, vault, wang, customer_ids[3])
    summary.add("kyc_checklists", len(customer_ids))


def _age(
    ctx: ServiceContext, today: date, expired: list[int], expiring: list[int], rng: random.Random
) -> None:
    """Make some verifications old: expired ones (then end of day marks them) and
    ones running out within the warning window."""
    with ctx.transaction() as session:
        for checklist_id, past in [(c, True) for c in expired] + [(c, False) for c in expiring]:
            code = session.scalars(
                select(KycItem.code)
                .where(KycItem.checklist_id == checklist_id, KycItem.validity_days.is_not(None))
                .order_by(KycItem.position)
            ).first()
            days = -rng.randrange(1, 20) if past else rng.randrange(3, 28)
            session.execute(
                update(KycItem)
                .where(KycItem.checklist_id == checklist_id, KycItem.code == code)
                .values(valid_until=today + timedelta(days=days))
            )
    expire_items(ctx.sessions, today)
    refresh_queue(ctx.sessions, today)


def _blacklist(
    ctx: ServiceContext, vault: PiiVault, officer: ServiceContext, customer_id: int
) -> None:
    """Blacklist one customer's phone: the automatic check records the hit."""
    with ctx.sessions() as session:
        customer = session.get(Customer, customer_id)
        phone = fields.read(vault, customer, "phone") if customer is not None else None
    if phone is None:
        return
    BlacklistService(officer, vault).add("phone", phone, "used in a confirmed fraud case (demo)")
