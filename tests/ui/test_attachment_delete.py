"""Deleting a meeting whose attachment record points outside the attachments folder: the meeting
goes, the outside file stays, and the clerk is told which file was left alone."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import update

from desktop.models import MeetingAttachment
from desktop.services import meetings
from desktop.ui.operations import OpChanges
from tests.meeting_helpers import add_meeting
from tests.ui.conftest import gui_context, meeting_form, settle
from tests.ui.test_meetings_tab import cell, click, tab  # noqa: F401 - the tab fixture


def test_delete_leaves_an_outside_file_and_says_so(qtbot, tab, ws, boxes, tmp_path):  # noqa: F811
    db_file = tab.context.db_file
    branch_id = tab.model.rows[[b.name for b in tab.model.rows].index("幸福村党支部")].branch_id
    meeting_id = add_meeting(ws, branch_id, "party_lecture", date(2025, 5, 6), topic="党课")
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"scan")
    row = meetings.add_attachment(ws, meeting_id, scan)
    report = db_file.parent / "年度总结.docx"
    report.write_bytes(b"keep me")
    with ws.engine.begin() as conn:  # a hand-edited database: past the app's seam
        conn.execute(update(MeetingAttachment).where(MeetingAttachment.id == row.id)
                        .values(stored_path="../年度总结.docx"))
    tab.context.ops.announce(OpChanges.of("meeting_attachment"))  # as the window hears of a change it made
    click(qtbot, tab, cell(tab, "幸福村党支部", "party_lecture", 1))
    tab.cell_view.selectRow(0)
    boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)

    assert meetings.list_meetings(ws) == []
    assert report.read_bytes() == b"keep me"
    (warning,) = boxes.texts("warning")
    assert "会议记录已删除" in warning and "签到表.jpg" in warning and "不在附件文件夹内" in warning


def test_the_form_never_opens_an_outside_file(qtbot, db, boxes, tmp_path, monkeypatch):
    from desktop.ui import meeting_dialog
    from tests.meeting_helpers import add_branch

    branch_id = add_branch(db.workspace, "和平社区党支部")
    meeting_id = add_meeting(db.workspace, branch_id, "theme_day", date(2025, 5, 6), topic="学习")
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"scan")
    row = meetings.add_attachment(db.workspace, meeting_id, scan)
    with db.engine.begin() as conn:  # a hand-edited database: past the app's seam
        conn.execute(update(MeetingAttachment).where(MeetingAttachment.id == row.id)
                        .values(stored_path=str(tmp_path / "别的文件.exe")))
    opened = []
    monkeypatch.setattr(meeting_dialog, "open_file", lambda path: opened.append(path) or True)
    dialog = meeting_form(qtbot, gui_context(db), meeting_id)
    dialog.show()
    item = dialog.file_list.visualRect(dialog.files.index(0, 0))
    qtbot.mouseClick(dialog.file_list.viewport(), Qt.MouseButton.LeftButton, pos=item.center())
    open_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "打开")
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    assert opened == []
    assert boxes.texts("warning") == [f"无法打开附件：{meeting_dialog.OUTSIDE}"]
