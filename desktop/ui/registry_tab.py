"""支部台账: every branch with its setup findings; filter, sort, add, edit, archive, delete."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.glossary import BRANCH_KIND_LABELS
from desktop.rules.setup import FINDING_LABELS
from desktop.services import branches
from desktop.services.branches import BranchRow
from desktop.services.check import default_as_of
from desktop.ui import branch_dialog, messages
from desktop.ui.branch_dialog import BranchDialog
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, WORKFLOW, Follower
from desktop.ui.registry_model import ANY_FINDING, FINDINGS, NAME, ROW_ROLE, FindingsDelegate, RegistryModel, RegistryProxy, row_keys
from desktop.ui.year_box import LABEL as YEAR_LABEL
from desktop.ui.year_box import YearBox

YEARS_SHOWN = 10  # the ledgers keep ten years of history
COLUMN_WIDTHS = (260, 80, 200, 80, 130, 100)


class RegistryTab(QWidget):
    """Loads through the worker; `loaded` is emitted each time the table has been refilled."""

    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = RegistryModel(self)
        self.proxy = RegistryProxy(self)
        self.proxy.setSourceModel(self.model)
        self._as_of = date.today()
        self._build()
        # The workflow too: a rating and the new round after a re-election are shown here (rules.rounds).
        self.follower = Follower(self, context.ops, BRANCHES | WORKFLOW, self.reload)

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="按支部名称或书记筛选…", clearButtonEnabled=True)
        self.search.textChanged.connect(lambda text: self._refilter(text=text))
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("全部类型", None)
        for kind, label in BRANCH_KIND_LABELS.items():
            self.kind_filter.addItem(label, kind.value)
        self.kind_filter.currentIndexChanged.connect(lambda: self._refilter(kind=self.kind_filter.currentData()))
        self.finding_filter = QComboBox()
        self.finding_filter.addItem("全部支部", None)
        self.finding_filter.addItem("有任一问题", ANY_FINDING)
        for code, label in FINDING_LABELS.items():
            self.finding_filter.addItem(label, code)
        self.finding_filter.currentIndexChanged.connect(
            lambda: self._refilter(finding=self.finding_filter.currentData())
        )
        this_year = date.today().year
        self.year = YearBox(this_year, first=this_year - YEARS_SHOWN + 1, last=this_year)
        self.year.valueChanged.connect(lambda _year: self.follower.invalidate())
        self.show_archived = QCheckBox("显示已归档")
        self.show_archived.toggled.connect(lambda on: self._refilter(show_archived=on))
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for caption, widget in (("类型", self.kind_filter), ("问题", self.finding_filter), (YEAR_LABEL, self.year)):
            filters.addWidget(QLabel(caption))
            filters.addWidget(widget)
        filters.addWidget(self.show_archived)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setItemDelegateForColumn(FINDINGS, FindingsDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda _index: self.edit_selected())  # double-click or Enter
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(280)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 340])

        self.add_button = QPushButton("新增")
        self.edit_button = QPushButton("编辑")
        self.archive_button = QPushButton("归档")
        self.delete_button = QPushButton("删除")
        self.file_button = QPushButton("支部档案…")
        self.file_button.setToolTip("打印或导出所选支部本年度的档案：台账、设置问题、组织生活、评分、四评、流程")
        self.file_button.clicked.connect(self.open_branch_file)
        self.add_button.clicked.connect(self.add_branch)
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.archive_button, self.delete_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._selection_changed()

    # -- data ---------------------------------------------------------------------------------

    @property
    def selected_year(self) -> int:
        return self.year.value()

    def reload(self) -> None:
        year = self.selected_year
        as_of = default_as_of(year)
        self.context.ops.query(
            self, lambda ws: self._read(ws, year, as_of), self._loaded, label="正在加载支部台账…",
        )

    @staticmethod
    def _read(ws, year: int, as_of):
        """On the worker: the rows and their sort and search keys."""
        rows = branches.list_branches(ws, year, as_of, include_archived=True)
        return year, as_of, rows, row_keys(rows)

    def _loaded(self, result) -> None:
        _year, as_of, rows, keys = result
        keep = self.selected_branch()
        self._as_of = as_of
        self.model.set_rows(rows, keys)
        self._update_count()
        if keep is not None:
            self.select_branch(keep.id)
        self._selection_changed()
        self.loaded.emit()

    def _refilter(self, **change) -> None:
        self.proxy.set_filters(**change)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(f"显示 {self.proxy.rowCount()} / {self.model.rowCount()} 个支部")

    # -- selection ----------------------------------------------------------------------------

    def selected_branch(self) -> BranchRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return index.data(ROW_ROLE)

    def select_branch(self, branch_id: int) -> bool:
        index = self.proxy.index_of(branch_id)
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def _selection_changed(self) -> None:
        row = self.selected_branch()
        for button in (self.edit_button, self.archive_button, self.delete_button, self.file_button):
            button.setEnabled(row is not None)
        self.archive_button.setText("取消归档" if row and row.archived else "归档")
        self.detail.setHtml(self._detail_html(row))

    def _detail_html(self, row: BranchRow | None) -> str:
        if row is None:
            return "<p style='color:#777'>选择一个支部，查看其设置问题及说明。</p>"
        year = self.selected_year
        parts = [f"<h3>{escape(row.name)}</h3>"]
        if row.archived:
            parts.append("<p style='color:#777'>已归档</p>")
        facts = (
            ("类型", row.kind_label), ("上级党组织", row.parent_org or "—"), ("书记", row.secretary or "—"),
            ("党员", f"正式 {row.full_members} 人，预备 {row.probationary_members} 人"),
            ("任期届满", f"{row.term_end:%Y-%m-%d}" if row.term_end else "未登记"),
            ("评定", row.standing.text),
        )
        parts.append("<table cellspacing='4'>" + "".join(
            f"<tr><td style='color:#555'>{k}</td><td>{escape(v)}</td></tr>" for k, v in facts) + "</table>")
        parts.append(f"<h4>{year} 年设置检查（基准日 {self._as_of:%Y-%m-%d}）</h4>")
        if not row.findings:
            parts.append("<p style='color:#2e7d32'>未发现设置问题。</p>")
        for finding in row.findings:
            colour, text = ("#c62828", "#fff") if finding.severe else ("#f2a900", "#3b2a00")
            parts.append(
                f"<p><span style='background:{colour};color:{text}'>&nbsp;{escape(finding.label)}&nbsp;</span>"
                f"&nbsp;{escape(finding.message)}</p>"
            )
        return "".join(parts)

    # -- actions ------------------------------------------------------------------------------

    def add_branch(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        row = self.selected_branch()
        if row is not None:
            self._open_dialog(row.id)

    def _open_dialog(self, branch_id: int | None) -> None:
        year = self.selected_year

        def show(loaded: branch_dialog.Loaded) -> None:
            dialog = BranchDialog(self.context, year, loaded, self)
            dialog.saved.connect(self._after_save)
            dialog.open()

        def gone(error) -> None:  # e.g. deleted meanwhile by an import or a restore
            messages.warn(self, error.message)
            self.reload()

        self.context.ops.query(self, lambda ws: branch_dialog.load(ws, branch_id), show, on_error=gone,
                               label="正在打开…")

    def _after_save(self, branch_id: int) -> None:
        # Select the saved branch once the reload it triggers has arrived.
        def select() -> None:
            self.loaded.disconnect(select)
            if not self.select_branch(branch_id):
                self.search.clear()
                self.select_branch(branch_id)

        self.loaded.connect(select)

    # -- keys (Ctrl+F, Ctrl+N from the main window) ---------------------------------------------

    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_record(self) -> None:
        self.add_branch()

    def open_branch_file(self) -> None:
        from desktop.ui.paper_dialog import open_branch_file  # ReportLab: imported when first printed

        if (row := self.selected_branch()) is not None:
            open_branch_file(self.context, self, row.id, self.selected_year)

    def toggle_archived(self) -> None:
        row = self.selected_branch()
        if row is None:
            return
        if (not row.archived and not self.show_archived.isChecked()
                and not messages.confirm(self, f"归档“{row.name}”后，它不再出现在台账和检查中（勾选“显示已归档”可查看）。确定归档吗？")):
            return
        self._archive(row, not row.archived)

    def _archive(self, row: BranchRow, archived: bool) -> None:
        self.context.ops.write(self, lambda ws: branches.set_archived(ws, row.id, archived), label="正在保存…")

    def delete_selected(self) -> None:
        """Look for history first: a branch that has some can only be archived, so offer that
        instead of asking 确定删除 and refusing afterwards."""
        row = self.selected_branch()
        if row is None:
            return
        self.context.ops.query(self, lambda ws: branches.has_history(ws, row.id),
                               lambda history: self._delete_or_archive(row, history), label="正在检查…")

    def _delete_or_archive(self, row: BranchRow, history: bool) -> None:
        if history:
            if row.archived:
                messages.warn(self, f"“{row.name}”已有会议、考评等历史记录，不能删除；它已归档。")
            elif messages.confirm(
                self, f"“{row.name}”已有会议、考评等历史记录，不能删除。\n"
                "可以改为归档：归档后不再出现在台账和检查中，历史记录保留（勾选“显示已归档”可查看）。\n\n"
                "改为归档吗？",
            ):
                self._archive(row, True)
            return
        if not messages.confirm(self, f"确定删除“{row.name}”吗？删除后无法恢复。"):
            return
        self.context.ops.write(self, lambda ws: branches.delete_branch(ws, row.id), label="正在删除…")
