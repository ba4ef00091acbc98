"""The 考评打分 tab driven as a clerk would: keyboard-only scoring, finalize, a locked change that
asks for a reason, the tallies form with its checks, results and the workflow refusal."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop.rules.scoring import Tally
from desktop.services import scoring, tallies, workflow
from desktop.services.tallies import TallyForm
from desktop.ui.evaluation_tab import EvaluationTab
from desktop.ui.reason_dialog import ReasonDialog
from tests.services.helpers import add_branch
from tests.ui.conftest import gui_context, settle

YEAR = 2025


@pytest.fixture
def setup(qtbot, db):
    branches = [add_branch(db.workspace, name) for name in ("甲社区党支部", "乙社区党支部")]
    session_id = scoring.create_session(db.workspace, YEAR, "年度考评", date(YEAR, 6, 1), branches, ["张三", "李四"])
    tab = EvaluationTab(gui_context(db), year=YEAR)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    qtbot.waitExposed(tab)
    settle(qtbot, tab.context)  # the page on screen is read on the worker
    return tab, session_id, branches


def keyboard_target(qtbot, view):
    """Where a clerk's next key goes: it must be the grid or its open editor, never elsewhere."""
    def on_grid():
        focused = QApplication.focusWidget()
        assert focused is view or view.isAncestorOf(focused), f"keyboard focus is on {focused!r}, not the grid"

    qtbot.waitUntil(on_grid, timeout=2000)  # a reactivated window gets its focus through the event loop
    return QApplication.focusWidget()


def type_keys(qtbot, view, text: str, end=Qt.Key.Key_Return):
    """Type a score and commit it, then wait for its save (a write on the worker) to land."""
    for key in (*text, end):
        qtbot.keyClick(keyboard_target(qtbot, view), key)
    QApplication.processEvents()  # Qt commits an editor on Enter through a queued call
    tasks = view.model().ops.tasks
    qtbot.waitUntil(lambda: not tasks.busy, timeout=10_000)


def test_score_a_branch_with_the_keyboard_then_finalize_and_change(qtbot, setup, ws, boxes, on_modal):
    tab, session_id, (first, _second) = setup
    view, model = tab.scoring.view, tab.scoring.model
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    typed = []
    for row, item in enumerate(model.items):
        points = item.max_points - 0.5 if item.max_points >= 6 else item.max_points
        type_keys(qtbot, view, f"{points:g}")
        typed.append(points)
        assert view.currentIndex().row() == min(row + 1, len(model.items) - 1)  # Enter moved down
    scorer_id = model.grid.scorers[0][0]
    stored = scoring.load_grid(ws, session_id).scores
    assert [stored[(scorer_id, first, item.id)] for item in model.items] == typed
    total = model.index(len(model.items), 0).data()
    assert float(total) == sum(typed)

    # Ctrl+PgDown: the next scorer's column set, still from the keyboard.
    qtbot.keyClick(view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tab.scoring.who.currentText() == "李四" and model.columns[0][0] == model.grid.scorers[1][0]
    assert model.index(0, 0).data(Qt.ItemDataRole.EditRole) == ""  # nothing scored by 李四 yet
    qtbot.keyClick(view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tab.scoring.who.currentText() == "张三"

    # A number out of the item's range is refused with a message, and nothing is stored.
    view.setCurrentIndex(model.index(0, 1))
    type_keys(qtbot, view, "9")
    assert "超出" in tab.scoring.status.text()
    assert (scorer_id, _second, model.items[0].id) not in scoring.load_grid(ws, session_id).scores
    assert view.currentIndex() == model.index(0, 1)  # Enter did not move on: the clerk types it again
    type_keys(qtbot, view, "3")
    assert scoring.load_grid(ws, session_id).scores[(scorer_id, _second, model.items[0].id)] == 3
    assert view.currentIndex() == model.index(1, 1)

    boxes.answer = QMessageBox.StandardButton.Yes  # 确认并锁定? -> 是
    qtbot.mouseClick(tab.scoring.finalize_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert scoring.list_sessions(ws, YEAR)[0].finalized
    assert "确认锁定" in tab.scoring.lock_label.text()

    # Changing a locked score asks for a reason; cancelling keeps the score.
    # The keyboard stays on the grid: no click back into it before typing.
    model = tab.scoring.model
    view.setCurrentIndex(model.index(0, 0))

    def cancel(dialog):
        assert isinstance(dialog, ReasonDialog)
        dialog.reject()

    with on_modal(cancel):
        type_keys(qtbot, view, "1")
    assert "已取消" in tab.scoring.status.text()
    assert view.currentIndex() == model.index(0, 0)  # still on the cell whose change was cancelled
    assert scoring.load_grid(ws, session_id).scores[(scorer_id, first, model.items[0].id)] == typed[0]
    assert scoring.changes(ws, session_id) == []

    def give_reason(dialog):
        assert isinstance(dialog, ReasonDialog)
        dialog.reason.insert("评委更正")  # Chinese arrives through the input method, not key codes
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    view.setCurrentIndex(model.index(0, 0))
    with on_modal(give_reason):
        type_keys(qtbot, view, "1")
    [change] = scoring.changes(ws, session_id)
    assert (change.old_points, change.new_points, change.reason) == (typed[0], 1, "评委更正")
    assert model.index(0, 0).data() == "1"


def test_tallies_are_checked_and_saved(qtbot, setup, ws):
    tab, _session_id, (first, _second) = setup
    tab.pages.setCurrentWidget(tab.tallies)
    settle(qtbot, tab.context)
    tab.tallies.select_branch(first)
    settle(qtbot, tab.context)
    page = tab.tallies
    for name, value in (("participants", "10"), ("excellent", "9"), ("qualified", "3")):
        qtbot.keyClicks(page.counts[name], value)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert "超过参评党员数" in page.error.text()
    assert tallies.get_tally(ws, first, YEAR).tally.participants is None
    page.counts["qualified"].clear()
    qtbot.keyClicks(page.counts["qualified"], "1")
    page.grade.setCurrentIndex(page.grade.findData("excellent"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert page.error.text() == "已保存。"
    saved = tallies.get_tally(ws, first, YEAR)
    assert saved.tally.excellent == 9 and saved.review_grade == "excellent"


def test_results_filter_and_recommend_refused_with_the_reason(qtbot, setup, ws):
    tab, _session_id, (first, second) = setup
    good = Tally(participants=10, excellent=9, qualified=1, basic=0, unqualified=0, satisfied=20, public_basic=0,
                 dissatisfied=0)
    tallies.save_tally(ws, first, YEAR, TallyForm(tally=good, review_grade="excellent", org_score_override=60))
    tallies.save_tally(ws, second, YEAR, TallyForm(tally=good, review_grade="excellent", org_score_override=95))
    for branch in (first, second):
        for state, outcome in (("self_assessed", None), ("applied", None), ("assessed", "pass"), ("accepted", "pass")):
            workflow.record_step(ws, branch, YEAR, state, date(YEAR, 7, 1), "党建办", outcome=outcome)
    tab.pages.setCurrentWidget(tab.results)
    settle(qtbot, tab.context)
    page = tab.results
    assert page.proxy.rowCount() == 2
    page.kind.setCurrentText("考评未达标")
    assert page.proxy.rowCount() == 1
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    assert page.workflow.title.text().startswith("甲社区党支部")
    settle(qtbot, tab.context)
    panel = page.workflow
    panel.state.setCurrentIndex(panel.state.findData("recommended"))
    panel.on_date.setDate(date(YEAR, 8, 1))
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert "未达到标准化规范化标准" in panel.message.text()
    assert panel.steps.rowCount() == 4
    page.search.setText("乙")
    page.kind.setCurrentText("可评最强")
    assert page.proxy.rowCount() == 1


def test_by_branch_view_scores_each_scorer_of_one_branch(qtbot, setup, ws):
    tab, session_id, (_first, second) = setup
    page = tab.scoring
    page.mode.setCurrentIndex(page.mode.findData("branch"))
    page.who.setCurrentIndex(page.who.findData(second))
    model, view = page.model, page.view
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == ["张三", "李四"]
    view.setFocus()
    view.setCurrentIndex(model.index(2, 0))
    type_keys(qtbot, view, "1", end=Qt.Key.Key_Tab)  # Tab: saved, and on to the next scorer
    type_keys(qtbot, view, "0.5")
    scorers = dict((name, ident) for ident, name in model.grid.scorers)
    stored = scoring.load_grid(ws, session_id).scores
    item = model.items[2].id
    assert stored[(scorers["张三"], second, item)] == 1 and stored[(scorers["李四"], second, item)] == 0.5


def test_new_session_through_the_dialog(qtbot, setup, ws, on_modal):
    tab, _session_id, _branches = setup
    page = tab.scoring

    def fill(dialog):
        dialog.scorers.insertPlainText("赵六\n钱七\n")
        dialog.filter.insert("甲")  # Chinese comes through the input method
        dialog._check_visible(Qt.CheckState.Unchecked)  # the 全不选 button on the filtered list
        dialog.filter.clear()
        assert len(dialog.checked_branch_ids()) == 1
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not dialog.isVisible())  # created on the worker, then closed

    with on_modal(fill):
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert len(scoring.list_sessions(ws, YEAR)) == 2
    assert [name for _, name in page.model.grid.scorers] == ["赵六", "钱七"]
    assert [name for _, name in page.model.grid.branches] == ["乙社区党支部"]


def test_rubric_item_added_and_saved_then_locked_by_a_score(qtbot, db, ws):
    tab = EvaluationTab(gui_context(db), year=2027)
    qtbot.addWidget(tab)
    tab.show()  # pages load when the tab is shown
    tab.pages.setCurrentWidget(tab.rubric)
    settle(qtbot, tab.context)
    page = tab.rubric
    page.table.setCurrentIndex(page.items.index(3, 0))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.items.rows[4].item_name == "新项目" and page.items.rows[4].area_code == "setup"
    assert "合计 101 分" in page.state.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    from desktop.services import rubric

    saved = rubric.rubric_for_year(ws, 2027)
    assert len(saved.items) == 29 and saved.revision == 2
