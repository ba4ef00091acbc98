"""Faults of the medium a database lives on, told apart from damage to the file itself.

SQLite reports a full disk as "database or disk is full" and a deleted -wal companion as "disk I/O
error"; read as damage, both used to send the clerk to a restore that could only fail too.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from desktop.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_FULL = 13
_WAL_HEADER_BYTES = slice(18, 20)  # file format write/read versions: 2 = WAL
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # a full quota is a full disk too


class CorruptDatabase(DatabaseError):
    """The database file exists but is damaged or not a database: only a restore can help."""

    def __init__(self, message: str, file: Path | None):
        super().__init__(message)
        self.file = file


class DiskFull(DatabaseError):
    """The disk (or the USB stick, or a quota) has no room left for the write."""


class MissingWal(CorruptDatabase):
    """The database is in WAL mode and its -wal companion file has gone. Restorable like damage
    (a restore moves the file and its -shm aside, never deletes them), but named for what it is."""


def _driver_error(error: BaseException) -> BaseException:
    return getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's exception


def is_disk_full(error: BaseException) -> bool:
    error = _driver_error(error)
    if isinstance(error, OSError):
        return error.errno in _NO_SPACE
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", None) == SQLITE_FULL or "database or disk is full" in str(error)
    return False


def is_io_error(error: BaseException) -> bool:
    return "disk I/O error" in str(_driver_error(error))


# SQLite needs room for its 32 KB -shm index and a few pages; below this, an I/O error is the disk.
LOW_SPACE_BYTES = 1 << 20


def out_of_space(error: BaseException, where: Path) -> bool:
    """A full disk, told by SQLite's error or by an I/O error on a disk with (almost) no room left:
    opening a WAL database on a full disk fails with "disk I/O error" as the -shm cannot grow."""
    if is_disk_full(error):
        return True
    if not is_io_error(error):
        return False
    folder = next((p for p in (where, *where.parents) if p.is_dir()), None)
    try:
        return folder is not None and shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def disk_full(where: Path) -> DiskFull:
    folder = where if where.is_dir() else where.parent
    return DiskFull(
        f"磁盘空间不足：无法在 {folder} 写入数据，操作未完成，已保存的数据没有改动。"
        "请删除不需要的文件（或清空回收站）腾出空间，或换一个空间更大的位置，然后重试。"
    )


def wal_file(db_file: Path) -> Path:
    return Path(f"{db_file}-wal")


def header(path: Path, size: int = 100) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def wal_missing(db_file: Path) -> bool:
    """A WAL-mode file whose -shm index is still there while its -wal is not.

    SQLite removes both when the last connection closes and keeps both after a crash; an index
    without its log means the log was deleted (or not copied along), and with it the latest writes.
    """
    if not db_file.is_file() or wal_file(db_file).exists() or not Path(f"{db_file}-shm").exists():
        return False
    try:
        head = header(db_file)
    except OSError:
        return False
    return head.startswith(SQLITE_HEADER) and head[_WAL_HEADER_BYTES] == b"\x02\x02"


def missing_wal(db_file: Path, restore_advice: str) -> MissingWal:
    wal = wal_file(db_file).name
    return MissingWal(
        f"数据库 {db_file} 的日志文件 {wal} 不见了（被删除、移走，或复制数据库时没有一同复制），"
        f"最近的修改保存在这个文件里。这不是数据库文件本身损坏，数据库未做任何改动。请先把 {wal} 放回数据库所在的"
        f"文件夹（如果另一个程序还开着这个数据库，请先关闭它），再重新打开。如果 {wal} 已无法找回：{restore_advice}\n"
        "恢复时原来的文件会被改名保留，不会删除。",
        db_file,
    )
