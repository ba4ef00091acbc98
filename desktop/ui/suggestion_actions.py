"""The 评分会 page's 采用建议分 and 确认建议分 menus, for the branch of the current cell or every branch
of its scorer. 采用 asks first, saying how many empty cells it fills; both run as one write on the
worker and update the grid's cells in place (services.suggestions)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QToolButton, QWidget
from shiboken6 import isValid

from desktop.services import suggestions
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.score_grid import ScoreGridModel, ScoreGridView

Say = Callable[[str], None]


def menu_button(text: str) -> tuple[QToolButton, QMenu]:
    button = QToolButton()
    button.setText(f"{text} ▾")
    button.setStyleSheet("QToolButton::menu-indicator { image: none; }")  # Qt's would overlap the text
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    button.setMenu(menu)
    return button, menu


class SuggestionActions:
    """`model()` is the grid on the page (or None), `view` shows it; `saved` and `failed` put a line
    in the page's status."""

    def __init__(self, context: AppContext, page: QWidget, model: Callable[[], ScoreGridModel | None],
                 view: ScoreGridView, saved: Say, failed: Say):
        self.context, self.page, self.model, self.view, self.saved, self.failed = context, page, model, view, saved, failed
        self.adopt_button, adopt_menu = menu_button("采用建议分")
        self.confirm_button, confirm_menu = menu_button("确认建议分")
        self.adopt_branch = adopt_menu.addAction("当前支部")
        self.adopt_all = adopt_menu.addAction("该评委的全部支部")
        self.confirm_branch = confirm_menu.addAction("当前支部")
        self.confirm_all = confirm_menu.addAction("该评委的全部支部")
        self.adopt_branch.triggered.connect(lambda: self.adopt(True))
        self.adopt_all.triggered.connect(lambda: self.adopt(False))
        self.confirm_branch.triggered.connect(lambda: self.confirm(True))
        self.confirm_all.triggered.connect(lambda: self.confirm(False))
        for menu in (adopt_menu, confirm_menu):
            menu.aboutToShow.connect(self._name_actions)
        self.buttons = (self.adopt_button, self.confirm_button)

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons:
            button.setEnabled(enabled)

    def current_cell(self) -> tuple[int, int, str, str] | None:
        """(scorer id, branch id, scorer, branch) of the current cell (the first column's before any)."""
        model = self.model()
        if model is None or not model.columns:
            return None
        index = self.view.currentIndex()
        scorer_id, branch_id, _ = model.columns[index.column() if index.isValid() else 0]
        return scorer_id, branch_id, dict(model.grid.scorers)[scorer_id], dict(model.grid.branches)[branch_id]

    def _name_actions(self) -> None:
        cell = self.current_cell()
        if cell is None:
            return
        _s, _b, scorer, branch = cell
        for action in (self.adopt_branch, self.confirm_branch):
            action.setText(f"当前支部（{scorer} · {branch}）")
        for action in (self.adopt_all, self.confirm_all):
            action.setText(f"{scorer} 的全部支部")

    def _scope(self, one_branch: bool) -> tuple[ScoreGridModel, int, str, int | None, str] | None:
        """(grid, scorer id, scorer, the branch or None for all, the scope in words), or None."""
        cell, model = self.current_cell(), self.model()
        if cell is None or model is None:
            return None
        scorer_id, branch_id, scorer, branch = cell
        return (model, scorer_id, scorer, branch_id, f"“{branch}”") if one_branch else (model, scorer_id, scorer, None, "全部支部")

    def adopt(self, one_branch: bool) -> None:
        chosen = self._scope(one_branch)
        if chosen is None:
            return
        model, scorer_id, _scorer, only, scope = chosen
        session_id = model.grid.session.id
        self.context.ops.query(self.page, lambda ws: suggestions.fillable(ws, session_id, scorer_id, only),
                               lambda found: self._ask_adopt(model, found, scope, scorer_id, only), label="正在计算建议分…")

    def _ask_adopt(self, model: ScoreGridModel, found: suggestions.Fillable, scope: str, scorer_id: int,
                   only: int | None) -> None:
        if found.count == 0:
            self.failed(f"评委“{found.scorer}”在{scope}没有可填入建议分的空格（已打的分不变，台账无建议的格须评分人打分）")
            return
        spread = "" if only is not None else f"（{len(found.branches)} 个支部）"
        if not messages.confirm(self.page, f"将为评委“{found.scorer}”在{scope}{spread}的 {found.count} 个空格填入台账建议分。\n"
                                "已打的分数不变，台账没有建议的格仍空着。填入的分数标为“建议分”，须评分人逐格核对："
                                "改分直接输入，无需改动的点“确认建议分”；确认前不计入组织评定，评分会也不能锁定。\n确定填入吗？"):
            return
        session_id = model.grid.session.id
        self.context.ops.write(self.page, lambda ws: suggestions.adopt(ws, session_id, scorer_id, only),
                               lambda cells: self._adopted(model, cells), on_error=lambda error: self.failed(error.message),
                               label="正在填入建议分…")

    def _adopted(self, model: ScoreGridModel, cells: dict) -> None:
        if isValid(model):
            model.adopted(cells)
        self.saved(f"已填入 {len(cells)} 格建议分（斜体、黄底），待评分人确认")

    def confirm(self, one_branch: bool) -> None:
        chosen = self._scope(one_branch)
        if chosen is None:
            return
        model, scorer_id, scorer, only, scope = chosen
        session_id = model.grid.session.id

        def done(keys: list) -> None:
            if isValid(model):
                model.confirmed(keys)
            if keys:
                self.saved(f"已确认评委“{scorer}”在{scope}的 {len(keys)} 格建议分")
            else:
                self.failed(f"评委“{scorer}”在{scope}没有待确认的建议分")

        self.context.ops.write(self.page, lambda ws: suggestions.confirm(ws, session_id, scorer_id, only), done,
                               on_error=lambda error: self.failed(error.message), label="正在确认建议分…")

