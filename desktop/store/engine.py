"""Engine creation: one place that knows how a database target becomes an Engine."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_MS = 10_000


def database_url(target: str) -> URL:
    """A filesystem path or an SQLAlchemy URL -> an SQLAlchemy URL."""
    if "://" in target:
        return make_url(target)
    # Built from parts, not parsed: a '?' or '#' in a folder name is part of the path.
    return URL.create("sqlite", database=str(Path(target).expanduser().resolve()))


def sqlite_file(engine_or_url: Engine | URL | str) -> Path | None:
    """The database file behind an SQLite engine, or None (server database or in-memory)."""
    url = make_url(engine_or_url.url if isinstance(engine_or_url, Engine) else engine_or_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def sqlite_connection(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under `conn`, for what only sqlite3 does (backup, PRAGMA reads)."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection), "only called on the connections of a SQLite engine"
    return raw


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens `path` read-only. Built with as_uri() so that '#', '?' and '%' in a
    folder name are escaped instead of cutting the path short."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers continue while a write is in progress; FULL makes a committed score survive
    # a power cut; foreign keys are off by default in SQLite and must be asked for per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(target: str) -> Engine:
    url = database_url(target)
    file = sqlite_file(url)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine
