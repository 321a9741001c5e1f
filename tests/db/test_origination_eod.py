"""The end-of-day step expires information requests past their due date."""

from __future__ import annotations

from datetime import timedelta

from app.origination.decisions import DecisionService
from app.origination.eod import expire_stale
from app.origination.service import ApplicationService
from app.platform import business_date
from app.security.permissions import Role
from db.models.origination import Application
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB


def test_overdue_info_request_expires(db: TestDB) -> None:
    make_product(db)
    customer = make_customer(db)
    made = ApplicationService(db.user(Role.UNDERWRITER), db.vault).submit(
        form(), customer_id=customer
    )
    uw = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    with db.sessions() as s:
        today = business_date(s)
    uw.take_next()
    uw.request_info(made.id, None, "Send payslips", today + timedelta(days=3))
    assert expire_stale(db.sessions, today + timedelta(days=3)) == 0
    assert expire_stale(db.sessions, today + timedelta(days=4)) == 1
    with db.sessions() as s:
        app = s.get(Application, made.id)
        assert app is not None and app.status == "expired"
    assert expire_stale(db.sessions, today + timedelta(days=4)) == 0
