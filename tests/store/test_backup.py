"""Verified backups, restore, and the automatic daily rotation."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta

import pytest

from desktop.errors import DatabaseError
from desktop.services import branches
from desktop.store import backup, restore
from desktop.store.backup import KEEP_DAILY, KEEP_MONTHLY, KEEP_WEEKLY, backups_to_keep
from tests.store.sqlite_files import FOREIGN_TABLE, execute, stamp


def names(ws) -> list[str]:
    return sorted(branches.branch_names(ws))


def add(ws, name: str) -> None:
    branches.save_branch(ws, {"name": name, "branch_kind": "government", "full_members": 5})


def test_backup_restore_round_trip(db, tmp_path):
    add(db.workspace, "甲党支部")
    add(db.workspace, "乙党支部")
    copy = backup.backup_to(db.engine, tmp_path / "manual.sqlite3")
    at_backup = names(db.workspace)

    add(db.workspace, "丙党支部")
    branches.save_branch(db.workspace, {"name": "甲党支部改名", "branch_kind": "village", "full_members": 9},
                         branches.branch_names(db.workspace)["甲党支部"])
    assert names(db.workspace) != at_backup

    safety = restore.restore(db.engine, copy).safety
    assert names(db.workspace) == at_backup
    # The state just before the restore was kept, so the restore itself can be undone.
    assert safety.name.startswith("before-restore-") and safety.parent == tmp_path / "backups"
    conn = sqlite3.connect(safety)
    assert sorted(r[0] for r in conn.execute("SELECT name FROM branch")) == ["丙党支部", "乙党支部", "甲党支部改名"]
    conn.close()


def test_backup_into_a_folder_names_the_file(db, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    made = backup.backup_to(db.engine, folder)
    assert made.parent == folder and made.name.startswith("branchdesk-") and made.suffix == ".sqlite3"
    backup.verify_file(made)
    assert list(folder.iterdir()) == [made]  # self-contained: no -wal/-shm beside it


def test_corrupt_backup_is_refused_and_data_kept(db, tmp_path):
    add(db.workspace, "甲党支部")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 1000)
    with pytest.raises(DatabaseError):
        restore.restore(db.engine, bad)
    assert names(db.workspace) == ["甲党支部"]


def test_foreign_sqlite_file_is_refused_by_restore(db, tmp_path):
    other = execute(tmp_path / "other.sqlite3", FOREIGN_TABLE)
    with pytest.raises(DatabaseError, match="不是本软件的数据库"):
        restore.restore(db.engine, other)


def test_backup_from_a_newer_version_is_refused_by_restore(db, tmp_path):
    add(db.workspace, "甲党支部")
    copy = stamp(backup.backup_to(db.engine, tmp_path / "copy.sqlite3"), "9999")
    with pytest.raises(DatabaseError, match="更新版本"):
        restore.restore(db.engine, copy)
    assert names(db.workspace) == ["甲党支部"]


def test_missing_backup_file_is_refused(db, tmp_path):
    with pytest.raises(DatabaseError, match="找不到文件"):
        restore.restore(db.engine, tmp_path / "nowhere.sqlite3")


def test_auto_backup_at_most_once_a_day(db):
    day = datetime(2025, 3, 10, 9, 0)
    first = backup.auto_backup(db.engine, now=day)
    assert first is not None and first.name == "auto-20250310-090000.sqlite3"
    assert backup.auto_backup(db.engine, now=day + timedelta(hours=8)) is None
    second = backup.auto_backup(db.engine, now=day + timedelta(days=1))
    assert second is not None
    assert len(list(second.parent.glob("auto-*.sqlite3"))) == 2


def test_backups_to_keep_daily_weekly_monthly():
    start = datetime(2024, 1, 1, 8, 0)
    stamps = [start + timedelta(days=n) for n in range(500)]
    keep = backups_to_keep(stamps)
    newest = stamps[-1]
    # The last 14 days are all kept.
    assert all(newest - timedelta(days=n) in keep for n in range(KEEP_DAILY))
    weeks = {s.isocalendar()[:2] for s in keep}
    months = {(s.year, s.month) for s in keep}
    # 8 most recent weeks and 12 most recent months are each represented by their newest copy.
    all_weeks = sorted({s.isocalendar()[:2] for s in stamps}, reverse=True)[:KEEP_WEEKLY]
    all_months = sorted({(s.year, s.month) for s in stamps}, reverse=True)[:KEEP_MONTHLY]
    assert set(all_weeks) <= weeks and set(all_months) <= months
    for month in all_months:
        newest_in_month = max(s for s in stamps if (s.year, s.month) == month)
        assert newest_in_month in keep
    assert len(keep) <= KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    oldest_month = all_months[-1]
    assert min(keep) == max(s for s in stamps if (s.year, s.month) == oldest_month)  # nothing older


def test_backups_to_keep_small_sets_keep_everything():
    stamps = [datetime(2025, 1, 1) + timedelta(days=n) for n in range(5)]
    assert backups_to_keep(stamps) == set(stamps)
    assert backups_to_keep([]) == set()


def test_auto_backup_rotation_over_400_days(db):
    """A year and more of daily starts leaves at most 14 + 8 + 12 copies, all verified."""
    start = datetime(2024, 1, 1, 9, 30)
    for n in range(400):
        backup.auto_backup(db.engine, now=start + timedelta(days=n, minutes=n % 7))
    folder = db.file.parent / "backups"
    kept = sorted(folder.glob("auto-*.sqlite3"))
    stamps = [datetime.strptime(p.name[5:-8], "%Y%m%d-%H%M%S") for p in kept]
    assert set(stamps) == backups_to_keep(stamps)
    assert KEEP_DAILY <= len(kept) <= KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    last = start + timedelta(days=399)
    assert max(stamps).date() == last.date()
    assert sum(1 for s in stamps if (last - s).days < KEEP_DAILY) == KEEP_DAILY
    assert min(stamps) < last - timedelta(days=300)  # monthly copies reach back about a year
    backup.verify_file(kept[0])
    assert sorted(folder.iterdir()) == kept  # no partial copies, no stray -wal/-shm files


def test_server_databases_are_not_backed_up_in_app(tmp_path):
    from sqlalchemy import create_engine

    ws = create_engine("sqlite://")
    with pytest.raises(DatabaseError, match="SQLite"):
        backup.backup_to(ws.engine, tmp_path / "x.sqlite3")
    assert backup.auto_backup(ws.engine) is None


def test_backup_and_restore_in_a_folder_with_uri_characters(tmp_path):
    from desktop.store.database import open_database

    folder = tmp_path / "台账 #1 50%?"
    db = open_database(str(folder / "db.sqlite3"))
    try:
        assert db.file == folder / "db.sqlite3"
        add(db.workspace, "甲党支部")
        copy = backup.backup_to(db.engine, folder / "copy #2.sqlite3")
        add(db.workspace, "乙党支部")
        restore.restore(db.engine, copy)
        assert names(db.workspace) == ["甲党支部"]
    finally:
        db.close()


def test_a_backup_records_when_it_was_made_whatever_its_file_says(db, tmp_path):
    made = datetime(2026, 3, 5, 9, 30, 12)
    copy = backup.backup_to(db.engine, tmp_path / "copy.sqlite3", now=made)
    os.utime(copy, (0, 0))  # a copying tool that kept no time
    assert backup.made_at(copy) == made and restore.inspect(copy).made == made
    auto = backup.auto_backup(db.engine, now=datetime(2026, 3, 6, 8, 0))
    assert backup.made_at(auto) == datetime(2026, 3, 6, 8, 0)
    assert backup.made_at(tmp_path / "missing.sqlite3") is None
    execute(copy, "UPDATE setting SET value = '\"not a time\"' WHERE key = 'backup_made'")
    os.utime(copy, (0, 0))
    assert backup.made_at(copy) is None and restore.inspect(copy).made == datetime.fromtimestamp(0)
