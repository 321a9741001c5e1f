"""Permissions are read afresh in every service call's transaction, not kept from the
login: a deactivated user and a user who lost a role are refused at their very next
call, on every backend (issue 20, item 15)."""

from __future__ import annotations

import pytest

from app.customers.service import CustomerService
from app.errors import PermissionDenied, SessionRevoked
from app.origination.decisions import DecisionService
from app.security.permissions import Permission, Role
from app.security.users import UserService
from tests.kyc_support import new_customer
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB

PHONE = "13712345678"


def _user_id(db: TestDB, username: str) -> int:
    users = UserService(db.admin()).list_users()
    return next(u.id for u in users if u.username == username)


def test_a_deactivated_user_cannot_claim_an_application_with_an_old_login(db: TestDB) -> None:
    from app.origination.service import ApplicationService

    make_product(db)
    clerk = db.user(Role.UNDERWRITER)
    customer = make_customer(db)
    apps = [
        ApplicationService(clerk, db.vault).submit(form(amount=a), customer_id=customer).id
        for a in ("20000", "30000")
    ]
    uw_ctx = db.user(Role.UNDERWRITER, username="uw.gone")
    underwriter = DecisionService(uw_ctx, FakeGate())
    assert underwriter.claim(apps[0], None).id == apps[0]

    UserService(db.admin()).deactivate(_user_id(db, "uw.gone"))

    with pytest.raises(SessionRevoked, match=r"uw\.gone was deactivated"):
        underwriter.claim(apps[1], None)
    with pytest.raises(SessionRevoked):
        underwriter.take_next()
    # A reactivated user works again with the same login.
    UserService(db.admin()).reactivate(_user_id(db, "uw.gone"))
    assert underwriter.claim(apps[1], None).id == apps[1]


def test_a_removed_role_stops_the_next_reveal(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER, Role.SUPPORT_AGENT, username="kyc.moved")
    cid = new_customer(db, officer, phone=PHONE)
    service = CustomerService(officer, db.vault)
    assert service.reveal(cid, "phone", "kyc_review") == PHONE

    UserService(db.admin()).set_roles(_user_id(db, "kyc.moved"), {Role.SUPPORT_AGENT})

    with pytest.raises(PermissionDenied, match=r"no longer holds permission 'pii\.reveal'"):
        service.reveal(cid, "phone", "kyc_review")
    # What the remaining role grants still works in the same login.
    assert service.get(cid).summary.id == cid


def test_a_role_removed_inside_a_call_is_checked_in_that_transaction(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER, Role.SUPPORT_AGENT, username="kyc.inside")
    uid = _user_id(db, "kyc.inside")
    UserService(db.admin()).set_roles(uid, {Role.SUPPORT_AGENT})
    with pytest.raises(PermissionDenied, match="no longer holds"), officer.transaction():
        officer.require(Permission.PII_REVEAL)
