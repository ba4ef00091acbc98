"""The scoring grid never reverts, unseen, a score typed elsewhere (another window or computer on
the same file) after the grid showed the cell: the cell's save is refused, the cell and its 合计
show the stored score, the status line says what happened, and typing again saves."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from desktop.services import scoring
from desktop.ui.evaluation_tab import EvaluationTab
from desktop.ui.reason_dialog import ReasonDialog
from tests.services.helpers import add_branch
from tests.ui.conftest import gui_context, settle
from tests.ui.test_evaluation_tab import type_keys

YEAR = 2025



@pytest.fixture
def grid(qtbot, db):
    branch = add_branch(db.workspace, "甲社区党支部")
    session_id = scoring.create_session(db.workspace, YEAR, "年度考评", date(YEAR, 6, 1), [branch], ["张三"])
    tab = EvaluationTab(gui_context(db), year=YEAR)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    qtbot.waitExposed(tab)
    settle(qtbot, tab.context)
    view, model = tab.scoring.view, tab.scoring.model
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    return tab, session_id, model.key(model.index(0, 0))


def stored(ws, session_id, key):
    return scoring.load_grid(ws, session_id).scores.get(key)


def test_a_score_changed_elsewhere_is_shown_not_overwritten(qtbot, grid, ws, other):
    tab, session_id, key = grid
    view, model = tab.scoring.view, tab.scoring.model
    type_keys(qtbot, view, "2")
    assert stored(ws, session_id, key) == 2 and tab.scoring.status.text().endswith("= 2")
    scoring.save_score(other, session_id, key, 3)  # a colleague corrects the cell meanwhile

    view.setCurrentIndex(model.index(0, 0))
    type_keys(qtbot, view, "1")
    assert stored(ws, session_id, key) == 3
    status = tab.scoring.status.text()
    assert "该项分数在您打开之后已在别处改为 3 分" in status and "本次没有保存（您输入的是 1）" in status
    assert model.index(0, 0).data() == "3"
    assert model.index(len(model.items), 0).data() == f"未完成（缺 {len(model.items) - 1} 项）"
    assert "共 3 分" in model.index(len(model.items), 0).data(Qt.ItemDataRole.ToolTipRole)  # 合计 follows the cell
    assert view.currentIndex() == model.index(0, 0)  # Enter did not move on: the scorer decides again

    type_keys(qtbot, view, "1")  # typed again over the score now shown: a deliberate change
    assert stored(ws, session_id, key) == 1 and model.index(0, 0).data() == "1"
    assert view.currentIndex() == model.index(1, 0)


def test_a_cell_scored_elsewhere_while_it_showed_empty_keeps_that_score(qtbot, grid, ws, other):
    tab, session_id, key = grid
    view, model = tab.scoring.view, tab.scoring.model
    scoring.save_score(other, session_id, key, 3)
    type_keys(qtbot, view, "2")
    assert stored(ws, session_id, key) == 3 and model.index(0, 0).data() == "3"
    assert "已在别处改为 3 分" in tab.scoring.status.text()

    scoring.save_score(other, session_id, key, None)  # and cleared elsewhere again
    type_keys(qtbot, view, "2")
    assert stored(ws, session_id, key) is None and model.index(0, 0).data(Qt.ItemDataRole.EditRole) == ""
    assert "已在别处清空" in tab.scoring.status.text()


def test_a_locked_cell_changed_elsewhere_is_refused_before_a_reason_is_asked(qtbot, db, ws, other, on_modal):
    branch = add_branch(ws, "甲社区党支部")
    session_id = scoring.create_session(ws, YEAR, "年度考评", date(YEAR, 6, 1), [branch], ["张三"])
    grid = scoring.load_grid(ws, session_id)
    key = (grid.scorers[0][0], branch, grid.rubric.items[0].id)
    scoring.save_score(ws, session_id, key, 2)
    scoring.finalize(ws, session_id, "党建办王")
    tab = EvaluationTab(gui_context(db), year=YEAR)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    settle(qtbot, tab.context)
    view, model = tab.scoring.view, tab.scoring.model
    assert model.index(0, 0).data() == "2"
    scoring.save_score(other, session_id, key, 3, changed_by="李", reason="录入错误")  # corrected elsewhere

    asked = []  # any dialog now would ask for a reason to change a score that is no longer stored

    def close_any_dialog():
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            asked.append(type(dialog).__name__)
            dialog.reject()

    watcher = QTimer()
    watcher.timeout.connect(close_any_dialog)
    watcher.start(20)
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    type_keys(qtbot, view, "1")
    qtbot.wait(100)
    watcher.stop()
    assert asked == [] and model.index(0, 0).data() == "3" and "已在别处改为 3 分" in tab.scoring.status.text()

    def give_reason(dialog):
        assert isinstance(dialog, ReasonDialog) and "3 → 1" in dialog.findChild(QLabel).text()
        dialog.reason.insert("评委更正")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    with on_modal(give_reason):
        type_keys(qtbot, view, "1")  # typed again over the score now shown: asked, explained, saved
    assert stored(ws, session_id, key) == 1
    assert [(c.old_points, c.new_points, c.reason) for c in scoring.changes(ws, session_id)] == [
        (2, 3, "录入错误"), (3, 1, "评委更正")]
