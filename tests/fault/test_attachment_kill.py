"""A backup killed while it copies a scan into the attachment store leaves no file under a digest
(only a temporary file, which a later rotation removes), and the next backup carries the scan whole."""

from __future__ import annotations

import hashlib
import os
import textwrap
import time
from datetime import date, datetime

from desktop.services import meetings
from desktop.store import attachment_store, backup, partials
from desktop.store.attachment_store import STORE
from desktop.store.database import open_database
from tests.fault.kills import kill_when
from tests.meeting_helpers import add_branch

OLD = time.time() - partials.STALE_AFTER_SECONDS - 60
SCAN = os.urandom(1 << 20)
THEME = {"branch_name": "和平社区党支部", "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习"}

# Stops for good at the flush of the first scan copied into the store: its bytes are written to the
# temporary file, not yet renamed. The SIGKILL then leaves what a power cut at that moment would.
KILLED_BACKUP = textwrap.dedent(
    """
    import os, sys, time
    from desktop.store import backup
    from desktop.store.database import open_database

    def hang(fd):
        print("copying", flush=True)
        time.sleep(600)

    os.fsync = hang
    db = open_database(sys.argv[1])
    backup.backup_to(db.engine, backup.backups_dir(db.file))
    """
)


def test_a_backup_killed_while_storing_a_scan(tmp_path):
    db = open_database(str(tmp_path / "main.sqlite3"))
    add_branch(db.workspace)
    source = tmp_path / "签到表.pdf"
    source.write_bytes(SCAN)
    meetings.add_attachment(db.workspace, meetings.save_meeting(db.workspace, THEME), source)
    db.close()

    kill_when("copying", KILLED_BACKUP, str(db.file))

    folder = tmp_path / "backups"
    digest = hashlib.sha256(SCAN).hexdigest()
    left = [p for p in (folder / STORE).rglob("*") if p.is_file()]
    assert left and all(p.name != digest for p in left)  # nothing stored under a digest it lacks
    assert not list(folder.glob("*.sqlite3"))  # and the copy never counted
    for path in [*left, *folder.glob("*.partial*")]:
        os.utime(path, (OLD, OLD))

    db = open_database(str(db.file))
    try:
        backup.auto_backup(db.engine, now=datetime(2025, 3, 6, 9, 0))
    finally:
        db.close()
    stored = attachment_store.stored_file(folder / STORE, digest)
    assert stored.read_bytes() == SCAN
    assert [p for p in (folder / STORE).rglob("*") if p.is_file()] == [stored]  # the temporary file is gone
    assert not list(folder.glob("*.partial*"))
