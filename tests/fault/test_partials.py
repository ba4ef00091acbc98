"""Backups killed half way leave `.partial` files; the next start or backup removes the stale ones
(only ours, by name, and never one a running copy is still writing)."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

from desktop.cli import main
from desktop.services import branches
from desktop.store import partials
from desktop.store.database import open_database
from tests.fault.kills import kill_when

OLD = time.time() - partials.STALE_AFTER_SECONDS - 60

# Starts a backup and stops for good once the copy is written, while it is being verified: the
# SIGKILL then leaves a real partial copy (and nothing cleans up after a SIGKILL).
KILLED_BACKUP = textwrap.dedent(
    """
    import sys, time
    from desktop.store import backup
    from desktop.store.database import open_database

    def hang(path):
        print("copied", flush=True)
        time.sleep(600)

    backup.verify_file = hang
    db = open_database(sys.argv[1])
    backup.backup_to(db.engine, backup.backups_dir(db.file))
    """
)


def make_db(path: Path) -> Path:
    db = open_database(str(path))
    for n in range(30):
        branches.save_branch(db.workspace, {"name": f"第{n:02d}党支部", "branch_kind": "village", "full_members": 5})
    db.close()
    return path


def killed_backup(db_file: Path) -> list[Path]:
    kill_when("copied", KILLED_BACKUP, str(db_file))
    return sorted((db_file.parent / "backups").glob("*.partial*"))


def test_partials_of_killed_backups_are_removed_at_the_next_backup(tmp_path, capsys):
    db_file = make_db(tmp_path / "main.sqlite3")
    left = killed_backup(db_file) + killed_backup(db_file)
    assert len(left) >= 2 and all(p.stat().st_size > 0 for p in left if p.name.endswith(".partial"))
    for path in left:
        os.utime(path, (OLD, OLD))

    assert main(["--db", str(db_file), "backup"]) == 0
    folder = db_file.parent / "backups"
    assert not list(folder.glob("*.partial*"))
    assert len(list(folder.glob("branchdesk-*.sqlite3"))) == 1


def test_the_window_start_removes_stale_partials_even_when_todays_copy_exists(tmp_path):
    db_file = make_db(tmp_path / "main.sqlite3")
    open_database(str(db_file), auto_backup=True).close()  # today's automatic copy
    (stale,) = killed_backup(db_file)[:1]
    os.utime(stale, (OLD, OLD))
    open_database(str(db_file), exclusive=True, auto_backup=True).close()
    assert not stale.exists()


def test_only_stale_partials_of_ours_are_removed(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    ours_old = [folder / name for name in (
        "auto-20250301-090000.sqlite3.partial", "branchdesk-20250301-090000-2.sqlite3.partial",
        "pre-migration-20250301-090000.sqlite3.partial-journal", "before-restore-20250301-090000.sqlite3.partial",
    )]
    being_written = folder / "branchdesk-20250302-090000.sqlite3.partial"
    not_ours = [folder / name for name in ("报表.partial", "auto-x.sqlite3.partial", "my.sqlite3.partial", "auto-20250301-090000.sqlite3")]
    for path in [*ours_old, being_written, *not_ours]:
        path.write_bytes(b"x" * 100)
    for path in [*ours_old, *not_ours]:
        os.utime(path, (OLD, OLD))

    removed = partials.remove_stale(folder)
    assert sorted(removed) == sorted(ours_old)
    assert being_written.exists() and all(p.exists() for p in not_ours)
    assert partials.remove_stale(tmp_path / "no-such-folder") == []


def test_a_stale_journal_is_never_replayed_into_a_new_copy(tmp_path):
    """A leftover `<name>.partial-journal` would be rolled back into the next copy of that name."""
    db_file = make_db(tmp_path / "main.sqlite3")
    dest = tmp_path / "usb.sqlite3"
    Path(f"{dest}.partial").write_bytes(b"old partial")
    Path(f"{dest}.partial-journal").write_bytes(b"stale journal")
    assert main(["--db", str(db_file), "backup", str(dest)]) == 0
    assert sorted(p.name for p in tmp_path.glob("usb*")) == ["usb.sqlite3"]
