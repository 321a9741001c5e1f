"""A service's refusal shows inside the dialog that caused it, and what was typed stays
(issue 13 #8): new application, approve, recommend, decline, send back, request
information and add note. (Withdraw, fund and disburse: test_applications_confirm.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from app.origination.decisions import DecisionService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db.models.origination import Application
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB
from tests.ui.test_applications_desk import make_page
from ui.tasks import TaskRunner
from ui.views.applications.dialogs import IntakeDialog


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def _click(qtbot: QtBot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


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


def _refused(qtbot: QtBot, dialog, text: str) -> None:  # type: ignore[no-untyped-def]
    """OK was pressed: the refusal appears in the dialog, which stays open."""
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert text in dialog.error.text()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()


def _status(db: TestDB, application_id: int) -> str:
    with db.sessions() as s:
        app = s.get(Application, application_id)
        assert app is not None
        return app.status


def _in_review(db: TestDB, amount: str = "20000") -> tuple[int, object]:
    make_product(db)
    customer = make_customer(db)
    uw = db.user(Role.UNDERWRITER)
    made = ApplicationService(uw, db.vault).submit(form(amount=amount), customer_id=customer)
    assert DecisionService(uw, FakeGate()).take_next() is not None
    return made.id, uw


def test_new_application_refused_in_the_dialog(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    make_product(sqlite_db)
    make_customer(sqlite_db)
    page = make_page(qtbot, sqlite_db, sqlite_db.user(Role.UNDERWRITER), runner, FakeGate())
    _click(qtbot, page.new_button)
    dialog = page.findChild(IntakeDialog)
    assert isinstance(dialog, IntakeDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.customer, "C99999999")
    for name, text in (("amount", "12000"), ("term", "12"), ("purpose", "Tuition"),
                       ("monthly_income", "9000"), ("bureau_score", "700"),
                       ("open_accounts", "1"), ("delinquencies_24m", "0"),
                       ("inquiries_6m", "0")):  # fmt: skip
        qtbot.keyClicks(dialog.fields[name], text)
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.errors["customer"].isVisibleTo(dialog), timeout=10_000)
    assert "no customer has the number or name 'C99999999'" in dialog.errors["customer"].text()
    assert dialog.isVisible() and dialog.customer.text() == "C99999999"
    assert dialog.fields["amount"].text() == "12000"  # type: ignore[union-attr]
    with sqlite_db.sessions() as s:
        assert s.query(Application).count() == 0


def test_approve_refused_keeps_terms_and_note(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    application_id, uw = _in_review(sqlite_db)
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())  # type: ignore[arg-type]
    _open(qtbot, page, application_id, "in_review")
    _click(qtbot, page.buttons["approve"])
    dialog = page.decide.dialog
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "25000")
    qtbot.keyClicks(dialog.note, "income verified by phone")
    _refused(qtbot, dialog, "amount: may be lowered, not raised above 20,000.00")
    assert dialog.amount.text() == "25000"
    assert dialog.note.toPlainText() == "income verified by phone"
    assert page.message.text() == ""  # not in the line above the queue
    assert _status(sqlite_db, application_id) == "in_review"
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "18000")
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    _open(qtbot, page, application_id, "approved")


def test_recommend_refused_keeps_input(qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner) -> None:
    application_id, uw = _in_review(sqlite_db, "60000")
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())  # type: ignore[arg-type]
    _open(qtbot, page, application_id, "in_review")
    _click(qtbot, page.buttons["recommend"])
    dialog = page.decide.dialog
    dialog.term.clear()
    qtbot.keyClicks(dialog.term, "24")
    qtbot.keyClicks(dialog.note, "stable employer")
    _refused(qtbot, dialog, "term: may be shortened, not lengthened beyond 12")
    assert dialog.term.text() == "24" and dialog.note.toPlainText() == "stable employer"
    assert _status(sqlite_db, application_id) == "in_review"


def test_decline_refused_keeps_the_note(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    application_id, uw = _in_review(sqlite_db)
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())  # type: ignore[arg-type]
    _open(qtbot, page, application_id, "in_review")
    _click(qtbot, page.buttons["decline"])
    dialog = page.decide.dialog
    qtbot.keyClicks(dialog.note, "too many inquiries")
    _refused(qtbot, dialog, "reasons: choose at least one decline reason")
    assert dialog.note.toPlainText() == "too many inquiries"
    assert _status(sqlite_db, application_id) == "in_review"


def test_send_back_refused_when_someone_else_changed_it(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    application_id, uw = _in_review(sqlite_db, "60000")
    with sqlite_db.sessions() as s:
        version = s.get(Application, application_id).version  # type: ignore[union-attr]
    DecisionService(uw, FakeGate()).recommend(application_id, version)  # type: ignore[arg-type]
    senior = sqlite_db.user(Role.SENIOR_UNDERWRITER)
    page = make_page(qtbot, sqlite_db, senior, runner, FakeGate())
    _open(qtbot, page, application_id, "recommended")
    _click(qtbot, page.buttons["send_back"])
    dialog = page.decide.dialog
    # meanwhile another senior sends it back first: this one is stale
    other = sqlite_db.user(Role.SENIOR_UNDERWRITER)
    assert page.detail is not None
    DecisionService(other, FakeGate()).send_back(application_id, page.detail.version, "no")
    qtbot.keyClicks(dialog.text, "check the employer")
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert dialog.isVisible() and dialog.text.toPlainText() == "check the employer"


def test_request_info_refused_keeps_the_message(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    application_id, uw = _in_review(sqlite_db)
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())  # type: ignore[arg-type]
    _open(qtbot, page, application_id, "in_review")
    _click(qtbot, page.buttons["request_info"])
    dialog = page.decide.dialog
    assert dialog.due is not None and page.detail is not None
    today = page.detail.business_date
    dialog.due.setDate(QDate(today.year, today.month, today.day))
    qtbot.keyClicks(dialog.text, "last three payslips")
    _refused(qtbot, dialog, "due date: must be after today's business date")
    assert dialog.text.toPlainText() == "last three payslips"
    dialog.due.setDate(QDate(today.year, today.month, today.day).addDays(5))
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    _open(qtbot, page, application_id, "info_requested")


def test_add_note_refused_in_the_dialog(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    application_id, uw = _in_review(sqlite_db)
    page = make_page(qtbot, sqlite_db, uw, runner, FakeGate())  # type: ignore[arg-type]
    _open(qtbot, page, application_id, "in_review")
    _click(qtbot, page.buttons["note"])
    dialog = page.decide.dialog
    qtbot.keyClicks(dialog.text, "   ")
    _refused(qtbot, dialog, "note: is empty")
    qtbot.keyClicks(dialog.text, "called the employer")
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: "called the employer" in page.pane.body.toPlainText(), timeout=10_000)
