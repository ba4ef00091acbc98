"""Restoring a verified backup: over the live database, or in place of a corrupt file that cannot be
opened. The backup's attachment files come back from the store beside it, each verified by hash,
and nothing current is lost: the live data first becomes a backup, a corrupt file is moved aside."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop.errors import BranchdeskError, DatabaseError
from desktop.store import attachment_store, partials
from desktop.store.attachment_store import Problem
from desktop.store.backup import backup_to, backups_dir, copy_database, free_name, made_at, require_file
from desktop.store.engine import read_only_uri, sqlite_connection
from desktop.store.faults import disk_full, is_disk_full
from desktop.store.integrity import verify_file


@dataclass
class Restored:
    safety: Path | None  # the verified copy of the data before the restore (None: there was none)
    problems: list[Problem] = field(default_factory=list)  # attachment files not brought back


@dataclass(frozen=True)
class BackupFacts:
    """What the clerk is asked to confirm before a restore replaces everything."""

    made: datetime  # as the backup records it; for an older one, the file's last write
    branches: int  # 在册 branches: neither archived nor deleted


def inspect(source: Path) -> BackupFacts:
    """Verify `source` exactly as `restore` will, and say what it holds; DatabaseError otherwise."""
    source = Path(source)
    verify_file(source)
    conn = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        # A copy made before deletions were marked (revision 0008) has no deleted_at column.
        columns = {row[1] for row in conn.execute('PRAGMA table_xinfo("branch")')}
        live = " AND deleted_at IS NULL" if "deleted_at" in columns else ""
        (count,) = conn.execute(f"SELECT count(*) FROM branch WHERE archived_at IS NULL{live}").fetchone()
    finally:
        conn.close()
    return BackupFacts(made_at(source) or datetime.fromtimestamp(source.stat().st_mtime), count)


def restore(engine: Engine, source: Path) -> Restored:
    """Replace the database's content with `source` after verifying it, and bring its attachment
    files back from the store beside it, each verified by hash.

    The current content and its attachment files are first saved as a backup, so a restore can itself
    be undone. A backup without its files (one made before backups carried them) still restores: the
    files it cannot bring back are listed in the result.
    """
    db_file = require_file(engine)
    source = Path(source)
    verify_file(source)
    incoming = attachment_store.references_of(source)
    staged = _stage(db_file, incoming, source)
    safety = None
    try:
        if db_file.exists():
            safety = backup_to(engine, free_name(backups_dir(db_file), "before-restore"), whole=False)
        engine.dispose()
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            # One write transaction on the live file: a failure half way leaves the current data.
            with engine.connect() as conn:
                src.backup(sqlite_connection(conn))
        except sqlite3.OperationalError as error:
            if is_disk_full(error):
                raise disk_full(db_file) from error
            raise
        finally:
            src.close()
    except BaseException:
        staged.discard()
        raise
    engine.dispose()
    staged.commit()
    if safety is not None:
        before = attachment_store.references_of(safety)
        attachment_store.remove_replaced(db_file, before, incoming, attachment_store.store_of(safety))
    return Restored(safety, staged.problems)


def _stage(db_file: Path, refs: list[attachment_store.Reference], source: Path) -> attachment_store.Staged:
    try:
        return attachment_store.stage(db_file, refs, attachment_store.store_of(source))
    except BranchdeskError as error:
        if error.__cause__ is not None and is_disk_full(error.__cause__):
            raise disk_full(db_file) from error
        raise


def replace_corrupt(db_file: Path, source: Path, now: datetime | None = None) -> Path:
    """Put a verified copy of `source` in place of a corrupt database file that cannot be opened.

    Nothing is deleted: the corrupt file (and its -wal/-shm) is moved aside as
    `<name>.corrupt-YYYYmmdd-HHMMSS`, for whoever may still rescue something from it, and only after
    the new copy has passed verification. Returns the moved-aside path.
    """
    source = Path(source)
    verify_file(source)
    # The files already in the attachments folder stay; those missing or altered come from the store.
    staged = _stage(db_file, attachment_store.references_of(source), source)
    partial = partials.fresh(db_file)
    try:
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            copy_database(src, partial)
        finally:
            src.close()
        verify_file(partial)
    except sqlite3.OperationalError as error:
        partials.discard(partial)
        staged.discard()
        if is_disk_full(error):
            raise disk_full(db_file) from error
        raise DatabaseError(f"无法在文件夹 {db_file.parent} 中写入恢复的数据库：没有权限，或是只读的位置。") from error
    except BaseException:
        partials.discard(partial)
        staged.discard()
        raise
    aside = db_file.with_name(f"{db_file.name}.corrupt-{now or datetime.now():%Y%m%d-%H%M%S}")
    for suffix in ("", "-wal", "-shm"):
        current = Path(f"{db_file}{suffix}")
        if current.exists():
            current.replace(Path(f"{aside}{suffix}"))
    partial.replace(db_file)
    staged.commit()
    return aside
