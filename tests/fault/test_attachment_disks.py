"""Attachment files on a real full disk: a backup whose scans do not fit is named 磁盘空间不足 and
leaves no partial and no half-written stored file; a restore whose scans do not fit changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services import meetings
from desktop.store import backup, restore
from desktop.store.attachment_store import STORE
from desktop.store.database import open_database
from desktop.store.faults import DiskFull
from tests.fault.disks import tmpfs
from tests.meeting_helpers import add_branch

SCAN = bytes(range(256)) * 8 * 1024  # 2 MB
THEME = {"branch_name": "和平社区党支部", "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习"}


@pytest.fixture
def scanned(tmp_path):
    db = open_database(str(tmp_path / "main.sqlite3"))
    add_branch(db.workspace)
    meeting_id = meetings.save_meeting(db.workspace, THEME)
    source = tmp_path / "签到表.pdf"
    source.write_bytes(SCAN)
    row = meetings.add_attachment(db.workspace, meeting_id, source)
    yield db, meetings.attachment_path(db.workspace, row.stored_path)
    db.close()


def test_a_backup_whose_scans_do_not_fit_is_refused_as_a_full_disk(scanned, tmp_path):
    db, _ = scanned
    with tmpfs(tmp_path / "usb", "1m") as usb:
        with pytest.raises(DiskFull, match="磁盘空间不足"):
            backup.backup_to(db.engine, usb / "x.sqlite3")
        assert [p.name for p in usb.rglob("*") if p.is_file()] == []  # no copy, no partial, no temp


def test_a_restore_whose_scans_do_not_fit_changes_nothing(scanned, tmp_path):
    db, live = scanned
    copy = backup.backup_to(db.engine, tmp_path / "usb" / "x.sqlite3")
    # Room for a new database (its creation peaks near 1.8 MB of WAL and file), not for the scan too.
    with tmpfs(tmp_path / "small", "2200k") as small:
        other = open_database(str(small / "main.sqlite3"))
        try:
            add_branch(other.workspace, name="另一个党支部")
            with pytest.raises(DiskFull, match="磁盘空间不足"):
                restore.restore(other.engine, copy)
            assert [name for _, name in meetings.branch_choices(other.workspace)] == ["另一个党支部"]
            assert not list((small / "attachments").glob(".restore-*"))
            assert not (small / "backups").exists() or not list((small / "backups").glob("*.sqlite3"))
        finally:
            other.close()
    assert (copy.parent / STORE).is_dir() and live.read_bytes() == SCAN
