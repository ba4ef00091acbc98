"""恢复备份 verifies the chosen file on the worker before anything is asked: a forged or truncated
file is refused with its reason and no question, the data untouched; a good one is described in the
question by when it was made and how many branches it holds."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.services import branches
from desktop.store import backup, revisions
from tests.store.sqlite_files import execute, truncated
from tests.ui.conftest import add_branch, settle

MADE = datetime(2026, 3, 5, 9, 30)


@pytest.fixture
def copy(ws, db, tmp_path):
    """A verified backup holding two 在册 branches and one archived, made at MADE."""
    add_branch(ws, "和平社区党支部")
    add_branch(ws, "幸福村党支部", "village")
    branches.set_archived(ws, add_branch(ws, "旧城社区党支部"), True)
    made = backup.backup_to(ws.engine, tmp_path / "usb" / "copy.sqlite3", now=MADE)
    later = datetime(2026, 11, 30, 17, 0).timestamp()  # copied to the stick by a tool that set the time anew
    os.utime(made, (later, later))
    return made


def restore(qtbot, window, monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.actions["restore"].trigger()
    settle(qtbot, window.context)


def test_a_good_backup_is_described_in_the_question(qtbot, window, monkeypatch, boxes, ws, copy):
    add_branch(ws, "新建社区党支部")
    restore(qtbot, window, monkeypatch, copy)  # answered 否
    (question,) = boxes.texts("question")
    assert "copy.sqlite3" in question
    assert "备份时间：2026-03-05 09:30，其中有 2 个在册支部。" in question
    assert len(branches.branch_names(ws)) == 4  # nothing restored

    boxes.answer = QMessageBox.StandardButton.Yes
    restore(qtbot, window, monkeypatch, copy)
    assert "已从“copy.sqlite3”恢复" in boxes.texts("information")[-1]
    assert sorted(branches.branch_names(ws, include_archived=False)) == sorted(["和平社区党支部", "幸福村党支部"])


def test_a_backup_that_does_not_record_its_time_is_dated_by_its_file(qtbot, window, monkeypatch, boxes, copy):
    execute(copy, f"DELETE FROM setting WHERE key = '{backup.MADE_KEY}'")  # as one made before it was recorded
    os.utime(copy, (MADE.timestamp() + 60,) * 2)
    restore(qtbot, window, monkeypatch, copy)
    (question,) = boxes.texts("question")
    assert "备份时间：2026-03-05 09:31，其中有 2 个在册支部。" in question


def _forged(copy, tmp_path):
    (head,) = revisions.head_revisions()
    return execute(tmp_path / "forged.sqlite3", "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
                   f"INSERT INTO alembic_version VALUES ('{head}')")


def _truncated(copy, tmp_path):
    return truncated(copy, tmp_path / "truncated.sqlite3", copy.stat().st_size // 2)


@pytest.mark.parametrize(("bad", "reason"), [
    (_forged, "forged.sqlite3 不能作为本软件的数据库使用：文件不完整，缺少"),
    (_truncated, "truncated.sqlite3"),
])
def test_a_bad_file_is_refused_before_any_question(qtbot, window, monkeypatch, boxes, ws, db, tmp_path, copy,
                                                   bad, reason):
    add_branch(ws, "新建社区党支部")
    before = branches.branch_names(ws)
    kept = set(backup.backups_dir(db.file).glob("*"))
    boxes.answer = QMessageBox.StandardButton.Yes  # were it asked, it would restore
    restore(qtbot, window, monkeypatch, bad(copy, tmp_path))
    assert boxes.texts("question") == []
    (refusal,) = boxes.texts("warning")
    assert reason in refusal and "Traceback" not in refusal
    assert branches.branch_names(ws) == before
    assert set(backup.backups_dir(db.file).glob("*")) == kept  # no safety copy either: nothing was begun
