"""考评细则 page: the year's rubric (items and points, veto items, pass line, weights), editable
until the year has scores; and a copy from another year."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.excel import cells
from desktop.excel.cells import CellError
from desktop.rules.scoring import Weights
from desktop.services import rubric
from desktop.ui.context import AppContext
from desktop.ui.follow import RUBRIC, SCORING, Follower
from desktop.ui.rows_model import Col, RowsModel


def _set_points(item: rubric.ItemView, text) -> rubric.ItemView:
    try:
        value = cells.number(text, 0.5, 100, step=0.5)
    except CellError:
        return item  # refused: the cell keeps its value (validate() reports totals on save)
    return item if value is None else replace(item, max_points=value)


def _new_item(after: rubric.ItemView | None, taken: set[str]) -> rubric.ItemView:
    """A one-point item in the same area as `after` (or a new area), with an unused code."""
    area_code, area_name = (after.area_code, after.area_name) if after else ("other", "其他")
    number = 1
    while f"{area_code}.item{number}" in taken:
        number += 1
    return rubric.ItemView(area_code, area_name, f"{area_code}.item{number}", "新项目", 1.0)


ITEM_COLUMNS = [
    Col("一级指标", lambda i: i.area_name, set=lambda i, v: replace(i, area_name=str(v).strip() or i.area_name)),
    Col("二级指标", lambda i: i.item_name, set=lambda i, v: replace(i, item_name=str(v))),
    Col("分值", lambda i: f"{i.max_points:g}", set=_set_points, align_right=True),
    Col("台账依据", lambda i: "有" if i.evidence_key else ""),
]


class RubricPage(QWidget):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context, self.year = context, None
        self.items = RowsModel(ITEM_COLUMNS, self)
        self.items.dataChanged.connect(self._show_total)
        self.table = table = QTableView()
        table.setModel(self.items)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setColumnWidth(1, 220)
        self.pass_line = QDoubleSpinBox()
        self.pass_line.setRange(0, 100)
        self.weights = []
        weights_row = QHBoxLayout()
        for label in ("组织评定", "党员评议", "群众评判", "社会评价"):
            spin = QDoubleSpinBox()
            spin.setRange(0, 1)
            spin.setSingleStep(0.05)
            weights_row.addWidget(QLabel(label))
            weights_row.addWidget(spin)
            self.weights.append(spin)
        self.drop = QCheckBox("评委 5 人及以上时去掉一个最高分和一个最低分")
        self.vetoes = QPlainTextEdit()
        self.vetoes.setPlaceholderText("每行一项一票否决事项")
        form = QFormLayout()
        form.addRow("达标线（综合得分 ≥）", self.pass_line)
        form.addRow("四评权重", weights_row)
        form.addRow("", self.drop)
        form.addRow("一票否决事项", self.vetoes)
        self.state = QLabel()
        self.save_button = QPushButton("保存细则")
        self.save_button.clicked.connect(self.save)
        self.copy_year = QSpinBox()
        self.copy_year.setRange(2000, 2100)
        copy_button = QPushButton("从该年度复制细则")
        copy_button.clicked.connect(self.copy_from)
        actions = QHBoxLayout()
        for widget in (self.save_button, QLabel("  来源年度"), self.copy_year, copy_button):
            actions.addWidget(widget)
        actions.addStretch()
        side = QGroupBox("设置")
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(form)
        side_layout.addWidget(self.state)
        side_layout.addLayout(actions)
        self.add_button, self.remove_button = QPushButton("添加项目"), QPushButton("删除所选项目")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(lambda: self.items.remove(table.currentIndex().row()))
        self.items.rowsInserted.connect(self._show_total)
        self.items.rowsRemoved.connect(self._show_total)
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(self.add_button)
        item_buttons.addWidget(self.remove_button)
        item_buttons.addStretch()
        left = QVBoxLayout()
        left.addWidget(table)
        left.addLayout(item_buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(side, 2)
        # A year's rubric locks once it has scores: the sessions and scores are shown too.
        self.follower = Follower(self, context.ops, RUBRIC | SCORING, self.reload)

    def add_item(self) -> None:
        """Insert a new item after the selected one (kept in its area), then save to keep it."""
        row = self.table.currentIndex().row()
        at = row + 1 if row >= 0 else len(self.items.rows)
        after = self.items.rows[at - 1] if at > 0 else None
        self.items.insert(at, _new_item(after, {i.item_code for i in self.items.rows}))
        self.table.setCurrentIndex(self.items.index(at, 1))

    def set_year(self, year: int) -> None:
        self.year = year
        self.copy_year.setValue(year - 1)
        self.follower.invalidate()

    def reload(self) -> None:
        year = self.year
        self.context.ops.query(self, lambda ws: rubric.rubric_for_year(ws, year),
                               lambda view: self._show(view) if year == self.year else None, label="正在读取细则…")

    def _show(self, view: rubric.RubricView) -> None:
        self.items.read_only = view.locked
        self.items.set_rows(view.items)
        self.pass_line.setValue(view.pass_line)
        for spin, value in zip(self.weights, (view.weights.org, view.weights.member, view.weights.public,
                                              view.weights.social), strict=True):
            spin.setValue(value)
        self.drop.setChecked(view.drop_extremes)
        self.vetoes.setPlainText("\n".join(view.vetoes))
        self.locked = view.locked
        for widget in (self.pass_line, self.drop, self.vetoes, self.save_button, self.add_button, self.remove_button,
                       *self.weights):
            widget.setEnabled(not view.locked)
        self.revision = view.revision
        self.saved = view.id is not None
        self._show_total()

    def _show_total(self, *_args) -> None:
        total = sum(i.max_points for i in self.items.rows)
        text = f"{self.year} 年细则第 {self.revision} 版，合计 {total:g} 分。"
        if self.locked:
            text += "该年度已有评分，细则已锁定（保证已评结果不变）。"
        elif not self.saved:
            text += "尚未保存：沿用上一年度（或默认）细则，保存或新建评分会时生效。"
        self.state.setStyleSheet("")
        self.state.setText(text)

    def _error(self, message: str) -> None:
        self.state.setStyleSheet("color:#c0392b")
        self.state.setText(message)

    def save(self) -> None:
        year, pass_line, weights = self.year, self.pass_line.value(), Weights(*(spin.value() for spin in self.weights))
        drop, items, vetoes = self.drop.isChecked(), list(self.items.rows), self.vetoes.toPlainText().splitlines()
        self._apply(lambda ws: rubric.update_rubric(ws, year, pass_line=pass_line, weights=weights, drop_extremes=drop,
                                                    items=items, vetoes=vetoes))

    def copy_from(self) -> None:
        source, year = self.copy_year.value(), self.year
        self._apply(lambda ws: rubric.copy_rubric(ws, source, year))

    def _apply(self, write) -> None:
        """Run a rubric write on the worker; show the result or the refusal."""
        year = self.year
        self.context.ops.write(self, write, lambda view: self._show(view) if year == self.year else None,
                               on_error=lambda error: self._error(error.message), label="正在保存细则…")
