"""The 打印 menu: a dialog that generates any document as a write operation on the worker (a print
is recorded; progress and cancel on the dialog itself) and opens the preview, and a dialog that
checks a verification code."""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.errors import BranchdeskError
from desktop.rules.collation import in_branch_order
from desktop.services import documents, prints
from desktop.services.branches import branch_names
from desktop.store import files
from desktop.ui import folders
from desktop.ui.context import AppContext
from desktop.ui.pdf_preview import PdfPreviewDialog
from desktop.ui.screen_fit import resize_on_screen
from desktop.ui.tasks import CancelToken
from desktop.ui.year_box import LABEL as YEAR_LABEL
from desktop.ui.year_box import YearBox

# The dialog asks for these parameters; it offers every document kind that needs no other.
ASKED = frozenset({"year", "as_of", "branch_ids", "copies", "ballot", "honour"})
HONOUR_CHOICES = (("standardized", "标准化规范化党支部"), ("strongest", "最强党支部"))
BALLOT_CHOICES = (("both", "党员评议票和群众测评表"), ("member", "党员评议票"), ("public", "群众测评表"))


def written(build):
    """`build()` with a file error said as the dialog says it (the file is ours: no need to name it)."""
    try:
        return build()
    except OSError as error:
        raise BranchdeskError(f"无法写入文件：{files.reason(error)}") from error


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
        self.job: CancelToken | None = None  # the print on its way
        self.closed = False
        self.preview: PdfPreviewDialog | None = None
        self.last_result: prints.PrintResult | None = None
        self.setWindowTitle("打印")
        resize_on_screen(self, 560, 620)

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
        self._wanted: set[int] = set()  # branches to tick once the list has loaded (choose)
        # Parameters a page gives and the dialog does not ask for (a session and its scorer), in words.
        self.fixed: dict = {}
        self.fixed_label = QLabel()
        self.fixed_label.setVisible(False)
        self._load_branches()

        form = QFormLayout()
        form.addRow("文件", self.document_box)
        form.addRow(self.fixed_label)
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
        self.word_button = QPushButton("导出 Word…")
        close_button = QPushButton("关闭")

        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(0)
        buttons.addWidget(self.excel_button)
        buttons.addWidget(self.word_button)
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
        self.word_button.clicked.connect(self.export_word)
        self.cancel_button.clicked.connect(self.cancel)
        close_button.clicked.connect(self.reject)
        self._update_fields()

    def _load_branches(self) -> None:
        self.context.ops.query(
            self, lambda ws: in_branch_order(branch_names(ws, include_archived=False).items(), name=itemgetter(0)),
            self._show_branches, label="正在读取支部…")

    def _show_branches(self, names: list[tuple[str, int]]) -> None:
        self.branch_model.clear()
        for name, branch_id in names:
            item = QStandardItem(name)
            item.setData(branch_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            if branch_id in self._wanted:
                item.setCheckState(Qt.CheckState.Checked)
            self.branch_model.appendRow(item)

    def choose(self, kind: str, year: int | None, branch_ids: list[int] | None = None, fixed: dict | None = None,
               fixed_text: str = "") -> None:
        """Open on one document, year and (optionally) branches: a tab's own 打印 buttons. `fixed` gives
        the parameters the dialog does not ask for (the 评分会 page's session and scorer), which
        offers that document in this dialog only; `fixed_text` says them in words."""
        if fixed is not None:
            self.fixed = dict(fixed)
            self.fixed_label.setText(fixed_text)
            if self.document_box.findData(kind) < 0:
                self.document_box.addItem(documents.label(kind), kind)
        self.document_box.setCurrentIndex(max(0, self.document_box.findData(kind)))
        if year is not None:
            self.year_box.setValue(year)
        self._update_fields()
        if branch_ids is not None:
            self._wanted = set(branch_ids)
            self.some_radio.setChecked(True)
            for row in range(self.branch_model.rowCount()):
                item = self.branch_model.item(row)
                if item.data(Qt.ItemDataRole.UserRole) in self._wanted:
                    item.setCheckState(Qt.CheckState.Checked)

    def kind(self) -> str:
        return self.document_box.currentData()

    def _update_fields(self, *_args) -> None:
        kind = self.kind()
        asked = documents.REGISTRY[kind].parameters
        self.honour_box.setEnabled("honour" in asked)
        self.ballot_box.setEnabled("ballot" in asked)
        self.copies_box.setEnabled("copies" in asked)
        given = bool(set(asked) & set(self.fixed))
        self.fixed_label.setVisible(given)
        self.year_box.setEnabled(not given)  # the session's year
        self.all_radio.setEnabled(not given)
        self.some_radio.setEnabled(not given)
        self.excel_button.setEnabled(documents.REGISTRY[kind].excel and self.job is None)
        self.word_button.setEnabled(self.excel_button.isEnabled())
        self.branch_list.setEnabled(self.some_radio.isChecked() and not given)
        self.filter_edit.setEnabled(self.branch_list.isEnabled())

    def selected_branch_ids(self) -> list[int] | None:
        if self.all_radio.isChecked():
            return None
        rows = range(self.branch_model.rowCount())
        items = [self.branch_model.item(row) for row in rows]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def params(self) -> dict:
        return {"year": self.year_box.value(), "branch_ids": self.selected_branch_ids(),
                "copies": self.copies_box.value(), "ballot": self.ballot_box.currentData(),
                "honour": self.honour_box.currentData(), **self.fixed}

    def _output_path(self) -> Path:
        label = documents.label(self.kind())
        return prints_dir(self.context) / f"{label}-{self.year_box.value()}-{datetime.now():%Y%m%d-%H%M%S}.pdf"

    def generate(self) -> None:
        ids = self.selected_branch_ids()
        if ids == [] and "branch_ids" in documents.REGISTRY[self.kind()].parameters:
            self.status_label.setText("请至少勾选一个党支部，或选择“全部党支部”。")
            return
        kind, params, path = self.kind(), self.params(), self._output_path()
        job = self.job = CancelToken()
        job.progressed.connect(self._on_progress)
        self._set_running(True)
        self.status_label.setText("正在生成…")
        self.context.ops.write(
            self, lambda ws: written(lambda: documents.print_document(ws, kind, params, path, job.report, job.is_cancelled)),
            self._on_done, on_error=self._on_failed, token=job, quiet=True,
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("正在取消…")

    def _set_running(self, running: bool) -> None:
        self.progress_bar.setVisible(running)
        self.progress_bar.setRange(0, 0)  # busy until the first page is drawn
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.generate_button.setEnabled(not running)
        self.excel_button.setEnabled(not running and documents.REGISTRY[self.kind()].excel)
        self.word_button.setEnabled(self.excel_button.isEnabled())

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _on_done(self, result: prints.PrintResult) -> None:
        self._finished()
        self.last_result = result
        text = f"已生成 {result.pages} 页。{result.description}"
        if not result.codes:
            text += f"　验证码：{result.code_text}"
        if result.skipped:
            text += "\n未打印：" + "、".join(result.skipped)
        self.status_label.setText(text)
        if not self.closed:  # a print that ended after the dialog was closed is recorded, not shown
            self.preview = PdfPreviewDialog(result.path, self)
            self.preview.show()

    def _on_failed(self, error: BranchdeskError) -> None:
        self._finished()
        self.status_label.setText(error.message)

    def _finished(self) -> None:
        self.job = None
        self._set_running(False)

    def export_excel(self) -> None:
        self._export("导出 Excel", ".xlsx", "Excel 文件 (*.xlsx)", documents.export_sheet, "openpyxl")

    def export_word(self) -> None:
        """The same rows as a Word table, for pasting into the year's 总结 (not a print: no 验证码)."""
        self._export("导出 Word", ".docx", "Word 文档 (*.docx)", documents.export_word, "docx")

    def _export(self, title: str, suffix: str, file_filter: str, export, module: str) -> None:
        kind = self.kind()
        target, _ = folders.save_file(self, folders.EXPORTS, title, f"{documents.label(kind)}-{self.year_box.value()}{suffix}",
                                      file_filter)
        if not target:
            return
        params = self.params()
        self.context.ops.query(
            self, lambda ws: written(lambda: export(ws, kind, params, target)),
            lambda path: self.status_label.setText(f"已导出 {path}"),
            on_error=lambda error: self.status_label.setText(error.message), label="正在导出…", imports=(module,),
        )

    def reject(self) -> None:
        if self.job is not None:  # the print stops at its next page and records nothing
            self.cancel()
        self.closed = True
        super().reject()


class VerifyPaperDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("核对验证码")
        resize_on_screen(self, 520, 200)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("纸质文件上的验证码，例如 ABCD-EFGH")
        self.check_button = QPushButton("核对")
        self.check_button.setDefault(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # What changed since printing, one change a line; selectable, for a note on the paper copy.
        self.changes_view = QPlainTextEdit()
        self.changes_view.setReadOnly(True)
        self.changes_view.hide()
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
        layout.addWidget(self.result_label)
        layout.addWidget(self.changes_view, 1)
        layout.addStretch()
        layout.addLayout(closing)
        self.check_button.clicked.connect(self.check)
        self.code_edit.returnPressed.connect(self.check)

    def check(self) -> None:
        code = self.code_edit.text().strip()
        if not code:
            self.result_label.setText("请输入验证码。")
            return
        self.context.ops.query(self, lambda ws: documents.verify(ws, code), lambda found: self._show(code, found),
                               label="正在核对…")

    def _show(self, code: str, found: documents.Verification | None) -> None:
        if found is None:
            self.changes_view.hide()
            self.result_label.setStyleSheet("color: #b00020;")
            # As looked up, not as an input method typed it (ＡＢＣＤ－ｅｆｇｈ reads ABCD-EFGH).
            self.result_label.setText(f"验证码 {documents.shown_code(code)} 不存在：本数据库中没有这份文件的打印记录。")
            return
        colour = "#1b5e20" if found.changed is False else "#b45309"
        self.result_label.setStyleSheet(f"color: {colour};")
        self.result_label.setText(f"验证码 {found.code}：{found.description}")
        self.changes_view.setPlainText("\n".join(found.lines(limit=500)))
        self.changes_view.setVisible(bool(found.differences))
        if found.differences:
            self.resize(max(self.width(), 640), max(self.height(), 420))


def open_branch_file(context: AppContext, parent: QWidget, branch_id: int, year: int) -> None:
    """The print dialog on one branch's 支部档案 (from the registry and the results page)."""
    dialog = PrintDialog(context, parent)
    dialog.choose("branch_file", year, [branch_id])
    dialog.exec()


def open_score_record(context: AppContext, parent: QWidget, year: int, session_uuid: str, title: str, scorer: str) -> None:
    """The print dialog on one scorer's 评分记录表 of one session (from the 评分会 page)."""
    dialog = PrintDialog(context, parent)
    dialog.choose("score_record", year, fixed={"session": session_uuid, "scorer": scorer},
                  fixed_text=f"评分会：{title}　　评分人：{scorer}")
    dialog.exec()
