"""The Applications desk's strings are in the Chinese translation and used."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from tests.support import TestDB
from tests.ui.test_translations import TS, _tool, messages
from ui.views.applications.queue_model import status_name

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_of_the_desk_is_in_the_ts_file(tmp_path: Path) -> None:
    fresh = tmp_path / "applications.ts"
    sources = sorted(str(p) for p in (ROOT / "ui" / "views" / "applications").glob("*.py"))
    subprocess.run(
        [str(_tool("pyside6-lupdate")), *sources, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    found = messages(fresh)
    assert ("", "Product") not in found  # every tr() call has its class context
    assert set(found) - set(messages(TS)) == set()
    assert len(found) > 100


def test_statuses_and_queue_headers_read_in_chinese(
    qtbot: QtBot, chinese: list[QTranslator]
) -> None:
    assert status_name("info_requested") == "待补充资料"
    assert status_name("recommended") == "待复核"
    assert QCoreApplication.translate("ApplicationsPage", "Take next") == "领取下一笔"


def test_the_kyc_state_and_reason_read_in_chinese(
    qtbot: QtBot, chinese: list[QTranslator], sqlite_db: TestDB
) -> None:
    """A new customer's checklist is incomplete, another customer has none: the detail
    and the disabled Approve say so in Chinese, with the items' Chinese labels, not the
    gate's English sentence or its raw state."""
    from app.origination.service import ApplicationService
    from app.security.permissions import Role
    from tests.kyc_support import new_customer
    from tests.origination_support import form, make_customer, make_product
    from tests.ui.test_applications_desk import make_page
    from ui.tasks import TaskRunner

    make_product(sqlite_db)
    senior = sqlite_db.user(Role.SENIOR_UNDERWRITER)
    checked = new_customer(sqlite_db, sqlite_db.user(Role.KYC_OFFICER))
    unchecked = make_customer(sqlite_db)
    clerk = ApplicationService(senior, sqlite_db.vault)
    runner = TaskRunner()
    page = make_page(qtbot, sqlite_db, senior, runner, None)
    for customer, says in (
        (checked, ("未完成 — 已阻止。", "KYC 未完成：")),
        (unchecked, ("无核查清单 — 已阻止。", "该客户尚无 KYC 核查清单")),
    ):
        made = clerk.submit(form(amount="20000"), customer_id=customer)
        page.open_application(made.id)
        qtbot.waitUntil(
            lambda made=made: page.detail is not None and page.detail.id == made.id,
            timeout=10_000,
        )
        body = page.pane.body.toPlainText()
        detail = page.detail
        assert detail is not None
        hint = page.decision_bar.approve_reason(("kyc", (detail.kyc.reason,)), detail)
        for text in says:
            assert text in body, body
        assert says[1] in hint, hint
        for english in ("KYC is incomplete", "incomplete", "no KYC checklist", "missing"):
            assert english not in body and english not in hint
        # the history names the event and its details in Chinese, no audit codes
        assert "已提交" in body and "金额：20,000.00" in body and "渠道：柜台" in body, body
        for raw in ("application.submitted", "channel", "counter", "amount:", "scorecard"):
            assert raw not in body
        # the scorecard's characteristics, bins and reasons in Chinese
        assert "征信评分" in body and "10,000-19,999 元" in body and "低于 20%" in body, body
        for english in ("Credit bureau score", "Monthly income", "and above", "Your "):
            assert english not in body
    runner.wait_for_done()
