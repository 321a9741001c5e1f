"""Admin > SLA calendar and targets: the business calendar (time zone, work days,
hours, holidays) and the per-priority first-response and resolution targets."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.servicedesk.admin import DeskAdminService
from app.servicedesk.rules import Priority
from app.servicedesk.sla import SlaPolicy
from ui.tasks import TaskRunner
from ui.views.tickets.labels import priority_text


class SlaAdminDialog(QDialog):
    """GUI thread; admins only (the service checks SETTINGS_EDIT). Loads and saves
    on the runner; ``saved`` fires after each successful save."""

    saved = Signal(str)  # "calendar" | "holiday" | "targets"
    loaded = Signal()

    def __init__(
        self, service: DeskAdminService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sla_admin_dialog")
        self.setWindowTitle(self.tr("SLA calendar and targets"))
        self._service = service
        self._runner = runner
        day_texts = (
            self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"),
            self.tr("Fri"), self.tr("Sat"), self.tr("Sun"),
        )  # fmt: skip
        self.timezone = QComboBox()
        self.timezone.setObjectName("sla_timezone")
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(available_timezones()))
        self.days = [QCheckBox(text) for text in day_texts]
        days_row = QHBoxLayout()
        for n, box in enumerate(self.days):
            box.setObjectName(f"sla_day_{n}")
            days_row.addWidget(box)
        self.start = QTimeEdit()
        self.start.setObjectName("sla_start")
        self.start.setDisplayFormat("HH:mm")
        self.end = QTimeEdit()
        self.end.setObjectName("sla_end")
        self.end.setDisplayFormat("HH:mm")
        hours = QHBoxLayout()
        hours.addWidget(self.start)
        hours.addWidget(QLabel("–"))
        hours.addWidget(self.end)
        hours.addStretch(1)
        save_calendar = QPushButton(self.tr("Save calendar"))
        save_calendar.setObjectName("sla_save_calendar")
        save_calendar.clicked.connect(self.save_calendar)
        cal_box = QGroupBox(self.tr("Business calendar"))
        cal = QFormLayout(cal_box)
        cal.addRow(self.tr("Time zone"), self.timezone)
        cal.addRow(self.tr("Work days"), days_row)
        cal.addRow(self.tr("Hours"), hours)
        cal.addRow("", save_calendar)

        self.holidays = QListWidget()
        self.holidays.setObjectName("sla_holidays")
        self.holiday_date = QDateEdit(QDate.currentDate())
        self.holiday_date.setObjectName("sla_holiday_date")
        self.holiday_date.setCalendarPopup(True)
        self.holiday_date.setDisplayFormat("yyyy-MM-dd")
        self.holiday_name = QLineEdit()
        self.holiday_name.setObjectName("sla_holiday_name")
        self.holiday_name.setPlaceholderText(self.tr("Name, e.g. Spring Festival"))
        add = QPushButton(self.tr("Add holiday"))
        add.setObjectName("sla_holiday_add")
        add.clicked.connect(self.add_holiday)
        remove = QPushButton(self.tr("Remove selected"))
        remove.setObjectName("sla_holiday_remove")
        remove.clicked.connect(self.remove_holiday)
        hol_row = QHBoxLayout()
        for w in (self.holiday_date, self.holiday_name, add, remove):
            hol_row.addWidget(w)
        hol_box = QGroupBox(self.tr("Holidays"))
        hol = QVBoxLayout(hol_box)
        hol.addWidget(self.holidays)
        hol.addLayout(hol_row)

        headers = [self.tr("Priority"), self.tr("First response (min)"),
                   self.tr("Resolution (min)"), self.tr("Amber at % left")]  # fmt: skip
        self.targets = QTableWidget(len(Priority), len(headers))
        self.targets.setObjectName("sla_targets")
        self.targets.setHorizontalHeaderLabels(headers)
        self.targets.verticalHeader().hide()
        self.targets.horizontalHeader().setStretchLastSection(True)
        self.spins: dict[str, tuple[QSpinBox, QSpinBox, QSpinBox]] = {}
        for row, priority in enumerate(Priority):
            self.targets.setCellWidget(row, 0, QLabel(priority_text(priority)))
            spins = (QSpinBox(), QSpinBox(), QSpinBox())
            spins[0].setRange(1, 100_000)
            spins[1].setRange(1, 100_000)
            spins[2].setRange(0, 100)
            for col, spin in enumerate(spins, start=1):
                spin.setObjectName(f"sla_{priority.value}_{col}")
                self.targets.setCellWidget(row, col, spin)
            self.spins[priority.value] = spins
        self.targets.resizeColumnsToContents()
        save_targets = QPushButton(self.tr("Save targets"))
        save_targets.setObjectName("sla_save_targets")
        save_targets.clicked.connect(self.save_targets)
        tgt_box = QGroupBox(self.tr("Targets per priority (business minutes)"))
        tgt = QVBoxLayout(tgt_box)
        tgt.addWidget(self.targets)
        tgt.addWidget(save_targets)

        self.message = QLabel()
        self.message.setObjectName("sla_message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (cal_box, hol_box, tgt_box, self.message, buttons):
            layout.addWidget(part)
        self.resize(720, 640)
        self.reload()

    def _submit(self, fn: Any, done: Any, name: str) -> None:
        self._runner.submit(lambda _c: fn(), done, self._failed, owner=self, name=name)

    def _failed(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)

    def _ok(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def reload(self) -> None:
        service = self._service
        self._submit(
            lambda: (service.calendar(), service.holidays(), service.policies()),
            self._loaded,
            "sla-load",
        )

    def _loaded(self, result: Any) -> None:
        calendar, holidays, policies = result
        self.timezone.setCurrentText(calendar.timezone)
        for n, box in enumerate(self.days):
            box.setChecked(n in calendar.work_days)
        self.start.setTime(QTime(calendar.start.hour, calendar.start.minute))
        self.end.setTime(QTime(calendar.end.hour, calendar.end.minute))
        self._show_holidays(holidays)
        for priority, spins in self.spins.items():
            p = policies[priority]
            spins[0].setValue(p.first_response_minutes)
            spins[1].setValue(p.resolution_minutes)
            spins[2].setValue(p.amber_percent)
        self.loaded.emit()

    def _show_holidays(self, holidays: list[tuple[date, str]]) -> None:
        self.holidays.clear()
        for day, name in holidays:
            item = QListWidgetItem(f"{day.isoformat()}  {name}")
            item.setData(Qt.ItemDataRole.UserRole, day)
            self.holidays.addItem(item)

    def save_calendar(self) -> None:
        service = self._service
        zone = self.timezone.currentText().strip()
        days = frozenset(n for n, box in enumerate(self.days) if box.isChecked())
        s, e = self.start.time(), self.end.time()
        start, end = time(s.hour(), s.minute()), time(e.hour(), e.minute())
        self._submit(
            lambda: service.set_calendar(zone, days, start, end),
            lambda _cal: self._done("calendar", self.tr("The business calendar is saved.")),
            "sla-calendar",
        )

    def add_holiday(self) -> None:
        service, name = self._service, self.holiday_name.text()
        day = self.holiday_date.date().toPython()
        assert isinstance(day, date)

        def job() -> list[tuple[date, str]]:
            service.set_holiday(day, name)
            return service.holidays()

        self._submit(job, lambda rows: self._holidays_saved(rows, True), "sla-holiday")

    def remove_holiday(self) -> None:
        item = self.holidays.currentItem()
        if item is None:
            return
        service, day = self._service, item.data(Qt.ItemDataRole.UserRole)

        def job() -> list[tuple[date, str]]:
            service.remove_holiday(day)
            return service.holidays()

        self._submit(job, lambda rows: self._holidays_saved(rows, False), "sla-holiday")

    def _holidays_saved(self, rows: Any, added: bool) -> None:
        self._show_holidays(rows)
        if added:
            self.holiday_name.clear()
        self._done("holiday", self.tr("Holidays are saved."))

    def save_targets(self) -> None:
        service = self._service
        policies = [
            SlaPolicy(p, spins[0].value(), spins[1].value(), spins[2].value())
            for p, spins in self.spins.items()
        ]

        def job() -> None:
            for policy in policies:
                service.set_policy(policy)

        self._submit(
            job, lambda _r: self._done("targets", self.tr("The targets are saved.")), "sla-targets"
        )

    def _done(self, what: str, text: str) -> None:
        self._ok(text)
        self.saved.emit(what)
