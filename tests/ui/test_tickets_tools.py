"""The desk's tools under pytest-qt: attachments, canned responses, the complaint
register export and Admin > SLA calendar and targets — all through the runner."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from app.servicedesk.admin import DeskAdminService
from app.servicedesk.canned import CannedResponses
from app.servicedesk.merge import set_complaint
from app.servicedesk.service import NewTicket, TicketService
from tests.db.desk_helpers import make_desk
from tests.support import TestDB
from ui.tasks import TaskRunner
from ui.views.tickets.complaints_export import ComplaintExportDialog
from ui.views.tickets.page import TicketsPage
from ui.views.tickets.sla_admin import SlaAdminDialog


def opened_page(qtbot: QtBot, db: TestDB) -> tuple[TicketsPage, int]:
    desk = make_desk(db)
    CannedResponses(desk.admin).create(
        "Thanks", "Dear {customer_name}, we are on ticket {ticket_number}."
    )
    t = TicketService(desk.agent).create(
        NewTicket(subject="Statement", customer_id=desk.customer_id, team_id=desk.team_id)
    )
    page = TicketsPage(ctx=desk.agent, vault=db.vault)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.detail.shown, timeout=10_000):
        page.detail.load(t.row.id)
    return page, t.row.id


def test_attach_list_and_open_a_file(qtbot: QtBot, sqlite_db: TestDB, tmp_path: Path) -> None:
    page, _ticket = opened_page(qtbot, sqlite_db)
    box = page.detail.attachments
    source = tmp_path / "statement.pdf"
    source.write_bytes(b"%PDF-1.4 test")
    with qtbot.waitSignal(box.listed, timeout=10_000, check_params_cb=lambda n: n == 1):
        box.add_file(str(source))
    assert box.list.item(0).text().startswith("statement.pdf")
    opened: list[QUrl] = []
    box.open_url = opened.append
    with qtbot.waitSignal(box.opened, timeout=10_000) as blocker:
        box.open_selected()
    assert Path(blocker.args[0]).read_bytes() == b"%PDF-1.4 test"
    assert opened[0].toLocalFile() == blocker.args[0]
    assert page.detail.detail is not None
    assert [e.kind for e in page.detail.detail.entries][-1] == "attachment"
    page._runner.wait_for_done()


def test_a_canned_response_fills_the_note_with_placeholders(
    qtbot: QtBot, sqlite_db: TestDB
) -> None:
    page, _ticket = opened_page(qtbot, sqlite_db)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.canned.count() == 2, timeout=10_000)
    assert detail.detail is not None
    number = detail.detail.row.number
    detail.canned.setCurrentIndex(1)
    detail.canned.activated.emit(1)
    qtbot.waitUntil(lambda: detail.note.toPlainText() != "", timeout=10_000)
    assert detail.note.toPlainText() == f"Dear 王芳, we are on ticket {number}."
    with qtbot.waitSignal(detail.changed, timeout=10_000):
        detail.buttons["reply"].click()
    assert detail.detail.entries[-1].body == f"Dear 王芳, we are on ticket {number}."
    page._runner.wait_for_done()


def test_complaint_register_exports_csv_and_pdf(
    qtbot: QtBot, sqlite_db: TestDB, tmp_path: Path
) -> None:
    desk = make_desk(sqlite_db)
    t = TicketService(desk.agent).create(NewTicket(subject="Rude collector", category="complaint"))
    set_complaint(desk.agent, t.row.id, is_complaint=True, root_cause="conduct")
    runner = TaskRunner()
    dialog = ComplaintExportDialog(desk.agent, runner)
    qtbot.addWidget(dialog)
    dialog.start.setDate(dialog.start.date().fromString("2026-01-01", "yyyy-MM-dd"))
    dialog.end.setDate(dialog.end.date().fromString("2026-12-31", "yyyy-MM-dd"))
    for kind in ("csv", "pdf"):
        target = tmp_path / f"register.{kind}"
        dialog.choose_path = lambda _kind, target=target: str(target)  # type: ignore[method-assign]
        with qtbot.waitSignal(dialog.exported, timeout=20_000) as blocker:
            getattr(dialog, f"{kind}_button").click()
        assert blocker.args == [str(target), 1]
    assert "Rude collector" in (tmp_path / "register.csv").read_bytes().decode("utf-8-sig")
    assert (tmp_path / "register.pdf").read_bytes().startswith(b"%PDF")
    assert "1 complaint(s) written." in dialog.message.text()
    runner.wait_for_done()


def test_sla_admin_saves_calendar_holiday_and_targets(qtbot: QtBot, sqlite_db: TestDB) -> None:
    desk = make_desk(sqlite_db)
    service = DeskAdminService(desk.admin)
    runner = TaskRunner()
    dialog = SlaAdminDialog(service, runner)
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.loaded, timeout=10_000).wait()
    assert dialog.timezone.currentText() == "Asia/Shanghai"
    assert [b.isChecked() for b in dialog.days] == [True] * 5 + [False] * 2
    dialog.days[5].setChecked(True)
    dialog.end.setTime(dialog.end.time().fromString("17:30", "HH:mm"))
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_calendar()
    calendar = service.calendar()
    assert calendar.work_days == frozenset(range(6)) and calendar.end == time(17, 30)
    dialog.holiday_name.setText("Labour Day")
    dialog.holiday_date.setDate(dialog.holiday_date.date().fromString("2026-05-01", "yyyy-MM-dd"))
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.add_holiday()
    assert dialog.holidays.count() == 1 and "Labour Day" in dialog.holidays.item(0).text()
    dialog.spins["urgent"][0].setValue(15)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_targets()
    assert service.policies()["urgent"].first_response_minutes == 15
    runner.wait_for_done()
