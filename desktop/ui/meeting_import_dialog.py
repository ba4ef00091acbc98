"""Preview of a meeting import: what would be added or updated, and every rejected row, before
anything is written. Writing applies the previewed plan in one transaction."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QTableView, QVBoxLayout

from desktop.errors import BranchdeskError
from desktop.services import meeting_import
from desktop.services.imports import ImportPlan
from desktop.ui.context import MEETINGS, AppContext
from desktop.ui.meeting_dialog import button_box
from desktop.ui.rows_model import RowsModel


class MeetingImportDialog(QDialog):
    def __init__(self, context: AppContext, path: Path | str, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(f"导入组织生活记录 — {Path(path).name}")
        self.resize(720, 480)
        self.plan: ImportPlan = meeting_import.plan_import(context.engine, path)  # raises ImportFileError
        preview = self.plan.report(written=False)
        summary = QLabel(preview.summary(), self)
        summary.setWordWrap(True)
        self.rejections = RowsModel([("行号", lambda r: r.row), ("列", lambda r: r.column), ("原因", lambda r: r.reason)], self)
        self.rejections.set_rows(self.plan.rejected)
        table = QTableView(self)
        table.setModel(self.rejections)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        changes = preview.imported + preview.updated
        buttons = button_box(self, f"导入 {changes} 条" if changes else "没有需要导入的记录", self.write)
        self.write_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.write_button.setEnabled(changes > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if self.plan.rejected:
            layout.addWidget(QLabel(f"以下 {self.plan.rejected_rows} 行不会导入（其余有效行照常导入）：", self))
            layout.addWidget(table)
        else:
            table.hide()
            layout.addStretch()
        layout.addWidget(buttons)

    def write(self) -> None:
        try:
            report = meeting_import.apply_plan(self.context.engine, self.plan)
        except BranchdeskError as error:
            QMessageBox.warning(self, "导入失败", f"{error.message}\n没有写入任何记录。")
            return
        self.context.events.changed.emit(MEETINGS)
        QMessageBox.information(self, "导入完成", report.summary())
        self.accept()
