"""The real window over a real database file follows what the clerk does in it: a workflow step shows in
the results table at once, a meeting logged in 组织生活 changes the evidence beside the scores, and a
restored backup is what every tab shows. The window's workspace refuses the GUI thread throughout."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from desktop.rules.workflow import state_label
from desktop.services import scoring
from desktop.ui.evaluation_tab import EvaluationTab
from desktop.ui.meeting_dialog import MeetingDialog
from desktop.ui.meetings_tab import MeetingsTab
from desktop.ui.registry_tab import RegistryTab
from desktop.ui.trends_tab import TrendsTab
from tests.meeting_helpers import add_meeting
from tests.ui.conftest import add_branch, run_write, settle, type_text

YEAR = 2025  # a past year: judged at its end
FIRST, SECOND = "甲社区党支部", "乙社区党支部"


@pytest.fixture
def seed(ws):
    first = add_branch(ws, FIRST)
    session = scoring.create_session(ws, YEAR, "年度考评", date(YEAR, 6, 1), [first], ["张三"])
    return {FIRST: first, "session": session}


def show_tab(qtbot, window, kind: type):
    """Click a tab as the clerk does; what it shows is read on the worker."""
    bar = window.tabs.tabBar()
    index = next(i for i in range(window.tabs.count()) if isinstance(window.tabs.widget(i).widget(), kind))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    settle(qtbot, window.context)
    return window.tab(kind)


def show_page(qtbot, tab: EvaluationTab, page) -> None:
    bar = tab.pages.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab.pages.indexOf(page)).center())
    settle(qtbot, tab.context)


def evaluation_in(qtbot, window, year: int) -> EvaluationTab:
    tab = show_tab(qtbot, window, EvaluationTab)
    tab.year.setValue(year)
    settle(qtbot, window.context)
    return tab


def results_row(page, name: str) -> int:
    return next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == name)


def test_a_recorded_step_shows_in_the_results_table_at_once(qtbot, window, seed):
    tab = evaluation_in(qtbot, window, YEAR)
    show_page(qtbot, tab, tab.results)
    page, panel = tab.results, tab.results.workflow
    state = page.model.columnCount() - 1
    assert page.proxy.index(results_row(page, FIRST), state).data() == state_label("not_started", None)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(page.proxy.index(results_row(page, FIRST), 0)).center())
    settle(qtbot, window.context)
    for step in ("self_assessed", "applied", "assessed", "accepted"):  # 自评 → 申请 → 考评 → 验收
        assert panel.state.currentData() == step
        panel.on_date.setDate(QDate(YEAR, 7, 1))
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
        settle(qtbot, window.context)
        outcome = "pass" if step in ("assessed", "accepted") else None
        assert page.proxy.index(results_row(page, FIRST), state).data() == state_label(step, outcome)
    assert "已验收（标准化）1 个" in page.summary.text()


def _theme_day_evidence(page) -> str:
    model = page.model
    row = next(r for r, item in enumerate(model.items) if item.evidence_key == "theme_day")
    return model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_a_meeting_logged_in_the_window_changes_the_scoring_evidence(qtbot, window, seed, on_modal):
    tab = evaluation_in(qtbot, window, YEAR)
    before = _theme_day_evidence(tab.scoring)
    assert before == "主题党日：应开 12 期，已开 0 期；建议 0 分"

    meetings_tab = show_tab(qtbot, window, MeetingsTab)

    def log(dialog):
        assert isinstance(dialog, MeetingDialog)
        type_text(qtbot, dialog.branch, FIRST)
        dialog.meeting_type.setCurrentIndex(dialog.meeting_type.findData("theme_day"))
        dialog.held_on.setDate(QDate(YEAR, 3, 5))
        type_text(qtbot, dialog.edits["topic"], "学习")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # saved on the worker, then closed

    with on_modal(log):
        qtbot.mouseClick(meetings_tab.log_button, Qt.MouseButton.LeftButton)
    assert tab.scoring.follower.stale  # hidden behind 组织生活: read again when shown

    show_tab(qtbot, window, EvaluationTab)
    after = _theme_day_evidence(tab.scoring)
    assert after == "主题党日：应开 12 期，已开 1 期；建议 0.5 分"


def _names(tab) -> list[str]:
    if isinstance(tab, RegistryTab):
        return sorted(tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount()))
    if isinstance(tab, MeetingsTab):
        return sorted(branch.name for branch in tab.model.rows)
    return sorted(tab.results.proxy.index(r, 0).data() for r in range(tab.results.proxy.rowCount()))


def test_after_a_restore_every_tab_shows_the_restored_data(qtbot, window, seed, monkeypatch, tmp_path, boxes):
    first = seed[FIRST]
    run_write(qtbot, window.context, lambda ws: add_meeting(ws, first, "theme_day", date(YEAR, 3, 5)))
    copy = tmp_path / "备份.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(copy), "")))
    window.actions["backup"].trigger()
    settle(qtbot, window.context)
    assert copy.exists()

    # After the backup: a second branch, and the first one's meeting deleted; every tab shows it.
    def change(ws):
        from desktop.services import meetings

        add_branch(ws, SECOND)
        for meeting in meetings.list_meetings(ws):
            meetings.delete_meeting(ws, meeting.id)

    run_write(qtbot, window.context, change)
    registry = show_tab(qtbot, window, RegistryTab)
    matrix = show_tab(qtbot, window, MeetingsTab)
    matrix.year.setValue(YEAR)
    settle(qtbot, window.context)
    evaluation = evaluation_in(qtbot, window, YEAR)
    show_page(qtbot, evaluation, evaluation.results)
    trends = show_tab(qtbot, window, TrendsTab)
    both = sorted([FIRST, SECOND])
    assert _names(registry) == _names(matrix) == _names(evaluation) == both
    assert "在册支部 2 个" in trends.cards.states_detail.text()
    assert matrix.model.rows[[b.name for b in matrix.model.rows].index(FIRST)].types["theme_day"].met_cells == 0

    # Restored from the 文件 menu while the trends are on screen.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(copy), "")))
    boxes.answer = QMessageBox.StandardButton.Yes
    window.actions["restore"].trigger()
    settle(qtbot, window.context)
    assert "已从“备份.sqlite3”恢复" in boxes.texts("information")[-1]
    assert "在册支部 1 个" in trends.cards.states_detail.text()  # on screen: at once, the cache emptied
    for tab in (registry, matrix, evaluation):
        assert tab is show_tab(qtbot, window, type(tab))
        assert _names(tab) == [FIRST], type(tab).__name__
    assert matrix.model.rows[0].types["theme_day"].met_cells == 1  # the meeting deleted after the backup is back
