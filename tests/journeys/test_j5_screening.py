"""J5 screening: a potential sanctions/PEP match on a complete customer closes the gate
for a pending application; the officer who recorded it cannot clear it, another one
does from the KYC desk's screening queue; the underwriter then approves.

Driven through the real MainWindow (clicks, typed text, dialog buttons); services
only make the setup data."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.context import ServiceContext
from app.kyc.screening import MatchInput, ScreeningService
from app.origination.service import ApplicationService
from app.security.users import authenticate
from db.models.kyc import KycScreeningMatch
from db.models.origination import Application
from tests.journeys.support_intake import (  # noqa: F401  (fixture)
    answer_dialog,
    click,
    client,
    go_to,
    sign_in,
    sign_out,
)
from tests.kyc_support import complete, new_customer, today
from tests.origination_support import form, make_product
from tests.support import USER_PASSWORD, TestDB
from ui.actions import ActionId
from ui.client import ClientController
from ui.views.applications.dialogs import ApproveDialog
from ui.views.applications.page import ApplicationsPage
from ui.views.kyc.dialogs import ReasonDialog
from ui.views.kyc.page import KycPage


def _as(db: TestDB, username: str) -> ServiceContext:
    return ServiceContext(db.sessions, authenticate(db.sessions, username, USER_PASSWORD))


def _setup(db: TestDB) -> tuple[int, int, int]:
    """A complete customer with a pending application and an open PEP match recorded
    by kyc_a: (customer id, application id, match id)."""
    make_product(db)
    kyc_a = _as(db, "kyc_a")
    customer = new_customer(db, kyc_a)
    complete(db, kyc_a, customer)
    made = ApplicationService(_as(db, "clerk"), db.vault).submit(
        form(amount="20000"), customer_id=customer
    )
    run = ScreeningService(kyc_a).record(
        customer, "PEP list", today(db), [MatchInput("同名官员", "same name, province differs")]
    )
    return customer, made.id, run.matches[0].id


def _open_first_application(qtbot: QtBot, page: ApplicationsPage) -> None:
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    click(qtbot, page.take_next_button)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)


def _review_from_queue(qtbot: QtBot, page: KycPage, reason: str) -> list[ReasonDialog]:
    """Screening matches tab -> the match row -> the match in the screening box ->
    False positive… -> type the reason -> OK."""
    page.tabs.setCurrentWidget(page.matches)
    qtbot.waitUntil(lambda: page.matches.table.rowCount() == 1, timeout=10_000)
    assert page.matches.table.item(0, 1).text() == "PEP list"
    assert page.matches.table.item(0, 2).text() == "同名官员"
    rect = page.matches.table.visualItemRect(page.matches.table.item(0, 0))
    qtbot.mouseClick(page.matches.table.viewport(), _left(), pos=rect.center())
    box = page.panel.screening
    qtbot.waitUntil(lambda: _match_item(box.tree) is not None, timeout=10_000)
    match = _match_item(box.tree)
    assert match is not None
    box.tree.setCurrentItem(match)
    match.setSelected(True)

    def fill(dialog: ReasonDialog) -> None:
        dialog.text.setPlainText(reason)
        dialog.ok_button.click()

    answered = answer_dialog(ReasonDialog, fill)
    click(qtbot, box.false_button)
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    return answered


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _match_item(tree: QTreeWidget) -> QTreeWidgetItem | None:
    """The row of the PEP match in the customer's screening box."""
    for n in range(tree.topLevelItemCount()):
        run = tree.topLevelItem(n)
        for c in range(run.childCount() if run is not None else 0):
            child = run.child(c) if run is not None else None
            if child is not None and child.text(0) == "同名官员":
                return child
    return None


def test_j5_open_match_blocks_until_another_officer_clears_it(
    qtbot: QtBot,
    sqlite_db: TestDB,
    client: ClientController,  # noqa: F811
) -> None:
    _customer, application_id, match_id = _setup(sqlite_db)

    # the underwriter sees the gate closed by the open match
    window = sign_in(qtbot, client, "under")
    page = go_to(window, ActionId.NAV_APPLICATIONS)
    assert isinstance(page, ApplicationsPage)
    _open_first_application(qtbot, page)
    body = page.pane.body.toPlainText()
    assert "blocked" in body and "Screening match awaiting review" in body
    assert "PEP list: 同名官员" in body
    sign_out(qtbot, client, window)

    # the officer who recorded the match may not clear it
    window = sign_in(qtbot, client, "kyc_a")
    kyc = go_to(window, ActionId.NAV_KYC)
    assert isinstance(kyc, KycPage)
    _review_from_queue(qtbot, kyc, "different province")
    qtbot.waitUntil(lambda: "Four eyes" in kyc.panel.message.text(), timeout=10_000)
    sign_out(qtbot, client, window)

    # a second officer clears it; the queue empties
    window = sign_in(qtbot, client, "kyc_b")
    kyc = go_to(window, ActionId.NAV_KYC)
    assert isinstance(kyc, KycPage)
    _review_from_queue(qtbot, kyc, "different province and birth year")
    qtbot.waitUntil(lambda: kyc.matches.table.rowCount() == 0, timeout=10_000)
    assert "Four eyes" not in kyc.panel.message.text()
    sign_out(qtbot, client, window)

    # the underwriter approves
    window = sign_in(qtbot, client, "under")
    page = go_to(window, ActionId.NAV_APPLICATIONS)
    assert isinstance(page, ApplicationsPage)
    page.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    rect = page.table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), _left(), pos=rect.center())
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    qtbot.waitUntil(lambda: "open" in page.pane.body.toPlainText(), timeout=10_000)
    approve = page.buttons["approve"]
    qtbot.waitUntil(approve.isEnabled, timeout=10_000)

    def ok(dialog: ApproveDialog) -> None:
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() in ("OK", "&OK"))
        button.click()

    answered = answer_dialog(ApproveDialog, ok)
    click(qtbot, approve)
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.waitUntil(lambda: page.message.text() == "Approved.", timeout=10_000)
    client.runner.wait_for_done()

    with sqlite_db.sessions() as s:
        match = s.get(KycScreeningMatch, match_id)
        assert match is not None and match.status == "false_positive"
        assert match.reviewed_by_name == "kyc_b"
        status = s.scalars(select(Application.status).where(Application.id == application_id)).one()
    assert status == "approved"
