"""The window's start removes what an attachment copy killed half way left behind (the kill and
the rules of what is removed: tests/fault/test_attachment_temporaries.py)."""

from __future__ import annotations

import os
from datetime import date

from desktop.ui.main_window import MainWindow
from tests.fault.test_attachment_temporaries import age, killed_copy, temporaries
from tests.meeting_helpers import add_branch, add_meeting
from tests.ui.conftest import gui_context


def test_the_windows_start_removes_a_killed_copys_temporary(qtbot, db, ws, tmp_path):
    meeting = add_meeting(ws, add_branch(ws), "theme_day", date(2025, 3, 5))
    source = tmp_path / "签到表.xlsx"
    source.write_bytes(os.urandom(1 << 20))
    (stale,) = killed_copy(db.file, meeting, source)
    age(stale)
    context = gui_context(db)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.check_on_open()
    context.tasks.settle()
    assert not stale.exists() and not temporaries(db.file)
