"""A 党员大会 without a quorum: the form offers the full members as 应到人数, warns at save (the real
question box, answered as a clerk clicks), and the matrix marks it as soon as it is logged."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.rules.compliance import CellState
from desktop.services import meetings
from desktop.ui.meetings_tab import MeetingsTab
from tests.meeting_helpers import add_branch, add_meeting
from tests.ui.conftest import gui_context, meeting_form, settle, type_text
from tests.ui.test_meetings_tab import cell

BRANCH = "和平社区党支部"


@pytest.fixture
def form(qtbot, db):
    add_branch(db.workspace, BRANCH, full=41)
    add_branch(db.workspace, "幸福村党支部", kind="village", full=9)
    dialog = meeting_form(qtbot, gui_context(db), meeting_type="general_meeting", held_on=date(2026, 3, 5))
    dialog.show()
    return dialog


def pick_type(dialog, meeting_type: str) -> None:
    dialog.meeting_type.setCurrentIndex(dialog.meeting_type.findData(meeting_type))


def test_expected_is_prefilled_with_the_full_members_and_a_typed_figure_stays(qtbot, form):
    expected = form.edits["expected"]
    assert expected.text() == ""  # no branch yet
    type_text(qtbot, form.branch, BRANCH)
    assert expected.text() == "41"
    pick_type(form, "theme_day")  # 应到 of a 主题党日 is not the voting members
    assert expected.text() == ""
    pick_type(form, "general_meeting")
    assert expected.text() == "41"
    form.branch.clear()
    type_text(qtbot, form.branch, "幸福村党支部")
    assert expected.text() == "9"
    expected.clear()
    type_text(qtbot, expected, "8")  # the clerk's own figure (one member excused by the rules)
    pick_type(form, "theme_day")
    pick_type(form, "general_meeting")
    assert expected.text() == "8"


def test_no_quorum_asks_at_save_no_keeps_the_form_yes_saves(qtbot, form, db, real_boxes, on_modal):
    type_text(qtbot, form.branch, BRANCH)
    type_text(qtbot, form.edits["attended"], "20")
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    seen = []

    def answer(button):
        def press(dialog):
            assert isinstance(dialog, QMessageBox)
            seen.append(dialog.text())
            dialog.button(button).click()
        return press

    with on_modal(answer(QMessageBox.StandardButton.No)):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "应到 41 人、实到 20 人，未超过半数" in seen[0] and "不计入" in seen[0]
    assert form.isVisible() and form.edits["attended"].text() == "20"
    assert meetings.list_meetings(db.workspace) == []

    with on_modal(answer(QMessageBox.StandardButton.Yes)):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    settle(qtbot, form.context)
    assert not form.isVisible() and form.result() == form.DialogCode.Accepted
    [logged] = meetings.list_meetings(db.workspace)
    assert (logged.expected, logged.attended) == (41, 20)


def test_more_than_half_saves_without_a_question(qtbot, form, db, boxes):
    type_text(qtbot, form.branch, BRANCH)
    type_text(qtbot, form.edits["attended"], "21")  # 21 of 41: more than half
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settle(qtbot, form.context)
    assert boxes.shown == [] and len(meetings.list_meetings(db.workspace)) == 1


def test_matrix_marks_a_meeting_without_quorum_in_the_current_quarter(qtbot, db):
    branch = add_branch(db.workspace, BRANCH, full=41)
    add_meeting(db.workspace, branch, "general_meeting", date(2026, 8, 20), expected=41, attended=20)  # Q3, over
    add_meeting(db.workspace, branch, "general_meeting", date(2026, 11, 10), expected=41, attended=20)  # Q4, running
    tab = MeetingsTab(gui_context(db), today=date(2026, 11, 28))
    qtbot.addWidget(tab)
    tab.show()
    tab.year.setValue(2026)
    tab.wait_until_loaded()
    q3, q4 = cell(tab, BRANCH, "general_meeting", 2), cell(tab, BRANCH, "general_meeting", 3)
    assert q3.data(Qt.ItemDataRole.UserRole + 1) == CellState.gap and q3.data() == "!"
    assert q4.data(Qt.ItemDataRole.UserRole + 1) == CellState.due_soon
    assert q4.data() == "!"  # at once, not only when the quarter is over
    assert "未过半" in q4.data(Qt.ItemDataRole.ToolTipRole)
    tab.loader.wait()
