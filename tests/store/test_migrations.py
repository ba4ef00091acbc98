"""Schema: migrations from empty, models == migrated schema, future and foreign databases refused."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from desktop.errors import DatabaseError
from desktop.models import Base
from desktop.store import migrate, revisions
from desktop.store.database import open_database
from desktop.store.engine import make_engine
from tests.store.sqlite_files import FOREIGN_TABLE, OLD_STYLE_FUTURE, execute, stamp

ROOT = Path(__file__).resolve().parents[2]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migration_up_from_empty(tmp_path):
    engine = make_engine(str(tmp_path / "new.sqlite3"))
    try:
        assert migrate.upgrade(engine) is True
        assert migrate.current_revisions(engine) == migrate.head_revisions()
        assert {"branch", "secretary_training", "setting", "alembic_version"} <= set(inspect(engine).get_table_names())
        assert migrate.upgrade(engine) is False  # nothing left to do
    finally:
        engine.dispose()


def test_the_revisions_written_down_are_the_scripts():
    """A start on a current database compares with store/revisions.py's constants, not Alembic's
    scripts: they must name the same revisions, in order, with the same head."""
    script = migrate._script()
    assert tuple(reversed([rev.revision for rev in script.walk_revisions()])) == revisions.KNOWN
    assert script.get_heads() == [revisions.HEAD]


def test_opening_a_current_database_imports_no_alembic(tmp_path):
    path = tmp_path / "current.sqlite3"
    open_database(str(path)).close()
    code = (
        "import sys\nfrom desktop.store.database import open_database\n"
        f"open_database({str(path)!r}, create=False).close()\nprint('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_models_match_the_migrated_schema(ws):
    with ws.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_no_backup_is_made_for_a_brand_new_database(tmp_path):
    open_database(str(tmp_path / "fresh.sqlite3")).close()
    assert not (tmp_path / "backups").exists()


def test_database_from_the_future_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    open_database(str(path)).close()
    stamp(path, "9999_from_the_future")
    before = digest(path)
    with pytest.raises(DatabaseError) as error:
        open_database(str(path))
    assert "更新版本" in error.value.message and "9999_from_the_future" in error.value.message
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()  # nothing was even copied
    wal = tmp_path / "future.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_future_database_in_rollback_journal_mode_is_left_untouched(tmp_path):
    # The journal mode lives in the file header: switching to WAL would already change the file.
    path = execute(tmp_path / "old-style.sqlite3", *OLD_STYLE_FUTURE)
    before = digest(path)
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(str(path))
    assert digest(path) == before


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    path = execute(tmp_path / "contacts.sqlite3", FOREIGN_TABLE)
    before = digest(path)
    with pytest.raises(DatabaseError, match="不是本软件的数据库"):
        open_database(str(path))
    assert digest(path) == before


def test_migrating_an_older_database_backs_it_up_first(tmp_path, monkeypatch):
    """An existing database with a pending migration gets a verified copy before anything runs."""
    path = tmp_path / "older.sqlite3"
    open_database(str(path)).close()
    engine = create_engine(f"sqlite:///{path}")
    # Pretend this version of the app ships one more revision than the file has.
    monkeypatch.setattr(migrate, "pending", lambda _engine: True)
    calls = []
    monkeypatch.setattr(migrate.command, "upgrade", lambda config, target: calls.append(target))
    try:
        assert migrate.upgrade(engine) is True
    finally:
        engine.dispose()
    copies = list((tmp_path / "backups").glob("pre-migration-*.sqlite3"))
    assert len(copies) == 1 and calls == ["heads"]
    conn = sqlite3.connect(copies[0])
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] in migrate.head_revisions()
    conn.close()


@pytest.mark.skipif(len(list(migrate._script().walk_revisions())) < 2, reason="only one schema revision so far")
def test_real_upgrade_from_the_first_revision_keeps_data_and_backs_up(tmp_path):
    """Downgrade a database with data to the first revision, reopen it: the app backs it up,
    migrates it, and no row is lost (batch mode rebuilding `branch` must not cascade to trainings)."""
    from alembic import command

    from desktop.services import branches

    path = tmp_path / "older.sqlite3"
    db = open_database(str(path))
    branches.save_branch(
        db.workspace, {"name": "甲党支部", "branch_kind": "village", "full_members": 9, "trained_years": frozenset({2024, 2025})})
    config = migrate._config()
    with db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    db.close()

    db = open_database(str(path))
    try:
        assert migrate.current_revisions(db.engine) == migrate.head_revisions()
        assert branches.get_branch(db.workspace, 1)["trained_years"] == frozenset({2024, 2025})
    finally:
        db.close()
    copies = list((tmp_path / "backups").glob("pre-migration-*.sqlite3"))
    assert len(copies) == 1
    conn = sqlite3.connect(copies[0])
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    conn.close()
