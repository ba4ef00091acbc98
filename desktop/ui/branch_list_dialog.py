"""The branches behind a bar or point of a chart: a small, filterable list per group
(e.g. 已标准化 / 未标准化)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout

from desktop.rules.collation import order_ranks
from desktop.services.trends import BranchLabel, branch_labels
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import resize_on_screen

HEADERS = ("支部名称", "支部类型")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class BranchListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[BranchLabel] = []
        self._ranks: tuple[list[int], list[int]] = ([], [])

    def set_rows(self, rows: list[BranchLabel]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # The one order of names, as in the registry; the kind column sorts by kind, then name.
        self._ranks = (order_ranks([r.name for r in self._rows]), order_ranks([r.kind_label + r.name for r in self._rows]))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == SORT_ROLE and index.isValid():
            return self._ranks[index.column()][index.row()]
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = self._rows[index.row()]
        return row.name if index.column() == 0 else row.kind_label

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def names(self) -> list[str]:
        return [row.name for row in self._rows]


class BranchListDialog(QDialog):
    """Lists the branches of each group behind a chart point; a combo switches between groups."""

    def __init__(self, context: AppContext, title: str, groups, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        resize_on_screen(self, 460, 520)
        self._context = context
        self._groups = [g for g in groups]
        self.group_combo = QComboBox()
        for group in self._groups:
            self.group_combo.addItem(f"{group.label}（{len(group.branch_ids)} 个）")
        self.filter_edit = QLineEdit(placeholderText="按名称筛选…")
        self.model = BranchListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.count_label = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.group_combo, 1)
        top.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)
        self.group_combo.currentIndexChanged.connect(self._show_group)
        self.filter_edit.textChanged.connect(self._filter)
        self.group_combo.setVisible(len(self._groups) > 1)
        self._show_group(0)

    def _show_group(self, index: int) -> None:
        """Read the group's names and kinds on the worker; they replace the list when they land."""
        ids = self._groups[index].branch_ids if self._groups else ()
        self._context.ops.query(self, lambda ws: branch_labels(ws, ids), lambda rows: self._show_rows(index, rows),
                                label="正在读取…")

    def _show_rows(self, index: int, rows: list[BranchLabel]) -> None:
        if self._groups and index != self.group_combo.currentIndex():
            return  # another group was chosen meanwhile
        self.model.set_rows(rows)
        self.view.resizeColumnToContents(0)
        self._filter(self.filter_edit.text())

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"共 {total} 个支部" + (f"，筛选后 {shown} 个" if shown != total else ""))
