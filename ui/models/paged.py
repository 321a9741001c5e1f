"""A table model that loads a page at a time through a keyset query (STYLE rule 6).

Subclasses declare their columns as an ``IntEnum`` and their headers with
``QT_TRANSLATE_NOOP``, say how a row shows, and hand in a *fetch* callback:
``fetch(after_key, limit) -> rows``. ``after_key`` is ``None`` for the first page
and otherwise ``key_of(last row)``; the callback runs a keyset query
(``WHERE key > :after ORDER BY key LIMIT :limit``), never OFFSET. Sorting and
filtering build a new callback and reload; there is no proxy model on top.

With a :class:`~ui.tasks.TaskRunner` the pages load on a pool thread (the callback
then opens its own session); without one they load synchronously (small tables,
tests).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.tasks import TaskControl, TaskRunner

FetchPage = Callable[[Any, int], Sequence[Any]]
KeyOf = Callable[[Any], Any]
AnyIndex = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object behind an index


class PagedTableModel(QAbstractTableModel):
    """Rows fetched so far plus the callback that fetches the next page. GUI thread."""

    #: the columns, in order; subclasses set it
    Column: ClassVar[type[IntEnum]]
    #: header text per column, marked with QT_TRANSLATE_NOOP(TR_CONTEXT, ...)
    HEADERS: ClassVar[dict[int, str]]
    TR_CONTEXT: ClassVar[str] = "Tables"

    page_loaded = Signal(int)  # rows added by the page that just arrived
    load_failed = Signal(str)
    loading_changed = Signal(bool)

    def __init__(
        self,
        fetch: FetchPage | None = None,
        key_of: KeyOf | None = None,
        *,
        page_size: int = 200,
        runner: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._key_of: KeyOf = key_of or (lambda row: row)
        self._page_size = page_size
        self._runner = runner
        self._rows: list[Any] = []
        self._exhausted = fetch is None
        self._loading = False
        self._generation = 0
        self._changing = False

    # what subclasses provide ------------------------------------------------

    def display(self, row: Any, column: int) -> str | None:
        """The text of ``column`` for ``row``."""
        raise NotImplementedError

    def role_data(self, row: Any, column: int, role: int) -> Any:
        """Data for roles other than display; None by default."""
        return None

    # loading ---------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def set_fetch(self, fetch: FetchPage, key_of: KeyOf | None = None) -> None:
        """Replace the query (new filter or sort) and load its first page."""
        self._fetch = fetch
        if key_of is not None:
            self._key_of = key_of
        self.reload()

    def reload(self) -> None:
        """Forget the rows and load the first page again."""
        # Views (and the model tester) ask for more while the reset or insert signals
        # are still being delivered; inserting rows then would nest inside them.
        self._changing = True
        try:
            self.beginResetModel()
            self._generation += 1
            self._rows = []
            self._exhausted = self._fetch is None
            self._set_loading(False)
            self.endResetModel()
        finally:
            self._changing = False
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and not self._exhausted
            and not self._loading
            and not self._changing
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        fetch = self._fetch
        after = self._key_of(self._rows[-1]) if self._rows else None
        limit = self._page_size
        generation = self._generation
        if self._runner is None:
            self._set_loading(True)
            try:
                rows = fetch(after, limit)
            except Exception as exc:
                self._set_loading(False)
                self._exhausted = True
                from ui.tasks import friendly_error

                self.load_failed.emit(friendly_error(exc))
                return
            self._set_loading(False)
            self._append(rows, limit)
            return

        def job(_control: TaskControl) -> Sequence[Any]:
            return fetch(after, limit)

        def done(rows: Any) -> None:
            if generation == self._generation:
                self._set_loading(False)
                self._append(rows, limit)

        def failed(message: str) -> None:
            if generation == self._generation:
                self._set_loading(False)
                self._exhausted = True
                self.load_failed.emit(message)

        self._set_loading(True)
        self._runner.submit(job, done, failed, owner=self, name="page")

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _append(self, rows: Sequence[Any], limit: int) -> None:
        if len(rows) < limit:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self._changing = True
            try:
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            finally:
                self._changing = False
        self.page_loaded.emit(len(rows))

    # the model interface ---------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.Column)
        ):
            return QCoreApplication.translate(self.TR_CONTEXT, self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == ROW_ROLE:
            return row
        return self.role_data(row, index.column(), role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
