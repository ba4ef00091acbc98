"""A long export in the window: the busy dialog shows the rows written and its 取消 stops the export
without leaving a file."""

from __future__ import annotations

import time
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QProgressBar, QProgressDialog, QPushButton

from desktop.excel import sheet
from tests.meeting_helpers import add_meeting
from tests.ui.conftest import add_branch


def test_the_busy_dialog_shows_progress_and_cancel_leaves_no_file(qtbot, window, monkeypatch, tmp_path, boxes, ws):
    branch = add_branch(ws, "和平社区党支部")
    for n in range(40):
        add_meeting(ws, branch, "theme_day", date(2025, 1, 1) + timedelta(days=n))
    monkeypatch.setattr(sheet, "PROGRESS_ROWS", 1)
    written = sheet._CellWriter.row

    def slow_row(self, number, values):  # a district's 850,000 rows, in a test's time
        time.sleep(0.05)
        written(self, number, values)

    monkeypatch.setattr(sheet._CellWriter, "row", slow_row)
    target = tmp_path / "会议.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.actions["export:组织生活记录"].trigger()

    qtbot.waitUntil(lambda: (d := window.findChild(QProgressDialog)) is not None and d.isVisible(), timeout=5000)
    dialog = window.findChild(QProgressDialog)
    bar = dialog.findChild(QProgressBar)
    qtbot.waitUntil(lambda: bar.value() >= 2, timeout=5000)
    assert bar.maximum() == 40
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    with qtbot.waitSignal(window.context.tasks.idle, timeout=10_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert boxes.texts("information") == ["已取消导出组织生活记录，未生成文件。"]
    assert boxes.texts("warning") == []
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".*")) == []
