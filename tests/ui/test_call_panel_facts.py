"""The call panel shows the answers on file beside the identity questions (issue 13
point 17) and asks which loan a dispute is about, preselected when there is one, so
the dispute raises the hold (point 16)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.customers.service import CustomerInput, CustomerService
from app.errors import ValidationError
from app.loans.disbursement import LoanService
from app.servicedesk.calls import CallRecord, CallService
from app.servicedesk.service import NewTicket
from db.models.audit import AuditEvent
from db.models.servicedesk import CollectionHold
from tests.db.desk_helpers import Desk, make_desk, sh
from tests.loan_support import LoanWorld
from tests.support import TestDB
from ui.views.tickets.page import TicketsPage

PHONE = "13900005678"


def _borrower(desk: Desk, db: TestDB, loans: int = 1) -> tuple[int, list[int]]:
    world = LoanWorld(db)
    customer = CustomerService(desk.admin, db.vault).create(
        CustomerInput(
            kind="individual",
            name="李娜",
            phone=PHONE,
            birth_date=date(1988, 6, 9),
            address="建国路 88 号",
            city="北京",
        )
    )
    ids = [
        LoanService(world.ctx)
        .disburse(customer.id, world.product.id, "B", 1_200_000, 12, world.holdings(1_200_000))
        .id
        for _ in range(loans)
    ]
    return customer.id, ids


def test_call_panel_shows_the_answers_and_a_dispute_raises_the_hold(
    qtbot: QtBot, sqlite_db: TestDB
) -> None:
    desk = make_desk(sqlite_db)
    customer_id, (loan_id,) = _borrower(desk, sqlite_db)
    page = TicketsPage(ctx=desk.agent, vault=sqlite_db.vault)
    qtbot.addWidget(page)
    page.show()
    assert page.log_call_action is not None and page.call_panel is not None
    page.log_call_action.trigger()
    panel = page.call_panel
    qtbot.keyClicks(panel.search, PHONE)
    with qtbot.waitSignal(panel.callers_found, timeout=10_000):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.customer_id() == customer_id
    qtbot.waitUntil(lambda: panel.loan.count() == 2, timeout=10_000)
    assert panel.expected["full_name"].text() == "李娜"
    assert panel.expected["date_of_birth"].text() == "1988-06-09"
    assert panel.expected["registered_address"].text() == "建国路 88 号 北京"
    assert panel.loan.currentData() == loan_id  # the only loan, preselected
    panel.identity["date_of_birth"].click()
    panel.category.setFocus()
    while panel.category.currentData() != "dispute":
        qtbot.keyClick(panel.category, Qt.Key.Key_Down)
    qtbot.keyClicks(panel.notes, "Says the March payment was taken twice")
    with qtbot.waitSignal(panel.call_saved, timeout=10_000) as saved:
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].ticket.row.loan_id == loan_id
    with sqlite_db.sessions() as s:
        holds = s.scalars(select(CollectionHold).where(CollectionHold.loan_id == loan_id)).all()
        assert [(h.kind, h.lifted_at) for h in holds] == [("dispute", None)]
        shown = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "call.identity_shown")
        ).all()
        assert [e.entity_id for e in shown] == [str(customer_id)]
    page._runner.wait_for_done()


def test_a_dispute_without_a_loan_is_refused_when_the_caller_has_loans(
    sqlite_db: TestDB,
) -> None:
    desk = make_desk(sqlite_db)
    customer_id, _ = _borrower(desk, sqlite_db, loans=2)
    record = CallRecord(
        started_at=sh(2026, 3, 2, 9),
        ended_at=sh(2026, 3, 2, 9, 5),
        notes="disputes a charge",
        customer_id=customer_id,
        new_ticket=NewTicket(subject="Dispute", category="dispute", customer_id=customer_id),
    )
    with pytest.raises(ValidationError, match="choose the loan"):
        CallService(desk.agent, sqlite_db.vault).log_call(record)
