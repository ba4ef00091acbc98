"""四评录入 page: one branch's counts, complaints, departments' feedback, review grade and veto.

A save is based on what the page loaded (services.tallies.open_tally): after a change made meanwhile
(an import on the command line) it is refused, and the page shows the stored values with what the
clerk had typed beside them. Loads and saves are operations on the worker: what was read for a branch
or a year the page no longer shows is dropped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BranchdeskError, StaleError, ValidationError
from desktop.excel import cells
from desktop.excel.cells import CellError
from desktop.rules.eligibility import GRADES
from desktop.rules.scoring import COUNT_LABELS, Tally
from desktop.services import tallies
from desktop.services.branches import list_branches
from desktop.services.tallies import ComplaintEntry, FeedbackEntry, TallyForm
from desktop.ui import messages
from desktop.ui.branch_dialog import CONFLICT_STYLE
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, TALLIES, Follower
from desktop.ui.rows_model import Col, FilterProxy, RowsModel

MEMBER_FIELDS = ("participants", "excellent", "qualified", "basic", "unqualified")
PUBLIC_FIELDS = ("satisfied", "public_basic", "dissatisfied")
NO_BRANCH = "请先在左侧选择支部"


def _list_editor(title: str, model: RowsModel, make_row, text_column: int) -> tuple[QGroupBox, QTableView]:
    """A box listing `model`'s rows, its free-text column taking the width the others leave."""
    box = QGroupBox(title)
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(text_column, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    add, remove = QPushButton("添加"), QPushButton("删除所选")
    add.clicked.connect(lambda: model.append(make_row()))
    remove.clicked.connect(lambda: model.remove(view.currentIndex().row()))
    buttons = QHBoxLayout()
    buttons.addWidget(add)
    buttons.addWidget(remove)
    buttons.addStretch()
    layout = QVBoxLayout(box)
    layout.addWidget(view)
    layout.addLayout(buttons)
    return box, view


class TallyPage(QWidget):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context, self.year, self.branch_id = context, None, None
        self.branch_name = ""
        self._clean = None  # the form as loaded or last saved: anything else is unsaved
        self._basis = None  # what the shown tallies were read from, handed back to save_tally
        self._loaded: dict[str, str] = {}  # the form as loaded, item by item (see _shown)
        self._reverts = 0  # selections put back after a refused change of branch (see _pick)
        self.branch_model = RowsModel([Col("支部", lambda r: r[1])], self)
        self.branch_proxy = FilterProxy(self.branch_model, self)
        self.branch_filter = QLineEdit()
        self.branch_filter.setPlaceholderText("筛选支部")
        self.branch_filter.textChanged.connect(self.branch_proxy.setFilterFixedString)
        self.branch_list = QListView()
        self.branch_list.setModel(self.branch_proxy)
        self.branch_list.selectionModel().currentChanged.connect(self._pick)
        left = QVBoxLayout()
        left.addWidget(self.branch_filter)
        left.addWidget(self.branch_list)

        self.counts: dict[str, QLineEdit] = {}
        member, public = QGroupBox("党员评议（票数）"), QGroupBox("群众评判（票数）")
        for box, names in ((member, MEMBER_FIELDS), (public, PUBLIC_FIELDS)):
            grid = QGridLayout(box)
            for n, name in enumerate(names):
                self.counts[name] = QLineEdit()
                self.counts[name].setMaximumWidth(80)
                grid.addWidget(QLabel(COUNT_LABELS[name]), n // 3, (n % 3) * 2)
                grid.addWidget(self.counts[name], n // 3, (n % 3) * 2 + 1)
        self.grade = QComboBox()
        self.grade.addItem("（未评定）", None)
        for code, label in GRADES.items():
            self.grade.addItem(label, code)
        self.override = QLineEdit()
        self.override.setPlaceholderText("留空 = 取评分会平均分")
        self.veto = QLineEdit()
        self.veto.setPlaceholderText("无否决事项请留空")
        form = QFormLayout()
        form.addRow("述职评议考核等次", self.grade)
        form.addRow("组织评定得分（可选）", self.override)
        form.addRow("一票否决事项", self.veto)

        self.complaints = RowsModel([
            Col("不满意事项", lambda c: c.text, set=lambda c, v: replace(c, text=v)),
            Col("经查证属实", lambda c: c.verified, set=lambda c, v: replace(c, verified=v), check=True),
        ], self)
        self.feedback = RowsModel([
            Col("部门", lambda f: f.department, set=lambda f, v: replace(f, department=v)),
            Col("符合要求", lambda f: f.compliant, set=lambda f, v: replace(f, compliant=v), check=True),
            Col("反馈意见", lambda f: f.text, set=lambda f, v: replace(f, text=v)),
        ], self)
        complaints_box, _ = _list_editor("群众不满意事项及查证结果", self.complaints, lambda: ComplaintEntry("新事项"), 0)
        feedback_box, feedback_view = _list_editor("部门反馈（社会评价）", self.feedback, lambda: FeedbackEntry("部门名称"), 2)
        feedback_view.setColumnWidth(0, 160)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(lambda: self.save())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self._save_by_key,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.title = QLabel(NO_BRANCH)
        self.title.setStyleSheet("font-size:15px;font-weight:bold")
        self.conflict = QLabel()
        self.conflict.setWordWrap(True)
        self.conflict.setStyleSheet(CONFLICT_STYLE)
        self.conflict.hide()
        fields = QWidget()
        right = QVBoxLayout(fields)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(member)
        right.addWidget(public)
        right.addLayout(form)
        lists = QHBoxLayout()  # side by side, so the whole form fits a 1366×768 screen
        lists.addWidget(complaints_box)
        lists.addWidget(feedback_box)
        right.addLayout(lists)
        # The fields scroll (a larger font, a smaller screen) instead of forcing the window taller;
        # 保存 and its message stay below them, always in view.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(fields)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.save_button)
        # Nothing to enter until a branch is chosen: a form without one would save nowhere.
        self.form = QWidget()
        self.form.setEnabled(False)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.scroll)
        form_layout.addLayout(bottom)
        page = QVBoxLayout()
        page.addWidget(self.title)
        page.addWidget(self.conflict)
        page.addWidget(self.form)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(page, 3)
        self.follower = Follower(self, context.ops, TALLIES | BRANCHES, self.reload)

    def set_year(self, year: int) -> None:
        """Show `year`; the tab has settled unsaved changes (settle_unsaved) before changing it."""
        if year != self.year:
            self._clean = None  # the form belongs to the old year: load the new one
            self.conflict.hide()
            self._show("", ok=True)
        self.year = year
        self.follower.invalidate()

    def reload(self) -> None:
        year = self.year
        self.context.ops.query(self, lambda ws: list_branches(ws, year, date(year, 12, 31)),
                               lambda rows: self._show_branches(year, rows), label="正在加载…")

    def _show_branches(self, year: int, rows: list) -> None:
        if year != self.year:
            return
        self.branch_model.set_rows([(b.id, b.name) for b in rows])
        if self.branch_id is not None:
            self.select_branch(self.branch_id)
            if not self.dirty():  # another page's change must not wipe what the clerk is typing
                self._fill()  # a refusal's notes and the status line stay

    def select_branch(self, branch_id: int) -> None:
        for row in range(self.branch_proxy.rowCount()):
            if self.branch_model.rows[self.branch_proxy.mapToSource(self.branch_proxy.index(row, 0)).row()][0] == branch_id:
                self.branch_list.setCurrentIndex(self.branch_proxy.index(row, 0))
                return

    def _pick(self, current, previous) -> None:
        if not current.isValid():
            return
        branch_id, name = self.branch_model.rows[self.branch_proxy.mapToSource(current).row()]
        if branch_id == self.branch_id:
            return
        if not self.settle_unsaved(lambda: self._go_to(branch_id)):
            # A mouse press selects the clicked row after this returns: put the selection back then.
            back = QPersistentModelIndex(previous)
            self._select_quietly(back)
            revert = self._reverts
            QTimer.singleShot(0, self, lambda: revert == self._reverts and self._select_quietly(back))
            return
        self.branch_id, self.branch_name = branch_id, name
        self._load()

    def _go_to(self, branch_id: int) -> None:
        """After the unsaved tallies were saved: on to the branch the clerk had clicked."""
        self._reverts += 1  # a selection put back meanwhile must not undo this one
        self.select_branch(branch_id)

    def settle_unsaved(self, proceed: Callable[[], None]) -> bool:
        """Before leaving this branch with unsaved changes, ask: save, discard or stay. True to go on
        now (nothing unsaved, or discarded); False to stay: cancelled or refused, or saving, and then
        `proceed()` once the save has landed."""
        if not self.dirty():
            return True
        Button = QMessageBox.StandardButton
        answer = messages.ask_save(self, f"{self.title.text()} 的四评录入有未保存的修改，是否保存？")
        if answer == Button.Save:
            self.save(then=proceed)
            return False
        if answer == Button.Discard:
            self._clean = self._snapshot()  # dropped: nothing left to ask about
            return True
        return False

    def _select_quietly(self, index: QPersistentModelIndex) -> None:
        if not index.isValid():
            return
        selection = self.branch_list.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(self.branch_proxy.index(index.row(), 0),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(False)
        self.branch_list.viewport().update()

    def _snapshot(self) -> tuple:
        return (tuple(edit.text().strip() for edit in self.counts.values()), self.grade.currentData(),
                self.override.text().strip(), self.veto.text().strip(), tuple(self.complaints.rows),
                tuple(self.feedback.rows))

    def _save_by_key(self) -> None:
        if self.save_button.isEnabled():
            self.save_button.click()

    def focus_find(self) -> None:
        self.branch_filter.setFocus()
        self.branch_filter.selectAll()

    def dirty(self) -> bool:
        return self.branch_id is not None and self._clean is not None and self._snapshot() != self._clean

    def _load(self) -> None:
        self.conflict.hide()
        self.form.setEnabled(False)  # until this branch's tallies are in
        self._fill()
        self._show("", ok=True)

    def _fill(self, then: Callable[[], None] | None = None) -> None:
        """Show the stored tallies and remember what they were read from."""
        branch_id, year = self.branch_id, self.year
        self.context.ops.query(self, lambda ws: tallies.open_tally(ws, branch_id, year),
                               lambda loaded: self._show_tally(branch_id, year, loaded, then), label="正在读取…")

    def _show_tally(self, branch_id: int, year: int, loaded, then: Callable[[], None] | None) -> None:
        if (branch_id, year) != (self.branch_id, self.year):
            return  # the clerk moved on meanwhile: what they chose is on the way
        form, self._basis = loaded.form, loaded.basis
        self.title.setText(f"{self.branch_name} · {self.year} 年")
        for name, edit in self.counts.items():
            value = getattr(form.tally, name)
            edit.setText("" if value is None else str(value))
        self.grade.setCurrentIndex(max(0, self.grade.findData(form.review_grade)))
        self.override.setText("" if form.org_score_override is None else f"{form.org_score_override:g}")
        self.veto.setText(form.veto or "")
        self.complaints.set_rows(form.complaints)
        self.feedback.set_rows(form.feedback)
        self._clean = self._snapshot()
        self._loaded = self._shown()
        self.form.setEnabled(True)
        if then is not None:
            then()

    def _read(self) -> TallyForm:
        values, problems = {}, {}
        for name, edit in self.counts.items():
            try:
                values[name] = cells.integer(edit.text())
            except CellError as error:
                problems[name] = f"{COUNT_LABELS[name]}：{error.reason}"
        try:
            override = cells.number(self.override.text(), 0, 100)
        except CellError as error:
            problems["override"] = f"组织评定得分：{error.reason}"
            override = None
        if problems:
            raise ValidationError(problems)
        return TallyForm(tally=Tally(**values), org_score_override=override, review_grade=self.grade.currentData(),
                         veto=self.veto.text(), complaints=tuple(self.complaints.rows),
                         feedback=tuple(self.feedback.rows))

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Write the form (on the worker); `then()` once it has landed. A refusal keeps the form."""
        if self.branch_id is None:
            return
        try:
            form = self._read()
        except ValidationError as error:
            self._show(error.message, ok=False)
            return
        branch_id, year, basis = self.branch_id, self.year, self._basis
        sent, shown = self._snapshot(), self._shown()  # what is written, whatever is typed meanwhile

        def saved(new_basis) -> None:
            self.save_button.setEnabled(True)
            if (branch_id, year) == (self.branch_id, self.year):
                self._basis = new_basis
                self._clean, self._loaded = sent, shown
                self.conflict.hide()
                self._show("已保存。", ok=True)
            if then is not None:
                then()

        def refused(error: BranchdeskError) -> None:
            self.save_button.setEnabled(True)
            if isinstance(error, StaleError):
                self._show_latest(error.message)
            else:
                self._show(error.message, ok=False)

        self.save_button.setEnabled(False)  # one save at a time: the next is based on what this one wrote
        self.context.ops.write(self, lambda ws: tallies.save_tally(ws, branch_id, year, form, basis),
                               saved, on_error=refused, label="正在保存…")

    def _show(self, text: str, ok: bool) -> None:
        self.error.setStyleSheet("color:#1e8449" if ok else "color:#c0392b")
        self.error.setText(text)

    # -- a save refused because the tallies changed meanwhile ---------------------------------------

    def _shown(self) -> dict[str, str]:
        """What the form shows, item by item, as the clerk reads it."""
        def listed(rows, describe) -> str:
            return "；".join(describe(row) for row in rows) or "（无）"

        shown = {COUNT_LABELS[name]: edit.text().strip() or "（空）" for name, edit in self.counts.items()}
        shown["述职评议考核等次"] = self.grade.currentText()
        shown["组织评定得分"] = self.override.text().strip() or "（空）"
        shown["一票否决事项"] = self.veto.text().strip() or "（无）"
        shown["不满意事项"] = listed(self.complaints.rows, lambda c: c.text + ("（属实）" if c.verified else ""))
        shown["部门反馈"] = listed(self.feedback.rows, lambda f: f.department + ("（符合）" if f.compliant else "（不符合）")
                                  + (f"：{f.text}" if f.text else ""))
        return shown

    def _show_latest(self, refusal: str) -> None:
        """Put the stored tallies in the form, name what changed meanwhile, and list what the clerk
        had typed that differs, so they can compare and enter it again on top of the new data."""
        loaded = self._loaded
        typed = self._shown()
        self._fill(then=lambda: self._show_conflict(refusal, loaded, typed))

    def _show_conflict(self, refusal: str, loaded: dict[str, str], typed: dict[str, str]) -> None:
        latest = self._shown()
        changed = [key for key in latest if latest[key] != loaded[key]]
        mine = [f"{key}：{text}" for key, text in typed.items() if text != loaded[key] and text != latest[key]]
        self.conflict.setText(
            f"{refusal}。已显示最新数据" + (f"（有变化的项：{'、'.join(changed)}）" if changed else "")
            + "，请核对后重新填写并保存。" + ("\n您刚才填写的（未保存）：" + "；".join(mine) if mine else "")
        )
        self.conflict.show()
        # The notes are above the fields, away from 保存: say so beside it.
        self._show("没有保存：数据已被修改，请看页面上方的说明。", ok=False)
