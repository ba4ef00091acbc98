"""Damaged, truncated, emptied and forged database files, made for real: an existing file that is not
a whole branchdesk database is refused (with the reason and restore advice) and never counts as a
backup, never rotates an older copy away, and is never restored over the current data."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.cli import main
from desktop.errors import DatabaseError
from desktop.services import branches
from desktop.store import backup
from desktop.store.database import CorruptDatabase, open_database
from desktop.store.integrity import verify_file
from desktop.store.migrate import upgrade_empty_to
from tests.store.sqlite_files import bit_flipped, execute, rewrite_schema, rows_without_checks, truncated

NAMES = sorted(["甲党支部", "乙党支部", "丙党支部"])


@pytest.fixture
def good(tmp_path):
    """A real database with three branches and a meeting, closed cleanly (no -wal beside it)."""
    path = tmp_path / "good.sqlite3"
    db = open_database(str(path))
    ids = [branches.save_branch(db.workspace, {"name": n, "branch_kind": "community", "full_members": 9}) for n in NAMES]
    from desktop.services.meetings import save_meeting

    save_meeting(db.workspace, {"branch_id": ids[0], "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习"})
    db.close()
    return path


def names(path) -> list[str]:
    db = open_database(str(path), create=False)
    try:
        return sorted(branches.branch_names(db.workspace))
    finally:
        db.close()


# ------------------------------------------------------------------ files that are not databases

@pytest.mark.parametrize("size", [0, 1, 15, 99, 4096, 20000])
def test_a_truncated_database_is_refused_not_opened_empty(good, tmp_path, size):
    path = truncated(good, tmp_path / "main.sqlite3", size)
    before = path.read_bytes()
    with pytest.raises(CorruptDatabase) as error:
        open_database(str(path), exclusive=True, auto_backup=True)
    assert "restore" in error.value.message and "Traceback" not in error.value.message
    if size == 0:
        assert "0 字节" in error.value.message
    assert path.read_bytes() == before  # never turned into a new, empty database
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("auto-*"))


def test_a_text_file_is_refused_like_a_damaged_database(tmp_path):
    path = tmp_path / "main.sqlite3"
    path.write_text("这不是数据库\n", encoding="utf-8")
    with pytest.raises(CorruptDatabase, match="不是 SQLite 数据库"):
        open_database(str(path))


def test_verify_and_backup_refuse_an_emptied_database(tmp_path, capsys):
    path = tmp_path / "main.sqlite3"
    path.write_bytes(b"")
    assert main(["--db", str(path), "verify"]) == 2
    assert "0 字节" in capsys.readouterr().err
    assert main(["--db", str(path), "backup", str(tmp_path / "usb.sqlite3")]) == 2
    assert not (tmp_path / "usb.sqlite3").exists()


def test_the_daily_backup_never_rotates_good_copies_away_for_an_emptied_database(good, tmp_path):
    db = open_database(str(good))
    kept = backup.auto_backup(db.engine, now=datetime(2025, 3, 1, 9))
    db.close()
    good.write_bytes(b"")
    with pytest.raises(CorruptDatabase):
        open_database(str(good), exclusive=True, auto_backup=True)
    assert sorted((tmp_path / "backups").iterdir()) == [kept]
    verify_file(kept)


# ------------------------------------------------------------------ damage quick_check did not see

def unique_index_with_duplicates(path):
    """`branch_kind` indexed as if unique while three branches share one kind: integrity_check finds
    the duplicate entries, quick_check does not."""
    return rewrite_schema(path, "ix_branch_branch_kind", "CREATE UNIQUE INDEX ix_branch_branch_kind ON branch (branch_kind)")


def index_of_other_column(path):
    return rewrite_schema(path, "ix_branch_branch_kind", "CREATE INDEX ix_branch_branch_kind ON branch (secretary)")


@pytest.mark.parametrize("damage", [unique_index_with_duplicates, index_of_other_column])
def test_index_damage_is_not_a_verified_backup(good, tmp_path, capsys, damage):
    import sqlite3

    damage(good)
    conn = sqlite3.connect(good)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # what used to be enough
    conn.close()
    with pytest.raises(DatabaseError, match="完整性检查未通过"):
        verify_file(good)
    assert main(["--db", str(good), "backup", str(tmp_path / "usb.sqlite3")]) == 2
    assert "无法备份数据库" in capsys.readouterr().err
    assert not (tmp_path / "usb.sqlite3").exists() and not list(tmp_path.glob("usb*"))
    assert main(["--db", str(good), "verify"]) == 1


def test_a_bit_flipped_in_a_table_page_is_found(good, tmp_path, capsys):
    import sqlite3

    conn = sqlite3.connect(good)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'branch'").fetchone()[0]
    conn.close()
    # The first byte of a b-tree page says what kind of page it is: one bit makes it nonsense.
    flipped = bit_flipped(good, tmp_path / "main.sqlite3", (root - 1) * page_size, 0)
    with pytest.raises(DatabaseError):
        verify_file(flipped)
    assert main(["--db", str(flipped), "check"]) == 2
    assert "已损坏" in capsys.readouterr().err


# ------------------------------------------------------------------ forged and incomplete restores

def only_version_table(path, tmp_path):
    forged = tmp_path / "forged.sqlite3"
    revision = _revision(path)
    return execute(forged, "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
                   f"INSERT INTO alembic_version VALUES ('{revision}')")


def _revision(path) -> str:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def dropped_table(path, _tmp_path):
    return rows_without_checks(path, "DROP TABLE meeting_attachment")


def dropped_column(path, _tmp_path):
    return execute(path, "ALTER TABLE branch DROP COLUMN phone")


def broken_foreign_key(path, _tmp_path):
    return rows_without_checks(path, "UPDATE meeting SET branch_id = 9999")


@pytest.mark.parametrize("forge, reason", [
    (only_version_table, "缺少 数据表"),
    (dropped_table, "缺少 数据表 meeting_attachment"),
    (dropped_column, "缺少 branch.phone 列"),
    (broken_foreign_key, "外键检查未通过：meeting 表"),
    (lambda path, _t: unique_index_with_duplicates(path), "完整性检查未通过"),
])
def test_restore_refuses_forged_files_and_keeps_the_current_data(good, tmp_path, capsys, forge, reason):
    current = tmp_path / "current.sqlite3"
    db = open_database(str(current))
    branches.save_branch(db.workspace, {"name": "现有党支部", "branch_kind": "village", "full_members": 4})
    db.close()
    before = current.read_bytes()
    db = open_database(str(good))
    forged = forge(backup.backup_to(db.engine, tmp_path / "copy.sqlite3"), tmp_path)
    db.close()

    assert main(["--db", str(current), "restore", str(forged)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err
    assert current.read_bytes() == before
    assert names(current) == ["现有党支部"]
    assert not list(tmp_path.glob("backups/before-restore-*"))  # refused before anything was copied


def test_an_older_revision_is_checked_against_its_own_schema(tmp_path):
    from sqlalchemy import create_engine

    path = tmp_path / "old.sqlite3"
    ws = create_engine(f"sqlite:///{path}")
    upgrade_empty_to(ws.engine, "0001")
    ws.engine.dispose()
    verify_file(path)  # no meeting tables yet, and none expected at 0001
    rows_without_checks(path, "DROP TABLE secretary_training")
    with pytest.raises(DatabaseError, match="缺少 数据表 secretary_training"):
        verify_file(path)
