"""Admin > KYC blacklist: ID numbers, phones and bank cards that block lending.

The database holds only a keyed hash (blind index) and the last four characters,
so the list shows masked values; adding needs this workstation's master key.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kyc.blacklist import BlacklistEntryView, BlacklistService
from ui.i18n import QT_TRANSLATE_NOOP
from ui.tasks import TaskRunner
from ui.views.kyc.dialogs import ReasonDialog

KIND_NAMES = {
    "id_number": QT_TRANSLATE_NOOP("KycBlacklist", "ID number / credit code"),
    "phone": QT_TRANSLATE_NOOP("KycBlacklist", "Mobile phone"),
    "bank_card": QT_TRANSLATE_NOOP("KycBlacklist", "Bank card"),
}
HEADERS = (
    QT_TRANSLATE_NOOP("KycBlacklist", "#"),
    QT_TRANSLATE_NOOP("KycBlacklist", "Type"),
    QT_TRANSLATE_NOOP("KycBlacklist", "Value"),
    QT_TRANSLATE_NOOP("KycBlacklist", "Reason"),
    QT_TRANSLATE_NOOP("KycBlacklist", "Status"),
    QT_TRANSLATE_NOOP("KycBlacklist", "Added"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("KycBlacklist", text)


class BlacklistDialog(QDialog):
    """Lists, adds and removes blacklist entries through :class:`BlacklistService`
    (which checks permissions and audits). GUI thread. ``changed``: an entry was
    added or removed (customers holding it were re-checked)."""

    changed = Signal()

    def __init__(
        self,
        service: BlacklistService,
        runner: TaskRunner,
        *,
        can_add: bool,
        can_remove: bool,
        vault_reason: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kyc_blacklist_dialog")
        self.setWindowTitle(self.tr("KYC internal blacklist"))
        self.resize(900, 520)
        self._service = service
        self._runner = runner
        self.entries: list[BlacklistEntryView] = []
        vault_open = service.vault is not None

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("blacklist_entries")
        self.table.setHorizontalHeaderLabels([_tr(h) for h in HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 50), (1, 170), (2, 190), (4, 80), (5, 130)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.kind = QComboBox()
        self.kind.setObjectName("blacklist_kind")
        for key, text in KIND_NAMES.items():
            self.kind.addItem(_tr(text), key)
        self.value = QLineEdit()
        self.value.setObjectName("blacklist_value")
        self.value.setPlaceholderText(self.tr("Number to blacklist"))
        # typed once, never shown again: the database keeps only its blind index
        self.value.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.reason = QLineEdit()
        self.reason.setObjectName("blacklist_reason")
        self.reason.setPlaceholderText(self.tr("Reason (required), e.g. the fraud case"))
        self.add_button = QPushButton(self.tr("Add to blacklist"))
        self.add_button.setObjectName("blacklist_add")
        self.add_button.clicked.connect(self.add)
        self.value.textChanged.connect(self._update_buttons)
        self.reason.textChanged.connect(self._update_buttons)
        self.reason.returnPressed.connect(self.add)
        add_row = QHBoxLayout()
        add_row.addWidget(self.kind)
        add_row.addWidget(self.value, 1)
        add_row.addWidget(self.reason, 2)
        add_row.addWidget(self.add_button)
        add_box = QWidget()
        add_box.setLayout(add_row)
        add_box.setVisible(can_add)
        add_box.setEnabled(vault_open)
        self._can_add = can_add and vault_open

        self.remove_button = QPushButton(self.tr("Remove from blacklist…"))
        self.remove_button.setObjectName("blacklist_remove")
        self.remove_button.setVisible(can_remove)
        self.remove_button.clicked.connect(self._remove_clicked)
        self._can_remove = can_remove

        self.locked_note = QLabel(
            self.tr("Personal data is locked on this workstation, so entries cannot be added. {0}")
            .format(vault_reason or "")
            .strip()
        )
        self.locked_note.setObjectName("blacklist_locked")
        self.locked_note.setWordWrap(True)
        self.locked_note.setStyleSheet("color:#8a5300;")
        self.locked_note.setVisible(can_add and not vault_open)
        note = QLabel(
            self.tr(
                "Customers holding a value are checked the moment it is added, and whenever "
                "their ID number, phone or card changes. Removing an entry stops new matches; "
                "hits already recorded stay on the customer's screening until reviewed."
            )
        )
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("blacklist_message")
        self.message.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(add_box)
        layout.addWidget(self.locked_note)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self._update_buttons()
        self.load()

    def load(self) -> None:
        service = self._service
        self._runner.submit(
            lambda _c: service.entries(), self._loaded, self._show_error, owner=self, name="kyc.bl"
        )

    def _loaded(self, entries: list[BlacklistEntryView]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        grey = QColor("#888888")
        for row, e in enumerate(entries):
            cells = (
                str(e.id),
                _tr(KIND_NAMES.get(e.kind, e.kind)),
                e.masked,
                e.reason,
                self.tr("active") if e.active else self.tr("removed"),
                e.added_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, e.id)
                if not e.active:
                    cell.setForeground(grey)
                self.table.setItem(row, column, cell)
        self._update_buttons()

    def selected_entry(self) -> BlacklistEntryView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.remove_button.setEnabled(self._can_remove and entry is not None and entry.active)
        self.add_button.setEnabled(
            self._can_add and bool(self.value.text().strip()) and bool(self.reason.text().strip())
        )

    def add(self) -> None:
        """Blacklist the typed value (in a task); customers holding it are re-checked."""
        if not self.add_button.isEnabled():
            return
        kind, value, reason = self.kind.currentData(), self.value.text(), self.reason.text()
        service = self._service
        self.add_button.setEnabled(False)

        def job(_c: Any) -> tuple[BlacklistEntryView, list[BlacklistEntryView]]:
            entry = service.add(kind, value, reason)
            return entry, service.entries()

        self._runner.submit(job, self._added, self._show_error, owner=self, name="kyc.bl_add")

    def _added(self, result: tuple[BlacklistEntryView, list[BlacklistEntryView]]) -> None:
        entry, entries = result
        self.value.clear()
        self.reason.clear()
        self._loaded(entries)
        self._say(self.tr("Added {0}. Customers holding it were checked.").format(entry.masked))
        self.changed.emit()

    def _remove_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        dialog = ReasonDialog(
            self.tr("Remove from blacklist"),
            self.tr("Why is {0} removed from the blacklist?").format(entry.masked),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.remove(entry.id, dialog.reason())

    def remove(self, entry_id: int, reason: str) -> None:
        """Deactivate an entry (in a task); tests call this to skip the reason dialog."""
        service = self._service

        def job(_c: Any) -> tuple[BlacklistEntryView, list[BlacklistEntryView]]:
            entry = service.deactivate(entry_id, reason)
            return entry, service.entries()

        self._runner.submit(job, self._removed, self._show_error, owner=self, name="kyc.bl_remove")

    def _removed(self, result: tuple[BlacklistEntryView, list[BlacklistEntryView]]) -> None:
        entry, entries = result
        self._loaded(entries)
        self._say(self.tr("Removed {0} from the blacklist.").format(entry.masked))
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color:#2e7d32;")
        self.message.setText(text)

    def _show_error(self, message: str) -> None:
        self.message.setStyleSheet("color:#c62828;")
        self.message.setText(message)
        self._update_buttons()
