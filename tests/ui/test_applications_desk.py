"""The underwriter's day on the Applications desk (pytest-qt, SQLite)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from app.context import ServiceContext
from app.origination.detail import ApplicationQueries
from app.origination.queries import QueueFilter, QueueSort
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db.engine import read_sessionmaker
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB
from ui.db_connect import OpenDatabase
from ui.tasks import TaskRunner
from ui.views.applications.page import ApplicationsPage
from ui.views.applications.queue_model import ApplicationsQueueModel
from ui.views.registry import PageContext


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def make_page(
    qtbot: QtBot, db: TestDB, ctx: ServiceContext, runner: TaskRunner, gate: FakeGate | None
) -> ApplicationsPage:
    read = read_sessionmaker(db.engine)
    opened = OpenDatabase(db.url, "sqlite", "test", db.engine, db.sessions, read, vault=db.vault)
    page_ctx = PageContext(ctx, ServiceContext(read, ctx.actor), opened, runner, lambda _c: None)
    page = ApplicationsPage(page_ctx, kyc_gate=gate)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    return page


def _seed(db: TestDB) -> tuple[int, list[int]]:
    make_product(db)
    customer = make_customer(db)
    clerk = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    ids = [clerk.submit(form(amount=a), customer_id=customer).id for a in ("20000", "80000")]
    return customer, ids


def _wait_detail(qtbot: QtBot, page: ApplicationsPage, status: str) -> None:
    qtbot.waitUntil(
        lambda: page.detail is not None and page.detail.status == status, timeout=10_000
    )


def test_take_next_read_detail_and_approve(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    _seed(sqlite_db)
    page = make_page(qtbot, sqlite_db, sqlite_db.user(Role.UNDERWRITER), runner, FakeGate())
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    qtbot.mouseClick(page.take_next_button, Qt.MouseButton.LeftButton)
    _wait_detail(qtbot, page, "in_review")
    d = page.detail
    assert d is not None and d.amount == 2_000_000
    html = page.pane.body.toPlainText()
    assert "DTI" in html and "Top reasons" in html and "Scorecard" in html
    assert "张三" in page.pane.header.text() and "customer:" in page.pane.header.text()
    assert page.pane.schedule.rowCount() == 12
    # the live quote prices at the application's own grade, not the product's cheapest
    assert page.pane.q_rate.currentData() == d.recommended_rate
    dearest = Decimal(str(max(d.product.grade_rates.values())))  # equal, not the same object
    page.pane.show_detail(dataclasses.replace(d, recommended_rate=dearest))
    assert page.pane.q_rate.currentData() == dearest
    page.pane.show_detail(d)
    assert page.buttons["approve"].isEnabled()
    assert not page.buttons["claim"].isEnabled()  # it is already mine
    page.add_note("called the employer: salary confirmed")
    qtbot.waitUntil(lambda: "salary confirmed" in page.pane.body.toPlainText(), timeout=10_000)
    page.approve()
    _wait_detail(qtbot, page, "approved")
    assert "Approved" in page.message.text()


def test_recommend_above_threshold_then_second_user_approves(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    _, ids = _seed(sqlite_db)
    senior1 = sqlite_db.user(Role.SENIOR_UNDERWRITER)
    page = make_page(qtbot, sqlite_db, senior1, runner, FakeGate())
    page.open_application(ids[1])
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    qtbot.mouseClick(page.buttons["claim"], Qt.MouseButton.LeftButton)
    _wait_detail(qtbot, page, "in_review")
    assert not page.buttons["approve"].isEnabled()  # above the four-eyes threshold
    page.approve()
    qtbot.waitUntil(lambda: "Four eyes" in page.message.text(), timeout=10_000)
    page.recommend()
    _wait_detail(qtbot, page, "recommended")
    assert not page.buttons["approve"].isEnabled()
    page.approve()  # the same user tries anyway: refused
    qtbot.waitUntil(lambda: "you recommended" in page.message.text(), timeout=10_000)
    second = make_page(
        qtbot, sqlite_db, sqlite_db.user(Role.SENIOR_UNDERWRITER), runner, FakeGate()
    )
    second.open_application(ids[1])
    _wait_detail(qtbot, second, "recommended")
    assert second.buttons["approve"].isEnabled()
    second.approve()
    _wait_detail(qtbot, second, "approved")


def test_decline_with_reasons_and_save_letter(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, ids = _seed(sqlite_db)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    page = make_page(qtbot, sqlite_db, sqlite_db.user(Role.UNDERWRITER), runner, FakeGate())
    page.open_application(ids[0])
    _wait_detail(qtbot, page, "submitted")
    page.decline(["D02", "D04"], "over-indebted")
    _wait_detail(qtbot, page, "declined")
    assert page.buttons["decline_letter"].isEnabled()
    target = tmp_path / "letter.pdf"
    page.save_document("decline_letter", ids[0], target)
    qtbot.waitUntil(lambda: opened == [str(target)], timeout=10_000)
    assert target.read_bytes().startswith(b"%PDF")


def test_blocked_by_kyc(qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner) -> None:
    _seed(sqlite_db)
    page = make_page(qtbot, sqlite_db, sqlite_db.user(Role.UNDERWRITER), runner, None)
    page.take_next()
    _wait_detail(qtbot, page, "in_review")
    assert "blocked" in page.pane.body.toPlainText()
    page.approve()
    qtbot.waitUntil(lambda: "KYC blocks approval" in page.message.text(), timeout=10_000)


def _number(db: TestDB, customer_id: int) -> str:
    from sqlalchemy import select

    from db.models.customers import Customer

    with db.sessions() as s:
        return s.scalars(select(Customer.number).where(Customer.id == customer_id)).one()


def test_intake_dialog_shows_messages_by_field(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    customer, _ = _seed(sqlite_db)
    page = make_page(qtbot, sqlite_db, sqlite_db.user(Role.UNDERWRITER), runner, FakeGate())
    dialog = page.new_application()
    dialog.set_values(customer=_number(sqlite_db, customer), amount="-1", term="500", purpose="",
                      monthly_income="9000", bureau_score="700", open_accounts="1",
                      delinquencies_24m="0", inquiries_6m="0")  # fmt: skip
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["amount"].isVisibleTo(dialog), timeout=10_000)
    assert dialog.errors["term"].text() and dialog.isVisible()
    assert dialog.errors["purpose"].text() == "is required"
    assert not dialog.errors["bureau_score"].isVisibleTo(dialog)
    dialog.set_values(amount="12000", term="12", purpose="Tuition")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)


def test_queue_model_passes_modeltester(qtbot: QtBot, sqlite_db: TestDB, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _seed(sqlite_db)
    queries = ApplicationQueries(sqlite_db.user(Role.UNDERWRITER), FakeGate())
    model = ApplicationsQueueModel(
        lambda after, limit: queries.queue(QueueFilter(), after=after, limit=limit),
        lambda row: row.key(QueueSort.SUBMITTED),
        page_size=1,
    )
    model.reload()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 2
