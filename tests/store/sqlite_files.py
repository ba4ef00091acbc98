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
