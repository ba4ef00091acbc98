"""Verified backups of an SQLite database through the SQLite online backup API.

A backup counts only once a fresh connection to the copy passes `quick_check` and finds the schema
version table; rotation never drops an older copy before the new one has passed.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop.errors import DatabaseError
from desktop.store.engine import read_only_uri, sqlite_file

SUFFIX = ".sqlite3"
AUTO_PREFIX = "auto-"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 14, 8, 12


def backups_dir(db_file: Path) -> Path:
    path = db_file.parent / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _require_file(engine: Engine) -> Path:
    db_file = sqlite_file(engine)
    if db_file is None:
        raise DatabaseError("只有本机 SQLite 数据库可以在软件内备份；服务器数据库请用数据库自带的备份工具。")
    return db_file


def verify_file(path: Path) -> None:
    """Raise DatabaseError unless `path` is a readable, consistent branchdesk database."""
    if not path.is_file():
        raise DatabaseError(f"找不到文件：{path}")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            revisions = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")} if has_version else set()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path.name} 不是有效的数据库文件（{exc}）。") from exc
    if result != "ok":
        raise DatabaseError(f"{path.name} 完整性检查未通过：{result}")
    if not has_version:
        raise DatabaseError(f"{path.name} 不是本软件的数据库。")
    # A copy made by a newer version would replace the data with something this version must
    # then refuse to open: stop before the restore instead.
    from desktop.store.migrate import refuse_unknown

    refuse_unknown(revisions)


def _copy(source: sqlite3.Connection, dest_path: Path) -> None:
    dest = sqlite3.connect(dest_path)
    try:
        source.backup(dest)
        # The copy inherits WAL mode from the live database. A backup is a file that gets copied
        # around on its own: make it self-contained, so that opening it (to verify it) leaves no
        # -wal/-shm files beside it that rotation would never clean up.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def backup_to(engine: Engine, dest: Path) -> Path:
    """Copy the live database (WAL included) to `dest` and verify the copy."""
    _require_file(engine)
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"branchdesk-{datetime.now():%Y%m%d-%H%M%S}{SUFFIX}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    with engine.connect() as conn:
        _copy(conn.connection.driver_connection, partial)
    try:
        verify_file(partial)
    except DatabaseError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(dest)
    return dest


def backup_before_migration(engine: Engine) -> Path | None:
    db_file = sqlite_file(engine)
    if db_file is None:
        return None  # server databases are backed up by their own tools
    dest = backups_dir(db_file) / f"pre-migration-{datetime.now():%Y%m%d-%H%M%S}{SUFFIX}"
    return backup_to(engine, dest)


def _auto_backups(folder: Path) -> list[tuple[datetime, Path]]:
    found = []
    for path in folder.glob(f"{AUTO_PREFIX}*{SUFFIX}"):
        stamp = path.name[len(AUTO_PREFIX) : -len(SUFFIX)]
        try:
            found.append((datetime.strptime(stamp, "%Y%m%d-%H%M%S"), path))
        except ValueError:
            continue
    return sorted(found, reverse=True)


def backups_to_keep(stamps: list[datetime]) -> set[datetime]:
    """Grandfather-father-son: the newest copy of each of the last 14 days, 8 weeks, 12 months."""
    keep: set[datetime] = set()
    for key, limit in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen = []
        for stamp in sorted(stamps, reverse=True):
            bucket = key(stamp)
            if bucket not in seen:
                seen.append(bucket)
                if len(seen) > limit:
                    break
                keep.add(stamp)
    return keep


def auto_backup(engine: Engine, now: datetime | None = None) -> Path | None:
    """At most one automatic backup a day; then rotate. Returns the new copy, or None."""
    db_file = sqlite_file(engine)
    if db_file is None or not db_file.exists():
        return None
    now = now or datetime.now()
    folder = backups_dir(db_file)
    existing = _auto_backups(folder)
    if existing and existing[0][0].date() == now.date():
        return None
    created = backup_to(engine, folder / f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}")
    existing = _auto_backups(folder)
    keep = backups_to_keep([stamp for stamp, _ in existing])
    for stamp, path in existing:
        if stamp not in keep:
            path.unlink(missing_ok=True)
    return created


def list_backups(engine: Engine) -> list[Path]:
    db_file = _require_file(engine)
    return sorted(backups_dir(db_file).glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)


def restore(engine: Engine, source: Path) -> Path:
    """Replace the database's content with `source` after verifying it.

    The current content is first saved as a verified backup, so a restore can itself be undone.
    Returns the path of that safety copy.
    """
    db_file = _require_file(engine)
    source = Path(source)
    verify_file(source)
    safety = None
    if db_file.exists():
        safety = backup_to(engine, backups_dir(db_file) / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}{SUFFIX}")
    engine.dispose()
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        with engine.connect() as conn:
            src.backup(conn.connection.driver_connection)
    finally:
        src.close()
    engine.dispose()
    return safety
