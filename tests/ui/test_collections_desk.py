"""The collections desk: an agent takes the next case and logs a call with a
promise; a supervisor approves an arrangement; the queue model passes the tester."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.collections.arrangements import ArrangementService, even_plan
from app.collections.assignment import AssignmentService
from app.collections.queries import QueueFilter
from app.collections.rules import Outcome
from app.context import ServiceContext
from app.loans.delinquency import Bucket
from app.platform import load_state
from db.engine import read_sessionmaker
from db.models.collections import ContactAttempt, PaymentArrangement, PromiseToPay
from db.models.loans import Installment
from tests.db.test_collections_service import Desk
from tests.support import TestDB
from ui.db_connect import OpenDatabase
from ui.tasks import TaskRunner
from ui.views.collections.page import CollectionsPage
from ui.views.collections.queue_model import CaseQueueModel, key_of, queue_fetch
from ui.views.registry import PageContext

NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def make_page(qtbot: QtBot, db: TestDB, ctx: ServiceContext, runner: TaskRunner) -> CollectionsPage:
    ctx = ServiceContext(ctx.sessions, ctx.actor, lambda: NOON)
    read = read_sessionmaker(db.engine)
    opened = OpenDatabase(db.url, "sqlite", "test", db.engine, db.sessions, read, vault=db.vault)
    page_ctx = PageContext(ctx, ServiceContext(read, ctx.actor), opened, runner, lambda _c: None)
    page = CollectionsPage(page_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    return page


def pooled_desk(db: TestDB) -> Desk:
    desk = Desk(db)
    agents = [desk.agent.actor.user_id, desk.agent2.actor.user_id]
    team = AssignmentService(desk.sup).create_team("Early", [a for a in agents if a])
    AssignmentService(desk.sup).assign_bucket(Bucket.M1, team.id)
    desk.world.eod_days(1)
    return desk


def test_agent_takes_next_case_and_logs_a_call_with_a_promise(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    desk = pooled_desk(sqlite_db)
    page = make_page(qtbot, sqlite_db, desk.agent, runner)
    page.actions_by_name["collections_next_case"].trigger()
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)
    assert page.case_id == desk.case.id
    html = page.panel.browser.toPlainText()
    assert "Total to bring current" in html and "days past due" in html

    def fill() -> None:
        dialog = page.contact_dialog
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        # the check runs on the task runner: OK waits for its answer
        qtbot.waitUntil(lambda: "All contact rules are met" in dialog.rules.text())
        assert ok.isEnabled()
        # an employer is refused before anything is logged, and the reason is shown
        with qtbot.waitSignal(dialog.rules_checked, timeout=10_000):
            dialog.party.setCurrentIndex(dialog.party.findData("employer"))
            assert not ok.isEnabled()  # disabled while the check is out
        assert "Debtor only" in dialog.rules.text()
        assert not ok.isEnabled()
        with qtbot.waitSignal(dialog.rules_checked, timeout=10_000):
            dialog.party.setCurrentIndex(0)
        assert ok.isEnabled()
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.PROMISE_TO_PAY))
        dialog.promise_amount.setText("500.00")
        dialog.note.setPlainText("will pay on Friday")
        ok.click()

    QTimer.singleShot(0, fill)
    page.actions_by_name["collections_log_contact"].trigger()
    qtbot.waitUntil(lambda: page.status.text() == "Contact logged.", timeout=10_000)
    with sqlite_db.sessions() as s:
        [promise] = s.scalars(select(PromiseToPay)).all()
        assert promise.amount == 50_000 and promise.status == "pending"
        [contact] = s.scalars(select(ContactAttempt)).all()
        assert contact.outcome == "promise_to_pay" and contact.note == "will pay on Friday"
    qtbot.waitUntil(
        lambda: "will pay on Friday" in page.panel.browser.toPlainText(), timeout=10_000
    )


def test_supervisor_approves_an_arrangement(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    desk = Desk(sqlite_db)
    with sqlite_db.sessions() as s:
        today = load_state(s).business_date
    owed = ArrangementService(desk.agent).outstanding(desk.case.id)
    plan = even_plan(owed, today + timedelta(days=10), 2)
    ArrangementService(desk.agent).propose(desk.case.id, plan, "hardship, two parts")
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    board = page.board
    assert board is not None
    qtbot.waitUntil(lambda: board.arrangements.rowCount() == 1, timeout=10_000)
    assert board.buckets.rowCount() >= 1
    board.approve_button.click()
    qtbot.waitUntil(lambda: board.status.text() == "Arrangement approved.", timeout=10_000)
    with sqlite_db.sessions() as s:
        assert s.scalars(select(PaymentArrangement.status)).one() == "approved"
        new = s.scalars(
            select(Installment).where(
                Installment.loan_id == desk.loan_id, Installment.status == "open"
            )
        ).all()
        assert sorted((i.due_date, i.principal) for i in new) == plan
    qtbot.waitUntil(lambda: board.arrangements.rowCount() == 0, timeout=10_000)


def test_import_and_letters_run_with_progress(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner, tmp_path: Path
) -> None:
    desk = Desk(sqlite_db)
    with sqlite_db.sessions() as s:
        from db.models.loans import Loan

        number = s.get(Loan, desk.loan_id).number  # type: ignore[union-attr]
    csv = tmp_path / "bank.csv"
    csv.write_text(
        "reference,contract_number,amount,value_date,payer_name\n"
        f"UI-1,{number},10.00,2026-02-20,Payer\nUI-2,{number},oops,2026-02-20,Payer\n",
        encoding="utf-8",
    )
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    page.import_file(csv)
    qtbot.waitUntil(lambda: page.property("last_import") is not None, timeout=10_000)
    summary = page.property("last_import")
    assert summary.posted == 1 and [r.line for r in summary.rejected] == [3]
    page.bucket.setCurrentIndex(page.bucket.findData("M1"))
    page.letters(tmp_path / "letters.pdf")
    qtbot.waitUntil(lambda: page.property("letters_result") is not None, timeout=20_000)
    assert page.property("letters_result") == 1
    assert (tmp_path / "letters.pdf").read_bytes().startswith(b"%PDF")


def test_queue_model_passes_the_model_tester(
    qtbot: QtBot, sqlite_db: TestDB, qtmodeltester: Any
) -> None:
    Desk(sqlite_db)
    flt = QueueFilter()
    model = CaseQueueModel(queue_fetch(sqlite_db.sessions, flt), key_of(flt), page_size=1)
    model.reload()
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    assert "days past due" in model.data(model.index(0, 0), 3)  # the tooltip explains
