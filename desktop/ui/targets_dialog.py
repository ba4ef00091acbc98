"""目标设置: the yearly targets, one row per year, edited in place (percentages 0-100)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout

from desktop.errors import BranchdeskError
from desktop.rules.numbers import NumberError, parse_number
from desktop.rules.targets import DEFAULT_TARGETS, YearTarget
from desktop.services.targets import editable_targets, save_targets
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import resize_on_screen
from desktop.ui.write_dialog import WriteDialog

YEAR, STANDARDIZED, STRONGEST, WEAK, GOAL, SOURCE = range(6)
HEADERS = ("年度", "标准化目标（%）", "最强目标（%）", "软弱涣散清零", "说明", "来源")
SOURCES = {"default": "方案", "edited": "已修改", "carried": "沿用上年"}


@dataclass
class _Row:
    target: YearTarget
    changed: bool = False
    reset: bool = False  # forget the stored edit: follow the plan or the earlier year again


def parse_percent(text: str, label: str, required: bool) -> float | None:
    """'85', '85%', '85.5' → 0.85...; '' → None (when allowed). Raises ValueError with a message."""
    raw = str(text).strip().rstrip("%％").strip()
    if not raw:
        if required:
            raise ValueError(f"请填写{label}")
        return None
    try:
        value = parse_number(raw, 0, 100, span=" 0–100% ")
    except NumberError as error:  # nan, inf and 1e400 among them
        raise ValueError(f"{label}：{error.reason}") from None
    return round(value / 100, 6)


def _percent_text(share: float | None) -> str:
    return "" if share is None else f"{share * 100:g}"


class TargetsModel(QAbstractTableModel):
    rejected = Signal(str)  # a refused edit, with the reason

    def __init__(self, targets: list[YearTarget], parent=None):
        super().__init__(parent)
        self.rows = [_Row(t) for t in targets]

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == WEAK:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (STANDARDIZED, STRONGEST, GOAL):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        target, column = row.target, index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == WEAK:
            return Qt.CheckState.Checked if target.weak_cleared else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == YEAR:
                return str(target.year)
            if column == STANDARDIZED:
                return _percent_text(target.standardized_share)
            if column == STRONGEST:
                return _percent_text(target.strongest_share)
            if column == GOAL:
                return target.weak_goal or ""
            if column == SOURCE:
                return "恢复默认（保存后生效）" if row.reset else ("已修改" if row.changed else SOURCES[target.source])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (YEAR, STANDARDIZED, STRONGEST):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        row = self.rows[index.row()]
        column, target = index.column(), row.target
        try:
            if column == WEAK and role == Qt.ItemDataRole.CheckStateRole:
                changed = replace(target, weak_cleared=Qt.CheckState(value) == Qt.CheckState.Checked)
            elif column == STANDARDIZED and role == Qt.ItemDataRole.EditRole:
                changed = replace(target, standardized_share=parse_percent(value, f"{target.year} 年标准化目标", True))
            elif column == STRONGEST and role == Qt.ItemDataRole.EditRole:
                changed = replace(target, strongest_share=parse_percent(value, f"{target.year} 年最强目标", False))
            elif column == GOAL and role == Qt.ItemDataRole.EditRole:
                changed = replace(target, weak_goal=str(value).strip() or None)
            else:
                return False
        except ValueError as error:
            self.rejected.emit(str(error))
            return False
        if changed != target:
            self.rows[index.row()] = _Row(changed, changed=True)
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), SOURCE))
        return True

    def add_year(self) -> int:
        """A new last year, starting from the previous year's targets. Returns its row."""
        last = self.rows[-1].target
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(_Row(replace(last, year=last.year + 1, source="carried"), changed=True))
        self.endInsertRows()
        return position

    def reset_row(self, position: int) -> None:
        """Back to the plan's default for the year (or, for a later year, the earlier year's)."""
        year = self.rows[position].target.year
        if year in DEFAULT_TARGETS:
            fresh = DEFAULT_TARGETS[year]
        else:
            earlier = self.rows[position - 1].target if position else self.rows[position].target
            fresh = replace(earlier, year=year, source="carried")
        self.rows[position] = _Row(fresh, changed=False, reset=True)
        self.dataChanged.emit(self.index(position, 0), self.index(position, SOURCE))

    def pending(self) -> tuple[list[YearTarget], list[int]]:
        """(targets to store, years to reset) from the rows the clerk touched."""
        return [r.target for r in self.rows if r.changed], [r.target.year for r in self.rows if r.reset]


def open_targets(context: AppContext, through_year: int, parent, then: Callable[[TargetsDialog], None]) -> None:
    """Read the targets on the worker, then hand the dialog to `then` (which shows it)."""
    context.ops.query(parent, lambda ws: editable_targets(ws, through_year),
                      lambda targets: then(TargetsDialog(context, targets, parent)), label="正在读取目标…")


class TargetsDialog(WriteDialog):
    def __init__(self, context: AppContext, targets: list[YearTarget], parent=None):
        super().__init__(parent)
        self.setWindowTitle("目标设置")
        resize_on_screen(self, 760, 420)
        self._context = context
        self.model = TargetsModel(targets, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GOAL, QHeaderView.ResizeMode.Stretch)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.hint = QLabel("双击单元格修改；百分数 0–100，最强目标可留空（该年不设）。未单独设置的年度沿用上一年度的目标。")
        self.hint.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #C0392B;")
        self.error_label.setWordWrap(True)
        self.add_button = QPushButton("添加年度")
        self.reset_button = QPushButton("恢复默认")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")

        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.reset_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(row)

        self.model.rejected.connect(self.error_label.setText)
        self.model.dataChanged.connect(lambda *_: self.error_label.clear())
        self.add_button.clicked.connect(self._add_year)
        self.reset_button.clicked.connect(self._reset)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)

    def _add_year(self) -> None:
        row = self.model.add_year()
        self.view.selectRow(row)
        self.view.edit(self.model.index(row, STANDARDIZED))

    def _reset(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.error_label.setText("请先选中要恢复默认的年度。")
            return
        self.model.reset_row(rows[0].row())

    def _save(self) -> None:
        targets, reset = self.model.pending()
        if not (targets or reset):
            self.accept()
            return
        self.write(self._context, lambda ws: save_targets(ws, targets, reset), lambda _: self.accept(), self._refused)

    def _refused(self, error: BranchdeskError) -> None:
        self.error_label.setText(error.message)
