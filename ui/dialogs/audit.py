"""Admin > Audit trail: events filtered by user, entity and date, newest first."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.audit_queries import AuditFilter, AuditRow, AuditViewer
from ui.icons import Icon, icon
from ui.models.audit import AuditColumn, AuditTableModel, audit_key, sort_filter
from ui.models.paged import ROW_ROLE
from ui.tasks import TaskRunner


class AuditDialog(QDialog):
    """Filters run in the database (keyset pages); the table loads as it scrolls."""

    def __init__(
        self, viewer: AuditViewer, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("audit_dialog")
        self.setWindowTitle(self.tr("Audit trail"))
        self.setWindowIcon(icon(Icon.AUDIT))
        self.resize(1000, 600)
        self._viewer = viewer
        self._runner = runner
        self.filter = AuditFilter()

        self.user = QLineEdit()
        self.user.setObjectName("filter_user")
        self.user.setPlaceholderText(self.tr("user name"))
        self.entity = QComboBox()
        self.entity.setObjectName("filter_entity")
        self.entity.setEditable(True)
        self.entity.setMinimumContentsLength(14)
        self.entity.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.entity.addItem("")
        self.use_from = QCheckBox(self.tr("From"))
        self.use_from.setObjectName("use_from")
        self.date_from = QDateEdit(QDate.currentDate().addDays(-30))
        self.date_from.setObjectName("date_from")
        self.date_from.setCalendarPopup(True)
        self.date_from.setDisplayFormat("yyyy-MM-dd")
        self.use_to = QCheckBox(self.tr("To"))
        self.use_to.setObjectName("use_to")
        self.date_to = QDateEdit(QDate.currentDate())
        self.date_to.setObjectName("date_to")
        self.date_to.setCalendarPopup(True)
        self.date_to.setDisplayFormat("yyyy-MM-dd")
        apply = QPushButton(icon(Icon.SEARCH), self.tr("&Apply"))
        apply.setObjectName("apply_button")
        apply.setDefault(True)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("User:")))
        filters.addWidget(self.user)
        filters.addWidget(QLabel(self.tr("Entity:")))
        filters.addWidget(self.entity)
        filters.addWidget(self.use_from)
        filters.addWidget(self.date_from)
        filters.addWidget(self.use_to)
        filters.addWidget(self.date_to)
        filters.addWidget(apply)

        self.model = AuditTableModel(
            self._fetch_for(self.filter), audit_key, runner=runner, parent=self
        )
        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(
            AuditColumn.SEQ, Qt.SortOrder.DescendingOrder
        )
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        for column, width in (
            (AuditColumn.SEQ, 70),
            (AuditColumn.WHEN, 150),
            (AuditColumn.USER, 110),
            (AuditColumn.ACTION, 170),
            (AuditColumn.ENTITY, 90),
            (AuditColumn.ENTITY_ID, 90),
        ):
            self.table.setColumnWidth(column, width)
        self.details = QPlainTextEdit()
        self.details.setObjectName("audit_details")
        self.details.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        self.message = QLabel()
        self.message.setObjectName("message")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)

        apply.clicked.connect(self.apply_filter)
        self.user.returnPressed.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.model.load_failed.connect(self._failed)
        self.model.reload()
        runner.submit(
            lambda _c: viewer.entities(),
            self._entities_loaded,
            self._failed,
            owner=self,
            name="audit-entities",
        )

    def _fetch_for(self, flt: AuditFilter) -> Any:
        viewer = self._viewer

        def fetch(after: Any, limit: int) -> list[AuditRow]:
            return viewer.page(flt, after, limit)

        return fetch

    def _entities_loaded(self, entities: Any) -> None:
        current = self.entity.currentText()
        self.entity.clear()
        self.entity.addItem("")
        self.entity.addItems(list(entities))
        self.entity.setCurrentText(current)

    def _date(self, check: QCheckBox, edit: QDateEdit) -> date | None:
        if not check.isChecked():
            return None
        value = edit.date()
        return date(value.year(), value.month(), value.day())

    def apply_filter(self) -> None:
        """Re-run the query with the filters in the form."""
        self.filter = AuditFilter(
            actor_name=self.user.text(),
            entity=self.entity.currentText(),
            date_from=self._date(self.use_from, self.date_from),
            date_to=self._date(self.use_to, self.date_to),
            newest_first=self.filter.newest_first,
        )
        self.message.clear()
        self.details.clear()
        self.model.set_fetch(self._fetch_for(self.filter))

    def _header_clicked(self, column: int) -> None:
        header = self.table.horizontalHeader()
        order = (
            Qt.SortOrder.AscendingOrder
            if self.filter.newest_first
            else Qt.SortOrder.DescendingOrder
        )
        changed = sort_filter(self.filter, column, order)
        if changed is None:
            header.setSortIndicator(AuditColumn.SEQ, self._order())
            self.message.setText(self.tr("The trail can only be sorted by its number (#)."))
            return
        self.filter = changed
        header.setSortIndicator(AuditColumn.SEQ, self._order())
        self.model.set_fetch(self._fetch_for(self.filter))

    def _order(self) -> Qt.SortOrder:
        if self.filter.newest_first:
            return Qt.SortOrder.DescendingOrder
        return Qt.SortOrder.AscendingOrder

    def _show_details(self, current: Any, _previous: Any = None) -> None:
        row: AuditRow | None = self.model.data(current, ROW_ROLE)
        if row is None:
            self.details.clear()
            return
        parts = [f"#{row.seq}  {row.action}  {row.entity} {row.entity_id}  ({row.actor_name})"]
        for label, text in (
            (self.tr("Before"), row.before_json),
            (self.tr("After"), row.after_json),
        ):
            if text:
                try:
                    pretty = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
                except ValueError:
                    pretty = text
                parts.append(f"{label}:\n{pretty}")
        self.details.setPlainText("\n\n".join(parts))

    def _failed(self, message: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(message)
