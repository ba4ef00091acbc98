"""A table model over a list of plain rows, declared by columns; optionally editable (text cells
and check boxes write back through a column's `set`). With FilterProxy for sorting and filtering.
Text sorts in the one order of names (desktop.rules.collation), as every list and sheet does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from desktop.rules.collation import order_ranks

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Col:
    header: str
    get: Callable[[Any], Any]
    set: Callable[[Any, Any], Any] | None = None  # (row, value) -> new row
    check: bool = False  # a check box (get/set a bool)
    sort: Callable[[Any], Any] | None = None
    color: Callable[[Any], str | None] | None = None
    tip: Callable[[Any], str | None] | None = None
    align_right: bool = False


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: list[Col | tuple[str, Callable[[Any], Any]]], parent=None):
        super().__init__(parent)
        # A plain (header, getter) pair is a read-only text column.
        self.columns = [column if isinstance(column, Col) else Col(*column) for column in columns]
        self.rows: list = []
        self.read_only = False  # e.g. a locked rubric: shown, not editable
        self._ranks: dict[int, list[int]] = {}  # per text column, each row's rank; built when sorted

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._ranks.clear()
        self.endResetModel()

    def append(self, row) -> None:
        self.insert(len(self.rows), row)

    def insert(self, index: int, row) -> None:
        self.beginInsertRows(QModelIndex(), index, index)
        self.rows.insert(index, row)
        self._ranks.clear()
        self.endInsertRows()

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.beginRemoveRows(QModelIndex(), index, index)
            del self.rows[index]
            self._ranks.clear()
            self.endRemoveRows()

    def row_at(self, row: int):
        return self.rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def flags(self, index):
        flags = super().flags(index)
        column = self.columns[index.column()]
        if column.set is not None and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable if column.check else Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if column.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if column.get(row) else Qt.CheckState.Unchecked
            if role == SORT_ROLE:
                return int(bool(column.get(row)))
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = column.get(row)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            value = self._sort_value(row, column)
            if isinstance(value, str):  # its rank: Qt would compare the text by character code
                return self._text_ranks(index.column())[index.row()]
            return -1e9 if value is None else value
        if role == Qt.ItemDataRole.ForegroundRole and column.color:
            color = column.color(row)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return column.tip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        column = self.columns[index.column()]
        if column.set is None:
            return False
        if column.check and role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()] = column.set(self.rows[index.row()], value)
        self._ranks.clear()
        self.dataChanged.emit(index, index)
        return True

    @staticmethod
    def _sort_value(row, column: Col):
        return column.sort(row) if column.sort else column.get(row)

    def _text_ranks(self, column_index: int) -> list[int]:
        ranks = self._ranks.get(column_index)
        if ranks is None:
            column = self.columns[column_index]
            values = [self._sort_value(row, column) for row in self.rows]
            ranks = self._ranks[column_index] = order_ranks([v if isinstance(v, str) else None for v in values])
        return ranks


class FilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; filters by case-insensitive text over all columns and a row predicate."""

    def __init__(self, source: RowsModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.predicate: Callable[[Any], bool] | None = None

    def set_predicate(self, predicate) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.predicate = predicate
            self.endFilterChange()
        else:
            self.predicate = predicate
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802
        if self.predicate is not None and not self.predicate(self.sourceModel().rows[source_row]):
            return False
        return super().filterAcceptsRow(source_row, source_parent)
