"""The loan agreement carries the borrower's full ID number (an audited reveal with the
reason "contract"); letters keep it masked. Every backend (issue 20, item 5)."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from sqlalchemy import select

from app.customers import fields
from app.customers.service import CustomerInput, insert_customer
from app.errors import PermissionDenied
from app.loans.disbursement import LoanService
from app.origination.decisions import DecisionService
from app.origination.documents import DocumentService
from app.origination.service import ApplicationService
from app.platform import load_state
from app.reports.dunning import dunning_data, render_dunning_letter
from app.security.permissions import Role
from db.models.audit import AuditEvent
from db.models.collections import CollectionCase
from db.models.customers import Customer
from tests.loan_support import START, LoanWorld
from tests.origination_support import FakeGate, form, make_product
from tests.support import TestDB

ID = "11010519491231002X"


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_agreement_carries_the_full_id_number_and_audits_it(db: TestDB) -> None:
    make_product(db)
    with db.sessions.begin() as s:
        customer = insert_customer(
            s, db.vault, CustomerInput(kind="individual", name="张三", id_number=ID), None
        ).id
    app = ApplicationService(db.user(Role.UNDERWRITER), db.vault).submit(
        form(), customer_id=customer
    )
    gate = FakeGate()
    uw = DecisionService(db.user(Role.UNDERWRITER), gate)
    taken = uw.take_next()
    assert taken is not None
    uw.approve(taken.id, taken.version, amount=2_000_000, term=12)
    senior = db.user(Role.SENIOR_UNDERWRITER)

    text = _text(DocumentService(senior, gate, db.vault).agreement_pdf(app.id))

    assert ID in text
    assert "**************002X" not in text
    with db.sessions() as s:
        events = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "pii.revealed", AuditEvent.entity_id == str(customer)
            )
        ).all()
    assert len(events) == 1
    after = json.loads(events[0].after_json or "{}")
    assert (after["field"], after["reason"]) == ("id_number", "contract")
    assert events[0].actor_id == senior.actor.user_id
    # without the master key there is no contract rather than a masked one
    with pytest.raises(PermissionDenied):
        DocumentService(senior, gate).agreement_pdf(app.id)


def test_dunning_letter_keeps_the_id_number_masked(db: TestDB) -> None:
    world = LoanWorld(db)
    customer_id = world.customers[0]
    with db.sessions.begin() as s:
        c = s.get(Customer, customer_id)
        assert c is not None
        c.id_number_enc = fields.seal(db.vault, c.id, "id_number", ID)
        c.id_number_last4 = ID[-4:]
    loan = LoanService(world.ctx).disburse(
        customer_id, world.product.id, "B", 1_200_000, 12, world.holdings(1_200_000)
    )
    first_due = START.replace(month=START.month + 1)
    world.eod_to(first_due.replace(day=first_due.day) + (first_due - START))
    with db.sessions() as s:
        case = s.scalars(select(CollectionCase).where(CollectionCase.loan_id == loan.id)).one()
        data = dunning_data(s, case.id, load_state(s).business_date)
    assert data is not None
    text = _text(render_dunning_letter(data))
    assert ID not in text
    assert ID[:6] not in text and ID[6:14] not in text
