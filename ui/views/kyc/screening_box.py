"""Screening runs of a customer and the review of their potential matches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import ServiceContext
from app.kyc.records import ScreeningView
from app.kyc.screening import MatchInput, ScreeningService
from app.security.permissions import Permission
from ui.tasks import TaskRunner
from ui.views.kyc.dialogs import ReasonDialog

LISTS = ("UN Security Council consolidated list", "OFAC SDN", "Domestic PEP list")


class RecordScreeningDialog(QDialog):
    """List name plus one potential match per line (none: no hit)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kyc_record_screening")
        self.setWindowTitle(self.tr("Record screening run"))
        self.list_name = QComboBox()
        self.list_name.setEditable(True)
        self.list_name.addItems(list(LISTS))
        self.matches = QPlainTextEdit()
        self.matches.setPlaceholderText(
            self.tr("One potential match per line: name, then details after a colon")
        )
        form = QFormLayout()
        form.addRow(self.tr("List:"), self.list_name)
        form.addRow(self.tr("Potential matches:"), self.matches)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def result_matches(self) -> list[MatchInput]:
        found = []
        for line in self.matches.toPlainText().splitlines():
            name, _, detail = line.partition(":")
            if name.strip():
                found.append(MatchInput(name.strip(), detail.strip()))
        return found


class ScreeningBox(QGroupBox):
    """GUI thread. ``changed``: a run was recorded or a match reviewed."""

    changed = Signal()
    failed = Signal(str)

    def __init__(
        self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Screening"))
        self.setObjectName("kyc_screening")
        self._service = ScreeningService(ctx)
        self._runner = runner
        self._customer_id: int | None = None
        self._can_work = ctx.actor.can(Permission.KYC_VERIFY)
        self.tree = QTreeWidget()
        self.tree.setObjectName("kyc_screening_tree")
        self.tree.setHeaderLabels(
            [
                self.tr("List / match"),
                self.tr("Date / status"),
                self.tr("By"),
                self.tr("Details / reason"),
            ]
        )
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.record_button = QPushButton(self.tr("Record run…"))
        self.record_button.setObjectName("kyc_record_screening_button")
        self.record_button.clicked.connect(self._record)
        self.confirm_button = QPushButton(self.tr("Confirmed hit…"))
        self.confirm_button.setObjectName("kyc_confirm_hit")
        self.confirm_button.clicked.connect(lambda: self._review("confirmed"))
        self.false_button = QPushButton(self.tr("False positive…"))
        self.false_button.setObjectName("kyc_false_positive")
        self.false_button.clicked.connect(lambda: self._review("false_positive"))
        bar = QHBoxLayout()
        for b in (self.record_button, self.confirm_button, self.false_button):
            b.setVisible(self._can_work)
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(bar)
        self._selection_changed()

    def show_screenings(self, customer_id: int, runs: tuple[ScreeningView, ...]) -> None:
        self._customer_id = customer_id
        self.tree.clear()
        for run in runs:
            top = QTreeWidgetItem(
                [
                    run.list_name,
                    run.screened_on.isoformat(),
                    run.recorded_by_name,
                    self.tr("no hit") if run.result == "no_hit" else self.tr("potential match"),
                ]
            )
            for m in run.matches:
                child = QTreeWidgetItem(
                    [
                        m.matched_name,
                        self._status(m.status),
                        m.reviewed_by_name or "",
                        " · ".join(t for t in (m.detail, m.reason) if t),
                    ]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, (m.id, m.version, m.status))
                if m.status == "confirmed":
                    child.setForeground(1, Qt.GlobalColor.red)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self.record_button.setEnabled(self._can_work)
        self._selection_changed()

    def _status(self, status: str) -> str:
        return {
            "potential": self.tr("to review"),
            "confirmed": self.tr("CONFIRMED HIT"),
            "false_positive": self.tr("false positive"),
        }.get(status, status)

    def _selected_match(self) -> tuple[int, int, str] | None:
        items = self.tree.selectedItems()
        data = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        return tuple(data) if data else None  # type: ignore[return-value]

    def _selection_changed(self) -> None:
        match = self._selected_match()
        open_match = match is not None and match[2] != "false_positive"
        self.confirm_button.setEnabled(
            self._can_work and open_match and match[2] != "confirmed" if match else False
        )
        self.false_button.setEnabled(self._can_work and open_match)

    def _record(self) -> None:
        if self._customer_id is None:
            return
        dialog = RecordScreeningDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.record(dialog.list_name.currentText(), dialog.result_matches())

    def record(self, list_name: str, matches: list[MatchInput]) -> None:
        customer_id = self._customer_id
        assert customer_id is not None
        self._run(lambda: self._service.record(customer_id, list_name, None, matches))

    def _review(self, decision: str) -> None:
        match = self._selected_match()
        if match is None:
            return
        prompt = (
            self.tr("Why is this a confirmed hit? Lending stays blocked.")
            if decision == "confirmed"
            else self.tr("Why is this a false positive?")
        )
        dialog = ReasonDialog(self.tr("Review match"), prompt, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.review(match[0], match[1], decision, dialog.reason())

    def review(self, match_id: int, version: int, decision: str, reason: str) -> None:
        self._run(lambda: self._service.review(match_id, decision, reason, version))

    def _run(self, fn: Callable[[], Any]) -> None:
        self._runner.submit(
            lambda _c: fn(),
            lambda _r: self.changed.emit(),
            self.failed.emit,
            owner=self,
            name="screening",
        )
