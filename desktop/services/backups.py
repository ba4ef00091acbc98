"""Backups and restores as the window asks for them: given the workspace, never its engine.

The store does the work (store/backup.py, store/restore.py, store/migrate.py); this facade is what
the window's operations call, so that nothing in desktop/ui reaches the engine.
"""

from __future__ import annotations

from pathlib import Path

from desktop.store import backup, migrate, restore
from desktop.store.attachment_store import Problem
from desktop.store.backup import AttachmentsLost, Copy
from desktop.store.restore import BackupFacts, Restored
from desktop.store.workspace import Workspace

__all__ = ["SUFFIX", "AttachmentsLost", "BackupFacts", "Copy", "Restored", "auto_backup", "backup_to",
           "begin_auto_backup", "check_backup", "finish_auto_backup", "folder", "listing", "restore_from",
           "verify_auto_backup", "where"]

SUFFIX = backup.SUFFIX


def folder(db_file: Path) -> Path:
    """The backups folder beside a database file (made when missing)."""
    return backup.backups_dir(db_file)


def backup_to(ws: Workspace, dest: Path) -> Path:
    """A verified copy of the data and its attachment files at `dest` (see store.backup.backup_to)."""
    return backup.backup_to(ws.engine, dest)


def auto_backup(ws: Workspace) -> Path | None:
    """The day's automatic backup, at most one a day, then rotation. AttachmentsLost names lost files."""
    return backup.auto_backup(ws.engine)


# The window runs the day's backup as three jobs (ui/auto_backup.py): the copy and its verification
# beside the worker (they only read the live database, through a connection of their own), then
# putting it in place with its attachment files and rotating, on the worker.
def begin_auto_backup(ws: Workspace) -> Copy | None:
    """The day's copy made (not yet verified), or None: nothing to do today."""
    return backup.begin_auto(ws.engine)


def verify_auto_backup(ws: Workspace, copy: Copy) -> None:
    """Verify the copy. Reads only the copy: safe to run beside the worker."""
    backup.verify_copy(copy)


def finish_auto_backup(ws: Workspace, copy: Copy) -> Path:
    """Put the verified copy in place, then rotate. AttachmentsLost names lost files."""
    return backup.finish_auto(copy)


def check_backup(source: Path) -> BackupFacts:
    """The verification `restore` makes (the CLI's too), before the clerk is asked: a bad file is
    refused with its reason, a good one described by when it was made and its branch count. It
    reads the chosen file only, not the open database."""
    return restore.inspect(source)


def restore_from(ws: Workspace, source: Path) -> Restored:
    """Replace the data with a verified backup (the current data is backed up first), then bring an
    older copy to the current schema at once."""
    restored = restore.restore(ws.engine, source)
    migrate.upgrade(ws.engine)
    return restored


def listing(problems: list[Problem]) -> str:
    return backup.listing(problems)


def where(ws: Workspace) -> str:
    """The database as the clerk reads it: a server's address never shows its password."""
    return ws.engine.url.render_as_string(hide_password=True)
