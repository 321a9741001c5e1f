"""One customer's checklist: items, who did what and when, evidence, actions.

Every database call runs on the task runner; buttons offer only what the
service says the current user may do (the service checks again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import ServiceContext
from app.kyc.evidence import EvidenceService
from app.kyc.gate import GateResult
from app.kyc.records import ChecklistView, EvidenceFile, ItemView
from app.kyc.rules import RENEW_WINDOW_DAYS, renew_opens
from app.kyc.service import ChecklistService, actions_for, decision_blocked, renew_blocked
from app.security.permissions import Permission
from app.security.pii import PiiVault
from ui.i18n import pick_label, translate_service_message
from ui.tasks import TaskRunner
from ui.views.kyc.dialogs import EvidencePreview, ReasonDialog, pdf_thumbnail
from ui.views.kyc.labels import ACTIONS, ITEM_STATES, SHORTCUTS, gate_reason
from ui.views.kyc.queue_model import KIND_NAMES, STATE_COLOURS, STATE_NAMES
from ui.views.kyc.screening_box import ScreeningBox


class ChecklistPanel(QWidget):
    """GUI thread. ``changed``: an action succeeded (the queue should refresh)."""

    changed = Signal()
    loaded = Signal(object)  # ChecklistView
    failed = Signal(str)

    def __init__(
        self,
        ctx: ServiceContext,
        read_ctx: ServiceContext,
        vault: PiiVault | None,
        runner: TaskRunner,
        open_customer: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kyc_checklist_panel")
        self._service = ChecklistService(ctx, vault)
        self._reader = ChecklistService(read_ctx, vault)
        self._evidence = EvidenceService(ctx, vault)
        self._actor = ctx.actor
        self._runner = runner
        self._open_customer = open_customer
        self.view: ChecklistView | None = None
        self.gate: GateResult | None = None

        self.header = QLabel(self.tr("Choose a checklist from the queue, or take the next one."))
        self.header.setObjectName("kyc_customer_header")
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.header.setFont(font)
        self.customer_button = QPushButton(self.tr("Customer…"))
        self.customer_button.setObjectName("kyc_open_customer")
        self.customer_button.setEnabled(False)
        self.customer_button.clicked.connect(self._show_customer)
        self.state_label = QLabel()
        self.state_label.setObjectName("kyc_checklist_state")
        self.gate_label = QLabel()
        self.gate_label.setObjectName("kyc_gate")
        self.gate_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("kyc_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#c62828;")

        self.items = QTableWidget(0, 7)
        self.items.setObjectName("kyc_items")
        self.items.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("State"),
                self.tr("Evidence"),
                self.tr("Submitted"),
                self.tr("Decided by / when"),
                self.tr("Valid until"),
                self.tr("Reason / note"),
            ]
        )
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().setDefaultSectionSize(24)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 210), (3, 150), (4, 150)):
            self.items.setColumnWidth(column, width)
        self.items.itemSelectionChanged.connect(self._selection_changed)

        self.buttons: dict[str, QPushButton] = {}
        # two rows: nine buttons in one row made the window wider than a 1400 px screen
        bar = QGridLayout()
        attach = QPushButton(self.tr("Attach evidence…"))
        attach.clicked.connect(self.attach_from_file)
        self.buttons["attach"] = attach
        bar.addWidget(attach, 0, 0)
        for n, (name, text, prompt) in enumerate(ACTIONS, start=1):
            button = QPushButton(self._qt("KycChecklist", text))
            button.clicked.connect(lambda _=False, n=name, p=prompt: self._clicked(n, p))
            self.buttons[name] = button
            bar.addWidget(button, n // 5, n % 5)
        for name, button in self.buttons.items():
            button.setObjectName(f"kyc_action_{name}")
            button.setEnabled(False)
            if name in SHORTCUTS:
                button.setShortcut(SHORTCUTS[name])
        bar.setColumnStretch(5, 1)

        self.evidence = QListWidget()
        self.evidence.setObjectName("kyc_evidence")
        self.evidence.setViewMode(QListWidget.ViewMode.IconMode)
        self.evidence.setIconSize(QSize(96, 64))
        self.evidence.setFixedHeight(110)
        self.evidence.itemActivated.connect(self._evidence_activated)
        self.screening = ScreeningBox(ctx, runner, self)
        self.screening.changed.connect(self._after_action)
        self.screening.failed.connect(self._show_error)

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.customer_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state_label)
        layout.addWidget(self.gate_label)
        layout.addWidget(self.items, 3)
        layout.addLayout(bar)
        layout.addWidget(QLabel(self.tr("Evidence of the selected item (double-click to open):")))
        layout.addWidget(self.evidence)
        layout.addWidget(self.screening, 2)
        layout.addWidget(self.message)
        self.last_preview: EvidencePreview | None = None

    # loading ---------------------------------------------------------------

    def load_checklist(self, checklist_id: int) -> None:
        self._run(lambda: self._reader.get(checklist_id), self.show_checklist)

    def open_customer(self, customer_id: int) -> None:
        self._run(lambda: self._service.open(customer_id), self.show_checklist)

    def show_checklist(self, view: ChecklistView) -> None:
        selected = self.selected_item()
        self.view = view
        kind = self._qt("KycQueue", KIND_NAMES.get(view.customer_kind, view.customer_kind))
        self.header.setText(f"{view.customer_number} · {view.customer_name} · {kind}")
        self.customer_button.setEnabled(self._open_customer is not None)
        colour = STATE_COLOURS.get(view.state, "#555")
        state = self._qt("KycQueue", STATE_NAMES.get(view.state, view.state))
        claimed = (
            self.tr(" · worked by {0}").format(view.claimed_by_name) if view.claimed_by_name else ""
        )
        self.state_label.setText(
            self.tr("Checklist: <b style='color:{0}'>{1}</b>{2}").format(colour, state, claimed)
        )
        self.items.setRowCount(len(view.items))
        for row, item in enumerate(view.items):
            self._fill_row(row, item)
        self.screening.show_screenings(view.customer_id, view.screenings)
        self.message.clear()
        row = next(
            (r for r, i in enumerate(view.items) if selected is not None and i.id == selected.id), 0
        )
        if view.items:
            self.items.selectRow(row)
        self._selection_changed()
        self._run(lambda: self._reader.gate(view.customer_id), self._show_gate)
        self.loaded.emit(view)

    def _fill_row(self, row: int, item: ItemView) -> None:
        def when(value: Any) -> str:
            return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""

        waiver = (
            self.tr("waiver requested by {0}: {1}").format(
                item.waiver_requested_by_name, item.waiver_reason
            )
            if item.waiver_pending
            else ""
        )
        label = pick_label(item.label, item.label_zh) + (
            "" if item.required else self.tr(" (optional)")
        )
        cells = [
            label,
            self._qt("KycChecklist", ITEM_STATES.get(item.state, item.state)),
            str(len(item.current_evidence)) if item.evidence_required or item.evidence else "—",
            f"{item.submitted_by_name or ''} {when(item.submitted_at)}".strip(),
            f"{item.decided_by_name or ''} {when(item.decided_at)}".strip(),
            item.valid_until.isoformat() if item.valid_until else "",
            " · ".join(t for t in (item.reason, waiver, item.note) if t),
        ]
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setData(Qt.ItemDataRole.UserRole, item.id)
            self.items.setItem(row, column, cell)

    def _show_gate(self, gate: GateResult) -> None:
        self.gate = gate
        if gate.ok:
            self.gate_label.setText(self.tr("Lending gate: open — KYC allows approval."))
            self.gate_label.setStyleSheet("color:#2e7d32;")
        else:
            self.gate_label.setText(self.tr("Lending gate: closed — {0}").format(gate_reason(gate)))
            self.gate_label.setStyleSheet("color:#c62828;")

    @staticmethod
    def _qt(context: str, text: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate(context, text)

    # selection and actions -------------------------------------------------

    def selected_item(self) -> ItemView | None:
        if self.view is None:
            return None
        rows = self.items.selectionModel().selectedRows() if self.items.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self.view.items[row] if 0 <= row < len(self.view.items) else None

    def select_item(self, code: str) -> None:
        if self.view is not None:
            for row, item in enumerate(self.view.items):
                if item.code == code:
                    self.items.selectRow(row)

    def _selection_changed(self) -> None:
        item = self.selected_item()
        allowed = (
            actions_for(self._actor, item, self.view.business_date)
            if item is not None and self.view is not None
            else frozenset()
        )
        for name, button in self.buttons.items():
            if name == "attach":
                button.setEnabled(
                    item is not None
                    and self._actor.can(Permission.KYC_VERIFY)
                    and item.state != "waived"
                    and item.check_kind != "blacklist"
                )
            else:
                button.setEnabled(name in allowed)
                button.setToolTip(self._why_not(name, item) if name not in allowed else "")
            button.setVisible(name == "attach" or name in allowed or self._may_ever(name))
        self._show_thumbnails(item)

    def _why_not(self, name: str, item: ItemView | None) -> str:
        """The tooltip of a disabled button whose reason is not obvious from the state:
        four eyes on one's own submission, and the renewal window."""
        if item is None or self.view is None:
            return ""
        if name in ("verify", "reject") and decision_blocked(self._actor, item):
            when = (
                item.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M")
                if item.submitted_at
                else ""
            )
            who = item.submitted_by_name or self._actor.display_name
            return self.tr(
                "Four eyes: you ({0}) submitted this item on {1}; another officer "
                "must verify or reject it."
            ).format(who, when)
        if name == "renew" and renew_blocked(item, self.view.business_date):
            opens = renew_opens(item.valid_until)
            if opens is None:
                return self.tr("This item does not expire; there is nothing to renew.")
            return self.tr(
                "Valid until {0}: renewal opens on {1}, {2} days before it runs out."
            ).format(
                item.valid_until.isoformat() if item.valid_until else "", opens, RENEW_WINDOW_DAYS
            )
        return ""

    def _may_ever(self, name: str) -> bool:
        """Hide buttons for actions my role never has (verify for an auditor, ...)."""
        if name in ("waive", "decline_waiver"):
            return self._actor.can(Permission.KYC_WAIVE)
        return self._actor.can(Permission.KYC_VERIFY)

    def _clicked(self, name: str, prompt: str | None) -> None:
        item = self.selected_item()
        if item is None:
            return
        reason = ""
        if prompt is not None:
            title = self.buttons[name].text().rstrip("…")
            dialog = ReasonDialog(title, self._qt("KycChecklist", prompt), self)
            if dialog.exec() != ReasonDialog.DialogCode.Accepted:
                return
            reason = dialog.reason()
        self.perform(name, item, reason)

    def perform(self, name: str, item: ItemView, reason: str = "") -> None:
        """Run one item action in a task (tests call this to skip the reason dialog)."""
        s = self._service
        calls: dict[str, Callable[[], ChecklistView]] = {
            "submit": lambda: s.submit(item.id, item.version),
            "resubmit": lambda: s.resubmit(item.id, item.version),
            "verify": lambda: s.verify(item.id, item.version),
            "renew": lambda: s.renew(item.id, item.version),
            "reject": lambda: s.reject(item.id, reason, item.version),
            "request_waiver": lambda: s.request_waiver(item.id, reason, item.version),
            "waive": lambda: s.approve_waiver(item.id, reason, item.version),
            "decline_waiver": lambda: s.decline_waiver(item.id, reason, item.version),
        }
        self._run(calls[name], self._acted)

    def _acted(self, view: ChecklistView) -> None:
        self.show_checklist(view)
        self.changed.emit()

    def _after_action(self) -> None:
        if self.view is not None:
            self.load_checklist(self.view.id)
        self.changed.emit()

    # evidence --------------------------------------------------------------

    def attach_from_file(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Attach evidence"),
            "",
            self.tr("Images and PDF (*.png *.jpg *.jpeg *.gif *.webp *.pdf)"),
        )
        if path:
            self.attach(item, path)

    def attach(self, item: ItemView, path: str) -> None:
        def job() -> object:
            with open(path, "rb") as handle:
                content = handle.read()
            current = item.current_evidence
            renewing = item.state in ("rejected", "expired")
            supersedes = current[-1].id if current and renewing else None
            self._evidence.attach(item.id, path, content, supersedes=supersedes)
            return self._reader.get(item.checklist_id)

        self._run(job, self._acted)

    def _show_thumbnails(self, item: ItemView | None) -> None:
        self.evidence.clear()
        if item is None:
            return
        for info in reversed(item.evidence):
            entry = QListWidgetItem(info.file_name + ("" if info.current else self.tr(" (old)")))
            entry.setData(Qt.ItemDataRole.UserRole, info.id)
            entry.setToolTip(
                self.tr("{0}, {1} bytes, by {2}").format(
                    info.mime_type, info.size, info.uploaded_by_name
                )
            )
            self.evidence.addItem(entry)
        # every file, PDFs too: their first page is the thumbnail
        files = [e.id for e in item.evidence]
        if files:
            self._run(lambda: [self._evidence.open(i) for i in files], self._thumbnails_loaded)

    def _thumbnails_loaded(self, files: list[EvidenceFile]) -> None:
        by_id = {f.info.id: f for f in files}
        for row in range(self.evidence.count()):
            entry = self.evidence.item(row)
            opened = by_id.get(entry.data(Qt.ItemDataRole.UserRole))
            if opened is None:
                continue
            if opened.info.is_image:
                image = QPixmap()
                pixmap = image if image.loadFromData(opened.content) else None
            else:
                pixmap = pdf_thumbnail(opened.content, 64)
            if pixmap is not None:
                entry.setIcon(QIcon(pixmap.scaled(96, 64, Qt.AspectRatioMode.KeepAspectRatio)))
            if not opened.intact:
                entry.setText(self.tr("⚠ TAMPERED: {0}").format(opened.info.file_name))
                entry.setForeground(Qt.GlobalColor.red)

    def _evidence_activated(self, entry: QListWidgetItem) -> None:
        self.open_evidence(int(entry.data(Qt.ItemDataRole.UserRole)))

    def open_evidence(self, evidence_id: int) -> None:
        self._run(lambda: self._evidence.open(evidence_id), self._preview)

    def _preview(self, opened: EvidenceFile) -> None:
        self.last_preview = EvidencePreview(opened, self)
        self.last_preview.show()

    # plumbing --------------------------------------------------------------

    def _show_customer(self) -> None:
        if self.view is not None and self._open_customer is not None:
            self._open_customer(self.view.customer_id)

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._runner.submit(lambda _c: fn(), done, self._show_error, owner=self, name="kyc")

    def _show_error(self, message: str) -> None:
        self.message.setText(translate_service_message(message))  # "resident ID: ..." too
        self.failed.emit(message)
