"""The 文件 menu's backup and restore with meeting attachments: a backup that cannot carry a scan is
refused with the meeting and file named; a restore names the scans it could not bring back."""

from __future__ import annotations

import shutil
from datetime import date

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.services import meetings
from desktop.store.attachment_store import STORE
from tests.ui.conftest import add_branch

THEME = {"branch_name": "和平社区党支部", "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习"}


def choose_file(monkeypatch, method: str, path) -> None:
    monkeypatch.setattr(QFileDialog, method, staticmethod(lambda *a, **k: (str(path), "")))


def attach(db, tmp_path, name: str, content: bytes):
    add_branch(db.workspace, "和平社区党支部")
    meeting_id = meetings.save_meeting(db.workspace, THEME)
    source = tmp_path / name
    source.write_bytes(content)
    row = meetings.add_attachment(db.workspace, meeting_id, source)
    return meetings.attachment_path(db.workspace, row.stored_path)


def test_a_backup_missing_a_scan_is_refused_by_name(qtbot, window, monkeypatch, tmp_path, boxes, db):
    attach(db, tmp_path, "签到表.pdf", b"sign-in sheet").unlink()
    copy = tmp_path / "usb" / "copy.sqlite3"
    choose_file(monkeypatch, "getSaveFileName", copy)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["backup"].trigger()
    shown = boxes.texts("warning")[-1]
    assert "备份未完成" in shown and "和平社区党支部 2025-03-05 主题党日：附件“签到表.pdf”的文件不存在" in shown
    assert not copy.exists()


def test_restoring_a_backup_without_its_scans_names_them(qtbot, window, registry, monkeypatch, tmp_path, boxes, db):
    live = attach(db, tmp_path, "签到表.pdf", b"sign-in sheet")
    copy = tmp_path / "usb" / "copy.sqlite3"
    choose_file(monkeypatch, "getSaveFileName", copy)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["backup"].trigger()
    assert "数据和会议附件" in boxes.texts("information")[-1]

    shutil.rmtree(copy.parent / STORE)  # as a backup made before backups carried the scans
    live.unlink()
    choose_file(monkeypatch, "getOpenFileName", copy)
    boxes.answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(registry.loaded, timeout=5000):
        window.actions["restore"].trigger()
    shown = boxes.texts("warning")[-1]
    assert "已从“copy.sqlite3”恢复数据" in shown and "有 1 个会议附件的文件未能恢复" in shown
    assert "签到表.pdf”不在备份中" in shown
