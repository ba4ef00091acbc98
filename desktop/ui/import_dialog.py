"""Preview an Excel import, show every rejected row, then apply it in one transaction.

Generic over the dataset: it is given a SheetSpec (a desktop.services.datasets entry), so every
dataset's import, from the 文件 menu or a tab's button, is this one dialog. The import is a write
operation: the views showing what it changed reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop.errors import BranchdeskError, StaleError
from desktop.services.datasets import Dataset
from desktop.services.imports import ACTION_LABELS, NEW, SAME, UPDATE, ImportPlan, ImportReport
from desktop.ui import folders, messages
from desktop.ui.context import AppContext
from desktop.ui.rows_model import Col, FilterProxy, RowsModel
from desktop.ui.screen_fit import resize_on_screen, wrap_in_width
from desktop.ui.tasks import CancelToken

EXCEL_FILTER = "Excel 文件 (*.xlsx)"
EXCEL_MODULES = ("openpyxl", "xlsxwriter")  # imported on the GUI thread before an Excel job (see TaskRunner.run)


@dataclass(frozen=True)
class SheetSpec:
    """One Excel dataset as the UI offers it (declared once in services.datasets, for the CLI too)."""

    dataset: Dataset

    @property
    def label(self) -> str:
        return self.dataset.label


def _text(value) -> str:
    return "" if value is None else str(value)


def _tuples_model(headers: tuple[str, ...], parent: QWidget) -> RowsModel:
    """Rows are tuples; every cell's full text is also its tooltip (long reasons are cut off)."""
    columns = [Col(header, itemgetter(i), tip=lambda row, i=i: _text(row[i])) for i, header in enumerate(headers)]
    return RowsModel(columns, parent)


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(FilterProxy(model, view))
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    # Every column as wide as its text (a branch's name whole), the last one (what changes, why
    # refused) taking the rest.
    for column in range(model.columnCount() - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return view


class ImportDialog(QDialog):
    """`planned` after a preview is shown; `imported(report)` after the rows were written."""

    planned = Signal()
    imported = Signal(object)

    def __init__(self, context: AppContext, spec: SheetSpec, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.spec = spec
        self.plan: ImportPlan | None = None
        self.path = path
        self._applying = False
        self.setWindowTitle(f"导入{spec.label}")
        resize_on_screen(self, 860, 640)

        self.file_label = wrap_in_width(QLabel())  # a file in a deep folder
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("选择其他文件…")
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.rows_model = _tuples_model(("行号", "操作", spec.dataset.key_header, "变化（原 → 新）"), self)
        self.rows_view = _table(self.rows_model)
        self.rejected_label = QLabel()
        self.rejected_label.setStyleSheet("color:#c62828")
        self.rejected_label.setWordWrap(True)
        self.rejected_model = _tuples_model(("行号", "列", "原因"), self)
        self.rejected_view = _table(self.rejected_model)

        self.confirm_button = QPushButton("确认导入")
        self.confirm_button.setEnabled(False)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.rows_view, 3)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.rejected_view, 2)
        layout.addLayout(buttons)
        self.load(path)

    def choose_file(self) -> None:
        name = folders.open_file(self, folders.IMPORTS, f"选择要导入的{self.spec.label}", EXCEL_FILTER)
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read `path` on the worker and show what importing it would do; nothing is written."""
        self.plan = None
        self.path = path
        self.confirm_button.setEnabled(False)
        self.file_label.setText(f"文件：{path}")
        self.status.setText("正在读取文件…")
        self.rows_model.set_rows([])
        self.rejected_model.set_rows([])
        self.rejected_label.clear()
        plan = self.spec.dataset.plan
        self.context.ops.query(
            self, lambda ws: plan(ws, path), self._show_plan, label=f"正在读取 {path.name}…",
            token=CancelToken(), on_error=self._show_file_error, reads=path, imports=EXCEL_MODULES,
            on_cancel=lambda: self.status.setText("已取消读取。"),
        )

    def _show_file_error(self, error: BranchdeskError) -> None:
        self.status.setText(f"<span style='color:#c62828'>{error.message}</span>")
        self.planned.emit()

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.rows_model.set_rows([(r.row, ACTION_LABELS[r.action], r.key, r.changes) for r in plan.rows])
        self.rejected_model.set_rows([(r.row, r.column, r.reason) for r in plan.rejected])
        writes = plan.count(NEW) + plan.count(UPDATE)
        self.status.setText(
            f"预览：新增 {plan.count(NEW)} 条，更新 {plan.count(UPDATE)} 条，无变化 {plan.count(SAME)} 条。"
            + ("点击“确认导入”写入。" if writes else "没有需要写入的内容。")
        )
        if plan.rejected:
            self.rejected_label.setText(
                f"有 {plan.rejected_rows} 行被拒绝（共 {len(plan.rejected)} 处问题），这些行不会导入；"
                "请在 Excel 中改正后重新导入："
            )
        else:
            self.rejected_label.setText("没有被拒绝的行。")
        self.rejected_label.setStyleSheet("color:#c62828" if plan.rejected else "color:#2e7d32")
        self.confirm_button.setEnabled(writes > 0)
        self.planned.emit()

    def reject(self) -> None:
        if not self._applying:  # once writing has started, the dialog waits for its outcome
            super().reject()

    def _set_applying(self, applying: bool) -> None:
        self._applying = applying
        for button in (self.confirm_button, self.cancel_button, self.choose_button):
            button.setEnabled(not applying)

    def confirm(self) -> None:
        if self.plan is None:
            return
        self._set_applying(True)
        plan, apply = self.plan, self.spec.dataset.apply
        self.context.ops.write(self, lambda ws: apply(ws, plan), self._applied, label="正在导入…",
                               on_error=self._apply_failed)

    def _apply_failed(self, error: BranchdeskError) -> None:
        self._set_applying(False)
        if isinstance(error, StaleError):
            # The preview no longer says what the import would do: show the clerk a new one.
            messages.warn(self, f"{error.message}。将按最新数据重新预览，请核对后再点击“确认导入”。")
            self.load(self.path)
            return
        messages.warn(self, f"导入失败，没有写入任何数据：{error.message}")

    def _applied(self, report: ImportReport) -> None:
        self._applying = False
        self.imported.emit(report)
        messages.info(self.parentWidget(), report.summary())
        self.accept()
