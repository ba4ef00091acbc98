"""The meeting form lists every problem at once, each under its field and each said once."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services import meetings
from tests.meeting_helpers import add_branch
from tests.ui.conftest import gui_context, meeting_form, settle, type_text


def test_future_date_and_too_many_attendees_are_both_shown(qtbot, db):
    add_branch(db.workspace, "和平社区党支部", committee=True, groups=1)
    future = date.today() + timedelta(days=38)
    context = gui_context(db)
    dialog = meeting_form(qtbot, context, branch_name="和平社区党支部", meeting_type="general_meeting", held_on=future)
    dialog.edits["expected"].clear()  # prefilled with the branch's full members
    type_text(qtbot, dialog.edits["expected"], "20")
    type_text(qtbot, dialog.edits["attended"], "25")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    date_error = dialog.errors["held_on"].text()
    assert not dialog.errors["held_on"].isHidden() and f"{future:%Y-%m-%d} 晚于今天" in date_error
    assert date_error.count("日期") == 1
    assert not dialog.errors["attended"].isHidden()
    assert dialog.errors["attended"].text() == "实到人数 25 多于应到人数 20"
    assert meetings.list_meetings(db.workspace) == []
