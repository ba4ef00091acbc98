"""考评结果 page: the year's results (sortable, filterable, exportable) and the selected branch's
workflow below. The results are built from every part of the evaluation (tallies, scores and their
rubric, the workflow) and the branches: the page follows changes to all of them, the steps the panel
below records included."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget

from desktop.glossary import branch_kind_label
from desktop.rules.eligibility import BAR_LABELS, GRADES
from desktop.services.results import BranchResult, export_results, year_results
from desktop.ui import folders, messages
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, RUBRIC, SCORING, TALLIES, WEAK, WORKFLOW, Follower
from desktop.ui.rows_model import Col, FilterProxy, RowsModel
from desktop.ui.workflow_panel import WorkflowPanel

GREEN, RED, GREY = "#1e8449", "#c0392b", "#7f8c8d"
FILTERS = {
    "全部": None,
    "考评达标": lambda r: r.meets_standard is True,
    "考评未达标": lambda r: r.meets_standard is False,
    "可评最强": lambda r: r.strongest_eligible,
    "已验收（标准化）": lambda r: r.standardized,
    "数据不全": lambda r: r.composite is None,
}


def _score(name: str) -> Col:
    return Col(name[1], lambda r: None if getattr(r, name[0]) is None else f"{getattr(r, name[0]):.2f}",
               sort=lambda r: getattr(r, name[0]), align_right=True)


def _verdict(value: bool | None) -> str:
    return {True: "达标", False: "未达标", None: "待定"}[value]


COLUMNS = [
    Col("支部", lambda r: r.name),
    Col("类型", lambda r: branch_kind_label(r.branch_kind)),
    *(_score(n) for n in (("org", "组织评定"), ("member", "党员评议"), ("public", "群众评判"), ("social", "社会评价"))),
    Col("综合得分", lambda r: None if r.composite is None else f"{r.composite:.2f}", sort=lambda r: r.composite,
        align_right=True, color=lambda r: RED if r.meets_standard is False else None),
    Col("考评达标", lambda r: _verdict(r.meets_standard),
        color=lambda r: {True: GREEN, False: RED, None: GREY}[r.meets_standard]),
    Col("否决事项", lambda r: r.veto or "", color=lambda r: RED),
    Col("述职等次", lambda r: GRADES.get(r.review_grade, "")),
    Col("最强资格", lambda r: "可推荐" if r.strongest_eligible else "不可",
        color=lambda r: GREEN if r.strongest_eligible else GREY),
    Col("不可评最强的原因", lambda r: "；".join(BAR_LABELS[b] for b in r.strongest_bars),
        tip=lambda r: "\n".join(BAR_LABELS[b] for b in r.strongest_bars) or None),
    Col("流程环节", lambda r: r.state_label, color=lambda r: RED if r.revoked or r.outcome == "fail" else None),
]


class ResultsPage(QWidget):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context, self.year = context, None
        self.model = RowsModel(COLUMNS, self)
        self.proxy = FilterProxy(self.model, self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.proxy.setSortLocaleAware(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.search = QLineEdit()
        self.search.setPlaceholderText("筛选：支部名称…")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.kind = QComboBox()
        self.kind.addItems(list(FILTERS))
        self.kind.currentTextChanged.connect(lambda text: self.proxy.set_predicate(FILTERS[text]))
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.clicked.connect(self._export)
        self.file_button = QPushButton("支部档案…")
        self.file_button.setToolTip("打印或导出所选支部本年度的档案")
        self.file_button.setEnabled(False)
        self.file_button.clicked.connect(self.open_branch_file)
        self.summary = QLabel()
        top = QHBoxLayout()
        for widget in (self.search, self.kind, self.export_button, self.file_button, self.summary):
            top.addWidget(widget)
        top.addStretch()
        self.workflow = WorkflowPanel(context)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.workflow)
        split.setSizes([560, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split)
        self.follower = Follower(self, context.ops, TALLIES | SCORING | RUBRIC | WORKFLOW | BRANCHES | WEAK, self.reload)

    def set_year(self, year: int) -> None:
        if year != self.year and self.workflow.branch_id is not None:
            self.workflow.show_branch(self.workflow.branch_id, self.workflow.name, year)
        self.year = year
        self.follower.invalidate()

    def reload(self) -> None:
        """The year's results, and the steps of the branch the panel shows (quietly: the panel keeps
        its own message, such as what was just recorded)."""
        year = self.year
        self.context.ops.query(self, lambda ws: year_results(ws, year), lambda results: self._show(year, results),
                               label="正在计算考评结果…")
        self.workflow.reload_steps()

    def _show(self, year: int, results: list[BranchResult]) -> None:
        """Keeps the branch the workflow panel shows selected."""
        if year != self.year:
            return
        self.model.set_rows(results)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 240))
        self.table.setColumnWidth(len(COLUMNS) - 2, 260)
        met = sum(1 for r in results if r.meets_standard)
        strongest = sum(1 for r in results if r.strongest_eligible)
        standardized = sum(1 for r in results if r.standardized)
        # 考评达标 is the score (composite ≥ pass line, no veto); 标准化 is the 区委组织部's acceptance.
        self.summary.setText(f"{self.year} 年：{len(results)} 个支部，考评达标 {met} 个，"
                             f"已验收（标准化）{standardized} 个，可推荐最强 {strongest} 个")
        for row in range(self.proxy.rowCount()):
            if self.model.rows[self.proxy.mapToSource(self.proxy.index(row, 0)).row()].branch_id == self.workflow.branch_id:
                selection = self.table.selectionModel()
                selection.blockSignals(True)
                self.table.selectRow(row)
                selection.blockSignals(False)
                break

    def _selected(self, current, _previous) -> None:
        if current.isValid():
            result: BranchResult = self.model.rows[self.proxy.mapToSource(current).row()]
            self.workflow.show_branch(result.branch_id, result.name, self.year)
        self.file_button.setEnabled(current.isValid())

    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_branch_file(self) -> None:
        from desktop.ui.paper_dialog import open_branch_file  # ReportLab: imported when first printed

        if self.workflow.branch_id is not None and self.year is not None:
            open_branch_file(self.context, self, self.workflow.branch_id, self.year)

    def _export(self) -> None:
        path, _ = folders.save_file(self, folders.EXPORTS, "导出考评结果", f"{self.year}年考评结果.xlsx", "Excel (*.xlsx)")
        if not path:
            return
        year = self.year
        self.context.ops.query(
            self, lambda ws: export_results(ws, year, path), lambda written: messages.info(self, f"已导出到 {written}"),
            label="正在导出考评结果…", writes=Path(path), imports=("openpyxl",),
        )
