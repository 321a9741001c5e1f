"""KYC administration and evidence previews: the template editor publishes versions
(existing checklists keep theirs), the blacklist dialog adds and removes entries
by blind index and shows only masked values, PDFs render through QtPdf, and the
Admin menu reaches both dialogs."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.customers import fields
from app.kyc.blacklist import BlacklistService
from app.kyc.evidence import EvidenceService
from app.kyc.service import ChecklistService
from app.kyc.templates import TemplateService
from app.security.permissions import Role
from db.models.customers import Customer
from db.models.kyc import KycEvidence
from tests.kyc_support import new_customer
from tests.support import ADMIN_PASSWORD, TestDB
from tests.ui.conftest import log_in
from tests.ui.test_kyc_desk import make_page
from ui.actions import ActionId
from ui.client import ClientController
from ui.tasks import TaskRunner
from ui.views.kyc.admin_blacklist import BlacklistDialog
from ui.views.kyc.admin_templates import Column, TemplateEditorDialog
from ui.views.kyc.dialogs import pdf_thumbnail


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def pdf_bytes(pages: int = 2) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    for n in range(pages):
        canvas.setFont("Helvetica-Bold", 36)
        canvas.drawString(72, 720, f"Income proof page {n + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def has_ink(image: QImage) -> bool:
    """True when some pixel is dark: the page was rendered, not just a white sheet."""
    step = 4
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            if image.pixelColor(x, y).lightness() < 80:
                return True
    return False


# template editor ------------------------------------------------------------


def editor(qtbot: QtBot, db: TestDB, runner: TaskRunner, *, can_edit: bool = True):  # type: ignore[no-untyped-def]
    dialog = TemplateEditorDialog(TemplateService(db.admin()), runner, can_edit=can_edit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    return dialog


def test_publishing_a_template_leaves_existing_checklists_alone(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    db = sqlite_db
    officer = db.user(Role.KYC_OFFICER)
    old = ChecklistService(officer, db.vault).open(new_customer(db, officer))
    dialog = editor(qtbot, db, runner)
    assert dialog.current_kind() == "individual"
    assert [s.code for s in dialog.specs()][:2] == ["id_card", "name_match"]
    assert not dialog.publish_button.isEnabled()  # nothing changed yet

    dialog.table.item(1, Column.LABEL).setText("Name matches the ID card")
    dialog.add_item()
    row = dialog.table.rowCount() - 1
    dialog.table.item(row, Column.CODE).setText("employment")
    dialog.table.item(row, Column.LABEL).setText("Employment letter")
    days = dialog.table.cellWidget(row, Column.VALIDITY)
    assert isinstance(days, QSpinBox)
    days.setValue(90)
    dialog.move_item(-1)  # now just above the last row
    assert dialog.publish_button.isEnabled()
    with qtbot.waitSignal(dialog.published, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    published = blocker.args[0]
    assert published.template_version == 2 and published.active
    assert "Version 2" in dialog.version.currentText()
    assert dialog.version.count() == 2
    codes = [s.code for s in published.items]
    assert codes[-2:] == ["employment", "blacklist"]
    assert published.items[-2].validity_days == 90
    assert "published" in dialog.message.text()

    service = ChecklistService(officer, db.vault)
    kept = service.get(old.id)
    assert kept.template_id == old.template_id
    assert "employment" not in [i.code for i in kept.items]
    fresh = service.open(new_customer(db, officer, index=1))
    assert fresh.template_id == published.id
    assert "Name matches the ID card" in [i.label for i in fresh.items]


def test_an_invalid_template_is_refused_with_the_row_named(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    dialog = editor(qtbot, sqlite_db, runner)
    dialog.table.item(1, Column.CODE).setText("id_card")  # the same code as row 1
    dialog.publish()
    qtbot.waitUntil(lambda: "twice" in dialog.message.text(), timeout=10_000)
    assert "item 2" in dialog.message.text()
    assert dialog.version.count() == 1
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(1, Column.CODE).text() == "name_match"
    assert not dialog.publish_button.isEnabled()


def test_without_the_permission_the_editor_only_shows(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    dialog = editor(qtbot, sqlite_db, runner, can_edit=False)
    assert not dialog.publish_button.isVisible() and not dialog.add_button.isVisible()
    assert dialog.name.isReadOnly()
    assert not dialog.table.cellWidget(0, Column.ROLE).isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("business"))
    qtbot.waitUntil(lambda: dialog.specs()[0].code == "licence", timeout=10_000)


# blacklist ------------------------------------------------------------------


def blacklist(
    qtbot: QtBot, service: BlacklistService, runner: TaskRunner, **kw: bool
) -> BlacklistDialog:
    dialog = BlacklistDialog(
        service, runner, can_add=kw.get("can_add", True), can_remove=kw.get("can_remove", True)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_blacklist_add_shows_masked_value_and_blocks_the_customer(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    db = sqlite_db
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer)
    view = ChecklistService(officer, db.vault).open(cid)
    with db.sessions() as s:
        customer = s.get(Customer, cid)
        assert customer is not None and customer.phone_enc is not None
        phone = fields.read(db.vault, customer, "phone")
    dialog = blacklist(qtbot, BlacklistService(officer, db.vault), runner, can_remove=False)
    assert not dialog.remove_button.isVisible()

    dialog.kind.setCurrentIndex(dialog.kind.findData("phone"))
    dialog.value.setText("1390000111")  # ten digits: refused, nothing stored
    dialog.reason.setText("fraud ring 2026-03")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "11-digit" in dialog.message.text(), timeout=10_000)
    assert dialog.table.rowCount() == 0

    dialog.value.setText(phone)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    shown = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert shown[2] == "*******" + phone[-4:]
    assert all(phone not in text for text in shown)
    assert phone not in dialog.message.text()
    assert dialog.value.text() == ""
    after = ChecklistService(officer, db.vault).get(view.id)
    assert next(i.state for i in after.items if i.code == "blacklist") == "rejected"


def test_blacklist_remove_needs_a_reason_and_a_supervisor(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    db = sqlite_db
    officer = db.user(Role.KYC_OFFICER)
    entry = BlacklistService(officer, db.vault).add("bank_card", "4111111111111111", "stolen")
    refused = blacklist(qtbot, BlacklistService(officer, db.vault), runner)
    refused.remove(entry.id, "typo")  # the service checks again, whatever the dialog offers
    qtbot.waitUntil(lambda: refused.message.text() != "", timeout=10_000)
    assert refused.table.item(0, 4).text() == "active"
    dialog = blacklist(qtbot, BlacklistService(db.admin(), db.vault), runner)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 2).text() == "************1111"
    assert not dialog.remove_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.remove(entry.id, "card reissued")
    assert dialog.table.item(0, 4).text() == "removed"
    dialog.table.selectRow(0)
    assert not dialog.remove_button.isEnabled()
    assert not BlacklistService(officer, db.vault).entries()[0].active


def test_blacklist_without_the_master_key_cannot_add(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    officer = sqlite_db.user(Role.KYC_OFFICER)
    dialog = BlacklistDialog(
        BlacklistService(officer, None),
        runner,
        can_add=True,
        can_remove=False,
        vault_reason="No master key in this workstation's keyring.",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.locked_note.isVisible()
    assert "No master key" in dialog.locked_note.text()
    dialog.value.setText("4111111111111111")
    dialog.reason.setText("stolen")
    assert not dialog.add_button.isEnabled()


# PDF evidence ---------------------------------------------------------------


def test_pdf_evidence_renders_through_qtpdf_and_tampering_shows(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    db = sqlite_db
    officer = db.user(Role.KYC_OFFICER)
    view = ChecklistService(officer, db.vault).open(new_customer(db, officer))
    item = next(i for i in view.items if i.code == "income_proof")
    info = EvidenceService(officer, sqlite_db.vault).attach(item.id, "payslip.pdf", pdf_bytes(2))
    assert info.mime_type == "application/pdf"
    thumb = pdf_thumbnail(pdf_bytes(1), 64)
    assert thumb is not None and thumb.height() == 64 and 40 < thumb.width() < 50  # A4
    assert has_ink(thumb.toImage())
    assert pdf_thumbnail(b"%PDF-1.4 cut", 64) is None
    page = make_page(qtbot, db, officer, runner)
    panel = page.panel
    panel.open_evidence(info.id)
    qtbot.waitUntil(lambda: panel.last_preview is not None, timeout=10_000)
    preview = panel.last_preview
    assert preview is not None
    assert isinstance(preview.pdf, QPdfView)
    document = preview.pdf.document()
    qtbot.waitUntil(lambda: document.status() == QPdfDocument.Status.Ready, timeout=10_000)
    assert document.pageCount() == 2
    assert preview.pdf_pages is not None and preview.pdf_pages.text() == "Pages: 2"
    assert not preview.tamper_warning.isVisible()
    viewport = preview.pdf.viewport()
    qtbot.waitUntil(lambda: has_ink(viewport.grab().toImage()), timeout=10_000)

    with db.sessions.begin() as s:
        s.execute(
            update(KycEvidence).where(KycEvidence.id == info.id).values(content=b"%PDF-1.4 cut")
        )
    panel.open_evidence(info.id)
    qtbot.waitUntil(lambda: panel.last_preview is not preview, timeout=10_000)
    damaged = panel.last_preview
    assert damaged is not None
    assert damaged.tamper_warning.isVisible()
    assert damaged.pdf_pages is not None
    qtbot.waitUntil(lambda: "cannot be displayed" in damaged.pdf_pages.text(), timeout=10_000)


# the Admin menu -------------------------------------------------------------


def test_admin_menu_opens_both_dialogs(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    window = log_in(qtbot, controller, "admin", ADMIN_PASSWORD)
    menu = window.menuBar().findChild(object, "menu_admin")
    assert menu is not None
    names = [a.objectName() for a in menu.actions()]  # type: ignore[attr-defined]
    assert ActionId.ADMIN_KYC_TEMPLATES.value in names
    assert ActionId.ADMIN_KYC_BLACKLIST.value in names
    window.actions_by_id[ActionId.ADMIN_KYC_TEMPLATES].trigger()
    templates = window.findChild(TemplateEditorDialog, "kyc_template_editor")
    assert templates is not None
    qtbot.waitUntil(lambda: templates.table.rowCount() == 9, timeout=10_000)
    templates.close()
    window.actions_by_id[ActionId.ADMIN_KYC_BLACKLIST].trigger()
    dialog = window.findChild(BlacklistDialog, "kyc_blacklist_dialog")
    assert dialog is not None
    assert dialog.add_button.isVisible() or dialog.isVisible()
    assert dialog.remove_button.isVisible()
    dialog.close()


def test_a_kyc_officer_sees_the_blacklist_but_not_the_templates(
    qtbot: QtBot, sqlite_db: TestDB, controller: ClientController
) -> None:
    from tests.support import USER_PASSWORD

    sqlite_db.user(Role.KYC_OFFICER, username="kyc.li")
    window = log_in(qtbot, controller, "kyc.li", USER_PASSWORD)
    assert not window.actions_by_id[ActionId.ADMIN_KYC_TEMPLATES].isVisible()
    assert window.actions_by_id[ActionId.ADMIN_KYC_BLACKLIST].isVisible()
    menu = window.menuBar().findChild(object, "menu_admin")
    assert menu is not None and menu.menuAction().isVisible()  # type: ignore[attr-defined]
