"""The keys a clerk expects: Ctrl+F to the tab's filter, Ctrl+N for a new record in the tab on
screen, Ctrl+S to save the form being filled; and 帮助 → 快捷键 lists them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services import meetings
from desktop.ui.meeting_dialog import MeetingDialog
from desktop.ui.meetings_tab import MeetingsTab
from desktop.ui.registry_tab import RegistryTab
from tests.ui.conftest import add_branch, settle, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def seed(ws):
    return {"和平": add_branch(ws, "和平社区党支部", "community", 20)}


def show_tab(qtbot, window, kind):
    tab = window.tab(kind)
    window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count()) if window.tabs.widget(i).widget() is tab))
    window.activateWindow()
    qtbot.waitActive(window)
    settle(qtbot, window.context)
    return tab


def test_ctrl_f_goes_to_the_filter_of_the_tab_on_screen(qtbot, window):
    for kind in (RegistryTab, MeetingsTab):
        tab = show_tab(qtbot, window, kind)
        tab.search.setText("和平")
        window.tabs.setFocus()
        qtbot.keyClick(window.tabs, Qt.Key.Key_F, CTRL)
        assert QApplication.focusWidget() is tab.search
        assert tab.search.selectedText() == "和平"  # typing replaces the last filter


def test_ctrl_n_then_ctrl_s_logs_a_meeting(qtbot, window, ws, monkeypatch):
    show_tab(qtbot, window, MeetingsTab)
    opened: list[MeetingDialog] = []
    monkeypatch.setattr(MeetingDialog, "exec", lambda dialog: opened.append(dialog) or dialog.show())
    qtbot.keyClick(window.tabs, Qt.Key.Key_N, CTRL)
    settle(qtbot, window.context)
    [dialog] = opened
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    type_text(qtbot, dialog.branch, "和平社区党支部")
    dialog.meeting_type.setCurrentIndex(dialog.meeting_type.findData("theme_day"))
    type_text(qtbot, dialog.edits["topic"], "学习党章")
    with qtbot.waitSignal(window.context.ops.changed):
        qtbot.keyClick(dialog.edits["topic"], Qt.Key.Key_S, CTRL)
    settle(qtbot, window.context)
    [logged] = meetings.list_meetings(ws)
    assert (logged.branch_name, logged.topic) == ("和平社区党支部", "学习党章")
    assert not dialog.isVisible()  # saved and closed, as 保存 does


def test_ctrl_n_in_the_registry_opens_a_new_branch_form(qtbot, window):
    show_tab(qtbot, window, RegistryTab)
    qtbot.keyClick(window.tabs, Qt.Key.Key_N, CTRL)
    settle(qtbot, window.context)
    forms = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "BranchDialog" and w.isVisible()]
    assert [form.windowTitle() for form in forms] == ["新增支部"]
    forms[0].reject()


def test_the_help_lists_the_keys(window, boxes):
    window.actions["keys"].trigger()
    listed = boxes.texts("information")[-1]
    assert all(key in listed for key in ("Ctrl+F", "Ctrl+N", "Ctrl+S"))
