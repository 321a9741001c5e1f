"""The customer panel: one glance shows whether the caller is overdue, disputing
or mid-application; the same panel is on the shell's customer page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.origination.service import ApplicationService
from app.security.permissions import Role
from app.servicedesk.service import NewTicket, TicketService
from tests.collections_support import make_loan, set_delinquency
from tests.db.desk_helpers import make_desk
from tests.origination_support import form, make_product
from tests.support import TestDB
from ui.tasks import TaskRunner
from ui.views.customer.panel import CustomerPanel


def texts(panel: CustomerPanel, name: str) -> str:
    box = panel.findChild(QLabel, name) or panel.findChild(object, name)
    assert box is not None, name
    return " | ".join(label.text() for label in box.findChildren(QLabel))


def test_overdue_loan_dispute_hold_and_open_application_all_show(
    qtbot: QtBot, sqlite_db: TestDB
) -> None:
    desk = make_desk(sqlite_db)
    customer = desk.customer_id
    loan = make_loan(sqlite_db, customer, disbursed=date(2025, 10, 5))
    set_delinquency(sqlite_db, loan, 35)
    TicketService(desk.agent).create(
        NewTicket(
            subject="Disputed late fee", category="dispute", customer_id=customer, loan_id=loan
        )
    )
    make_product(sqlite_db)
    application = ApplicationService(sqlite_db.user(Role.UNDERWRITER), sqlite_db.vault).submit(
        form(), customer_id=customer
    )
    runner = TaskRunner()
    panel = CustomerPanel(ctx=desk.agent, runner=runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_customer(customer)

    badges = [b.text() for b in panel.findChildren(QLabel, "customer_badge")]
    assert badges[:3] == ["Overdue", "Dispute: collections paused", "Mid-application"]
    loans = texts(panel, "customer_section_loans")
    assert "35 days past due" in loans and "L-T" in loans
    assert "M2 (31-60 days late)" in loans and "repaying" in loans
    holds = texts(panel, "customer_section_holds")
    assert "Dispute: collections contact paused since" in holds
    assert texts(panel, "customer_section_applications").count(application.number) == 1
    assert "Disputed late fee" in texts(panel, "customer_section_tickets")
    assert "*******1234" in panel.identity.text()  # identity masked
    assert "13800001234" not in panel.identity.text()
    runner.wait_for_done()


def test_a_quiet_customer_has_no_flags(qtbot: QtBot, sqlite_db: TestDB) -> None:
    desk = make_desk(sqlite_db)
    runner = TaskRunner()
    panel = CustomerPanel(ctx=desk.agent, runner=runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_customer(desk.customer_id)
    badges = [b.text() for b in panel.findChildren(QLabel, "customer_badge")]
    assert badges == ["KYC not complete"]  # no checklist yet; nothing else to flag
    assert panel.findChild(object, "customer_section_loans") is None
    runner.wait_for_done()


def test_the_sections_read_in_chinese_without_raw_codes(
    qtbot: QtBot, sqlite_db: TestDB, chinese: list[QTranslator]
) -> None:
    """Loans, the collection case and open applications are worded from their facts:
    buckets, loan and case statuses, channels and holds in Chinese; no codes."""
    desk = make_desk(sqlite_db)
    customer = desk.customer_id
    loan = make_loan(sqlite_db, customer, disbursed=date(2025, 10, 5))
    set_delinquency(sqlite_db, loan, 35)
    TicketService(desk.agent).create(
        NewTicket(subject="有争议的罚息", category="dispute", customer_id=customer, loan_id=loan)
    )
    make_product(sqlite_db)
    ApplicationService(sqlite_db.user(Role.UNDERWRITER), sqlite_db.vault).submit(
        form(), customer_id=customer
    )
    runner = TaskRunner()
    panel = CustomerPanel(ctx=desk.agent, runner=runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_customer(customer)
    loans = texts(panel, "customer_section_loans")
    assert "逾期 35 天" in loans and "M2（逾期 31-60 天）" in loans and "还款中" in loans, loans
    applications = texts(panel, "customer_section_applications")
    assert "已提交" in applications, applications
    shown = " ".join(
        texts(panel, name) for name in ("customer_section_loans", "customer_section_applications")
    )
    case = panel.findChild(object, "customer_section_collections")
    if case is not None:
        case_text = texts(panel, "customer_section_collections")
        assert "逾期 35 天" in case_text and "工单" in case_text, case_text
        shown += " " + case_text
    for raw in ("DPD", "active", "current", "submitted", "dispute", "open", "days past due"):
        assert raw not in shown, (raw, shown)
    runner.wait_for_done()
