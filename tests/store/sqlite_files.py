"""Raw SQLite files for the store tests: written with sqlite3 directly, as another program would."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def execute(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return path


def stamp(path: Path, revision: str) -> Path:
    """Pretend `path` was written by a version of the app whose schema is `revision`."""
    return execute(path, f"UPDATE alembic_version SET version_num = '{revision}'")


FOREIGN_TABLE = "CREATE TABLE people (name TEXT)"
OLD_STYLE_FUTURE = (
    "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
    "INSERT INTO alembic_version VALUES ('9999')",
)


def truncated(source: Path, dest: Path, size: int) -> Path:
    dest.write_bytes(source.read_bytes()[:size])
    return dest


def bit_flipped(source: Path, dest: Path, offset: int, bit: int = 0) -> Path:
    data = bytearray(source.read_bytes())
    data[offset] ^= 1 << bit
    dest.write_bytes(bytes(data))
    return dest


def rewrite_schema(path: Path, name: str, sql: str) -> Path:
    """Change what sqlite_master says an index is, without rebuilding it: the index then holds
    entries that do not match its definition (duplicates in a "unique" index, other columns)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, name))
        conn.commit()
    finally:
        conn.close()
    return path


def rows_without_checks(path: Path, *statements: str) -> Path:
    """Write as another program would, with foreign keys off (SQLite's default)."""
    return execute(path, "PRAGMA foreign_keys=OFF", *statements)
