"""The detail shows affordability as an underwriter needs it (issue 13 #5): the
borrower's own installments here in the existing debt, an income far from the one on
file, a balloon, and the borrowing cap's headroom; over the cap, Approve says so."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.customers.service import CustomerInput, insert_customer
from app.origination.decisions import DecisionService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db.models.loans import Product
from tests.collections_support import business_date, make_loan
from tests.origination_support import FakeGate, form, make_product
from tests.support import TestDB
from tests.ui.test_applications_desk import make_page
from ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def _customer(db: TestDB, income: int | None) -> int:
    with db.sessions.begin() as s:
        return insert_customer(
            s, db.vault, CustomerInput("individual", "钱七", monthly_income=income), None
        ).id


def _shown(qtbot: QtBot, page, application_id: int) -> str:  # type: ignore[no-untyped-def]
    page.open_application(application_id)
    qtbot.waitUntil(
        lambda: page.detail is not None and page.detail.id == application_id, timeout=10_000
    )
    return str(page.pane.body.toPlainText())


def test_detail_counts_the_running_loan_flags_income_and_shows_headroom(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = _customer(sqlite_db, income=1_000_000)
    day = business_date(sqlite_db) - timedelta(days=20)
    make_loan(sqlite_db, customer, disbursed=day, principal=13_440_200)  # 134,402.00
    uw = sqlite_db.user(Role.UNDERWRITER)
    made = ApplicationService(uw, sqlite_db.vault).submit(
        form(amount="20000", monthly_debt="100"), customer_id=customer
    )
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())
    body = _shown(qtbot, page, made.id)
    # 100.00 stated + 11,300.16 (11,200.16 principal + 100.00 interest) on the loan here
    assert "existing debt 11,400.16" in body and "existing debt 100.00" not in body
    assert "100.00 stated elsewhere + 11,300.16 on this platform's running loans" in body
    assert "Stated income 15,000.00 differs from the income on file 10,000.00 by 50.00%" in body
    assert "tolerance 20.00%" in body
    assert "Borrowing cap 200,000.00: 134,401.92 owed here, 65,598.08 left" in body
    assert "45,598.08 left after this application" in body
    assert "Balloon" not in body


def test_bullet_warns_of_the_balloon_and_over_the_cap_approve_says_why(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db, "BL")
    with sqlite_db.sessions.begin() as s:
        s.execute(update(Product).values(method="bullet"))
    customer = _customer(sqlite_db, income=1_500_000)
    day = business_date(sqlite_db) - timedelta(days=20)
    make_loan(sqlite_db, customer, disbursed=day, principal=18_000_000)
    uw = sqlite_db.user(Role.UNDERWRITER)
    made = ApplicationService(uw, sqlite_db.vault).submit(
        form(product="BL", amount="30000", monthly_debt="0"), customer_id=customer
    )
    taken = DecisionService(uw, FakeGate()).take_next()
    assert taken is not None
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())
    body = _shown(qtbot, page, made.id)
    assert "Balloon: the principal falls due at the end, a final payment of" in body
    assert "agrees with the income on file 15,000.00" in body
    assert "exceeds it by 10,000.00" in body  # 180,000 owed + 30,000 > 200,000
    approve = page.buttons["approve"]
    # 20,000.00 is still free under the cap: a lower counter-offer can be approved
    assert approve.isEnabled()
    assert "10,000.00 over the borrowing cap 200,000.00" in approve.toolTip()
    assert "at most 20,000.00 can be lent" in page.approve_hint.text()
