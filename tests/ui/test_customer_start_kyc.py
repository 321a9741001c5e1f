"""The customer page offers Start KYC for a customer without a checklist (the
migrated book) and, once there is one, a way to the KYC desk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.customers.service import CustomerService
from app.security.permissions import Role
from db.models.kyc import KycChecklist
from tests.origination_support import make_customer
from tests.support import TestDB
from ui.dialogs.customer import CustomerDialog
from ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.wait_for_done()
    qtbot.waitUntil(lambda: r.active == 0, timeout=10_000)


def test_start_kyc_for_a_customer_without_a_checklist(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    customer = make_customer(sqlite_db, name="周九")  # inserted as the old book was
    opened: list[int] = []
    officer = sqlite_db.user(Role.KYC_OFFICER)
    dialog = CustomerDialog(
        CustomerService(officer, sqlite_db.vault),
        customer,
        runner,
        can_reveal=False,
        open_kyc=opened.append,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.start_kyc_button.isVisible, timeout=10_000)
    assert not dialog.open_kyc_button.isVisible()
    qtbot.mouseClick(dialog.start_kyc_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.open_kyc_button.isVisible, timeout=10_000)
    assert not dialog.start_kyc_button.isVisible()
    assert dialog.message.text() == "KYC checklist started."
    with sqlite_db.sessions() as s:
        assert s.scalars(select(KycChecklist).where(KycChecklist.customer_id == customer)).one()
    qtbot.mouseClick(dialog.open_kyc_button, Qt.MouseButton.LeftButton)
    assert opened == [customer]


def test_no_start_kyc_for_a_support_agent(
    qtbot: QtBot, sqlite_db: TestDB, runner: TaskRunner
) -> None:
    customer = make_customer(sqlite_db, name="吴十")
    dialog = CustomerDialog(
        CustomerService(sqlite_db.user(Role.SUPPORT_AGENT), sqlite_db.vault),
        customer,
        runner,
        can_reveal=False,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    runner.wait_for_done()
    assert not dialog.start_kyc_button.isVisible()
