"""操作人 and 记录人 start with the name the clerk typed last time on this PC, else empty and asked
for: never the computer's login name (a lock read "由 root 确认锁定" unless it was retyped)."""

from __future__ import annotations

import getpass

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import scoring, workflow
from desktop.ui import who
from desktop.ui.folders import window_settings
from tests.ui.conftest import settle, type_text
from tests.ui.test_evaluation_tab import YEAR, setup  # noqa: F401 - the fixture
from tests.ui.test_window_follows import FIRST, evaluation_in, results_row, seed, show_page  # noqa: F401


@pytest.fixture
def new_pc():
    """A computer on which nobody has typed a name yet."""
    settings = window_settings()
    settings.remove(who.KEY)
    settings.sync()
    assert who.default_operator() == ""


def test_the_recorder_is_asked_for_then_remembered(qtbot, new_pc, window, seed, ws):  # noqa: F811
    tab = evaluation_in(qtbot, window, YEAR)
    show_page(qtbot, tab, tab.results)
    page, panel = tab.results, tab.results.workflow
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(page.proxy.index(results_row(page, FIRST), 0)).center())
    settle(qtbot, window.context)
    assert panel.who.text() == "" and panel.who.placeholderText().startswith("必填")
    assert getpass.getuser() not in (panel.who.text(), tab.scoring.operator.text())
    panel.on_date.setDate(QDate(YEAR, 7, 1))
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.context)
    assert panel.message.text() == "请填写记录人（您的姓名）。" and panel.who.hasFocus()
    assert workflow.steps_of(ws, panel.branch_id, YEAR) == []  # nothing recorded under a guessed name
    type_text(qtbot, panel.who, "王芳")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.context)
    assert [s.recorded_by for s in workflow.steps_of(ws, panel.branch_id, YEAR)] == ["王芳"]
    assert who.default_operator() == "王芳"  # the next window on this PC starts with it
    assert who.operator_field().text() == "王芳"


def test_the_lock_is_refused_until_an_operator_is_named(qtbot, new_pc, setup, ws, boxes):  # noqa: F811
    tab, _session_id, _branches = setup
    page = tab.scoring
    assert page.operator.text() == ""
    boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert "请先在“操作人”中填写您的姓名" in page.status.text() and not boxes.texts("question")
    assert not scoring.list_sessions(ws, YEAR)[0].finalized
    type_text(qtbot, page.operator, "王芳")
    qtbot.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert scoring.list_sessions(ws, YEAR)[0].finalized_by == "王芳"
    assert "由 王芳 确认锁定" in page.lock_label.text() and who.default_operator() == "王芳"
