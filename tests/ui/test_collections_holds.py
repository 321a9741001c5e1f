"""Lifting a dispute hold (issue 13 point 12): a collections supervisor lifts it with a
reason (audited) once its ticket is resolved, from the case view and from the customer
page; while the ticket is not resolved the button is there, disabled, and says why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.customers.service import CustomerService
from app.security.permissions import Role
from app.servicedesk.service import NewTicket, TicketService
from db.models.audit import AuditEvent
from db.models.servicedesk import CollectionHold
from tests.db.test_collections_service import Desk
from tests.support import TestDB
from tests.ui.test_collections_desk import make_page, runner  # noqa: F401  (fixture)
from ui.dialogs.customer import CustomerDialog
from ui.tasks import TaskRunner


def _dispute(db: TestDB, desk: Desk) -> tuple[TicketService, int]:
    support = TicketService(db.user(Role.SUPPORT_AGENT))
    ticket = support.create(
        NewTicket(
            subject="Says the late fee is wrong",
            category="dispute",
            customer_id=desk.case.customer_id,
            loan_id=desk.loan_id,
        )
    )
    return support, ticket.row.id


def _give_reason(qtbot: QtBot, dialog: QInputDialog | None, reason: str) -> None:
    assert dialog is not None and dialog.isVisible()
    line = dialog.findChild(QLineEdit)
    assert line is not None
    qtbot.keyClicks(line, reason)
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _lifted(db: TestDB) -> tuple[bool, str]:
    with db.sessions() as s:
        hold = s.scalars(select(CollectionHold)).one()
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "collection_hold.lifted")
        ).first()
    return hold.lifted_at is not None, (event.after_json or "") if event else ""


def test_supervisor_lifts_a_hold_from_the_case_view_once_the_ticket_is_resolved(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
) -> None:
    desk = Desk(sqlite_db)
    support, ticket_id = _dispute(sqlite_db, desk)
    page = make_page(qtbot, sqlite_db, desk.sup, runner)
    page.open_case(desk.case.id)
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)
    button = page.panel.lift_button
    assert "Contact and letters paused" in page.panel.browser.toPlainText()
    # the ticket is still open: the button is there, disabled, and says why
    assert button.isVisible() and not button.isEnabled()
    assert "is not resolved" in button.text() and "can be lifted once" in button.toolTip()

    support.transition(ticket_id, "resolved")
    page.actions_by_name["collections_refresh"].trigger()
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _give_reason(qtbot, page.lift_dialog, "fee refunded, dispute settled")
    qtbot.waitUntil(lambda: page.status.text() == "Hold lifted.", timeout=10_000)
    lifted, audited = _lifted(sqlite_db)
    assert lifted and "fee refunded, dispute settled" in audited
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=10_000)
    assert "Contact and letters paused" not in page.panel.browser.toPlainText()


def test_an_agent_gets_no_lift_button(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
) -> None:
    desk = Desk(sqlite_db)
    _dispute(sqlite_db, desk)
    page = make_page(qtbot, sqlite_db, desk.agent, runner)
    page.open_case(desk.case.id)
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)
    assert not page.panel.lift_button.isVisible()


def test_supervisor_lifts_a_hold_from_the_customer_page(
    qtbot: QtBot,
    sqlite_db: TestDB,
    runner: TaskRunner,  # noqa: F811
) -> None:
    desk = Desk(sqlite_db)
    support, ticket_id = _dispute(sqlite_db, desk)

    def open_page() -> CustomerDialog:
        dialog = CustomerDialog(
            CustomerService(desk.sup, sqlite_db.vault),
            desk.case.customer_id,
            runner,
            can_reveal=False,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.overview.overview is not None, timeout=10_000)
        return dialog

    dialog = open_page()
    [button] = dialog.overview.lift_buttons.values()
    assert not button.isEnabled() and "is not resolved" in button.text()
    dialog.close()

    support.transition(ticket_id, "resolved")
    dialog = open_page()
    [button] = dialog.overview.lift_buttons.values()
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _give_reason(qtbot, dialog.lift_dialog, "customer agreed the fee")
    qtbot.waitUntil(lambda: dialog.message.text() == "Hold lifted.", timeout=10_000)
    lifted, audited = _lifted(sqlite_db)
    assert lifted and "customer agreed the fee" in audited
    qtbot.waitUntil(lambda: not dialog.overview.lift_buttons, timeout=10_000)
    assert dialog.findChild(QPushButton, "customer_lift_hold") is None or not any(
        b.isVisible() for b in dialog.findChildren(QPushButton, "customer_lift_hold")
    )
