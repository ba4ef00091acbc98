"""The meeting form does not save over a change made while it was open."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services import meetings
from tests.meeting_helpers import add_branch
from tests.ui.conftest import gui_context, meeting_form, settle, type_text
from tests.workspaces import second_workspace

THEME = {"branch_name": "和平社区党支部", "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习",
         "host": "王"}


def press_save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_a_stale_meeting_save_is_refused_and_the_form_shows_the_stored_meeting(qtbot, db, boxes, tmp_path):
    add_branch(db.workspace, "和平社区党支部")
    meeting_id = meetings.save_meeting(db.workspace, THEME)
    context = gui_context(db)
    dialog = meeting_form(qtbot, context, meeting_id)
    dialog.show()
    dialog.edits["recorder"].clear()
    type_text(qtbot, dialog.edits["recorder"], "张")
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"scan")
    dialog.add_files([scan])

    other = second_workspace(str(db.file))
    try:
        meetings.save_meeting(other, dict(THEME, host="李"), meeting_id)
    finally:
        other.engine.dispose()
    press_save(qtbot, dialog)
    settle(qtbot, context)  # refused on the worker, then the stored meeting read again

    stored = meetings.get_meeting(db.workspace, meeting_id)
    assert stored["host"] == "李" and stored["recorder"] is None and stored["attachments"] == []
    (warning,) = boxes.texts("warning")
    assert "该会议记录在您打开之后已被修改" in warning and "有变化的项：主持人" in warning
    assert "记录人：张" in warning
    assert dialog.isVisible() and dialog.edits["host"].text() == "李" and dialog.edits["recorder"].text() == ""
    assert dialog.pending == [scan]

    type_text(qtbot, dialog.edits["recorder"], "张")
    press_save(qtbot, dialog)
    settle(qtbot, context)
    stored = meetings.get_meeting(db.workspace, meeting_id)
    assert stored["host"] == "李" and stored["recorder"] == "张" and len(stored["attachments"]) == 1
    assert not dialog.isVisible()
