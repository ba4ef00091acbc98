"""The day's automatic backup runs after the window shows, in steps the clerk's writes pass between."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest
from shiboken6 import delete

from desktop.errors import DatabaseError
from desktop.services.branches import branch_names
from desktop.store import backup
from desktop.store.integrity import verify_file
from desktop.ui.auto_backup import FAILED, RUNNING
from desktop.ui.main_window import MainWindow
from desktop.ui.registry_tab import RegistryTab
from tests.ui.conftest import add_branch, gui_context


def shown_window(qtbot, db, keep: bool = True):
    context = gui_context(db)
    window = MainWindow(context)
    if keep:  # qtbot closes it after the test (not one the test deletes itself)
        qtbot.addWidget(window)
    with qtbot.waitSignal(window.tab(RegistryTab).loaded, timeout=5000):
        window.show()
    return context, window


def copies(db) -> list:
    return sorted((db.file.parent / backup.BACKUPS).glob(f"{backup.AUTO_PREFIX}*{backup.SUFFIX}"))


@pytest.fixture
def held_verification(monkeypatch):
    """The copy's verification waits until the test lets it go (it runs beside the worker)."""
    started, release = threading.Event(), threading.Event()
    real = backup.verify_file

    def held(path):
        started.set()
        assert release.wait(30), "the test never let the verification go"
        real(path)

    monkeypatch.setattr(backup, "verify_file", held)
    yield started, release
    release.set()


def test_the_window_is_shown_and_takes_a_write_before_the_backup_completes(qtbot, db, ws, held_verification):
    started, release = held_verification
    add_branch(ws, "甲党支部")
    context, window = shown_window(qtbot, db)
    window.check_on_open()
    qtbot.waitUntil(started.is_set, timeout=10_000)  # the copy is made, its verification under way

    assert window.isVisible()
    assert window.daily_backup.status.text() == RUNNING
    assert copies(db) == []  # not in place before it is verified
    saved = []
    context.ops.write(None, lambda w: add_branch(w, "乙党支部"), saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)  # landed while the backup still runs
    assert "乙党支部" in branch_names(ws) and window.daily_backup.status.text() == RUNNING
    tab = window.tab(RegistryTab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)

    with qtbot.waitSignal(window.daily_backup.settled, timeout=30_000) as done:
        release.set()
    made = done.args[0]
    assert copies(db) == [made]
    verify_file(made)  # passes the full verification
    conn = sqlite3.connect(made)
    assert [name for (name,) in conn.execute("SELECT name FROM branch")] == ["甲党支部"]  # the snapshot before the write
    conn.close()
    assert re.fullmatch(r"已自动备份（\d\d:\d\d）", window.daily_backup.status.text())
    assert not list(made.parent.glob("*.partial*"))
    context.tasks.settle()


def test_a_second_start_the_same_day_makes_no_copy(qtbot, db, ws):
    backup.auto_backup(db.engine)
    context, window = shown_window(qtbot, db)
    window.check_on_open()
    with qtbot.waitSignal(window.daily_backup.settled, timeout=10_000) as done:
        pass
    assert done.args == [None] and len(copies(db)) == 1
    assert window.daily_backup.status.text() == ""
    context.tasks.settle()


def test_a_failed_backup_is_said_in_chinese_and_leaves_no_partial(qtbot, db, ws, boxes, monkeypatch):
    def refuse(path):
        raise DatabaseError(f"{path.name} 未通过完整性检查")

    monkeypatch.setattr(backup, "verify_file", refuse)
    context, window = shown_window(qtbot, db)
    window.check_on_open()
    with qtbot.waitSignal(window.daily_backup.settled, timeout=10_000) as done:
        pass
    assert done.args == [None] and copies(db) == []
    assert window.daily_backup.status.text() == FAILED
    (text,) = boxes.texts("warning")
    assert text.startswith(f"{FAILED}：无法备份数据库") and "Traceback" not in text
    assert not list((db.file.parent / backup.BACKUPS).glob("*.partial*"))
    context.tasks.settle()


def test_closing_the_window_during_the_backup_is_quiet(qtbot, db, ws, held_verification, boxes):
    started, release = held_verification
    context, window = shown_window(qtbot, db, keep=False)
    window.check_on_open()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    window.close()
    delete(window)  # the window and its DailyBackup are gone before the verification ends
    release.set()
    context.tasks.settle()  # the verification's outcome arrives: nobody waits for it, nothing raises
    assert copies(db) == [] and boxes.shown == []
