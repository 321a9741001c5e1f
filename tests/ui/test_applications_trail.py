"""The detail says who recommended and who decided, and why Approve is disabled;
approving an application assigned to someone else warns first (issue 13 #7)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.origination.decisions import DecisionService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB
from tests.ui.test_applications_desk import make_page
from ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def _open(qtbot: QtBot, page, application_id: int, status: str) -> None:  # type: ignore[no-untyped-def]
    page.open_application(application_id)
    qtbot.waitUntil(
        lambda: (
            page.detail is not None
            and page.detail.id == application_id
            and page.detail.status == status
        ),
        timeout=10_000,
    )


def test_disabled_approve_says_why_and_the_trail_names_who(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = make_customer(sqlite_db)
    uw = sqlite_db.user(Role.UNDERWRITER, username="uw.li")
    made = ApplicationService(uw, sqlite_db.vault).submit(
        form(amount="60000"), customer_id=customer
    )
    taken = DecisionService(uw, FakeGate()).take_next()
    assert taken is not None
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())
    _open(qtbot, page, made.id, "in_review")
    approve = page.buttons["approve"]
    assert not approve.isEnabled()
    assert "above the four-eyes threshold 50000.00" in page.approve_hint.text()
    assert "recommend it" in approve.toolTip()
    recommended = DecisionService(uw, FakeGate()).recommend(made.id, taken.version + 0)
    senior = sqlite_db.user(Role.SENIOR_UNDERWRITER, username="senior.wang")
    page = make_page(
        qtbot, sqlite_db, senior, runner, FakeGate(ok=False, reason="KYC is incomplete")
    )
    _open(qtbot, page, made.id, "recommended")
    assert "Recommended by" in page.pane.body.toPlainText()
    assert "uw.li" in page.pane.body.toPlainText() or "Uw.Li" in page.pane.body.toPlainText()
    assert not page.buttons["approve"].isEnabled()
    assert "KYC blocks approval: KYC is incomplete" in page.approve_hint.text()
    DecisionService(senior, FakeGate()).approve(made.id, recommended.version)
    page = make_page(qtbot, sqlite_db, senior, runner, FakeGate())
    _open(qtbot, page, made.id, "approved")
    body = page.pane.body.toPlainText()
    assert "approved" in body.lower()
