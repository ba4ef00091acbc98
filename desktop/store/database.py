"""Open a database the way the app and the CLI both need it: engine, lock, migrations, backups."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, exc, text

from desktop.errors import DatabaseError
from desktop.store import backup, migrate
from desktop.store.engine import make_engine, read_only_uri, sqlite_file
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
        if db_file is not None:
            _inspect_read_only(db_file)
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


def _corrupt(where) -> DatabaseError:
    return DatabaseError(
        f"无法打开数据库 {where}：文件已损坏或不是数据库。"
        "可在“文件 → 恢复备份”中选择 backups 文件夹里最近的备份恢复。"
    )


def _inspect_read_only(db_file: Path) -> None:
    """Look at an existing file before any write-capable connection touches it.

    The engine's connect hook switches the journal to WAL, which rewrites the file header; a file we
    must refuse (another program's database, or one from a newer version of this app) has to stay
    exactly as it was, so those checks run on a read-only connection first.
    """
    if not db_file.is_file() or db_file.stat().st_size == 0:
        return  # a new database
    try:
        conn = sqlite3.connect(read_only_uri(db_file), uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revisions = (
                {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
                if "alembic_version" in tables
                else set()
            )
        finally:
            conn.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseError(f"数据库 {db_file} 正被其他程序占用，请稍后再试。") from error
        raise _corrupt(db_file) from error
    except sqlite3.DatabaseError as error:
        raise _corrupt(db_file) from error
    if tables and "alembic_version" not in tables:
        raise DatabaseError(f"{db_file} 不是本软件的数据库（其中已有其他程序的数据表），未做任何改动。请用 --db 指定其他文件。")
    migrate.refuse_unknown(revisions)


def _probe(engine: Engine, db_file: Path | None) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master" if db_file else "SELECT 1"))
    except exc.OperationalError as error:  # before DatabaseError: it is a subclass of it
        if db_file is not None and "not a database" in str(error.orig):
            raise _corrupt(db_file) from error
        raise DatabaseError(f"无法连接数据库：{error.orig}") from error
    except exc.DatabaseError as error:
        raise _corrupt(db_file if db_file else engine.url) from error
