"""Starting on a corrupt database: the message box offers 从备份恢复…, and the start continues."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.app import run_gui
from desktop.store.backup import backup_to
from desktop.store.database import open_database


def answer_with(monkeypatch, button_text: str, chosen: str, seen: list):
    def exec_(box):
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        next(b for b in box.buttons() if b.text() == button_text).click()
        return 0

    def pick(_parent, _caption, folder, _filter):
        seen.append(("folder", folder))
        return chosen, ""

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))


def _corrupt_with_backup(tmp_path):
    path = tmp_path / "main.sqlite3"
    db = open_database(str(path))
    copy = backup_to(db.engine, tmp_path / "backups" / "branchdesk-1.sqlite3")
    db.close()
    path.write_bytes(b"\x00garbage" * 600)
    return path, copy


def test_corrupt_database_can_be_restored_from_the_start_message(qtbot, tmp_path, monkeypatch, boxes):
    path, copy = _corrupt_with_backup(tmp_path)
    seen: list = []
    answer_with(monkeypatch, "从备份恢复…", str(copy), seen)
    assert run_gui(str(path), smoke=True) == 0
    assert "已损坏" in seen[0][0] and "从备份恢复…" in seen[0][1]
    assert seen[1] == ("folder", str(tmp_path / "backups"))
    assert "改名保留" in boxes.texts("information")[-1]
    assert len(list(tmp_path.glob("main.sqlite3.corrupt-*"))) == 1


def test_quitting_from_the_corrupt_message_changes_nothing(qtbot, tmp_path, monkeypatch, boxes):
    path, _copy = _corrupt_with_backup(tmp_path)
    before = path.read_bytes()
    seen: list = []
    answer_with(monkeypatch, "退出", "", seen)
    assert run_gui(str(path), smoke=True) == 1
    assert "已损坏" in seen[0][0] and f'restore "{_copy}"' in seen[0][0]
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))
