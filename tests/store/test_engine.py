"""Connection settings and opening a database that cannot be used."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from desktop.errors import DatabaseError
from desktop.store.database import open_database
from desktop.store.lock import InstanceLock


def test_every_connection_has_wal_full_sync_and_foreign_keys(ws):
    # Several connections, including the one the migration used (it turned foreign keys off).
    connections = [ws.engine.connect() for _ in range(3)]
    try:
        for conn in connections:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() > 0
    finally:
        for conn in connections:
            conn.close()


def test_corrupt_database_file_gives_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database at all " * 200)
    with pytest.raises(DatabaseError, match="已损坏"):
        open_database(str(path))


def test_database_with_damaged_pages_gives_a_message(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    open_database(str(path)).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, after the header
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError):
        open_database(str(path))


def test_second_exclusive_open_is_refused(tmp_path):
    path = tmp_path / "one.sqlite3"
    first = open_database(str(path), exclusive=True)
    try:
        with pytest.raises(DatabaseError, match="另一个正在运行"):
            open_database(str(path), exclusive=True)
    finally:
        first.close()
    open_database(str(path), exclusive=True).close()  # free again once the first has closed


def test_second_exclusive_open_from_another_process_is_refused(tmp_path):
    path = tmp_path / "shared.sqlite3"
    script = textwrap.dedent(
        f"""
        from desktop.errors import DatabaseError
        from desktop.store.database import open_database
        try:
            open_database({str(path)!r}, exclusive=True)
        except DatabaseError as error:
            print(error.message)
            raise SystemExit(3)
        """
    )
    with InstanceLock(path):
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "另一个正在运行" in result.stdout
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr + again.stdout
