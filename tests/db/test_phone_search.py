"""A caller is found however their mobile is written (issue 14 #7), on every backend:
the number gets one form (phonenumbers) before its blind index, at write and at search."""

from __future__ import annotations

import pytest

from app.customers import fields
from app.customers.service import CustomerInput, CustomerService
from app.origination.intake import IntakeError
from app.origination.service import ApplicationService
from app.security.permissions import Role
from app.servicedesk.calls import CallService
from db.models.customers import Customer
from tests.kyc_support import new_customer
from tests.origination_support import form, make_product
from tests.support import TestDB

TYPED = ["+86 138 0013 8000", "0086-138-0013-8000", "138-0013-8000", "8000"]


@pytest.mark.parametrize("query", TYPED)
def test_a_customer_saved_as_digits_is_found_however_the_caller_is_typed(
    db: TestDB, query: str
) -> None:
    officer = db.user(Role.KYC_OFFICER)
    wanted = new_customer(db, officer, 0, phone="13800138000")
    other = new_customer(db, officer, 1, phone="13900139001")
    agent = db.user(Role.SUPPORT_AGENT)
    assert [c.id for c in CallService(agent, db.vault).find_caller(query)] == [wanted]
    found = [c.id for c in CustomerService(agent, db.vault).search(query)]
    assert found == [wanted] and other not in found


def test_a_phone_typed_with_the_country_code_is_stored_in_the_one_form(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    customer_id = new_customer(db, officer, 0, phone="+86 (138) 0013-8000")
    with db.sessions() as s:
        c = s.get(Customer, customer_id)
        assert c is not None
        assert fields.read(db.vault, c, "phone") == "13800138000"
        assert c.phone_last4 == "8000" and c.phone_bidx == db.vault.blind_index(
            "phone", "13800138000"
        )
    agent = db.user(Role.SUPPORT_AGENT)
    assert [c.id for c in CallService(agent, db.vault).find_caller("13800138000")] == [customer_id]


def test_four_digits_find_every_phone_ending_so_newest_first(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    first = new_customer(db, officer, 0, phone="13800138000")
    second = new_customer(db, officer, 1, phone="13912348000")
    new_customer(db, officer, 2, phone="13912348001")
    agent = db.user(Role.SUPPORT_AGENT)
    assert [c.id for c in CustomerService(agent, db.vault).search("8000")] == [second, first]


def test_intake_takes_a_mobile_with_0086_and_refuses_a_bad_one_by_field(db: TestDB) -> None:
    make_product(db)
    clerk = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    made = clerk.submit(
        form(),
        new_customer=CustomerInput(
            kind="individual",
            name="赵六",
            id_number="11010519491231002X",
            phone="0086-138-0013-8000",
        ),
    )
    agent = db.user(Role.SUPPORT_AGENT)
    found = CallService(agent, db.vault).find_caller("+86 138 0013 8000")
    assert [c.name for c in found] == ["赵六"] and made.id
    with pytest.raises(IntakeError) as refused:
        clerk.submit(
            form(),
            new_customer=CustomerInput(
                kind="individual",
                name="钱七",
                id_number="110105194912310021",
                phone="+86 128 0013 8000",
                bank_card="6222020200112233445",
            ),
        )
    errors = refused.value.errors
    assert errors["new_id_number"] == "has a wrong check digit (the last character, GB 11643)"
    assert errors["new_phone"].startswith("is not a mainland China mobile number")
    assert errors["new_bank_card"].startswith("is not a bank card number")
