"""Open a database the way the app and the CLI both need it: engine, lock, migrations, backups."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, exc, text

from desktop.errors import DatabaseError
from desktop.store import backup, migrate
from desktop.store.engine import make_engine, sqlite_file
from desktop.store.lock import InstanceLock


@dataclass
class Database:
    engine: Engine
    file: Path | None
    lock: InstanceLock | None = field(default=None, repr=False)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock:
            self.lock.release()
            self.lock = None


def open_database(target: str, *, exclusive: bool = False, auto_backup: bool = False) -> Database:
    """Open, lock (when `exclusive`), refuse a future schema, migrate, and back up once a day."""
    engine = make_engine(target)
    db_file = sqlite_file(engine)
    lock = None
    if exclusive and db_file is not None:
        lock = InstanceLock(db_file)
        lock.acquire()
    try:
        _probe(engine, db_file)
        migrate.upgrade(engine)
        if auto_backup:
            backup.auto_backup(engine)
    except BaseException:
        engine.dispose()
        if lock:
            lock.release()
        raise
    return Database(engine, db_file, lock)


def _probe(engine: Engine, db_file: Path | None) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master" if db_file else "SELECT 1"))
    except exc.DatabaseError as error:
        where = str(db_file) if db_file else str(engine.url)
        raise DatabaseError(
            f"无法打开数据库 {where}：文件已损坏或不是数据库。"
            "可在“文件 → 恢复备份”中选择 backups 文件夹里最近的备份恢复。"
        ) from error
    except exc.OperationalError as error:
        raise DatabaseError(f"无法连接数据库：{error.orig}") from error
