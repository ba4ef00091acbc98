"""Alembic environment. Run through desktop.store.migrate, never with an alembic.ini."""

from __future__ import annotations

import warnings

from alembic import context
from sqlalchemy import text

from desktop.models import Base

# PostgreSQL before 18 stores generated columns (meeting.held_month); SQLite keeps them virtual.
# Both are what the app wants, so SQLAlchemy's note about the difference is not for the clerk.
warnings.filterwarnings("ignore", message=r"Computed column .* is being created as 'STORED'")

config = context.config
connection = config.attributes["connection"]
is_sqlite = connection.dialect.name == "sqlite"

if is_sqlite:
    # Batch mode rebuilds a table with DROP TABLE, which fires ON DELETE CASCADE while foreign keys
    # are on and silently deletes child rows. Turn them off outside any transaction (the PRAGMA is a
    # no-op inside one), and commit so SQLAlchemy's auto-begin does not swallow Alembic's work.
    connection.execute(text("PRAGMA foreign_keys=OFF"))
    connection.commit()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=is_sqlite,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

if is_sqlite:
    problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if problems:
        raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")
    connection.execute(text("PRAGMA foreign_keys=ON"))
