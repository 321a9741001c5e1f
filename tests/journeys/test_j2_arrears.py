"""J2 arrears: days pass (the real ``p2pdesk eod``) and the overdue loan's case appears
in the agent's queue; the agent starts a call within the contact rules (the number is
shown for the call), logs a promise to pay, takes the payment by phone, and the case
leaves the queue at once.

Driven through the real MainWindow (clicks, typed text, dialog buttons); nothing here
calls a service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models.audit import AuditEvent
from db.models.collections import CollectionCase, PromiseToPay
from db.models.loans import Payment
from tests.journeys.support_arrears import (  # noqa: F401  (fixtures)
    PHONE,
    Arrears,
    arrears,
    collections_client,
    days_after_due,
    end_of_day,
    journey_db,
)
from tests.journeys.support_intake import answer_dialog, click, go_to, sign_in, type_text
from ui.actions import ActionId
from ui.client import ClientController
from ui.views.collections.dialogs import LogContactDialog, PhonePaymentDialog
from ui.views.collections.page import CollectionsPage


def _press_ok(box: QDialogButtonBox) -> None:
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and ok.isEnabled()
    ok.click()


def test_j2_arrears_call_promise_payment_leaves_the_queue(
    qtbot: QtBot,
    arrears: Arrears,  # noqa: F811
    collections_client: ClientController,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialled: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: dialled.append(url.toString()))
    end_of_day(arrears, days_after_due(arrears, 6), monkeypatch)

    window = sign_in(qtbot, collections_client, "agent")
    page = go_to(window, ActionId.NAV_COLLECTIONS)
    assert isinstance(page, CollectionsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)  # My cases
    rect = page.table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.panel.view is not None, timeout=10_000)
    view = page.panel.view
    assert view is not None and view.row.dpd == 6
    owed = view.total_to_bring_current
    assert PHONE not in page.panel.browser.toPlainText()

    # the call: rules checked, the number shown for it, dialled
    bar = page.panel.call_bar
    click(qtbot, bar.start_button)
    qtbot.waitUntil(bar.number.isVisible, timeout=10_000)
    assert bar.number.text() == PHONE
    click(qtbot, bar.dial_button)
    assert dialled == [f"tel:{PHONE}"]

    def promise(dialog: LogContactDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.waitUntil(ok.isEnabled, timeout=10_000)  # the rules allow it
        dialog.outcome.setFocus()
        qtbot.keyClicks(dialog.outcome, "Promise")
        assert dialog.outcome.currentData() == "promise_to_pay"
        type_text(qtbot, dialog.promise_amount, f"{owed / 100:.2f}")
        type_text(qtbot, dialog.note, "will pay by phone now")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    answered = answer_dialog(LogContactDialog, promise)
    click(qtbot, bar.end_button)
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.waitUntil(lambda: page.status.text() == "Contact logged.", timeout=10_000)
    assert not bar.number.isVisible()

    # the payment by phone: the case leaves the queue at once
    def pay(dialog: PhonePaymentDialog) -> None:
        type_text(qtbot, dialog.amount, f"{owed / 100:.2f}")
        type_text(qtbot, dialog.reference, "RCPT-J2-1")
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        _press_ok(box)

    paid = answer_dialog(PhonePaymentDialog, pay)
    action = page.actions_by_name["collections_phone_payment"]
    button = page.toolbar.widgetForAction(action)
    click(qtbot, button)
    qtbot.waitUntil(lambda: bool(paid), timeout=10_000)
    qtbot.waitUntil(lambda: page.status.text() == "Payment posted.", timeout=10_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    collections_client.runner.wait_for_done()

    db = arrears.db
    with db.sessions() as s:
        case = s.scalars(select(CollectionCase)).one()
        assert not case.is_open and case.status == "resolved"
        promise_row = s.scalars(select(PromiseToPay)).one()
        assert promise_row.amount == owed
        assert s.scalars(select(Payment.amount).where(Payment.channel == "phone")).one() == owed
        reveal = s.scalars(select(AuditEvent).where(AuditEvent.action == "pii.revealed")).one()
        assert reveal.actor_name == "agent" and "collection_call" in (reveal.after_json or "")
