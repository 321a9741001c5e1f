"""Admin > KYC templates: the checklist template of each customer type, versioned.

Publishing never edits a version: it adds the next one. Checklists opened before
keep the version they were made from; new checklists use the new one.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kyc.defaults import TemplateItemSpec
from app.kyc.templates import TemplateService, TemplateView
from app.security.permissions import Role
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import Icon, icon
from ui.models.users import role_name
from ui.tasks import TaskRunner
from ui.views.kyc.queue_model import KIND_NAMES

CONTEXT = "KycTemplates"
CHECK_NAMES = {
    "resident_id": QT_TRANSLATE_NOOP("KycTemplates", "Resident ID check digit"),
    "uscc": QT_TRANSLATE_NOOP("KycTemplates", "Credit code check character"),
    "mobile": QT_TRANSLATE_NOOP("KycTemplates", "Mobile number format"),
    "luhn": QT_TRANSLATE_NOOP("KycTemplates", "Bank card Luhn check"),
    "screening": QT_TRANSLATE_NOOP("KycTemplates", "Sanctions / PEP screening"),
    "blacklist": QT_TRANSLATE_NOOP("KycTemplates", "Internal blacklist"),
}


class Column(IntEnum):
    CODE = 0
    LABEL = 1
    LABEL_ZH = 2
    REQUIRED = 3
    EVIDENCE = 4
    VALIDITY = 5
    ROLE = 6
    CHECK = 7


HEADERS = {
    Column.CODE: QT_TRANSLATE_NOOP("KycTemplates", "Code"),
    Column.LABEL: QT_TRANSLATE_NOOP("KycTemplates", "Label"),
    Column.LABEL_ZH: QT_TRANSLATE_NOOP("KycTemplates", "Chinese label"),
    Column.REQUIRED: QT_TRANSLATE_NOOP("KycTemplates", "Required"),
    Column.EVIDENCE: QT_TRANSLATE_NOOP("KycTemplates", "Evidence required"),
    Column.VALIDITY: QT_TRANSLATE_NOOP("KycTemplates", "Valid for (days)"),
    Column.ROLE: QT_TRANSLATE_NOOP("KycTemplates", "Verified by"),
    Column.CHECK: QT_TRANSLATE_NOOP("KycTemplates", "Automatic check"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class TemplateEditorDialog(QDialog):
    """Lists the versions of each customer type's template and publishes a new one.
    Every database call runs on the task runner; the service checks the permission
    again. GUI thread. ``published``: a new version exists (its TemplateView)."""

    published = Signal(object)

    def __init__(
        self,
        service: TemplateService,
        runner: TaskRunner,
        *,
        can_edit: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kyc_template_editor")
        self.setWindowTitle(self.tr("KYC checklist templates"))
        self.setWindowIcon(icon(Icon.KYC))
        self.resize(1100, 560)
        self._service = service
        self._runner = runner
        self._can_edit = can_edit
        self.versions: list[TemplateView] = []
        self._loading = False

        self.kind = QComboBox()
        self.kind.setObjectName("template_kind")
        for key in ("individual", "business"):
            self.kind.addItem(QCoreApplication.translate("KycQueue", KIND_NAMES[key]), key)
        self.version = QComboBox()
        self.version.setObjectName("template_version")
        self.version.setMinimumWidth(320)
        self.name = QLineEdit()
        self.name.setObjectName("template_name")
        self.name.setReadOnly(not can_edit)
        top = QFormLayout()
        top.addRow(self.tr("Customer type:"), self.kind)
        top.addRow(self.tr("Version:"), self.version)
        top.addRow(self.tr("Name:"), self.name)

        self.table = QTableWidget(0, len(Column))
        self.table.setObjectName("template_items")
        self.table.setHorizontalHeaderLabels([_tr(HEADERS[c]) for c in Column])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.LABEL_ZH, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (Column.CODE, 130),
            (Column.REQUIRED, 80),
            (Column.EVIDENCE, 130),
            (Column.VALIDITY, 120),
            (Column.ROLE, 170),
            (Column.CHECK, 200),
        ):
            self.table.setColumnWidth(column, width)
        if not can_edit:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemChanged.connect(self._update_buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("Add item"))
        self.add_button.setObjectName("template_add_item")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton(self.tr("Remove item"))
        self.remove_button.setObjectName("template_remove_item")
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button = QPushButton(self.tr("Move up"))
        self.up_button.setObjectName("template_move_up")
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = QPushButton(self.tr("Move down"))
        self.down_button.setObjectName("template_move_down")
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setObjectName("template_revert")
        self.revert_button.clicked.connect(self._show_selected_version)
        self.publish_button = QPushButton(self.tr("Publish as new version"))
        self.publish_button.setObjectName("template_publish")
        self.publish_button.clicked.connect(self.publish)
        edit_bar = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            edit_bar.addWidget(button)
            button.setVisible(can_edit)
        edit_bar.addStretch(1)
        edit_bar.addWidget(self.revert_button)
        edit_bar.addWidget(self.publish_button)
        self.revert_button.setVisible(can_edit)
        self.publish_button.setVisible(can_edit)

        self.note = QLabel(
            self.tr(
                "Publishing adds the next version and makes it the one new checklists use. "
                "Checklists opened before keep the version they were made from."
            )
        )
        self.note.setWordWrap(True)
        self.note.setVisible(can_edit)
        self.message = QLabel()
        self.message.setObjectName("template_message")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_bar)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(close)

        self.kind.currentIndexChanged.connect(self.load)
        self.version.currentIndexChanged.connect(self._show_selected_version)
        self.name.textEdited.connect(self._update_buttons)
        self._update_buttons()
        self.load()

    # loading ---------------------------------------------------------------

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def load(self) -> None:
        """Fetch every version of the chosen type (seeding the default the first time)."""
        kind, service = self.current_kind(), self._service

        def job(_c: Any) -> list[TemplateView]:
            service.active(kind)
            return service.versions(kind)

        self._runner.submit(job, self._loaded, self._show_error, owner=self, name="kyc.templates")

    def _loaded(self, versions: list[TemplateView], select_id: int | None = None) -> None:
        self.versions = versions
        self.version.blockSignals(True)
        self.version.clear()
        for view in versions:
            text = self.tr("Version {0} · {1}").format(view.template_version, view.name)
            if view.active:
                text += self.tr(" (in use)")
            self.version.addItem(text, view.id)
        wanted = (
            select_id if select_id is not None else next((v.id for v in versions if v.active), None)
        )
        self.version.setCurrentIndex(max(0, self.version.findData(wanted)))
        self.version.blockSignals(False)
        self._show_selected_version()

    def selected_version(self) -> TemplateView | None:
        row = self.version.currentIndex()
        return self.versions[row] if 0 <= row < len(self.versions) else None

    def _show_selected_version(self) -> None:
        view = self.selected_version()
        self.name.setText(view.name if view else "")
        self._fill(list(view.items) if view else [])
        self.message.clear()

    # the table -------------------------------------------------------------

    def _fill(self, specs: list[TemplateItemSpec]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for spec in specs:
            self._append_row(spec)
        self._loading = False
        self._update_buttons()

    def _append_row(self, spec: TemplateItemSpec) -> None:
        # itemChanged fires before the row's widgets exist; read the table only after
        loading, self._loading = self._loading, True
        try:
            self._build_row(spec)
        finally:
            self._loading = loading

    def _build_row(self, spec: TemplateItemSpec) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        editable = self._can_edit
        for column, text in (
            (Column.CODE, spec.code),
            (Column.LABEL, spec.label),
            (Column.LABEL_ZH, spec.label_zh),
        ):
            self.table.setItem(row, column, QTableWidgetItem(text))
        for column, on in (
            (Column.REQUIRED, spec.required),
            (Column.EVIDENCE, spec.evidence_required),
        ):
            cell = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            cell.setFlags(flags)
            cell.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.table.setItem(row, column, cell)
        days = QSpinBox()
        days.setRange(0, 36500)
        days.setSpecialValueText(self.tr("no expiry"))
        days.setValue(spec.validity_days or 0)
        days.setEnabled(editable)
        days.valueChanged.connect(self._update_buttons)
        self.table.setCellWidget(row, Column.VALIDITY, days)
        role = QComboBox()
        for r in Role:
            role.addItem(role_name(r.value), r.value)
        role.setCurrentIndex(max(0, role.findData(spec.verifier_role)))
        role.setEnabled(editable)
        role.currentIndexChanged.connect(self._update_buttons)
        self.table.setCellWidget(row, Column.ROLE, role)
        check = QComboBox()
        check.addItem(self.tr("none"), None)
        for key, text in CHECK_NAMES.items():
            check.addItem(_tr(text), key)
        check.setCurrentIndex(max(0, check.findData(spec.check_kind)))
        check.setEnabled(editable)
        check.currentIndexChanged.connect(self._update_buttons)
        self.table.setCellWidget(row, Column.CHECK, check)

    def _row_spec(self, row: int) -> TemplateItemSpec:
        def text(column: Column) -> str:
            cell = self.table.item(row, column)
            return cell.text() if cell is not None else ""

        def checked(column: Column) -> bool:
            cell = self.table.item(row, column)
            return cell is not None and cell.checkState() == Qt.CheckState.Checked

        days = self.table.cellWidget(row, Column.VALIDITY)
        role = self.table.cellWidget(row, Column.ROLE)
        check = self.table.cellWidget(row, Column.CHECK)
        assert isinstance(days, QSpinBox)
        assert isinstance(role, QComboBox) and isinstance(check, QComboBox)
        return TemplateItemSpec(
            text(Column.CODE).strip(),
            text(Column.LABEL).strip(),
            checked(Column.REQUIRED),
            checked(Column.EVIDENCE),
            days.value() or None,
            str(role.currentData()),
            check.currentData(),
            text(Column.LABEL_ZH).strip(),
        )

    def specs(self) -> list[TemplateItemSpec]:
        """The items as edited, top to bottom."""
        return [self._row_spec(row) for row in range(self.table.rowCount())]

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def add_item(self) -> None:
        self._append_row(TemplateItemSpec("", ""))
        row = self.table.rowCount() - 1
        self.table.selectRow(row)
        code = self.table.item(row, Column.CODE)
        if code is not None:
            self.table.editItem(code)
        self._update_buttons()

    def remove_item(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.table.removeRow(row)
            self._update_buttons()

    def move_item(self, step: int) -> None:
        row = self.selected_row()
        specs = self.specs()
        target = row + step
        if row < 0 or not 0 <= target < len(specs):
            return
        specs[row], specs[target] = specs[target], specs[row]
        self._fill(specs)
        self.table.selectRow(target)

    def is_modified(self) -> bool:
        view = self.selected_version()
        if view is None:
            return False
        return self.name.text().strip() != view.name or self.specs() != list(view.items)

    def _update_buttons(self) -> None:
        if self._loading:
            return
        row = self.selected_row()
        modified = self.is_modified()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.table.rowCount() - 1)
        self.revert_button.setEnabled(modified)
        self.publish_button.setEnabled(self._can_edit and modified)

    # publishing ------------------------------------------------------------

    def publish(self) -> None:
        """Publish the edited items as the next version of the chosen type (in a task)."""
        kind, name, specs, service = (
            self.current_kind(),
            self.name.text(),
            self.specs(),
            self._service,
        )
        self.publish_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Publishing…"))

        def job(_c: Any) -> tuple[TemplateView, list[TemplateView]]:
            view = service.publish(kind, name, specs)
            return view, service.versions(kind)

        self._runner.submit(job, self._published, self._show_error, owner=self, name="kyc.publish")

    def _published(self, result: tuple[TemplateView, list[TemplateView]]) -> None:
        view, versions = result
        self._loaded(versions, view.id)
        self.message.setStyleSheet("color:#2e7d32;")
        self.message.setText(
            self.tr("Version {0} published. New checklists use it.").format(view.template_version)
        )
        self.published.emit(view)

    def _show_error(self, message: str) -> None:
        self.message.setStyleSheet("color:#c62828;")
        self.message.setText(message)
        self._update_buttons()
