"""One running app per database: a second instance is refused with a message."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from desktop.errors import DatabaseError


class InstanceLock:
    """An OS-level lock beside the database file; the OS releases it if the process dies."""

    def __init__(self, db_file: Path):
        self._lock = FileLock(str(db_file) + ".lock")

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout as exc:
            raise DatabaseError(
                "该数据库已被另一个正在运行的 branchdesk 打开。请先关闭那个窗口，再重新启动。"
            ) from exc

    def release(self) -> None:
        self._lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()
