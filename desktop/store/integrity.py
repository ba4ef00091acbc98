"""When a database file counts as a whole branchdesk database: before a backup counts, before older
copies are rotated away, and before a file is restored.

`quick_check` alone passed damaged indexes (a duplicate entry in a unique index among them) and a
forged file holding only the version table; a file now has to pass `integrity_check`,
`foreign_key_check` and carry every table and column of the schema revision it claims.
"""

from __future__ import annotations

import os
import sqlite3
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from desktop.errors import DatabaseError
from desktop.store.engine import read_only_uri, sqlite_connection

Schema = dict[str, frozenset[str]]  # table -> its column names
MAX_LISTED = 5


def _bad_file(path: Path, why: str) -> DatabaseError:
    return DatabaseError(f"{path.name} 不能作为本软件的数据库使用：{why}。")


def verify_file(path: Path) -> None:
    """Raise DatabaseError, with the reason in Chinese, unless `path` is a readable, undamaged
    branchdesk database with the complete schema of its revision (one this version knows)."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"找不到文件：{path}")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            _verify(conn, path)
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if not os.access(path, os.R_OK):
            raise DatabaseError(f"无法读取 {path}：没有权限。") from exc
        raise DatabaseError(f"{path.name} 不是有效的数据库文件，或已损坏。") from exc
    except sqlite3.DatabaseError as exc:  # the SQLite wording stays out of the clerk's message
        raise DatabaseError(f"{path.name} 不是有效的数据库文件，或已损坏。") from exc


def _verify(conn: sqlite3.Connection, path: Path) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        raise DatabaseError(f"{path.name} 不是本软件的数据库。")
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise DatabaseError(f"{path.name} 完整性检查未通过：文件已损坏（{len(problems)} 处问题，例如索引或数据页损坏）。")
    revisions = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    # A copy made by a newer version would replace the data with something this version must then
    # refuse to open: stop before the restore instead.
    from desktop.store.revisions import refuse_unknown

    refuse_unknown(revisions)
    if len(revisions) != 1:
        raise _bad_file(path, "缺少结构版本记录" if not revisions else "结构版本记录不唯一")
    missing = schema_gaps(conn, expected_schema(next(iter(revisions))))
    if missing:
        shown = "、".join(missing[:MAX_LISTED]) + (f" 等 {len(missing)} 项" if len(missing) > MAX_LISTED else "")
        raise _bad_file(path, f"文件不完整，缺少 {shown}")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables_hit = "、".join(sorted({row[0] for row in broken}))
        raise _bad_file(path, f"有 {len(broken)} 条记录指向不存在的记录（外键检查未通过：{tables_hit} 表）")


def actual_schema(conn: sqlite3.Connection) -> Schema:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    # table_xinfo, not table_info: generated columns (meeting.held_month) are hidden from the latter.
    return {t: frozenset(row[1] for row in conn.execute(f'PRAGMA table_xinfo("{t}")')) for t in tables}


def schema_gaps(conn: sqlite3.Connection, expected: Schema) -> list[str]:
    """Tables and columns of `expected` that the file lacks, as the clerk's message names them."""
    actual = actual_schema(conn)
    gaps = []
    for table, columns in sorted(expected.items()):
        if table not in actual:
            gaps.append(f"数据表 {table}")
        else:
            gaps.extend(f"{table}.{column} 列" for column in sorted(columns - actual[table]))
    return gaps


@cache
def expected_schema(revision: str) -> Schema:
    """Every table and column a database at `revision` has: the ORM's at head, otherwise what the
    migrations build on an empty in-memory database (once per revision and process)."""
    from desktop.store import revisions

    if {revision} == revisions.head_revisions():
        from desktop.models import Base

        return {name: frozenset(c.name for c in table.columns) for name, table in Base.metadata.tables.items()} | {
            "alembic_version": frozenset({"version_num"})
        }
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        revisions.upgrade_empty_to(engine, revision)
        with engine.connect() as conn:
            return actual_schema(sqlite_connection(conn))
    finally:
        engine.dispose()
