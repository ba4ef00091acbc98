"""组织生活 tab: the compliance matrix for a year, the meetings behind each cell, and logging."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.glossary import meeting_type_label
from desktop.rules.compliance import period_bounds
from desktop.services import meetings
from desktop.ui import messages
from desktop.ui.bulk_meeting_dialog import open_bulk_dialog
from desktop.ui.context import AppContext
from desktop.ui.file_actions import FileActions, sheet_for
from desktop.ui.follow import BRANCHES, MEETINGS, Follower
from desktop.ui.matrix_loader import MatrixLoader
from desktop.ui.matrix_model import (
    CELL_WIDTH,
    COLORS,
    FIRST_CELL,
    NAME_COLUMN,
    RATE_COLUMN,
    CellDelegate,
    CellState,
    GroupedHeader,
    MatrixFilter,
    MatrixModel,
    PreparedMatrix,
)
from desktop.ui.meeting_dialog import open_meeting_dialog
from desktop.ui.meeting_rules_dialog import open_rules_dialog
from desktop.ui.rows_model import RowsModel
from desktop.ui.year_box import LABEL as YEAR_LABEL
from desktop.ui.year_box import YearBox

LEGEND = ((CellState.met, "已完成"), (CellState.gap, "缺项"), (CellState.due_soon, "本期进行中"),
          (CellState.not_required, "无需开展"), (CellState.upcoming, "未到期"))


def as_of_for(year: int, today: date) -> date:
    """A past year is judged at its end; the current year today."""
    return min(date(year, 12, 31), today)


class MeetingsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.context = context
        self._today = today  # fixed for scripts and tests; otherwise the real date, read each time
        self.selected: tuple[int, str | None, date, date] | None = None  # branch, type, first, last day

        self.year = YearBox(self.today.year, self)
        self.files = FileActions(context, self)  # the 文件 menu's import/export, for this dataset
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("筛选支部名称…")
        self.search.setClearButtonEnabled(True)
        self.only_gaps = QCheckBox("只看有缺项的支部", self)
        buttons = {}
        for key, text in (("log", "登记会议"), ("bulk", "批量登记"), ("rules", "频次规则"), ("import", "导入…"),
                          ("export", "导出…"), ("template", "下载模板…")):
            buttons[key] = QPushButton(text, self)
        self.log_button, self.bulk_button, self.rules_button = buttons["log"], buttons["bulk"], buttons["rules"]
        self.summary = QLabel(self)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: #666;")
        self.loader = MatrixLoader(context.ops, self)
        self.dashboard = QLabel(self)
        self.dashboard.setStyleSheet("color: #8a5a00;")

        self.model = MatrixModel(self)
        self.proxy = MatrixFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setHorizontalHeader(GroupedHeader(self.view))
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(CellDelegate(self.view))
        self.view.setSortingEnabled(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setMinimumSectionSize(CELL_WIDTH)
        self.view.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self.view.clicked.connect(self.cell_clicked)

        self.cell_title = QLabel("单击矩阵中的格子，查看或登记该期的会议。", self)
        self.cell_model = RowsModel([
            ("日期", lambda m: f"{m.held_on:%Y-%m-%d}"), ("支部", lambda m: m.branch_name), ("类型", lambda m: m.type_label),
            ("应到/实到", lambda m: "" if m.expected is None else f"{m.expected}/{m.attended}"),
            ("有效", lambda m: "是" if m.valid else "否（未过半数）"), ("主题", lambda m: m.topic),
            ("主持人", lambda m: m.host), ("附件", lambda m: m.attachments or ""),
        ], self)
        self.cell_view = QTableView(self)
        self.cell_view.setModel(self.cell_model)
        self.cell_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cell_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cell_view.verticalHeader().hide()
        self.cell_view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.cell_view.doubleClicked.connect(self.edit_meeting)
        self.add_button, self.edit_button, self.delete_button = QPushButton("新增"), QPushButton("编辑"), QPushButton("删除")

        top = QHBoxLayout()
        for widget in (QLabel(YEAR_LABEL), self.year, self.search, self.only_gaps):
            top.addWidget(widget)
        top.addStretch()
        for button in buttons.values():
            top.addWidget(button)
        legend = QHBoxLayout()
        for state, text in LEGEND:
            swatch = QLabel(self)
            swatch.setFixedSize(14, 14)
            swatch.setStyleSheet(f"background: {COLORS[state].name()}; border: 1px solid #999;")
            legend.addWidget(swatch)
            legend.addWidget(QLabel(text, self))
        legend.addWidget(QLabel("“!”：党员大会实到未过半，不计入", self))
        legend.addStretch()
        panel = QWidget(self)
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.cell_title, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        panel_layout.addLayout(row)
        panel_layout.addWidget(self.cell_view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.status)
        layout.addLayout(summary_row)
        layout.addWidget(self.dashboard)
        layout.addLayout(legend)
        layout.addWidget(splitter, 1)

        self.year.valueChanged.connect(lambda _year: self.follower.invalidate())
        self.search.textChanged.connect(self.apply_filter)
        self.only_gaps.toggled.connect(self.apply_filter)
        self.log_button.clicked.connect(lambda: self.open_meeting_dialog())
        self.bulk_button.clicked.connect(self.open_bulk_dialog)
        self.rules_button.clicked.connect(self.open_rules_dialog)
        sheet = sheet_for("meetings")
        buttons["import"].clicked.connect(lambda: self.files.import_sheet(sheet))
        buttons["export"].clicked.connect(lambda: self.files.export_sheet(sheet, self.year.value()))
        buttons["template"].clicked.connect(lambda: self.files.save_template(sheet))
        self.import_button, self.export_button, self.template_button = buttons["import"], buttons["export"], buttons["template"]
        self.add_button.clicked.connect(self.add_for_cell)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.loader.loaded.connect(self._show)
        self.loader.failed.connect(self._load_failed)
        # The matrix is computed when the tab is first shown, not at app start. The frequency rules
        # are meeting_rule; a branch's committee and groups decide what it must hold.
        self.follower = Follower(self, context.ops, MEETINGS | BRANCHES, self.refresh)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.loader.wait()  # never leave a worker reading a database that is being closed
        super().closeEvent(event)

    @property
    def today(self) -> date:
        return self._today or date.today()

    # ---- data -------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self.loader.busy

    def refresh(self) -> None:
        """Recompute in the background; the matrix on screen stays usable until the new one lands."""
        year = self.year.value()
        self.status.setText("正在统计…")
        self.loader.load(year, as_of_for(year, self.today))

    def wait_until_loaded(self) -> None:
        """For scripts: block until the newest matrix, and the meetings of the chosen cell, are on screen."""
        self.loader.wait()

    def _load_failed(self, message: str) -> None:
        self.status.setText("")
        messages.warn(self, f"无法统计：{message}")

    def _show(self, prepared: PreparedMatrix) -> None:
        self.status.setText("")
        self.model.set_matrix(prepared)
        header = self.view.horizontalHeader()
        header.resizeSection(NAME_COLUMN, 200)
        header.resizeSection(RATE_COLUMN, 52)
        for column in range(FIRST_CELL, self.model.columnCount()):
            header.resizeSection(column, self.model.column(column).width)
        self._update_summary(prepared)
        self.apply_filter()
        self.load_cell()

    def _update_summary(self, prepared: PreparedMatrix) -> None:
        matrix = prepared.matrix
        gaps = sum(prepared.gaps)
        rate = "—" if prepared.rate is None else f"{prepared.rate:.1%}"
        self.summary.setText(
            f"{matrix.year} 年（截至 {matrix.as_of:%Y-%m-%d}）：{len(matrix.branches)} 个支部，全街道完成率 <b>{rate}</b>"
            f"（已到期 {prepared.due_cells:,} 项，已完成 {prepared.met_cells:,} 项）；有缺项的支部 {gaps} 个。"
        )
        if matrix.as_of != self.today:
            self.dashboard.setText("")
            return
        due = prepared.due_now
        if due:
            parts = "、".join(f"{meeting_type_label(t, short=True)} {n} 个支部" for t, n in due.items())
            self.dashboard.setText(f"本月到期、尚未登记：{parts}。")
        else:
            self.dashboard.setText("本月到期的会议均已登记。")

    def apply_filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.only_gaps.isChecked())

    # ---- the meetings behind a cell -----------------------------------------------------------
    def cell_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        branch = self.model.rows[source.row()]
        cell = self.model.column(source.column())
        year = self.model.matrix.year
        if cell is None:
            self.selected = (branch.branch_id, None, date(year, 1, 1), date(year, 12, 31))
        else:
            self.selected = (branch.branch_id, cell.meeting_type, *period_bounds(year, cell.period, cell.index))
        self.load_cell()

    def load_cell(self) -> None:
        selected = self.selected
        if selected is None:
            self.cell_model.set_rows([])
            return
        branch_id, meeting_type, first, last = selected
        self.context.ops.query(self, lambda ws: meetings.list_meetings(ws, branch_id, meeting_type, first, last),
                               lambda rows: self._show_cell(selected, rows), quiet=True)

    def _show_cell(self, selected: tuple[int, str | None, date, date], rows: list) -> None:
        if selected != self.selected:
            return  # another cell was clicked meanwhile: its own meetings are on the way
        branch_id, meeting_type, first, last = selected
        self.cell_model.set_rows(rows)
        branch = next((b for b in self.model.rows if b.branch_id == branch_id), None)
        what = meeting_type_label(meeting_type) if meeting_type else "全部会议"
        name = branch.name if branch else ""
        self.cell_title.setText(f"<b>{name}</b> · {what} · {first:%Y-%m-%d} 至 {last:%Y-%m-%d}：{len(rows)} 次")

    def selected_meeting(self):
        rows = self.cell_view.selectionModel().selectedRows()
        return self.cell_model.row_at(rows[0].row()) if rows else None

    # ---- writing ------------------------------------------------------------------------------
    def open_meeting_dialog(self, meeting_id: int | None = None, **prefill) -> None:
        open_meeting_dialog(self.context, self, meeting_id, **prefill)

    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_record(self) -> None:
        self.add_for_cell()

    def add_for_cell(self) -> None:
        """A meeting for the chosen cell's branch and type (the window's 新增, Ctrl+N, too)."""
        if self.selected is None:
            self.open_meeting_dialog()
            return
        branch_id, meeting_type, _first, last = self.selected
        branch = next((b for b in self.model.rows if b.branch_id == branch_id), None)
        self.open_meeting_dialog(branch_name=branch.name if branch else "", meeting_type=meeting_type,
                                 held_on=min(last, self.today))

    def edit_meeting(self, *_) -> None:
        meeting = self.selected_meeting()
        if meeting is None:
            messages.info(self, "请先在下方列表中选择一条会议记录。")
            return
        self.open_meeting_dialog(meeting.id)

    def delete_meeting(self) -> None:
        meeting = self.selected_meeting()
        if meeting is None:
            messages.info(self, "请先在下方列表中选择一条会议记录。")
            return
        if not messages.confirm(
            self,
            f"确定删除 {meeting.branch_name} {meeting.held_on:%Y-%m-%d} 的{meeting.type_label}吗？"
            + (f"\n其 {meeting.attachments} 个附件也会一并删除。" if meeting.attachments else "")
            + "\n删除后不能恢复。",
        ):
            return
        def deleted(notes: list[str]) -> None:
            if notes:
                messages.warn(self, "会议记录已删除，但以下附件文件未删除：\n" + "\n".join(notes))

        meeting_id = meeting.id
        self.context.ops.write(self, lambda ws: meetings.delete_meeting(ws, meeting_id), deleted, label="正在删除…",
                               on_error=lambda error: messages.warn(self, f"未能删除：{error.message}"))

    def open_bulk_dialog(self) -> None:
        open_bulk_dialog(self.context, self)

    def open_rules_dialog(self) -> None:
        open_rules_dialog(self.context, self.year.value(), self)
