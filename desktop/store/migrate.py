"""Schema migrations, applied at start. A database from a newer version is refused untouched,
and a file database is backed up (and the copy verified) before any migration touches it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from desktop.store.revisions import (  # noqa: F401 - the revision helpers are used through this module too
    MIGRATIONS_DIR,
    _config,
    _script,
    current_revisions,
    head_revisions,
    refuse_unknown,
    run_upgrade,
    upgrade_empty_to,
)


def pending(engine: Engine) -> bool:
    return current_revisions(engine) != head_revisions()


def check_not_from_future(engine: Engine) -> None:
    refuse_unknown(current_revisions(engine))


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision. Returns True when anything was applied."""
    current = current_revisions(engine)
    refuse_unknown(current)
    if not pending(engine):
        return False
    from desktop.store import backup

    if current:  # an existing database: keep a verified copy first
        backup.backup_before_migration(engine)
    run_upgrade(engine, "heads")
    return True


def __getattr__(name: str) -> Any:
    """`migrate.command` is Alembic's command module, imported on first use (tests replace
    command.upgrade through it); a start on a current database never imports Alembic."""
    if name == "command":
        from alembic import command

        return command
    raise AttributeError(name)
