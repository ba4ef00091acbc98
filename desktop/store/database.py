"""Open a database the way the app and the CLI both need it: engine, lock, migrations, backups."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, exc, text

from desktop.errors import DatabaseError
from desktop.store import backup, faults, migrate, restore, workspace
from desktop.store.backup import CorruptDatabase, corrupt_error
from desktop.store.engine import database_url, make_engine, read_only_uri, sqlite_file
from desktop.store.files import reason
from desktop.store.lock import InstanceLock
from desktop.store.workspace import Workspace

__all__ = ["CorruptDatabase", "Database", "MissingDatabase", "open_database", "restore_corrupt"]


class MissingDatabase(DatabaseError):
    """The database file does not exist and the caller may not create one."""


@dataclass
class Database:
    engine: Engine
    file: Path | None
    lock: InstanceLock | None = field(default=None, repr=False)
    created: bool = False  # the file did not exist: this open made a new, empty database
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def workspace(self) -> Workspace:
        """The seam every service works through (store/workspace.py)."""
        if self._workspace is None:
            self._workspace = workspace.for_database(self.engine, self.file)
        return self._workspace

    def close(self) -> None:
        self.engine.dispose()
        if self.lock:
            self.lock.release()
            self.lock = None


def open_database(target: str, *, exclusive: bool = False, auto_backup: bool = False, create: bool = True) -> Database:
    """Open, lock (when `exclusive`), refuse a future schema, migrate, and back up once a day.

    A file that does not exist becomes a new database only with `create`; without it the path is
    refused, so that a typo never turns into an empty database (which a backup would then copy).
    """
    db_file = sqlite_file(database_url(target))
    created = False
    if db_file is not None:
        if not db_file.exists():
            if not create:
                raise missing_database(db_file)
            created = True
        check_access(db_file)
    engine = make_engine(target)
    lock = None
    if exclusive and db_file is not None:
        lock = InstanceLock(db_file)
        try:
            lock.acquire()
        except OSError as error:  # the .lock file beside the database cannot be created
            engine.dispose()
            raise _unwritable(db_file, reason(error)) from error
    try:
        if db_file is not None:
            _inspect_read_only(db_file)
        _probe(engine, db_file)
        migrate.upgrade(engine)
        if auto_backup:
            backup.auto_backup(engine)
    except BaseException as error:
        engine.dispose()
        if lock:
            lock.release()
        medium = _medium_fault(db_file, error)  # a migration on a full disk, ...
        if medium is not None:
            raise medium from error
        raise
    return Database(engine, db_file, lock, created)


def missing_database(db_file: Path) -> MissingDatabase:
    return MissingDatabase(
        f"找不到数据库文件：{db_file}。请检查路径是否写对（--db 或环境变量 BRANCHDESK_DB）。"
        "这个命令只读取数据，不会新建数据库；要新建，请启动软件，或用 import、demo 写入数据。"
    )


def _corrupt(where) -> DatabaseError:
    if not isinstance(where, Path):  # a server database: its own tools restore it
        return CorruptDatabase(f"无法打开数据库 {where}：数据已损坏。请用数据库服务器自带的工具检查和恢复。", None)
    return corrupt_error(where)


def _unwritable(db_file: Path, why: str) -> DatabaseError:
    return DatabaseError(
        f"无法使用数据库 {db_file}：文件或所在文件夹无法读写（{why}）。这是权限或只读位置的问题，不是文件损坏。"
        "请检查权限，或把数据库复制到可写的位置后用 --db 指定它。"
    )


def check_access(db_file: Path) -> None:
    """Refuse, with the true reason, a database the OS will not let us read and write.

    SQLite says only "unable to open database file" for all of these, which used to read as a corrupt
    database; the -wal, -shm and .lock files beside it need a writable folder even for reading.
    """
    folder = next((p for p in (db_file.parent, *db_file.parent.parents) if p.exists()), None)
    if folder is None or not folder.is_dir():
        raise _unwritable(db_file, "路径中有一段不是文件夹")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _unwritable(db_file, "文件夹没有写入权限，或是只读的位置（如只读的 U 盘或光盘）")
    if db_file.exists():
        if not db_file.is_file():
            raise _unwritable(db_file, "这是一个文件夹，不是数据库文件")
        if not os.access(db_file, os.R_OK):
            raise _unwritable(db_file, "没有读取权限")
        if not os.access(db_file, os.W_OK):
            raise _unwritable(db_file, "文件是只读的")


def _inspect_read_only(db_file: Path) -> None:
    """Look at an existing file before any write-capable connection touches it.

    The engine's connect hook switches the journal to WAL, which rewrites the file header; a file we
    must refuse (another program's database, or one from a newer version of this app) has to stay
    exactly as it was, so those checks run on a read-only connection first.
    """
    if not db_file.is_file():
        return  # a new database
    _refuse_non_database(db_file)
    if faults.wal_missing(db_file):
        raise faults.missing_wal(db_file, backup.restore_advice(db_file))
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
        if faults.out_of_space(error, db_file.parent):
            raise faults.disk_full(db_file) from error
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseError(f"数据库 {db_file} 正被其他程序占用，请稍后再试。") from error
        if "unable to open" in str(error):
            raise _unwritable(db_file, "系统拒绝打开") from error
        raise _corrupt(db_file) from error
    except sqlite3.DatabaseError as error:
        raise _corrupt(db_file) from error
    if tables and "alembic_version" not in tables:
        raise DatabaseError(f"{db_file} 不是本软件的数据库（其中已有其他程序的数据表），未做任何改动。请用 --db 指定其他文件。")
    migrate.refuse_unknown(revisions)


def _medium_fault(db_file: Path | None, error: BaseException) -> DatabaseError | None:
    """A full disk or a lost -wal behind an SQLite error, or None."""
    if db_file is None or not isinstance(error, (exc.DBAPIError, sqlite3.Error)):
        return None
    if faults.out_of_space(error, db_file.parent):
        return faults.disk_full(db_file)
    if faults.wal_missing(db_file):
        return faults.missing_wal(db_file, backup.restore_advice(db_file))
    return None


def failure(db_file: Path | None, error: Exception) -> DatabaseError:
    """The true reason, in Chinese, for an SQLite error raised while a database file was in use:
    a full disk and a lost -wal are not damage, and a restore would not help with the former."""
    medium = _medium_fault(db_file, error)
    if medium is not None:
        return medium
    text = str(getattr(error, "orig", None) or error)
    if db_file is not None and ("malformed" in text or "not a database" in text):
        return corrupt_error(db_file, "操作未完成，数据库")
    if db_file is not None and faults.is_io_error(error):
        return DatabaseError(
            f"读写数据库 {db_file} 时磁盘出错，操作未完成。请检查 U 盘或移动硬盘是否仍然连接、磁盘是否有故障，然后重试。"
        )
    return DatabaseError("数据库操作失败，操作未完成；已保存的数据不受影响（每次修改都在单独的事务中完成）。")


def _refuse_non_database(db_file: Path) -> None:
    """SQLite takes any file shorter than its header for a new, empty database: a truncated (or
    emptied) database would open empty, and the day's backup would copy the empty file."""
    try:
        head = faults.header(db_file, len(faults.SQLITE_HEADER))
    except OSError as error:
        raise _unwritable(db_file, reason(error)) from error
    if head == faults.SQLITE_HEADER:
        return
    if not head:
        raise corrupt_error(db_file, why="文件是空的（0 字节），不是数据库")
    if len(head) < len(faults.SQLITE_HEADER):
        raise corrupt_error(db_file, why=f"文件只有 {len(head)} 字节，不是数据库")
    raise corrupt_error(db_file, why="文件不是 SQLite 数据库，或文件开头已损坏")


def _probe(engine: Engine, db_file: Path | None) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master" if db_file else "SELECT 1"))
    except exc.OperationalError as error:  # before DatabaseError: it is a subclass of it
        if db_file is not None and faults.out_of_space(error, db_file.parent):
            raise faults.disk_full(db_file) from error
        if db_file is not None and "not a database" in str(error.orig):
            raise _corrupt(db_file) from error
        if db_file is not None:
            raise _unwritable(db_file, "系统拒绝打开") from error
        # The driver's wording (English) stays chained as __cause__, out of the clerk's sentence.
        raise DatabaseError(
            f"无法连接数据库服务器 {engine.url.render_as_string(hide_password=True)}：请检查地址、账号和网络。"
        ) from error
    except exc.DatabaseError as error:
        raise _corrupt(db_file if db_file else engine.url) from error


def restore_corrupt(target: str, source: Path) -> Path:
    """`restore` when the current database cannot even be opened: under the instance lock, move the
    corrupt file aside (kept) and put a verified copy of `source` in its place, then open it once so
    an older copy is migrated. Returns where the corrupt file now is."""
    db_file = sqlite_file(database_url(target))
    if db_file is None:
        raise DatabaseError("只有本机 SQLite 数据库可以在软件内恢复；服务器数据库请用数据库自带的工具。")
    check_access(db_file)
    with InstanceLock(db_file):
        aside = restore.replace_corrupt(db_file, Path(source))
    open_database(target).close()
    return aside
