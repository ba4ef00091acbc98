"""A file the machine refuses (read-only folder, missing folder) is explained in Chinese, naming
the file the clerk chose, never as an unexpected error with the system's English text."""

from __future__ import annotations

import errno

from PySide6.QtWidgets import QFileDialog

from desktop.store import backup
from desktop.ui.tasks import TaskRunner
from tests.ui.conftest import add_branch


def choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_read_only_folder_names_the_chosen_file(qtbot, boxes, tmp_path):
    runner = TaskRunner()
    chosen = tmp_path / "支部台账.xlsx"

    def write():
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "tmp8ymklkev.xlsx"))

    with qtbot.waitSignal(runner.idle):
        runner.run(write, writes=chosen)
    assert boxes.texts("critical") == []
    (text,) = boxes.texts("warning")
    assert f"无法写入 {chosen}：所在位置是只读的（如只读的 U 盘或光盘）" in text
    assert "tmp8ymklkev" not in text and "Read-only" not in text


def test_file_error_without_a_named_target_is_still_chinese(qtbot, boxes):
    runner = TaskRunner()

    def fail():
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/x.xlsx")

    with qtbot.waitSignal(runner.idle):
        runner.run(fail)
    assert boxes.texts("warning") == ["无法访问文件 /srv/x.xlsx：没有权限。"]


def test_export_where_a_file_blocks_the_folder_is_explained(qtbot, window, monkeypatch, tmp_path, boxes, ws):
    add_branch(ws, "和平社区党支部")
    (tmp_path / "台账").write_text("a file, not a folder")
    target = tmp_path / "台账" / "导出.xlsx"
    choose(monkeypatch, target)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["export:支部台账"].trigger()
    assert boxes.texts("critical") == []
    assert boxes.texts("warning")[-1].startswith(f"无法写入 {target}：已有同名文件")


def test_backup_to_a_read_only_folder_is_explained(qtbot, window, monkeypatch, tmp_path, boxes):
    def refuse(_engine, _target):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "tmpabc.sqlite3"))

    monkeypatch.setattr(backup, "backup_to", refuse)
    target = tmp_path / "备份.sqlite3"
    choose(monkeypatch, target)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["backup"].trigger()
    assert boxes.texts("critical") == []
    assert f"无法写入 {target}：所在位置是只读的（如只读的 U 盘或光盘）" in boxes.texts("warning")[-1]


def test_excel_libraries_are_imported_on_the_gui_thread_before_the_job(qtbot, window, monkeypatch, tmp_path, boxes):
    import threading

    from desktop.ui import tasks

    seen: list[tuple[str, bool]] = []
    real = tasks.importlib.import_module
    monkeypatch.setattr(tasks.importlib, "import_module",
                        lambda name: seen.append((name, threading.current_thread() is threading.main_thread())) or real(name))
    choose(monkeypatch, tmp_path / "导出.xlsx")
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["export:支部台账"].trigger()
    assert seen == [("openpyxl", True), ("xlsxwriter", True)]  # the import's reader, the export's writer
