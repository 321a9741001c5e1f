"""J1 new borrower, intake to a disbursed loan: the clerk enters an application for a new
customer; the customer's KYC checklist is there at once; one officer attaches the
evidence and submits, another takes it from the queue and verifies; an underwriter
recommends above the four-eyes threshold and a senior approves, funds it from the
investors' pool, disburses and saves the agreement (its Chinese text read back).

Driven through the real MainWindow (clicks, typed text, dialog buttons, the file
dialog); nothing here calls a service."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.kyc.png import card_image
from app.loans.funding import InvestorService
from db.models.audit import AuditEvent
from db.models.customers import Customer
from db.models.kyc import KycChecklist
from db.models.loans import Loan
from db.models.origination import Application
from tests.journeys.support_intake import (  # noqa: F401  (fixture)
    answer_dialog,
    backend_client,
    click,
    go_to,
    journey_db,
    sign_in,
    sign_out,
    type_text,
)
from tests.origination_support import make_product
from tests.support import TestDB
from ui.actions import ActionId
from ui.client import ClientController
from ui.dialogs.customer import CustomerDialog
from ui.main_window import MainWindow
from ui.views.applications.confirm import ConfirmDialog
from ui.views.applications.dialogs import ApproveDialog, IntakeDialog
from ui.views.applications.page import ApplicationsPage
from ui.views.kyc.page import KycPage
from ui.views.kyc.screening_box import RecordScreeningDialog

PHONE = "13912345678"


def _valid_id() -> str:
    from app.customers.identity import resident_id_check_char

    return "11010519900307123" + resident_id_check_char("11010519900307123")


def _valid_card() -> str:
    from app.customers.identity import luhn_check_digit

    return "622202020011223344" + luhn_check_digit("622202020011223344")


def _press_ok(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and ok.isEnabled()
    ok.click()


def _intake(qtbot: QtBot, window: MainWindow) -> None:
    page = go_to(window, ActionId.NAV_APPLICATIONS)
    assert isinstance(page, ApplicationsPage)
    click(qtbot, page.new_button)
    dialog = page.findChild(IntakeDialog)
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.new_customer)
    assert not dialog.customer.isEnabled()
    typed = {
        "new_name": "赵六",
        "new_id_number": _valid_id(),
        "new_phone": PHONE,
        "new_bank_card": _valid_card(),
    }
    for name, text in typed.items():
        type_text(qtbot, dialog.new_fields[name], text)
    for name, text in {
        "amount": "60000",
        "term": "12",
        "purpose": "Home repairs",
        "monthly_income": "30000",
        "monthly_debt": "1000",
        "bureau_score": "720",
        "open_accounts": "3",
        "delinquencies_24m": "0",
        "inquiries_6m": "1",
    }.items():
        type_text(qtbot, dialog.fields[name], text)
    _press_ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)


def _click_row(qtbot: QtBot, page: KycPage, code: str) -> None:
    panel = page.panel
    assert panel.view is not None
    row = next(n for n, i in enumerate(panel.view.items) if i.code == code)
    rect = panel.items.visualItemRect(panel.items.item(row, 0))
    panel.items.scrollToItem(panel.items.item(row, 0))
    rect = panel.items.visualItemRect(panel.items.item(row, 0))
    qtbot.mouseClick(panel.items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: (panel.selected_item() or object()).__dict__ is not None)
    selected = panel.selected_item()
    assert selected is not None and selected.code == code


def _state(page: KycPage, code: str) -> str:
    assert page.panel.view is not None
    return next(i.state for i in page.panel.view.items if i.code == code)


def _submit_everything(qtbot: QtBot, page: KycPage, evidence: Path) -> list[str]:
    """Officer one: attach a file where the item wants one, submit every open item,
    record a clean screening run."""
    panel = page.panel
    assert panel.view is not None
    # the screening item needs a recorded run before it can be verified
    answered = answer_dialog(RecordScreeningDialog, _press_ok)
    click(qtbot, panel.screening.record_button)
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.waitUntil(lambda: panel.screening.tree.topLevelItemCount() >= 1, timeout=10_000)
    codes = [i.code for i in panel.view.items if i.state == "pending"]
    for code in codes:
        _click_row(qtbot, page, code)
        item = panel.selected_item()
        assert item is not None
        if item.evidence_required:

            def pick(dialog: QFileDialog) -> None:
                dialog.selectFile(str(evidence))
                dialog.accept()

            picked = answer_dialog(QFileDialog, pick)
            click(qtbot, panel.buttons["attach"])
            qtbot.waitUntil(lambda picked=picked: bool(picked), timeout=10_000)
            qtbot.waitUntil(
                lambda code=code: any(
                    i.current_evidence for i in panel.view.items if i.code == code
                ),
                timeout=10_000,
            )
            _click_row(qtbot, page, code)
        click(qtbot, panel.buttons["submit"])
        qtbot.waitUntil(lambda code=code: _state(page, code) == "submitted", timeout=10_000)
    return codes


def _verify_everything(qtbot: QtBot, page: KycPage, codes: list[str]) -> None:
    panel = page.panel
    for code in codes:
        _click_row(qtbot, page, code)
        qtbot.waitUntil(panel.buttons["verify"].isEnabled, timeout=5_000)
        click(qtbot, panel.buttons["verify"])
        qtbot.waitUntil(
            lambda code=code: _state(page, code) == "verified" or panel.message.text() != "",
            timeout=10_000,
        )
        assert _state(page, code) == "verified", panel.message.text()


def _confirm_summary(dialog: ConfirmDialog) -> None:
    """Read the summary (who, how much) before pressing the confirming button."""
    assert dialog.summary["Borrower"].text().startswith("赵六")
    assert dialog.summary["Amount"].text() == "60,000.00"
    dialog.ok_button.click()


def _decide(qtbot: QtBot, page: ApplicationsPage, button: str, message: str) -> None:
    answered = answer_dialog(ApproveDialog, _press_ok)
    click(qtbot, page.buttons[button])
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.waitUntil(lambda: page.message.text().startswith(message), timeout=10_000)


@pytest.fixture
def lending(journey_db: TestDB) -> TestDB:  # noqa: F811
    """The database the journey starts from: a product and two investors with cash."""
    make_product(journey_db)
    for name, cash in (("投资人甲", 4_000_000), ("Investor B", 3_000_000)):
        investor = InvestorService(journey_db.admin()).create(name)
        InvestorService(journey_db.admin()).deposit(investor.id, cash, f"dep-{name}")
    return journey_db


def test_j1_new_borrower_from_intake_to_disbursement(
    qtbot: QtBot,
    lending: TestDB,
    backend_client: ClientController,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []  # the PDF viewer the client hands the saved file to
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    evidence = tmp_path / "scan.png"
    evidence.write_bytes(card_image(3))

    # intake: a new customer typed into New application
    window = sign_in(qtbot, backend_client, "clerk")
    _intake(qtbot, window)
    with lending.sessions() as s:
        customer = s.scalars(select(Customer).where(Customer.name == "赵六")).one()
        assert s.scalars(select(KycChecklist).where(KycChecklist.customer_id == customer.id)).one()
        number = customer.number
    sign_out(qtbot, backend_client, window)

    # officer one finds the customer, opens the checklist from the customer page
    window = sign_in(qtbot, backend_client, "kyc_a")
    window.search.setText(number)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(CustomerDialog) is not None, timeout=10_000)
    page_dialog = window.findChild(CustomerDialog)
    assert page_dialog is not None
    qtbot.waitUntil(page_dialog.open_kyc_button.isVisible, timeout=10_000)
    assert not page_dialog.start_kyc_button.isVisible()  # it came with the customer
    click(qtbot, page_dialog.open_kyc_button)
    kyc = window.current_page()
    assert isinstance(kyc, KycPage)
    qtbot.waitUntil(lambda: kyc.panel.view is not None, timeout=10_000)
    assert kyc.panel.view is not None and kyc.panel.view.customer_name == "赵六"
    codes = _submit_everything(qtbot, kyc, evidence)
    assert {"id_card", "face_match", "mobile", "bank_card", "screening"} <= set(codes)
    sign_out(qtbot, backend_client, window)

    # officer two takes it from the queue and verifies (four eyes, no claim in the way)
    window = sign_in(qtbot, backend_client, "kyc_b")
    kyc = go_to(window, ActionId.NAV_KYC)
    assert isinstance(kyc, KycPage)
    click(qtbot, kyc.take_next_button)
    qtbot.waitUntil(lambda: kyc.panel.view is not None, timeout=10_000)
    _verify_everything(qtbot, kyc, codes)
    qtbot.waitUntil(lambda: "complete" in kyc.panel.state_label.text().lower(), timeout=10_000)
    sign_out(qtbot, backend_client, window)

    # the underwriter recommends above the threshold, a senior approves
    window = sign_in(qtbot, backend_client, "under")
    apps = go_to(window, ActionId.NAV_APPLICATIONS)
    assert isinstance(apps, ApplicationsPage)
    qtbot.waitUntil(lambda: apps.model.rowCount() == 1, timeout=10_000)
    click(qtbot, apps.take_next_button)
    qtbot.waitUntil(lambda: apps.detail is not None, timeout=10_000)
    assert "open" in apps.pane.body.toPlainText()
    qtbot.waitUntil(apps.buttons["recommend"].isEnabled, timeout=10_000)
    _decide(qtbot, apps, "recommend", "Recommended")
    sign_out(qtbot, backend_client, window)

    window = sign_in(qtbot, backend_client, "senior")
    apps = go_to(window, ActionId.NAV_APPLICATIONS)
    assert isinstance(apps, ApplicationsPage)
    qtbot.waitUntil(lambda: apps.model.rowCount() == 1, timeout=10_000)
    rect = apps.table.visualRect(apps.model.index(0, 0))
    qtbot.mouseClick(apps.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: apps.detail is not None, timeout=10_000)
    qtbot.waitUntil(apps.buttons["approve"].isEnabled, timeout=10_000)
    _decide(qtbot, apps, "approve", "Approved")

    # the senior funds it from the investors' pool, disburses, saves the agreement
    for button, done in (("fund", "Funded."), ("disburse", "Disbursed.")):
        qtbot.waitUntil(apps.buttons[button].isEnabled, timeout=10_000)
        confirmed = answer_dialog(ConfirmDialog, _confirm_summary)
        click(qtbot, apps.buttons[button])
        qtbot.waitUntil(lambda confirmed=confirmed: bool(confirmed), timeout=10_000)
        qtbot.waitUntil(lambda done=done: apps.message.text() == done, timeout=10_000)
    qtbot.waitUntil(apps.buttons["agreement"].isEnabled, timeout=10_000)
    target = tmp_path / "agreement.pdf"

    def save_as(dialog: QFileDialog) -> None:
        dialog.selectFile(str(target))
        dialog.accept()

    saved = answer_dialog(QFileDialog, save_as)
    click(qtbot, apps.buttons["agreement"])
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    qtbot.waitUntil(lambda: opened == [str(target)], timeout=20_000)
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    assert "赵六" in text and _valid_id() in text
    backend_client.runner.wait_for_done()

    with lending.sessions() as s:
        application = s.scalars(select(Application)).one()
        assert application.status == "disbursed"
        loan = s.scalars(select(Loan)).one()
        assert loan.principal == 6_000_000 and loan.customer_id == application.customer_id
        checklist = s.scalars(select(KycChecklist)).one()
        assert checklist.state == "complete"
        verifiers = set(
            s.scalars(select(AuditEvent.actor_name).where(AuditEvent.action == "kyc.item_verify"))
        )
    assert verifiers == {"kyc_b"}
