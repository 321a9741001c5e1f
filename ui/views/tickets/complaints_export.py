"""Export the complaint register for regulatory reporting: a period, then CSV or
PDF into a file the user picks. Reading and writing run on the task runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import ServiceContext
from app.servicedesk.complaints import complaint_register, register_csv, register_pdf
from db.private_files import write_private_bytes
from ui.tasks import TaskRunner


def write_register(ctx: ServiceContext, start: date, end: date, kind: str, target: Path) -> int:
    """Pool thread: the register for [start, end] as ``kind`` ("csv" | "pdf") into
    ``target``; returns how many complaints were written."""
    lines = complaint_register(ctx, start, end)
    if kind == "pdf":
        data = register_pdf(lines, f"Complaint register {start.isoformat()} – {end.isoformat()}")
    else:
        data = register_csv(lines)
    write_private_bytes(target, data)
    return len(lines)


class ComplaintExportDialog(QDialog):
    """GUI thread. ``exported`` carries (path, count) after a file was written;
    ``choose_path`` is replaceable in tests (it shows the save dialog)."""

    exported = Signal(str, int)

    def __init__(
        self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_export_dialog")
        self.setWindowTitle(self.tr("Export the complaint register"))
        self._ctx = ctx
        self._runner = runner
        self.start = QDateEdit(QDate.currentDate().addDays(-90))
        self.start.setObjectName("complaints_from")
        self.end = QDateEdit(QDate.currentDate())
        self.end.setObjectName("complaints_to")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.csv_button = QPushButton(self.tr("Export &CSV…"))
        self.csv_button.setObjectName("complaints_csv")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button = QPushButton(self.tr("Export &PDF…"))
        self.pdf_button.setObjectName("complaints_pdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.message = QLabel()
        self.message.setObjectName("complaints_message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Received from"), self.start)
        form.addRow(self.tr("Received to"), self.end)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.csv_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def choose_path(self, kind: str) -> str:
        suggested = f"complaints-{self.start.date().toString('yyyyMMdd')}-" + (
            f"{self.end.date().toString('yyyyMMdd')}.{kind}"
        )
        filters = self.tr("CSV files (*.csv)") if kind == "csv" else self.tr("PDF files (*.pdf)")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the complaint register"), suggested, filters
        )
        return path

    def export(self, kind: str) -> None:
        path = self.choose_path(kind)
        if not path:
            return
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        if end < start:
            self.message.setText(self.tr("The end of the period is before its start."))
            return
        ctx, target = self._ctx, Path(path)
        self._busy(True)
        self.message.setText(self.tr("Exporting…"))

        def done(count: Any) -> None:
            self._busy(False)
            written = self.tr("%n complaint(s) written.", "", int(count))
            self.message.setText(written + "\n" + self.tr("File: {0}").format(target))
            self.exported.emit(str(target), int(count))

        def failed(text: str) -> None:
            self._busy(False)
            self.message.setText(text)

        self._runner.submit(
            lambda _c: write_register(ctx, start, end, kind, target),
            done,
            failed,
            owner=self,
            name="complaint-export",
        )

    def _busy(self, busy: bool) -> None:
        self.csv_button.setEnabled(not busy)
        self.pdf_button.setEnabled(not busy)
