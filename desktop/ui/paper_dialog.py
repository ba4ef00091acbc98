"""The 打印 menu: a dialog that generates any document off the GUI thread (progress, cancel) and
opens the preview, and a dialog that checks a verification code."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, QThread, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListView, QProgressBar, QPushButton, QRadioButton, QSpinBox,
                               QVBoxLayout, QWidget)

from desktop import paths
from desktop.errors import BranchdeskError
from desktop.services import documents, prints
from desktop.services.branches import branch_names
from desktop.ui.context import PAPER, AppContext
from desktop.ui.pdf_preview import PdfPreviewDialog
from desktop.ui.year_box import LABEL as YEAR_LABEL, YearBox
from desktop.store import files

# The dialog asks for these parameters; it offers every document kind that needs no other.
ASKED = frozenset({"year", "as_of", "branch_ids", "copies", "ballot", "honour"})
HONOUR_CHOICES = (("standardized", "标准化规范化党支部"), ("strongest", "最强党支部"))
BALLOT_CHOICES = (("both", "党员评议票和群众测评表"), ("member", "党员评议票"), ("public", "群众测评表"))


class Job(QThread):
    """Runs task(progress, cancelled) on a worker thread; reports back through signals."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Callable, parent=None):
        super().__init__(parent)
        self.task = task
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        try:
            result = self.task(self.progressed.emit, self.cancel_requested.is_set)
        except BranchdeskError as error:
            self.failed.emit(error.message)
        except OSError as error:
            self.failed.emit(f"无法写入文件：{files.reason(error)}")
        else:
            self.succeeded.emit(result)


def prints_dir(context: AppContext) -> Path:
    """Generated PDFs are kept beside the database, so a printed sheet's file can be found again."""
    base = context.db_file.parent if context.db_file else paths.data_dir()
    folder = base / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class PrintDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.preview: PdfPreviewDialog | None = None
        self.last_result: prints.PrintResult | None = None
        self.setWindowTitle("打印")
        self.resize(560, 620)

        self.document_box = QComboBox()
        for kind, entry in documents.REGISTRY.items():
            if set(entry.parameters) <= ASKED:
                self.document_box.addItem(entry.label, kind)
        self.year_box = YearBox()
        self.honour_box = QComboBox()
        for code, label in HONOUR_CHOICES:
            self.honour_box.addItem(label, code)
        self.ballot_box = QComboBox()
        for code, label in BALLOT_CHOICES:
            self.ballot_box.addItem(label, code)
        self.copies_box = QSpinBox()
        self.copies_box.setRange(1, 500)

        self.all_radio = QRadioButton("全部党支部")
        self.some_radio = QRadioButton("所选党支部")
        self.all_radio.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.all_radio)
        scope.addButton(self.some_radio)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("筛选支部名称")
        self.branch_model = QStandardItemModel(self)
        self.branch_proxy = QSortFilterProxyModel(self)
        self.branch_proxy.setSourceModel(self.branch_model)
        self.branch_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.branch_list = QListView()
        self.branch_list.setModel(self.branch_proxy)
        self._load_branches()

        form = QFormLayout()
        form.addRow("文件", self.document_box)
        form.addRow(YEAR_LABEL, self.year_box)
        form.addRow("荣誉", self.honour_box)
        form.addRow("评议票", self.ballot_box)
        form.addRow("每支部份数", self.copies_box)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.all_radio)
        scope_row.addWidget(self.some_radio)
        scope_row.addStretch(1)
        form.addRow("范围", scope_row)

        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setVisible(False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.generate_button = QPushButton("生成并预览")
        self.generate_button.setDefault(True)
        self.excel_button = QPushButton("导出 Excel…")
        close_button = QPushButton("关闭")

        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(0)
        buttons.addWidget(self.excel_button)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.branch_list, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        self.document_box.currentIndexChanged.connect(self._update_fields)
        self.some_radio.toggled.connect(self._update_fields)
        self.filter_edit.textChanged.connect(self.branch_proxy.setFilterFixedString)
        self.generate_button.clicked.connect(self.generate)
        self.excel_button.clicked.connect(self.export_excel)
        self.cancel_button.clicked.connect(self.cancel)
        close_button.clicked.connect(self.reject)
        self._update_fields()

    def _load_branches(self) -> None:
        self.branch_model.clear()
        for name, branch_id in sorted(branch_names(self.context.ws, include_archived=False).items()):
            item = QStandardItem(name)
            item.setData(branch_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            self.branch_model.appendRow(item)

    def kind(self) -> str:
        return self.document_box.currentData()

    def _update_fields(self, *_args) -> None:
        kind = self.kind()
        asked = documents.REGISTRY[kind].parameters
        self.honour_box.setEnabled("honour" in asked)
        self.ballot_box.setEnabled("ballot" in asked)
        self.copies_box.setEnabled("copies" in asked)
        self.excel_button.setEnabled(documents.REGISTRY[kind].excel and self.job is None)
        self.branch_list.setEnabled(self.some_radio.isChecked())
        self.filter_edit.setEnabled(self.some_radio.isChecked())

    def selected_branch_ids(self) -> list[int] | None:
        if self.all_radio.isChecked():
            return None
        rows = range(self.branch_model.rowCount())
        items = [self.branch_model.item(row) for row in rows]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def params(self) -> dict:
        return {"year": self.year_box.value(), "branch_ids": self.selected_branch_ids(),
                "copies": self.copies_box.value(), "ballot": self.ballot_box.currentData(),
                "honour": self.honour_box.currentData()}

    def _output_path(self) -> Path:
        label = documents.label(self.kind())
        return prints_dir(self.context) / f"{label}-{self.year_box.value()}-{datetime.now():%Y%m%d-%H%M%S}.pdf"

    def generate(self) -> None:
        ids = self.selected_branch_ids()
        if ids == []:
            self.status_label.setText("请至少勾选一个党支部，或选择“全部党支部”。")
            return
        kind, params, path, ws = self.kind(), self.params(), self._output_path(), self.context.ws

        def task(progress, cancelled):
            return documents.print_document(ws, kind, params, path, progress, cancelled)
        self.job = Job(task, self)
        self.job.progressed.connect(self._on_progress)
        self.job.succeeded.connect(self._on_done)
        self.job.failed.connect(self._on_failed)
        self.job.finished.connect(self._on_finished)
        self._set_running(True)
        self.status_label.setText("正在生成…")
        self.job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel_requested.set()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("正在取消…")

    def _set_running(self, running: bool) -> None:
        self.progress_bar.setVisible(running)
        self.progress_bar.setRange(0, 0)  # busy until the first page is drawn
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.generate_button.setEnabled(not running)
        self.excel_button.setEnabled(not running and documents.REGISTRY[self.kind()].excel)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _on_done(self, result: prints.PrintResult) -> None:
        self.last_result = result
        text = f"已生成 {result.pages} 页。{result.description}"
        if not result.codes:
            text += f"　验证码：{result.code_text}"
        if result.skipped:
            text += "\n未打印：" + "、".join(result.skipped)
        self.status_label.setText(text)
        self.context.events.changed.emit(PAPER)
        self.preview = PdfPreviewDialog(result.path, self)
        self.preview.show()

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(message)

    def _on_finished(self) -> None:
        self.job.deleteLater()
        self.job = None
        self._set_running(False)

    def export_excel(self) -> None:
        kind = self.kind()
        suggested = str(Path.home() / f"{documents.label(kind)}-{self.year_box.value()}.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "导出 Excel", suggested, "Excel 文件 (*.xlsx)")
        if not target:
            return
        try:
            written = documents.export_sheet(self.context.ws, kind, self.params(), target)
        except BranchdeskError as error:
            self.status_label.setText(error.message)
            return
        except OSError as error:
            self.status_label.setText(f"无法写入文件：{files.reason(error)}")
            return
        self.status_label.setText(f"已导出 {written}")

    def reject(self) -> None:
        if self.job is not None:  # never leave a worker writing after the dialog is gone
            self.cancel()
            self.job.wait()
        super().reject()


class VerifyPaperDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("核对验证码")
        self.resize(520, 200)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("纸质文件上的验证码，例如 ABCD-EFGH")
        self.check_button = QPushButton("核对")
        self.check_button.setDefault(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.code_edit, 1)
        row.addWidget(self.check_button)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        closing = QHBoxLayout()
        closing.addStretch()
        closing.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result_label, 1)
        layout.addLayout(closing)
        self.check_button.clicked.connect(self.check)
        self.code_edit.returnPressed.connect(self.check)

    def check(self) -> None:
        code = self.code_edit.text().strip()
        if not code:
            self.result_label.setText("请输入验证码。")
            return
        found = documents.verify(self.context.ws, code)
        if found is None:
            self.result_label.setStyleSheet("color: #b00020;")
            self.result_label.setText(f"验证码 {code} 不存在：本数据库中没有这份文件的打印记录。")
            return
        colour = "#1b5e20" if found.changed is False else "#b45309"
        self.result_label.setStyleSheet(f"color: {colour};")
        self.result_label.setText(f"验证码 {found.code}：{found.description}")
