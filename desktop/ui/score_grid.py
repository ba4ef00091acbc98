"""The scoring grid: rubric items down, branches (for one scorer) or scorers (for one branch)
across, a running total row at the bottom. Keyboard only: type a number, Tab moves right, Enter
moves down. Every committed cell is written by a write operation on the worker, and shows its new
score only once the write has landed; the model keeps the grid in memory and updates one cell and
one total per save (no reload). A cell whose score was changed elsewhere since the grid showed it
is not overwritten: it shows the stored score, the status line says so and the cursor goes back to
it (`returned`), as it does after any refusal that comes back from the worker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QFont, QRegularExpressionValidator
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QLineEdit, QStyledItemDelegate, QTableView
from shiboken6 import isValid

from desktop.errors import BranchdeskError
from desktop.rules.numbers import NumberError
from desktop.rules.scoring import read_points, scorer_complete
from desktop.services import scoring

BY_SCORER, BY_BRANCH = "scorer", "branch"
TOTAL_BG = QColor("#eef2f7")
HINT_FG = QColor("#9aa3ad")
# A score filled in from the ledger (采用建议分) until the scorer confirms it: italic, amber on pale yellow.
SUGGESTED_FG, SUGGESTED_BG = QColor("#9a6700"), QColor("#fff4cc")
SUGGESTED_TIP = "建议分，待评分人确认"
BOLD = QFont()
BOLD.setBold(True)
ITALIC = QFont()
ITALIC.setItalic(True)
R = Qt.ItemDataRole
DISPLAY, EDIT, FOREGROUND, BACKGROUND, FONT, ALIGN = (R.DisplayRole, R.EditRole, R.ForegroundRole, R.BackgroundRole,
                                                      R.FontRole, R.TextAlignmentRole)
_ROLES = {DISPLAY, EDIT, FOREGROUND, BACKGROUND, FONT, ALIGN, R.ToolTipRole}
CENTER = int(Qt.AlignmentFlag.AlignCenter)
TOTAL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
CELL_FLAGS = TOTAL_FLAGS | Qt.ItemFlag.ItemIsEditable
# (who, reason) for a change to a finalized session, or None when the clerk cancels.
AskChange = Callable[[str], tuple[str, str] | None]


def fmt(points: float | None) -> str:
    return "" if points is None else f"{points:g}"


def marked(role, text: str, colour: QColor, tip: str):
    """A 合计 that does not count yet: its text, greyed or tinted, and why in the tooltip."""
    return {DISPLAY: text, FOREGROUND: colour, R.ToolTipRole: tip}.get(role)


class ScoreGridModel(QAbstractTableModel):
    saved = Signal(str)  # a short confirmation for the status line
    failed = Signal(str)
    returned = Signal(QModelIndex)  # a refusal came back from the worker: the cursor goes to that cell

    def __init__(self, ops, grid: scoring.Grid, evidence: dict, ask_change: AskChange, parent):
        """`parent` (the page) runs the writes: its follower leaves out the cells it saved itself."""
        super().__init__(parent)
        self.ops, self.grid, self.evidence, self.ask_change = ops, grid, evidence, ask_change
        self.items = list(grid.rubric.items)
        self.scores = dict(grid.scores)
        self.suggested = set(grid.suggested)  # cells holding a suggested score not yet confirmed
        self.sent: dict[tuple[int, int, int], float | None] = {}  # saves on their way: what the cell will hold
        self.totals: dict[tuple[int, int], float] = {}
        for (scorer_id, branch_id, _item), points in self.scores.items():
            self.totals[(scorer_id, branch_id)] = self.totals.get((scorer_id, branch_id), 0) + points
        self.columns: list[tuple[int, int, str]] = []
        self.set_view(BY_SCORER, grid.scorers[0][0] if grid.scorers else 0)

    def set_view(self, mode: str, fixed_id: int) -> None:
        """BY_SCORER: columns are the branches, scored by scorer `fixed_id`; BY_BRANCH: columns are
        the scorers of branch `fixed_id`."""
        self.beginResetModel()
        if mode == BY_SCORER:
            self.columns = [(fixed_id, b, name) for b, name in self.grid.branches]
        else:
            self.columns = [(s, fixed_id, name) for s, name in self.grid.scorers]
        self.endResetModel()

    # -- shape --------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.items) + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def is_total(self, row: int) -> bool:
        return row == len(self.items)

    def key(self, index) -> tuple[int, int, int]:
        scorer_id, branch_id, _ = self.columns[index.column()]
        return scorer_id, branch_id, self.items[index.row()].id

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section][2]
        if self.is_total(section):
            return f"合计（满分 {self.grid.rubric.total_points:g}）"
        item = self.items[section]
        return f"{item.area_name}·{item.item_name}（{item.max_points:g}）"

    def flags(self, index):
        return TOTAL_FLAGS if index.row() == len(self.items) else CELL_FLAGS

    def suggestion(self, index):
        _scorer_id, branch_id, _ = self.columns[index.column()]
        return self.evidence.get((branch_id, self.items[index.row()].id))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # Called for every visible cell and role on each repaint: check the role before any lookup.
        if role not in _ROLES or not index.isValid():
            return None
        if role == ALIGN:
            return CENTER
        if index.row() == len(self.items):
            return self._total_data(index.column(), role)
        key = self.key(index)
        points = self.scores.get(key)
        if key in self.suggested and points is not None:
            return self._suggested_data(index, points, role)
        if role in (BACKGROUND, FONT):
            return None
        if role == EDIT:
            return fmt(points)
        if points is not None:
            return fmt(points) if role == DISPLAY else None
        if role == FOREGROUND:
            return HINT_FG
        found = self.suggestion(index)
        if found is None:
            return None
        if found.suggested is None:  # a yearly requirement still owed: nothing to suggest yet
            return "(未开展)" if role == DISPLAY else f"{found.text}；暂无建议分"
        if role == DISPLAY:
            return f"({fmt(found.suggested)})"
        return f"{found.text}；建议 {fmt(found.suggested)} 分"  # tooltip

    def _suggested_data(self, index, points: float, role):
        if role in (DISPLAY, EDIT):
            return fmt(points)
        if role == FONT:
            return ITALIC
        if role == FOREGROUND:
            return SUGGESTED_FG
        if role == BACKGROUND:
            return SUGGESTED_BG
        found = self.suggestion(index)  # tooltip
        return SUGGESTED_TIP if found is None else f"{SUGGESTED_TIP}（台账依据：{found.text}）"

    def _total_data(self, column: int, role):
        """合计 of one column. A half-scored column's sum does not count (rules.scoring.scorer_complete):
        it reads 未完成 with what is missing, greyed, and the partial sum only in the tooltip."""
        if role == BACKGROUND:
            return TOTAL_BG
        if role == FONT:
            return BOLD
        scorer_id, branch_id, _ = self.columns[column]
        scored = sum(1 for item in self.items if (scorer_id, branch_id, item.id) in self.scores)
        if scored == 0:
            return "—" if role == DISPLAY else None
        total = fmt(self.totals.get((scorer_id, branch_id), 0))
        pending = sum(1 for item in self.items if (scorer_id, branch_id, item.id) in self.suggested)
        if pending and scorer_complete(scored, len(self.items)):
            return marked(role, f"{total}（含建议分）", SUGGESTED_FG, f"含 {pending} 项建议分待评分人确认；确认前不计入组织评定")
        if scorer_complete(scored, len(self.items)):
            return total if role == DISPLAY else None
        missing = len(self.items) - scored
        return marked(role, f"未完成（缺 {missing} 项）", HINT_FG,
                      f"已打 {scored} 项共 {total} 分；还有 {missing} 项未打分，打完前不计入组织评定")

    # -- writing ------------------------------------------------------------------------------
    refused = False  # the last commit was refused: the view keeps the cursor on that cell

    def _refuse(self, message: str) -> bool:
        self.refused = True
        self.failed.emit(message)
        return False

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or self.is_total(index.row()):
            return False
        self.refused = False
        text = str(value).strip()
        item = self.items[index.row()]
        try:
            points = read_points(text, item.max_points) if text else None
        except NumberError as error:
            return self._refuse(f"{item.item_name}：{error.reason}")
        key = self.key(index)
        old = self.sent.get(key, self.scores.get(key))
        if old == points and key not in self.suggested:  # typing a suggested score confirms it
            return True
        cell = f"{self.columns[index.column()][2]} · {item.item_name}"
        session_id = self.grid.session.id
        if not self.grid.session.finalized:
            self._save(key, cell, points, old)
            return True
        # The reason asked for must be for a change from the stored score, not a stale one.
        self.ops.query(self.parent(), lambda ws: scoring.check_shown(ws, session_id, key, old),
                       lambda _: self._ask_then_save(key, cell, points, old),
                       on_error=lambda error: self._refused_later(key, cell, points, error), quiet=True)
        return True

    def _ask_then_save(self, key, cell: str, points: float | None, old: float | None) -> None:
        if not isValid(self):
            return  # another session is on screen now
        answer = self.ask_change(f"{cell}：{fmt(old) or '空'} → {fmt(points) or '空'}")
        if answer is None:
            self.failed.emit("已取消修改")
            self._return_to(key)
            return
        self._save(key, cell, points, old, *answer)

    def _save(self, key, cell: str, points: float | None, old: float | None, who: str | None = None,
              reason: str | None = None) -> None:
        session_id = self.grid.session.id
        self.sent[key] = points

        def saved(_none) -> None:
            if not isValid(self):
                return  # written; the grid it was typed in has been replaced meanwhile
            self._settled(key, points)
            self.suggested.discard(key)  # typed: the scorer's own score now
            self._show_score(key, points)  # only now, with the write committed, does the cell show it
            self.saved.emit(f"已保存：{cell} = {fmt(points) or '空'}")

        def refused(error: BranchdeskError) -> None:
            if isValid(self):
                self._settled(key, points)
                self._refused_later(key, cell, points, error)

        self.ops.write(self.parent(), lambda ws: scoring.save_score(ws, session_id, key, points, changed_by=who,
                                                                    reason=reason, shown=old),
                       saved, on_error=refused, quiet=True)

    def _settled(self, key, points: float | None) -> None:
        if self.sent.get(key, points) == points:  # no later save of the cell is still on its way
            self.sent.pop(key, None)

    def _refused_later(self, key, cell: str, points: float | None, error: BranchdeskError) -> None:
        if not isValid(self):
            return
        if isinstance(error, scoring.ScoreChanged):
            # Typing again over the stored score is a deliberate change; reverting it unseen is not.
            self._show_score(key, error.stored)
            self.failed.emit(f"{cell}：{error.message}（您输入的是 {fmt(points) or '空'}）；"
                             "格中已是现在的分数，如仍要修改请再次输入")
        else:
            self.failed.emit(error.message)
        self._return_to(key)

    def _index_of(self, key) -> QModelIndex:
        row = next((r for r, item in enumerate(self.items) if item.id == key[2]), None)
        column = next((c for c, (scorer_id, branch_id, _) in enumerate(self.columns) if (scorer_id, branch_id) == key[:2]), None)
        return QModelIndex() if row is None or column is None else self.index(row, column)

    def _return_to(self, key) -> None:
        index = self._index_of(key)
        if index.isValid():
            self.returned.emit(index)

    def adopted(self, cells: dict) -> None:
        """Suggested scores written into empty cells (采用建议分): shown marked."""
        for key, points in cells.items():
            self.suggested.add(key)
            self._show_score(key, points)

    def confirmed(self, keys) -> None:
        """The marks of `keys` cleared (确认建议分): the same scores, now the scorer's."""
        for key in keys:
            self.suggested.discard(key)
            self._show_score(key, self.scores.get(key))

    def _show_score(self, key, points: float | None) -> None:
        """Put `points` (None: no score) in the cell and move its column's 合计 by the difference."""
        old = self.scores.pop(key, None)
        if points is not None:
            self.scores[key] = points
        total_key = key[:2]
        self.totals[total_key] = self.totals.get(total_key, 0) + (points or 0) - (old or 0)
        index = self._index_of(key)  # the view may show other columns by now (another scorer)
        if index.isValid():
            total_index = self.index(len(self.items), index.column())
            self.dataChanged.emit(index, index)
            self.dataChanged.emit(total_index, total_index)


class ScoreDelegate(QStyledItemDelegate):
    """A plain line editor for a number. It lets a sign and extra decimals through on purpose: the
    model refuses them with a message naming what was typed ("-1 不能为负", "2.25 不是整分或半分"),
    where a strict validator would silently drop the keys and save 1 or 2.2 instead."""

    PATTERN = QRegularExpression(r"^-?\d{0,3}(\.\d{0,3})?$")

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(self.PATTERN, editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return editor


class ScoreGridView(QTableView):
    """Typing a number starts editing; Enter commits and moves down, Tab commits and moves right."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(ScoreDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.horizontalHeader().setDefaultSectionSize(150)
        self.verticalHeader().setDefaultSectionSize(26)

    def closeEditor(self, editor, hint):  # noqa: N802
        # A commit to a locked session opens the reason dialog while the editor is up; the window is
        # inactive when the editor closes, so Qt would leave it without a focus child and hand the
        # keyboard to its first field (the year box) once reactivated. Keep the keyboard on the grid.
        focused = self.window().focusWidget()
        lost = focused is None or focused is editor or editor.isAncestorOf(focused)
        refused = getattr(self.model(), "refused", False)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            if not refused:
                self.move_down()
        elif refused:  # Tab after a refused entry: stay on the cell so it can be typed again
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        else:
            super().closeEditor(editor, hint)
        if lost and not self.hasFocus():
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            self.move_down()
            return
        super().keyPressEvent(event)

    def move_down(self) -> None:
        current = self.currentIndex()
        model = self.model()
        if current.isValid() and current.row() + 1 < model.rowCount() - 1:  # never onto the total row
            self.setCurrentIndex(model.index(current.row() + 1, current.column()))
