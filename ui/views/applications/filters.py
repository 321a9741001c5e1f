"""The queue's filters and sort above the Applications table. GUI thread."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import P2PDeskError
from app.money import parse_amount
from app.origination.queries import OPEN_STATUSES, UNASSIGNED, QueueFilter, QueueSort
from app.origination.status import Status
from ui.views.applications.queue_model import status_name


class QueueFilterBar(QWidget):
    """Status, grade, assignee, product, amount range, age and sort; ``changed`` is
    emitted whenever one of them is changed (the page re-runs the query)."""

    changed = Signal()

    def __init__(
        self, my_user_id: int | None, leading: Sequence[QWidget], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Open"), OPEN_STATUSES)
        self.status_filter.addItem(self.tr("All"), ())
        for s in Status:
            self.status_filter.addItem(status_name(s.value), (s.value,))
        self.product_filter = QLineEdit()
        self.product_filter.setPlaceholderText(self.tr("product"))
        self.grade_filter = QComboBox()
        self.grade_filter.addItem(self.tr("any grade"), ())
        for g in "ABCDEFG":
            self.grade_filter.addItem(g, (g,))
        self.min_amount = QLineEdit()
        self.min_amount.setPlaceholderText(self.tr("min amount"))
        self.max_amount = QLineEdit()
        self.max_amount.setPlaceholderText(self.tr("max amount"))
        self.assigned_filter = QComboBox()
        self.assigned_filter.addItem(self.tr("anyone"), None)
        self.assigned_filter.addItem(self.tr("mine"), my_user_id)
        self.assigned_filter.addItem(self.tr("unassigned"), UNASSIGNED)
        self.min_age = QSpinBox()
        self.min_age.setRange(0, 24 * 365)
        self.min_age.setSuffix(self.tr(" h+"))
        self.sort = QComboBox()
        self.sort.addItem(self.tr("oldest first"), QueueSort.SUBMITTED)
        self.sort.addItem(self.tr("amount"), QueueSort.AMOUNT)
        self.sort.addItem(self.tr("grade"), QueueSort.GRADE)
        self.descending = QCheckBox(self.tr("descending"))
        for combo in (self.status_filter, self.grade_filter, self.assigned_filter, self.sort):
            combo.currentIndexChanged.connect(self.changed)
        for line in (self.product_filter, self.min_amount, self.max_amount):
            line.editingFinished.connect(self.changed)
        self.min_age.valueChanged.connect(self.changed)
        self.descending.toggled.connect(self.changed)
        # two rows, so the desk fits a 1280-pixel screen beside the navigation
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        for widget in leading:
            bar.addWidget(widget)
        bar.addSpacing(12)
        for combo in (self.status_filter, self.grade_filter, self.assigned_filter):
            bar.addWidget(combo)
        bar.addStretch(1)
        filters = QHBoxLayout()
        for line in (self.product_filter, self.min_amount, self.max_amount):
            line.setMaximumWidth(120)
            filters.addWidget(line)
        for widget in (self.min_age, self.sort, self.descending):
            filters.addWidget(widget)
        filters.addStretch(1)
        outer.addLayout(bar)
        outer.addLayout(filters)

    def current_filter(self) -> QueueFilter:
        """The filter as set on screen; an amount that does not parse is ignored."""

        def amount(text: str) -> int | None:
            try:
                return parse_amount(text) if text.strip() else None
            except P2PDeskError:
                return None

        return QueueFilter(
            statuses=self.status_filter.currentData(),
            product_code=self.product_filter.text().strip() or None,
            grades=self.grade_filter.currentData(),
            min_amount=amount(self.min_amount.text()),
            max_amount=amount(self.max_amount.text()),
            assigned_to=self.assigned_filter.currentData(),
            min_age_hours=self.min_age.value() or None,
        )

    def current_sort(self) -> tuple[QueueSort, bool]:
        return self.sort.currentData(), self.descending.isChecked()
