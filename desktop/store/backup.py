"""Verified backups of an SQLite database and its meeting attachments (restoring one: `restore`).

The database goes through the SQLite online backup API; its attachment files go into the store beside
the copy (`attachment_store`). A backup counts only once a fresh connection to the copy passes
`integrity.verify_file` (integrity, foreign keys, the complete schema of its revision) and every file
the copy references is in the store with its recorded SHA-256 and size; rotation never drops an older
copy before the new one has passed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop.errors import DatabaseError
from desktop.store import attachment_store, partials
from desktop.store.attachment_store import Problem
from desktop.store.engine import read_only_uri, sqlite_connection, sqlite_file
from desktop.store.faults import CorruptDatabase, disk_full, is_disk_full
from desktop.store.files import reason
from desktop.store.integrity import verify_file

BACKUPS = "backups"  # the folder beside the database
SUFFIX = ".sqlite3"
AUTO_PREFIX = "auto-"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 14, 8, 12


def backups_dir(db_file: Path) -> Path:
    path = db_file.parent / BACKUPS
    path.mkdir(parents=True, exist_ok=True)
    return path


def require_file(engine: Engine) -> Path:
    db_file = sqlite_file(engine)
    if db_file is None:
        raise DatabaseError("只有本机 SQLite 数据库可以在软件内备份；服务器数据库请用数据库自带的备份工具。")
    return db_file


def restore_advice(db_file: Path) -> str:
    """The exact command that restores `db_file` from its newest verified backup."""
    newest = newest_verified(db_file)
    if newest:
        return f"最近一份完好的备份是 {newest}，恢复它请运行：\n  branchdesk --db \"{db_file}\" restore \"{newest}\""
    return f"backups 文件夹里没有完好的备份。如有其他备份文件，请运行：\n  branchdesk --db \"{db_file}\" restore <备份文件>"


def corrupt_error(db_file: Path, what: str = "无法打开数据库", why: str = "文件已损坏或不是数据库") -> CorruptDatabase:
    """The message for a damaged database file, with the exact command that restores it."""
    return CorruptDatabase(
        f"{what} {db_file}：{why}。{restore_advice(db_file)}\n恢复时损坏的文件会被改名保留，不会删除。", db_file
    )


def copy_database(source: sqlite3.Connection, dest_path: Path) -> None:
    dest = sqlite3.connect(dest_path)
    try:
        source.backup(dest)
        # The copy inherits WAL mode from the live database. A backup is a file that gets copied
        # around on its own: make it self-contained, so that opening it (to verify it) leaves no
        # -wal/-shm files beside it that rotation would never clean up.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def names_folder(dest: str) -> bool:
    """A destination typed with a trailing slash (`backup /media/usb/`) means a folder, even one that
    does not exist yet: Path() would drop the slash and the copy would become a file named `usb`."""
    return dest.endswith(("/", os.sep)) or bool(os.altsep and dest.endswith(os.altsep))


class BackupExists(DatabaseError):
    """`backup FILE` where FILE already exists: a good older copy is never replaced unasked."""


def free_name(folder: Path, prefix: str, now: datetime | None = None) -> Path:
    """`folder/<prefix>-YYYYmmdd-HHMMSS.sqlite3`, with -2, -3, ... when a copy of that second exists."""
    base = f"{prefix}-{now or datetime.now():%Y%m%d-%H%M%S}"
    path, n = folder / f"{base}{SUFFIX}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{SUFFIX}"
    return path


def backup_to(
    engine: Engine, dest: Path | str, folder: bool = False, overwrite: bool = False, whole: bool = True,
    now: datetime | None = None,
) -> Path:
    """Copy the live database (WAL included) to `dest`, its attachment files to the store beside it,
    and verify both. `dest` is a folder (created when missing) when `folder` is true or it is an
    existing directory; the copy is then named by time. An existing file `dest` is replaced only with
    `overwrite`, and only by a copy that passed. Without `whole` (the copies made before a migration
    or a restore) an attachment file that is missing or altered in the live folder does not stop the
    copy: it is already lost, and refusing would block the very restore that brings it back."""
    db_file = require_file(engine)
    dest = Path(dest)
    if folder or dest.is_dir():
        dest = free_name(dest, "branchdesk")
    if dest.resolve() == db_file.resolve():
        raise BackupExists(f"{dest} 就是当前的数据库文件，不能备份到它自己。请换一个文件名或文件夹。")
    _refuse_existing(dest, overwrite)
    copy = start_copy(engine, db_file, dest, now)
    verify_copy(copy)
    problems = complete_copy(copy, overwrite, whole)
    if problems and whole:
        raise AttachmentsIncomplete(problems)
    return dest


@dataclass(frozen=True)
class Copy:
    """A backup under way: the database copied to `partial`, not yet verified nor in place at `dest`.

    The three steps (start_copy, verify_copy, complete_copy) are apart so that the window can run
    them as separate jobs: only the first and the last read the live database or its files, and
    verification, the long one (integrity_check: seconds on a district database), reads only the
    copy, so it need not hold up the window's writes."""

    db_file: Path
    dest: Path
    partial: Path
    made: datetime  # when the snapshot was taken (local time, as the clerk reads it)


def start_copy(engine: Engine, db_file: Path, dest: Path, now: datetime | None = None) -> Copy:
    """Copy the live database into a fresh partial beside `dest`: SQLite's online backup in one
    step, so the copy is one consistent snapshot (a copy in several steps starts over whenever
    another connection writes between them)."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _unwritable(dest.parent, reason(error)) from error
    partials.remove_stale(db_file.parent / BACKUPS)
    copy = Copy(db_file, dest, partials.fresh(dest), now or datetime.now())
    with _failing(copy), engine.connect() as conn:
        copy_database(sqlite_connection(conn), copy.partial)
    return copy


def verify_copy(copy: Copy) -> None:
    """The full verification of the copy (integrity, foreign keys, schema); touches nothing else."""
    with _failing(copy):
        verify_file(copy.partial)


def complete_copy(copy: Copy, overwrite: bool = False, whole: bool = True) -> list[Problem]:
    """Carry the attachment files the copy references into the store beside it, then put the copy
    in place. Returns the files that could not be carried (missing or altered in the live folder);
    with `whole`, a copy with such problems is discarded and not put in place."""
    with _failing(copy):
        problems = attachment_store.carry(copy.db_file, attachment_store.references_of(copy.partial),
                                          attachment_store.store_of(copy.dest))
        if problems and whole:
            partials.discard(copy.partial)
            return problems
        _mark_origin(copy.partial, copy.db_file, copy.made)
        _refuse_existing(copy.dest, overwrite)  # it may have appeared while the copy was made
        copy.partial.replace(copy.dest)
    return problems


@contextmanager
def _failing(copy: Copy) -> Iterator[None]:
    """A step that fails removes the partial and says why in the clerk's terms."""
    db_file, dest, partial = copy.db_file, copy.dest, copy.partial
    try:
        yield
    except BackupExists:
        partials.discard(partial)
        raise
    except DatabaseError as error:  # the copy is as damaged as the live file it came from
        partials.discard(partial)
        why = f"副本未通过校验（{error.message.replace(partial.name, db_file.name)}）"
        raise corrupt_error(db_file, "无法备份数据库", why) from error
    except (sqlite3.OperationalError, OSError) as error:  # "unable to open database file": read-only
        partials.discard(partial)
        if is_disk_full(error):
            raise disk_full(dest.parent) from error
        why = reason(error) if isinstance(error, OSError) else "没有权限，或是只读的位置"
        raise _unwritable(dest.parent, why) from error
    except BaseException as error:  # an attachment that cannot be written into the store, ...
        partials.discard(partial)
        if error.__cause__ is not None and is_disk_full(error.__cause__):
            raise disk_full(dest.parent) from error
        raise


MAX_LISTED = 10


def listing(problems: list[Problem]) -> str:
    """The records with a file problem, one per line, as many as a message can show."""
    lines = [f"  {problem.describe()}" for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"  …… 共 {len(problems)} 个")
    return "\n".join(lines)


class AttachmentsIncomplete(DatabaseError):
    """A backup whose attachment files are not all there, with their recorded bytes: it does not count."""

    def __init__(self, problems: list[Problem]):
        super().__init__(
            f"备份未完成：有 {len(problems)} 个会议附件的文件缺失或与记录不符，这份备份不算数，已删除；"
            f"较早的备份都保留，数据库没有改动。\n{listing(problems)}\n"
            "请在会议表单中重新添加或删除这些附件（或从备份恢复），再备份；branchdesk verify 列出全部问题。"
        )
        self.problems = problems


class AttachmentsLost(DatabaseError):
    """The day's automatic backup was made, but some attachment files were lost before any backup
    held them: the clerk must hear of it, and the database copy still counts."""

    def __init__(self, created: Path, problems: list[Problem]):
        super().__init__(
            f"今天的自动备份已完成（{created.name}），但有 {len(problems)} 个会议附件的文件缺失或与记录不符，"
            f"以前的备份中也没有它们的原件，备份中缺少这些文件：\n{listing(problems)}\n"
            "请在会议表单中重新添加或删除这些附件；branchdesk verify 列出全部问题。"
        )
        self.created = created
        self.problems = problems


def _refuse_existing(dest: Path, overwrite: bool) -> None:
    if dest.exists() and not overwrite:
        raise BackupExists(
            f"目标文件 {dest} 已存在，未做任何改动。为免覆盖一份完好的旧备份，请换一个文件名或指定文件夹；"
            "确实要覆盖它，请加 --force。"
        )


def _unwritable(folder: Path, why: str) -> DatabaseError:
    return DatabaseError(f"无法把备份写入文件夹 {folder}：{why}。请换一个可写的位置。")


def backup_before_migration(engine: Engine) -> Path | None:
    db_file = sqlite_file(engine)
    if db_file is None:
        return None  # server databases are backed up by their own tools
    return backup_to(engine, free_name(backups_dir(db_file), "pre-migration"), whole=False)


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
    """At most one automatic backup a day; then rotate. Returns the new copy, or None.
    (The window runs the same steps as separate jobs: begin_auto, verify_copy, finish_auto.)"""
    copy = begin_auto(engine, now)
    if copy is None:
        return None
    verify_copy(copy)
    return finish_auto(copy)


def begin_auto(engine: Engine, now: datetime | None = None) -> Copy | None:
    """The day's automatic backup, first step: None when there is nothing to do (a server
    database, or today's copy exists), else the live database copied to a partial."""
    db_file = sqlite_file(engine)
    if db_file is None or not db_file.exists():
        return None
    now = now or datetime.now()
    folder = backups_dir(db_file)
    partials.remove_stale(folder)  # at every start, even when today's copy exists already
    existing = _auto_backups(folder)
    if existing and existing[0][0].date() == now.date():
        return None
    return start_copy(engine, db_file, folder / f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}", now)


def finish_auto(copy: Copy) -> Path:
    """The verified copy put in place with its attachment files, then the rotation. Files lost
    before any backup held them do not stop it: no backup in this folder holds them (one that did
    would have served the copy), and refusing would leave every day's data without a copy until the
    clerk mends the attachments; so the database is kept all the same and AttachmentsLost names them."""
    lost = complete_copy(copy, whole=False)
    folder = copy.dest.parent
    existing = _auto_backups(folder)
    keep = backups_to_keep([stamp for stamp, _ in existing])
    for stamp, path in existing:
        if stamp not in keep:
            path.unlink(missing_ok=True)
    attachment_store.collect_garbage(folder)
    if lost:
        raise AttachmentsLost(copy.dest, lost)
    return copy.dest


def list_backups(engine: Engine) -> list[Path]:
    db_file = require_file(engine)
    return sorted(backups_dir(db_file).glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)


# Several databases in one folder share its backups folder: each copy records which file it came
# from, so that advice after a failure never points at another database's backup. It records when
# it was made too: a file's modification time changes when a copying tool does not keep it.
ORIGIN_KEY = "backup_of"
MADE_KEY = "backup_made"


def _mark_origin(copy: Path, db_file: Path, made: datetime) -> None:
    conn = sqlite3.connect(copy)
    try:
        with conn:
            conn.executemany("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                             [(ORIGIN_KEY, json.dumps(db_file.name)), (MADE_KEY, json.dumps(made.isoformat(timespec="seconds")))])
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _recorded(copy: Path, key: str):
    try:
        conn = sqlite3.connect(read_only_uri(copy), uri=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        return json.loads(row[0]) if row else None
    except (sqlite3.DatabaseError, ValueError):  # not a database, or a value that is not JSON
        return None


def origin_of(copy: Path) -> str | None:
    """The database file name a backup was made from (None for copies made before it was recorded)."""
    origin = _recorded(copy, ORIGIN_KEY)
    return origin if isinstance(origin, str) else None


def made_at(copy: Path) -> datetime | None:
    """When a backup was made, as it records (None for copies made before it was recorded)."""
    made = _recorded(copy, MADE_KEY)
    try:
        return datetime.fromisoformat(made) if isinstance(made, str) else None
    except ValueError:
        return None


def newest_verified(db_file: Path) -> Path | None:
    """The newest copy of `db_file` in the backups folder beside it that passes verification, or None."""
    folder = db_file.parent / BACKUPS
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True):
        if origin_of(path) not in (None, db_file.name):
            continue
        try:
            verify_file(path)
        except DatabaseError:
            continue
        return path
    return None
