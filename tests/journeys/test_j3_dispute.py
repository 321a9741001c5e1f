"""J3 dispute: the borrower calls (Ctrl+Shift+L opens the call panel), support logs a
dispute ticket on the loan; the collections case shows the hold and blocks contact;
the ticket is resolved on the tickets desk; the supervisor lifts the hold with a reason.

Driven through the real MainWindow (keys, clicks, typed text, dialog buttons); nothing
here calls a service."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models.audit import AuditEvent
from db.models.servicedesk import CollectionHold, Ticket
from tests.journeys.support_arrears import (  # noqa: F401  (fixtures)
    PHONE,
    Arrears,
    arrears,
    collections_client,
    days_after_due,
    end_of_day,
    journey_db,
)
from tests.journeys.support_intake import click, go_to, sign_in, sign_out, type_text
from ui.actions import ActionId
from ui.client import ClientController
from ui.main_window import MainWindow
from ui.views.collections.page import CollectionsPage
from ui.views.tickets.call_dock import CallDock
from ui.views.tickets.page import TicketsPage


def _open_case(qtbot: QtBot, window: MainWindow) -> CollectionsPage:
    page = go_to(window, ActionId.NAV_COLLECTIONS)
    assert isinstance(page, CollectionsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    rect = page.table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)
    return page


def _log_dispute_call(qtbot: QtBot, window: MainWindow) -> str:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(
        window.current_page() or window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dock = window.findChild(CallDock, "call_dock")
    assert dock is not None and dock.isVisible()
    panel = dock.panel
    qtbot.waitUntil(panel.search.hasFocus, timeout=5_000)
    qtbot.keyClicks(panel.search, PHONE)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: panel.loan.count() == 2, timeout=10_000)
    assert panel.loan.currentData() is not None  # the one loan, preselected
    for key in ("full_name", "date_of_birth", "id_last4"):
        click(qtbot, panel.identity[key])
    panel.category.setFocus()
    qtbot.keyClicks(panel.category, "Dispute")
    assert panel.category.currentData() == "dispute"
    type_text(qtbot, panel.notes, "Says the late fee was charged twice")
    click(qtbot, panel.save_button)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Saved to"), timeout=10_000)
    found = re.search(r"Saved to (\S+)", panel.message.text())
    assert found is not None
    return found.group(1)


def _resolve(qtbot: QtBot, window: MainWindow, number: str) -> None:
    page = go_to(window, ActionId.NAV_TICKETS)
    assert isinstance(page, TicketsPage)
    type_text(qtbot, page.search, number)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    rect = page.table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10_000)
    type_text(qtbot, detail.note, "Second charge refunded; the borrower agrees")
    qtbot.waitUntil(detail.buttons["resolved"].isEnabled, timeout=10_000)
    click(qtbot, detail.buttons["resolved"])
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.row.status == "resolved",
        timeout=10_000,
    )


def test_j3_dispute_pauses_collections_until_the_supervisor_lifts_the_hold(
    qtbot: QtBot,
    arrears: Arrears,  # noqa: F811
    collections_client: ClientController,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    end_of_day(arrears, days_after_due(arrears, 6), monkeypatch)

    # the borrower calls support: a dispute on their loan
    window = sign_in(qtbot, collections_client, "support")
    number = _log_dispute_call(qtbot, window)
    sign_out(qtbot, collections_client, window)

    # the agent's case shows the hold, and Start call is refused
    window = sign_in(qtbot, collections_client, "agent")
    page = _open_case(qtbot, window)
    assert "Contact and letters paused" in page.panel.browser.toPlainText()
    assert number in page.panel.browser.toPlainText()
    bar = page.panel.call_bar
    click(qtbot, bar.start_button)
    qtbot.waitUntil(lambda: "Paused" in bar.message.text(), timeout=10_000)
    assert not bar.number.isVisible()
    assert not page.panel.lift_button.isVisible()  # agents do not lift holds
    sign_out(qtbot, collections_client, window)

    # the supervisor cannot lift it yet: the button says why
    window = sign_in(qtbot, collections_client, "boss")
    page = _open_case(qtbot, window)
    assert not page.panel.lift_button.isEnabled()
    assert "is not resolved" in page.panel.lift_button.text()
    sign_out(qtbot, collections_client, window)

    # support resolves the ticket
    window = sign_in(qtbot, collections_client, "support")
    _resolve(qtbot, window, number)
    sign_out(qtbot, collections_client, window)

    # the supervisor lifts the hold, saying why
    window = sign_in(qtbot, collections_client, "boss")
    page = _open_case(qtbot, window)
    button = page.panel.lift_button
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    click(qtbot, button)
    dialog = page.lift_dialog
    assert dialog is not None and dialog.isVisible()
    line = dialog.findChild(QLineEdit)
    assert line is not None
    type_text(qtbot, line, "refund confirmed, dispute closed")
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    click(qtbot, box.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: page.status.text() == "Hold lifted.", timeout=10_000)
    qtbot.waitUntil(
        lambda: "Contact and letters paused" not in page.panel.browser.toPlainText(),
        timeout=10_000,
    )
    collections_client.runner.wait_for_done()

    with arrears.db.sessions() as s:
        ticket = s.scalars(select(Ticket).where(Ticket.number == number)).one()
        assert ticket.category == "dispute" and ticket.loan_id == arrears.loan_id
        hold = s.scalars(select(CollectionHold)).one()
        assert hold.lifted_at is not None
        lifted = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "collection_hold.lifted")
        ).one()
        assert lifted.actor_name == "boss" and "refund confirmed" in (lifted.after_json or "")
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "pii.revealed")).all() == []
