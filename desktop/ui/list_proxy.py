"""A flat filtering and sorting proxy whose whole mapping is a Python list of source rows.

QSortFilterProxyModel calls back into Python for every row it filters (filterAcceptsRow) and, when
it sorts on a role, for every comparison (data(), n log n times): half a second to a second of the
GUI thread at 10,000 branches. A subclass of this proxy instead sorts and filters plain lists of
keys computed once per load and hands the result over as `_shown`; the view only asks for the
rows it paints. The source model gives a cell's value by row and column (`value(row, column,
role)`), so the proxy makes no index of the source's for a cell it paints.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, Qt

ROW_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


class ListProxy(QAbstractProxyModel):
    """Subclasses give `shown()` (the accepted source rows, in order) and call `_relayout` when a
    filter or the sort changes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._shown: list[int] = []

    def shown(self) -> list[int]:
        """The accepted source rows, in the order shown: every subclass says (an abstract hook; Qt's
        metaclass cannot be mixed with ABCMeta)."""
        raise NotImplementedError(f"{type(self).__name__} must say which source rows it shows")

    def source_reset(self) -> None:
        """New rows in the source: forget what was computed from the old ones (subclasses)."""

    def setSourceModel(self, model) -> None:  # noqa: N802 - Qt override
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.dataChanged.connect(self._source_changed)
        self._source_reset()

    def _source_reset(self) -> None:
        """New rows: sorted and filtered as before (the source's reset began ours)."""
        self.source_reset()
        self._shown = self.shown()
        self.endResetModel()

    def _source_changed(self, *_args) -> None:
        """Same rows, new values: sort and filter again, keeping the selection and the scroll."""
        self.source_reset()
        self._relayout(self.shown)
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, self.columnCount() - 1))

    def _relayout(self, shown: Callable[[], list[int]]) -> None:
        """Replace `_shown` with shown(), keeping persistent indexes (selection, current row) on
        their source rows, or dropping them when their row is filtered out."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        sources = [(self._shown[i.row()], i.column()) for i in before]
        self._shown = shown()
        if before:
            position = {row: place for place, row in enumerate(self._shown)}
            self.changePersistentIndexList(before, [
                self.index(position[row], column) if row in position else QModelIndex() for row, column in sources])
        self.layoutChanged.emit()

    def source_rows(self) -> list[int]:
        """The source rows shown, in the order shown."""
        return self._shown

    # -- the proxy model --------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def index(self, row: int, column: int, parent=QModelIndex()):
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=QModelIndex()):
        return QModelIndex()

    def sibling(self, row: int, column: int, index):
        # A flat table: the default goes to the source and back (mapFromSource searches the rows).
        return self.index(row, column)

    def flags(self, index):
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mapToSource(self, proxy_index):  # noqa: N802 - Qt override
        if not proxy_index.isValid() or proxy_index.row() >= len(self._shown):
            return QModelIndex()
        return self.sourceModel().index(self._shown[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index):  # noqa: N802 - Qt override
        if not source_index.isValid():
            return QModelIndex()
        try:
            return self.index(self._shown.index(source_index.row()), source_index.column())
        except ValueError:
            return QModelIndex()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = index.row()
        if not index.isValid() or row >= len(self._shown):
            return None
        return self.sourceModel().value(self._shown[row], index.column(), role)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        return self.sourceModel().headerData(section, orientation, role)
