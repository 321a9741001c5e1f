"""The detail says who recommended and who decided, and why Approve is disabled;
approving an application assigned to someone else warns first (issue 13 #7)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.origination.decisions import DecisionService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db.models.origination import Application
from tests.collections_support import business_date, make_loan
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


def _click(qtbot: QtBot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _decide_in_dialog(qtbot: QtBot, page, button: str, note: str) -> None:  # type: ignore[no-untyped-def]
    _click(qtbot, page.buttons[button])
    dialog = page.decide.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.note, note)
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def test_the_trail_says_who_decided_when_with_the_note(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = make_customer(sqlite_db)
    uw = sqlite_db.user(Role.UNDERWRITER, username="uw.li")
    made = ApplicationService(uw, sqlite_db.vault).submit(
        form(amount="60000"), customer_id=customer
    )
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())
    _click(qtbot, page.take_next_button)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    assert "No decision yet." in page.pane.body.toPlainText()
    _decide_in_dialog(qtbot, page, "recommend", "salary slips match the bank statement")
    _open(qtbot, page, made.id, "recommended")
    senior = sqlite_db.user(Role.SENIOR_UNDERWRITER, username="senior.wang")
    second = make_page(qtbot, sqlite_db, senior, runner, FakeGate())
    _open(qtbot, second, made.id, "recommended")
    _decide_in_dialog(qtbot, second, "approve", "agree with the recommendation")
    _open(qtbot, second, made.id, "approved")
    body = second.pane.body.toPlainText()
    trail = body[body.index("Decision trail") : body.index("Affordability")]
    lines = [line for line in trail.splitlines() if " by " in line]
    assert len(lines) == 2
    assert "Recommended by uw.li" in lines[0] and "60,000.00 over 12 months at" in lines[0]
    assert "— salary slips match the bank statement" in lines[0]
    assert "Approved by senior.wang" in lines[1]
    assert "— agree with the recommendation" in lines[1]
    assert lines[1][:4].isdigit()  # when: the date and time lead each line


def test_declined_with_reasons_and_note_in_the_trail(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = make_customer(sqlite_db)
    uw = sqlite_db.user(Role.UNDERWRITER, username="uw.zhao")
    made = ApplicationService(uw, sqlite_db.vault).submit(
        form(amount="20000"), customer_id=customer
    )
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())
    _open(qtbot, page, made.id, "submitted")
    _click(qtbot, page.buttons["decline"])
    dialog = page.decide.dialog
    assert dialog is not None
    _click(qtbot, dialog.boxes["D02"])
    qtbot.keyClicks(dialog.note, "two payday loans last month")
    _click(qtbot, dialog.ok_button)
    _open(qtbot, page, made.id, "declined")
    body = page.pane.body.toPlainText()
    assert "Declined by uw.zhao" in body and "D02 — two payday loans last month" in body


def test_disabled_approve_names_own_recommendation_senior_and_cap(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = make_customer(sqlite_db)
    senior = sqlite_db.user(Role.SENIOR_UNDERWRITER, username="senior.he")
    made = ApplicationService(senior, sqlite_db.vault).submit(
        form(amount="60000"), customer_id=customer
    )
    decisions = DecisionService(senior, FakeGate())
    taken = decisions.take_next()
    assert taken is not None
    decisions.recommend(made.id, taken.version)
    page = make_page(qtbot, sqlite_db, senior, runner, FakeGate())
    _open(qtbot, page, made.id, "recommended")
    assert not page.buttons["approve"].isEnabled()
    assert "you recommended it; another senior underwriter approves" in page.approve_hint.text()
    uw = sqlite_db.user(Role.UNDERWRITER)
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())
    _open(qtbot, page, made.id, "recommended")
    assert not page.buttons["approve"].isEnabled()
    assert "recommended by Senior.He; a senior underwriter approves" in page.approve_hint.text()

    # a borrower already at the cap: nothing can be approved, and the reason says so
    other = make_customer(sqlite_db, name="孙八")
    make_loan(sqlite_db, other, disbursed=business_date(sqlite_db), principal=24_000_000)
    capped = ApplicationService(uw, sqlite_db.vault).submit(form(amount="20000"), customer_id=other)
    DecisionService(uw, FakeGate()).take_next()
    _open(qtbot, page, capped.id, "in_review")
    assert not page.buttons["approve"].isEnabled()
    hint = page.approve_hint.text()
    assert hint.startswith("Approve is disabled: 60,000.00 over the borrowing cap 200,000.00")
    assert "at most 0.00 can be lent" in hint


def test_approving_an_application_assigned_to_someone_else_asks_first(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    customer = make_customer(sqlite_db)
    first = sqlite_db.user(Role.UNDERWRITER, username="uw.first")
    made = ApplicationService(first, sqlite_db.vault).submit(
        form(amount="20000"), customer_id=customer
    )
    assert DecisionService(first, FakeGate()).take_next() is not None
    other = sqlite_db.user(Role.UNDERWRITER, username="uw.other")
    page = make_page(qtbot, sqlite_db, other, runner, FakeGate())
    _open(qtbot, page, made.id, "in_review")
    assert page.buttons["approve"].isEnabled()
    _click(qtbot, page.buttons["approve"])
    box = page.decide.assign_warning
    assert box is not None and box.isVisible() and "Uw.First" in box.text()
    _click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=10_000)
    assert page.decide.dialog is None  # no approval dialog: nothing decided
    runner.wait_for_done()
    with sqlite_db.sessions() as s:
        assert s.get(Application, made.id).status == "in_review"  # type: ignore[union-attr]

    _click(qtbot, page.buttons["approve"])
    box = page.decide.assign_warning
    assert box is not None and box.isVisible()
    _click(qtbot, box.button(QMessageBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: page.decide.dialog is not None, timeout=10_000)
    dialog = page.decide.dialog
    assert dialog is not None and dialog.isVisible()
    _click(qtbot, dialog.ok_button)
    _open(qtbot, page, made.id, "approved")
    assert page.message.text() == "Approved."
