"""The schema revisions this version of the app knows: the Alembic scripts, the head, and the
refusal of a revision from a newer version. Below both migrations (which back up before they run)
and backup verification (which must know the revisions a copy may claim), so neither imports the
other through it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desktop.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def head_revisions() -> set[str]:
    return set(_script().get_heads())


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script().walk_revisions()}


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
    config = _config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def upgrade_empty_to(engine: Engine, revision: str) -> None:
    """Build the schema of `revision` on an empty database (what a file at that revision must hold)."""
    run_upgrade(engine, revision)
