"""Backups and restores carry the meeting attachment files, on real files: the store beside a copy,
its verification, rotation, restoring the scans, and `verify` naming missing or altered files."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import meetings
from desktop.store import attachment_store, backup, partials, restore
from desktop.store.attachment_store import STORE
from tests.meeting_helpers import add_branch

OLD = time.time() - partials.STALE_AFTER_SECONDS - 60
THEME = {"branch_name": "和平社区党支部", "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习"}
MEETING = "和平社区党支部 2025-03-05 主题党日"


@pytest.fixture
def meeting_id(ws):
    add_branch(ws)
    return meetings.save_meeting(ws, THEME)


def attach(db, meeting_id: int, tmp_path: Path, name: str, content: bytes) -> Path:
    """Attach a scan as the meeting form does; returns the file in the live attachments folder."""
    source = tmp_path / "scans" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(content)
    row = meetings.add_attachment(db.workspace, meeting_id, source)
    return meetings.attachment_path(db.workspace, row.stored_path)


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def stored(folder: Path, content: bytes) -> Path:
    return folder / STORE / sha(content)[:2] / sha(content)


def test_a_backup_carries_each_file_once_in_the_store_beside_it(db, meeting_id, tmp_path):
    attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    attach(db, meeting_id, tmp_path, "签到表副本.pdf", b"sign-in sheet")  # the same bytes twice
    attach(db, meeting_id, tmp_path, "纪要.jpg", b"\xff\xd8 minutes scan")
    usb = tmp_path / "usb"

    made = backup.backup_to(db.engine, usb / "x.sqlite3")

    assert stored(usb, b"sign-in sheet").read_bytes() == b"sign-in sheet"
    assert stored(usb, b"\xff\xd8 minutes scan").read_bytes() == b"\xff\xd8 minutes scan"
    assert sorted(p.name for p in (usb / STORE).rglob("*") if p.is_file()) == sorted(
        [sha(b"sign-in sheet"), sha(b"\xff\xd8 minutes scan")])
    assert sorted(p.name for p in usb.iterdir()) == [STORE, "x.sqlite3"]
    assert len(attachment_store.references_of(made)) == 3


def test_a_second_backup_copies_only_new_files(db, meeting_id, tmp_path):
    attach(db, meeting_id, tmp_path, "a.pdf", b"first scan")
    folder = backup.backups_dir(db.file)
    backup.backup_to(db.engine, folder)
    first = stored(folder, b"first scan")
    inode = first.stat().st_ino
    attach(db, meeting_id, tmp_path, "b.pdf", b"second scan")
    backup.backup_to(db.engine, folder)
    assert first.stat().st_ino == inode  # written once, never rewritten
    assert stored(folder, b"second scan").is_file()


def test_a_backup_without_attachments_makes_no_store(db, tmp_path):
    usb = tmp_path / "usb"
    made = backup.backup_to(db.engine, usb, folder=True)
    assert list(usb.iterdir()) == [made]


def test_an_altered_live_file_makes_the_backup_not_count(db, meeting_id, tmp_path):
    live = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    flip_a_byte(live)
    dest = tmp_path / "usb" / "x.sqlite3"
    with pytest.raises(backup.AttachmentsIncomplete) as refused:
        backup.backup_to(db.engine, dest)
    message = refused.value.message
    assert MEETING in message and "签到表.pdf" in message and "不符" in message and "不算数" in message
    assert not dest.exists() and not list(dest.parent.glob("*.partial*"))
    assert not stored(dest.parent, b"sign-in sheet").exists()  # nothing stored under a digest it lacks


def test_a_file_lost_before_any_backup_is_named_and_the_days_copy_still_made(db, meeting_id, tmp_path):
    early = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    start = datetime(2025, 1, 1, 9, 0)
    for n in range(20):
        backup.auto_backup(db.engine, now=start + timedelta(days=n))
    folder = backup.backups_dir(db.file)
    late = attach(db, meeting_id, tmp_path, "纪要.pdf", b"minutes")
    late.unlink()  # lost before any backup had it
    early.unlink()  # lost too, but the store has its bytes from the earlier copies
    with pytest.raises(backup.AttachmentsLost, match=r"纪要\.pdf”的文件不存在") as reported:
        backup.auto_backup(db.engine, now=start + timedelta(days=40))
    assert "签到表.pdf" not in reported.value.message
    made = reported.value.created
    assert made.is_file() and made.name.startswith("auto-20250210")  # the data has its copy all the same
    assert not list(folder.glob("*.partial*"))
    assert stored(folder, b"sign-in sheet").is_file()  # the new copy still references it: kept
    assert backup.auto_backup(db.engine, now=start + timedelta(days=40, hours=2)) is None  # once a day


def test_restore_brings_the_files_back_and_keeps_the_current_ones_with_the_safety_copy(db, meeting_id, tmp_path):
    kept = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    copy = backup.backup_to(db.engine, tmp_path / "usb" / "x.sqlite3")
    later = attach(db, meeting_id, tmp_path, "后来的.pdf", b"added after the backup")
    kept.unlink()  # lost since the backup

    restored = restore.restore(db.engine, copy)

    assert restored.problems == []
    assert kept.read_bytes() == b"sign-in sheet"
    assert not later.exists()  # the restored data does not reference it ...
    assert stored(restored.safety.parent, b"added after the backup").is_file()  # ... it is kept here
    assert not list(kept.parent.parent.parent.glob(".restore-*"))  # nothing staged is left

    undone = restore.restore(db.engine, restored.safety)  # the restore can be undone, scans and all
    assert undone.problems == []
    assert later.read_bytes() == b"added after the backup"
    assert kept.read_bytes() == b"sign-in sheet"  # in place and as recorded: left as it is


def test_restore_replaces_an_altered_file_and_keeps_the_altered_one_beside(db, meeting_id, tmp_path):
    live = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    copy = backup.backup_to(db.engine, tmp_path / "usb" / "x.sqlite3")
    flip_a_byte(live)
    altered = live.read_bytes()
    assert restore.restore(db.engine, copy).problems == []
    assert live.read_bytes() == b"sign-in sheet"
    (aside,) = live.parent.glob(f"{live.name}.damaged-*")
    assert aside.read_bytes() == altered


def test_a_flipped_byte_in_the_store_is_reported_and_never_restored(db, meeting_id, tmp_path):
    live = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    attach(db, meeting_id, tmp_path, "纪要.pdf", b"minutes")
    copy = backup.backup_to(db.engine, tmp_path / "usb" / "x.sqlite3")
    flip_a_byte(stored(copy.parent, b"sign-in sheet"))
    live.unlink()

    restored = restore.restore(db.engine, copy)

    assert [p.describe() for p in restored.problems] == [f"{MEETING}：附件“签到表.pdf”{attachment_store.DAMAGED_IN_BACKUP}"]
    assert not live.exists()  # a file with the wrong bytes is never put in place


def test_an_old_plain_backup_restores_and_names_the_files_it_lacks(db, meeting_id, tmp_path):
    present = attach(db, meeting_id, tmp_path, "还在.pdf", b"still on this computer")
    gone = attach(db, meeting_id, tmp_path, "丢了.pdf", b"lost with the old disk")
    copy = backup.backup_to(db.engine, tmp_path / "old" / "plain.sqlite3")
    shutil.rmtree(copy.parent / STORE)  # what a backup made before this change looks like
    gone.unlink()

    restored = restore.restore(db.engine, copy)

    assert [(p.reference.file_name, p.why) for p in restored.problems] == [("丢了.pdf", attachment_store.NOT_IN_BACKUP)]
    assert present.read_bytes() == b"still on this computer"
    assert len(meetings.get_meeting(db.workspace, meeting_id)["attachments"]) == 2  # the data is all back


def test_a_refused_restore_leaves_the_attachments_folder_alone(db, meeting_id, tmp_path):
    live = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    copy = backup.backup_to(db.engine, tmp_path / "usb" / "x.sqlite3")
    live.unlink()
    conn = sqlite3.connect(copy)
    conn.execute("DROP TABLE meeting_rule")  # incomplete: refused by the verification
    conn.commit()
    conn.close()
    folder = live.parent.parent.parent
    with pytest.raises(backup.DatabaseError, match="缺少"):
        restore.restore(db.engine, copy)
    assert not live.exists() and not list(folder.glob(".restore-*"))


def test_rotation_keeps_referenced_files_and_drops_the_others(db, meeting_id, tmp_path):
    first = attach(db, meeting_id, tmp_path, "old.pdf", b"only in the first copy")
    attach(db, meeting_id, tmp_path, "both.pdf", b"in every copy")
    folder = backup.backups_dir(db.file)
    day = datetime(2024, 1, 1, 9, 0)
    oldest = backup.auto_backup(db.engine, now=day)
    (record,) = [a for a in meetings.get_meeting(db.workspace, meeting_id)["attachments"] if a.file_name == "old.pdf"]
    meetings.remove_attachment(db.workspace, record.id)
    assert not first.exists()
    for path in (folder / STORE).rglob("*"):
        os.utime(path, (OLD, OLD))  # written long ago: no running backup counts on them

    # One copy a month: the oldest stays while it holds a daily, weekly or monthly slot ...
    for month in range(1, 14):
        backup.auto_backup(db.engine, now=day.replace(year=2024 + month // 12, month=month % 12 + 1))
        assert oldest.exists() and stored(folder, b"only in the first copy").is_file()
    # ... and when the rotation drops it, the file only it referenced goes with it.
    backup.auto_backup(db.engine, now=datetime(2025, 3, 1, 9, 0))
    assert not oldest.exists()
    assert not stored(folder, b"only in the first copy").exists()
    assert stored(folder, b"in every copy").read_bytes() == b"in every copy"


def test_rotation_spares_young_files_and_removes_stale_temporary_ones(tmp_path):
    folder = tmp_path / "backups"
    bucket = folder / STORE / "ab"
    bucket.mkdir(parents=True)
    young = bucket / ("ab" + "0" * 62)
    old = bucket / ("ab" + "1" * 62)
    temp = bucket / ".abc-x1y2"
    foreign = bucket / "notes.txt"
    for path in (young, old, temp, foreign):
        path.write_bytes(b"x")
    for path in (old, temp, foreign):
        os.utime(path, (OLD, OLD))
    assert sorted(attachment_store.collect_garbage(folder)) == sorted([old, temp])
    assert young.exists() and foreign.exists()


def test_rotation_removes_nothing_while_a_backup_cannot_be_read(db, meeting_id, tmp_path):
    attach(db, meeting_id, tmp_path, "a.pdf", b"scan")
    folder = backup.backups_dir(db.file)
    copy = backup.backup_to(db.engine, folder)
    for path in (folder / STORE).rglob("*"):
        os.utime(path, (OLD, OLD))
    copy.unlink()
    unreadable = folder / "branchdesk-20250101-000000.sqlite3"
    unreadable.mkdir()  # cannot be opened now: its references are unknown
    assert attachment_store.collect_garbage(folder) == []
    assert stored(folder, b"scan").is_file()


def test_verify_names_the_meeting_and_file_of_a_missing_or_altered_attachment(db, meeting_id, tmp_path, capsys):
    gone = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    altered = attach(db, meeting_id, tmp_path, "纪要.pdf", b"minutes")
    attach(db, meeting_id, tmp_path, "照片.jpg", b"photo")
    assert main(["--db", str(db.file), "verify"]) == 0
    assert "3 个会议附件的文件都在" in capsys.readouterr().out

    gone.unlink()
    flip_a_byte(altered)
    assert main(["--db", str(db.file), "verify"]) == 1
    out = capsys.readouterr().out
    assert "有 2 个会议附件的文件缺失或与记录不符" in out
    assert f"{MEETING}：附件“签到表.pdf”的文件不存在" in out
    assert f"{MEETING}：附件“纪要.pdf”的文件与记录的 SHA-256 或大小不符" in out
    assert "照片.jpg" not in out


def test_cli_backup_and_restore_report_the_attachments(db, meeting_id, tmp_path, capsys):
    live = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    assert main(["--db", str(db.file), "backup", str(tmp_path / "usb") + "/"]) == 0
    out = capsys.readouterr().out
    assert "1 个会议附件的文件已一并备份并校验" in out and str(tmp_path / "usb" / STORE) in out
    (copy,) = (tmp_path / "usb").glob("*.sqlite3")
    live.unlink()
    db.close()
    assert main(["--db", str(db.file), "restore", str(copy)]) == 0
    assert "未能恢复" not in capsys.readouterr().out
    assert live.read_bytes() == b"sign-in sheet"

    shutil.rmtree(tmp_path / "usb" / STORE)
    live.unlink()
    assert main(["--db", str(db.file), "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "有 1 个会议附件的文件未能恢复" in out and f"{MEETING}：附件“签到表.pdf”不在备份中" in out


def test_restoring_over_a_corrupt_database_brings_the_files_back(db, meeting_id, tmp_path, capsys):
    live = attach(db, meeting_id, tmp_path, "签到表.pdf", b"sign-in sheet")
    copy = backup.backup_to(db.engine, tmp_path / "usb" / "x.sqlite3")
    db.close()
    live.unlink()
    db.file.write_bytes(b"SQLite format 3\x00" + b"\xee" * 4000)  # cannot be opened
    for suffix in ("-wal", "-shm"):
        Path(f"{db.file}{suffix}").unlink(missing_ok=True)
    assert main(["--db", str(db.file), "restore", str(copy)]) == 0
    assert "原来损坏的数据库已改名保留" in capsys.readouterr().out
    assert live.read_bytes() == b"sign-in sheet"
