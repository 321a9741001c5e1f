"""The detail's live quote states the annualised comprehensive cost (综合年化成本) of
the terms on screen and says when they are above the platform's ceiling, in English
and in Chinese (issue 14 #3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from pytestqt.qtbot import QtBot

from app.origination.affordability import format_percent
from app.origination.pricing import offer_cost
from app.origination.service import ApplicationService
from app.security.permissions import Role
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB
from tests.ui.test_applications_desk import make_page
from ui.tasks import TaskRunner
from ui.views.applications.page import ApplicationsPage


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def _page(qtbot: QtBot, db: TestDB, runner: TaskRunner) -> tuple[ApplicationsPage, str]:
    """A 20,000.00 application over 12 months open on the desk, and the cost the
    service computes for its quote."""
    make_product(db)  # 1 % origination fee and 2 % risk reserve taken at payout
    uw = db.user(Role.UNDERWRITER)
    made = ApplicationService(uw, db.vault).submit(
        form(amount="20000"), customer_id=make_customer(db)
    )
    page = make_page(qtbot, db, uw, runner, FakeGate())
    page.open_application(made.id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == made.id, timeout=10_000)
    d = page.detail
    assert d is not None and d.quote is not None
    return page, format_percent(offer_cost(d.product, d.quote).annual_cost)


def _type_term(page: ApplicationsPage, term: str) -> str:
    page.pane.q_term.setText(term)
    page.pane.q_term.editingFinished.emit()
    return str(page.pane.quote_summary.text())


def test_the_quote_states_the_cost_and_the_ceiling(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    page, cost = _page(qtbot, sqlite_db, runner)
    text = page.pane.quote_summary.text()
    assert f"received 19,400.00 · comprehensive annual cost {cost}" in text, text
    assert "ceiling" not in text and page.pane.quote_summary.property("cost_over_ceiling") is False
    text = _type_term(page, "3")  # 3 % up front over 3 months: above 24 % at any grade
    assert "above the 24.00% ceiling: these terms cannot be offered" in text, text
    assert page.pane.quote_summary.property("cost_over_ceiling") is True


def test_the_cost_reads_in_chinese(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner, chinese: list[QTranslator]
) -> None:
    page, cost = _page(qtbot, sqlite_db, runner)
    assert f"实际到账 19,400.00 · 综合年化成本 {cost}" in page.pane.quote_summary.text()
    text = _type_term(page, "3")
    assert "超过 24.00% 的上限：不能按此条件放款" in text, text
    assert "comprehensive" not in text and "ceiling" not in text
