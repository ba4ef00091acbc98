"""The schema revisions this version of the app knows: the Alembic scripts, the head, and the
refusal of a revision from a newer version. Below both migrations (which back up before they run)
and backup verification (which must know the revisions a copy may claim), so neither imports the
other through it.

Alembic is imported only when a migration runs (or an older revision's schema is built): its import
costs about 0.3 s with the postgresql and mssql dialects its ddl module pulls in, and a start on a
database that is already current needs none of it. The revisions are therefore written down here as
well as in the scripts; tests/store/test_migrations.py checks that the two agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from desktop.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"

# Every revision of store/migrations/versions, oldest first; the last one is the head. A new
# migration adds its revision here (the test above fails until it does).
KNOWN = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012", "0013", "0014")
HEAD = KNOWN[-1]


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database is stamped with (none for an empty one): what Alembic's
    MigrationContext.get_current_heads reads, in plain SQL."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return set()
        return {row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}


def head_revisions() -> set[str]:
    return {HEAD}


def known_revisions() -> set[str]:
    return set(KNOWN)


def refuse_unknown(revisions: set[str]) -> None:
    """Raise DatabaseError when a schema revision is not one this version of the app knows."""
    known = known_revisions()
    unknown = set(revisions) - known
    if unknown:
        raise DatabaseError(
            "该数据库由更新版本的本软件创建（结构版本 "
            + "、".join(sorted(unknown))
            + "），当前版本无法安全打开。请升级软件后再使用；数据库未做任何改动。"
        )


def run_upgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = _config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def upgrade_empty_to(engine: Engine, revision: str) -> None:
    """Build the schema of `revision` on an empty database (what a file at that revision must hold)."""
    run_upgrade(engine, revision)
