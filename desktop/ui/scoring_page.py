"""评分会 page: pick or create a session, choose the scorer (or the branch), type the scores.

The grid's suggested scores are built from the ledgers (branches, meetings): the page follows
changes to them as well as to the sessions and scores, but not the cells it saved itself."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.rules.scoring import suggestions_refusal
from desktop.services import checkout, held, scoring, suggestions
from desktop.store.workspace import Workspace
from desktop.ui import messages
from desktop.ui.changes_dialog import ChangesDialog
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, MEETINGS, RUBRIC, SCORING, Follower
from desktop.ui.laptop_actions import LaptopActions
from desktop.ui.reason_dialog import ask_reason
from desktop.ui.score_grid import BY_BRANCH, BY_SCORER, ScoreGridModel, ScoreGridView
from desktop.ui.session_dialog import open_session_dialog
from desktop.ui.suggestion_actions import SuggestionActions
from desktop.ui.who import operator_field, remember_operator

CHECKOUTS = frozenset({"checkout"})  # 带出 and 带回 change what the page says is on a laptop
SESSIONS_WIDEST = 560  # pixels: the session box beside the other boxes of its row in a 1366-pixel window


def load_session(ws: Workspace, session_id: int) -> tuple[scoring.Grid, dict, list[checkout.CheckoutView]]:
    """A session's grid, the evidence for its items (from the ledgers, or on a laptop the office's
    lines that came with the package) and its check-outs (on the worker)."""
    grid = scoring.load_grid(ws, session_id)
    out = [c for c in checkout.checkouts(ws, session_id) if c.state == checkout.OPEN]
    return grid, suggestions.grid_evidence(ws, grid), out


class ScoringPage(QWidget):
    year_wanted = Signal(int)  # a package opened on the laptop is of this year: the tab shows it

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context, self.year, self.model, self.pending = context, None, None, None
        self.sessions = QComboBox()
        # As wide as its longest name, (已锁定) included, up to what the row has room for on a
        # 1366-pixel screen; the tooltip names the current session whole in any case.
        self.sessions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sessions.setMinimumWidth(320)
        self.sessions.setMaximumWidth(SESSIONS_WIDEST)
        self.sessions.currentIndexChanged.connect(self._open_session)
        self.new_button = QPushButton("新建评分会…")
        self.new_button.clicked.connect(self._new_session)
        self.mode = QComboBox()
        self.mode.addItem("按评委录入（项目 × 支部）", BY_SCORER)
        self.mode.addItem("按支部查看（项目 × 评委）", BY_BRANCH)
        self.mode.currentIndexChanged.connect(self._fill_who)
        self.who = QComboBox()
        self.who.setMinimumWidth(200)
        self.who.currentIndexChanged.connect(self._apply_view)
        self.operator = operator_field()
        self.finalize_button = QPushButton("确认并锁定")
        self.finalize_button.clicked.connect(self._finalize)
        self.delete_button = QPushButton("删除评分会")
        self.delete_button.clicked.connect(self._delete)
        self.changes_button = QPushButton("修改记录…")
        self.changes_button.clicked.connect(self._show_changes)
        self.lock_label = QLabel()
        self.laptop = LaptopActions(context, self, self._current_session, self.show_session)
        self.view = ScoreGridView()
        self.suggest = SuggestionActions(context, self, lambda: self.model, self.view, self._saved, self._failed)
        self.record_button = QPushButton("打印评分记录表…")
        self.record_button.setToolTip("当前评委在本评分会的评分记录表（各支部各项得分、合计和签字栏），会后由评分人签字")
        self.record_button.clicked.connect(self._print_record)
        # Two rows, so the page fits a 1366-pixel laptop screen.
        top, actions = QHBoxLayout(), QHBoxLayout()
        for widget in (QLabel("评分会"), self.sessions, self.new_button, self.laptop.button, self.mode, self.who):
            top.addWidget(widget)
        top.addStretch()
        for widget in (*self.suggest.buttons, self.record_button, QLabel("操作人"), self.operator, self.finalize_button,
                       self.delete_button, self.changes_button, self.lock_label):
            actions.addWidget(widget)
        actions.addStretch()
        self.evidence = QLabel()
        self.evidence.setStyleSheet("color:#555")
        self.status = QLabel("输入分数后按 Enter（向下）或 Tab（向右），每格即时保存；Ctrl+PgDn / Ctrl+PgUp 换下一位 / 上一位评委"
                             "（按支部查看时换支部）。灰色括号内为依据台账的建议分。")
        self.status.setWordWrap(True)  # a refusal (a part on a laptop) names the file and the time
        # Switching scorer without leaving the keyboard: the grid keeps Tab for moving between cells.
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, activated=lambda s=step: self._step_who(s))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.evidence)
        layout.addWidget(self.status)
        self.follower = Follower(self, context.ops, SCORING | RUBRIC | BRANCHES | MEETINGS | CHECKOUTS, self.reload,
                                 own_changes=False)

    # -- loading ------------------------------------------------------------------------------
    def set_year(self, year: int) -> None:
        self.year = year
        self.follower.invalidate()

    def show_session(self, year: int, session_id: int) -> None:
        """Bring a session onto the page (one just opened from a package), in its year."""
        self.pending = session_id
        if year == self.year:
            self.reload(session_id)
        else:
            self.year_wanted.emit(year)  # the tab sets the year, which reloads the page

    def _current_session(self) -> tuple[int, str, list[str]] | None:
        if self.model is None:
            return None
        info = self.model.grid.session
        return info.id, info.title, [name for _id, name in self.model.grid.scorers]

    def reload(self, select_id: int | None = None) -> None:
        current = select_id or self.pending or self.sessions.currentData()
        self.pending = None
        year = self.year
        self.context.ops.query(self, lambda ws: scoring.list_sessions(ws, year),
                               lambda listed: self._show_sessions(year, listed, current), label="正在加载评分会…")

    def _show_sessions(self, year: int, listed: list[scoring.SessionInfo], current: int | None) -> None:
        if year != self.year:
            return  # another year was chosen meanwhile: its sessions are on the way
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for info in listed:
            lock = "（已锁定）" if info.finalized else ""
            self.sessions.addItem(f"{info.held_on:%Y-%m-%d} {info.title}{lock}", info.id)
        index = self.sessions.findData(current)
        self.sessions.setCurrentIndex(index if index >= 0 else 0)
        self.sessions.blockSignals(False)
        self._open_session()

    def _open_session(self) -> None:
        session_id = self.sessions.currentData()
        self.sessions.setToolTip(self.sessions.currentText())
        if session_id is None:
            self._set_model(None)
            self.who.clear()
            for button in (self.finalize_button, self.delete_button, self.changes_button, self.record_button,
                           *self.suggest.buttons):
                button.setEnabled(False)
            self.lock_label.setText("本年度还没有评分会")
            return
        self.context.ops.query(self, lambda ws: load_session(ws, session_id),
                               lambda loaded: self._show_session(session_id, *loaded), label="正在打开评分会…")

    def _show_session(self, session_id: int, grid: scoring.Grid, found: dict, out: list[checkout.CheckoutView]) -> None:
        if session_id != self.sessions.currentData():
            return  # another session was picked meanwhile
        model = ScoreGridModel(self.context.ops, grid, found, self._ask_change, self)
        model.saved.connect(self._saved)
        model.failed.connect(self._failed)
        model.returned.connect(self._return_to)
        self._set_model(model)
        self.view.selectionModel().currentChanged.connect(self._show_evidence)
        self._fill_who()
        self._show_lock(out)

    def _return_to(self, index) -> None:
        """A save refused on the worker: back to its cell, unless the clerk is typing in another."""
        if self.view.state() != self.view.State.EditingState:
            self.view.setCurrentIndex(index)

    def _set_model(self, model: ScoreGridModel | None) -> None:
        """Show `model`; the previous grid and its selection model are released (Qt leaves them)."""
        old_model, old_selection = self.model, self.view.selectionModel()
        self.model = model
        self.evidence.clear()  # it was about a cell of the previous grid
        self.view.setModel(model)
        for obsolete in (old_selection, old_model):
            if obsolete is not None:
                obsolete.deleteLater()

    def _fill_who(self) -> None:
        if self.model is None:
            return
        self.who.blockSignals(True)
        self.who.clear()
        people = self.model.grid.scorers if self.mode.currentData() == BY_SCORER else self.model.grid.branches
        for ident, name in people:
            self.who.addItem(name, ident)
        self.who.blockSignals(False)
        self._apply_view()

    def _step_who(self, step: int) -> None:
        if self.who.count():
            self.who.setCurrentIndex((self.who.currentIndex() + step) % self.who.count())
            self.view.setFocus()

    def _apply_view(self) -> None:
        if self.model is not None and self.who.currentData() is not None:
            self.model.set_view(self.mode.currentData(), self.who.currentData())
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _show_lock(self, out: list[checkout.CheckoutView]) -> None:
        info = self.model.grid.session
        # On a laptop the session is the office's: locking and deleting wait for the office.
        for button, refusal in ((self.finalize_button, held.FINALIZE_ON_LAPTOP), (self.delete_button, held.DELETE_ON_LAPTOP)):
            button.setEnabled(not info.finalized and not info.on_laptop)
            button.setToolTip(refusal if info.on_laptop else "")
        self.changes_button.setEnabled(info.finalized)
        self.suggest.set_enabled(not info.finalized)
        self.record_button.setEnabled(True)
        if info.finalized:
            self.lock_label.setText(f"已于 {info.finalized_at:%Y-%m-%d %H:%M} 由 {info.finalized_by} 确认锁定；修改须填写原因")
        else:
            away = "".join(f"；{'、'.join(c.scorers)} 带出中（{c.file_name}）" for c in out)
            laptop_note = "（从评分包打开：确认锁定和删除在办公室进行）" if info.on_laptop else ""
            self.lock_label.setText(f"{info.branches} 个支部，{info.scorers} 位评委，录入中{away}{laptop_note}")

    # -- keys (Ctrl+F, Ctrl+N from the main window) ---------------------------------------------
    def focus_find(self) -> None:
        """Ctrl+F: ask for a branch (a part of its name will do) and go to it in the grid."""
        if self.model is None:
            return
        names = [name for _id, name in self.model.grid.branches]
        text, chosen = QInputDialog.getItem(self, "查找支部", "支部名称（可只输入一部分）：", names, 0, True)
        if chosen and text.strip():
            self.jump_to_branch(text.strip())

    def jump_to_branch(self, text: str) -> bool:
        """The branch named `text` (else the first whose name contains it): its column when scoring by
        scorer, or its grid when viewing by branch."""
        if self.model is None:
            return False
        branches = self.model.grid.branches
        found = next((b for b in branches if b[1] == text), None) or next((b for b in branches if text in b[1]), None)
        if found is None:
            self._failed(f"本评分会没有名称含“{text}”的支部")
            return False
        if self.mode.currentData() == BY_BRANCH:
            self.who.setCurrentIndex(self.who.findData(found[0]))
            column = 0
        else:
            column = next(c for c, (_scorer, branch_id, _name) in enumerate(self.model.columns) if branch_id == found[0])
        row = max(self.view.currentIndex().row(), 0)
        self.view.setCurrentIndex(self.model.index(row, column))
        self.view.scrollTo(self.model.index(row, column))
        self.view.setFocus()
        return True

    def new_record(self) -> None:
        self._new_session()

    # -- actions ------------------------------------------------------------------------------
    def _new_session(self) -> None:
        def created(dialog) -> None:
            session_id = dialog.session_id if dialog.exec() else None
            dialog.deleteLater()
            if session_id:
                self.reload(session_id)

        open_session_dialog(self.context, self.year, self, created)

    def _finalize(self) -> None:
        if self.model is None:
            return
        session_id = self.model.grid.session.id
        self.context.ops.query(self, lambda ws: (scoring.empty_cells(ws, session_id), suggestions.pending(ws, session_id)),
                               lambda found: self._confirm_finalize(session_id, *found), label="正在检查…")

    def _confirm_finalize(self, session_id: int, empty: int, pending: list[tuple[str, str]]) -> None:
        if not self.operator.text().strip():  # the lock is recorded under this name: asked, never guessed
            self._failed("请先在“操作人”中填写您的姓名：确认锁定将记录在此姓名下。")
            self.operator.setFocus()
            return
        refusal = suggestions_refusal("确认锁定", pending)
        if refusal:  # the scorers' own word first (the service refuses it too)
            self._failed(refusal)
            messages.warn(self, refusal)
            return
        warning = f"还有 {empty} 格未打分：未打分的评委对该支部的分数不计入组织评定。" if empty else ""
        if not messages.confirm(self, f"{warning}确认后评分会锁定，之后每次修改都须填写原因并留痕。确定锁定吗？"):
            return
        by = self.operator.text().strip()

        def locked(_) -> None:
            remember_operator(by)
            self.reload(session_id)

        self.context.ops.write(self, lambda ws: scoring.finalize(ws, session_id, by), locked,
                               on_error=lambda error: self._failed(error.message), label="正在锁定…")

    def _show_changes(self) -> None:
        session_id = self.model.grid.session.id

        def show(rows) -> None:
            dialog = ChangesDialog(rows, self)
            dialog.exec()
            dialog.deleteLater()

        self.context.ops.query(self, lambda ws: scoring.changes(ws, session_id), show, label="正在读取修改记录…")

    def _delete(self) -> None:
        info = self.model.grid.session
        if not messages.confirm(self, f"删除“{info.title}”及其全部已录入的分数？此操作不能撤销。"):
            return
        self.context.ops.write(self, lambda ws: scoring.delete_session(ws, info.id), lambda _: self.reload(),
                               on_error=lambda error: self._failed(error.message), label="正在删除…")

    def _print_record(self) -> None:
        """The print dialog on the 评分记录表 of the current cell's scorer."""
        from desktop.ui.paper_dialog import open_score_record  # ReportLab: imported when first printed

        cell = self.suggest.current_cell()
        if cell is not None and self.model is not None:
            info = self.model.grid.session
            open_score_record(self.context, self, info.year, info.uuid, info.title, cell[2])

    def _ask_change(self, what: str):
        answer = ask_reason(self, what, self.operator.text())
        if answer is not None:  # the name typed there is the operator's from now on
            self.operator.setText(answer[0])
            remember_operator(answer[0])
        return answer

    def _saved(self, message: str) -> None:
        self.status.setStyleSheet("color:#1e8449")
        self.status.setText(message)

    def _failed(self, message: str) -> None:
        self.status.setStyleSheet("color:#c0392b")
        self.status.setText(message)

    def _show_evidence(self, current, _previous) -> None:
        found = self.model.suggestion(current) if self.model and current.isValid() and not self.model.is_total(current.row()) else None
        advice = "" if found is None else "暂无建议分" if found.suggested is None else f"建议 {found.suggested:g} 分"
        if found is not None and self.model.key(current) in self.model.suggested:
            advice = "格中为采用的建议分，待评分人确认（改分直接输入，无需改动的点“确认建议分”）"
        self.evidence.setText(f"台账依据：{found.text}；{advice}" if found else "")
