"""the seam's change log, and tombstones for the records that travel between databases

Every insert, update and delete of a record is logged (change_log, in `seq` order) by the seam
itself. Branches, meetings and their attachments, scoring sessions with their scorers, branches
and scores, evaluations, workflow steps and certificates are deleted by marking them (deleted_at,
deleted_by): a laptop merge must tell "deleted here" from "never seen here". Uniqueness that a
deleted record would otherwise keep holding (a branch's name, a meeting, a score cell) now holds
among live records only, as a partial unique index.

Revision ID: 0008
Revises: 0007
"""

import re

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None

TOMBSTONED = ("branch", "meeting", "meeting_attachment", "scoring_session", "session_scorer",
              "session_branch", "score", "evaluation", "workflow_step", "certificate")
LIVE_UNIQUE = {
    "branch": ("uq_branch_name", ["name"]),
    "meeting": ("uq_meeting_branch_id_meeting_type_held_on_topic", ["branch_id", "meeting_type", "held_on", "topic"]),
    "score": ("uq_score_session_id_scorer_id_branch_id_item_id", ["session_id", "scorer_id", "branch_id", "item_id"]),
    "session_scorer": ("uq_session_scorer_session_id_name", ["session_id", "name"]),
    "session_branch": ("uq_session_branch_session_id_branch_id", ["session_id", "branch_id"]),
}
LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_table(
        'change_log',
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('tx', sa.String(length=36), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=120), nullable=False),
        sa.Column('table_name', sa.String(length=64), nullable=False),
        sa.Column('record_uuid', sa.String(length=36), nullable=False),
        sa.Column('op', sa.String(length=8), nullable=False),
        sa.Column('fields', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_log')),
        sqlite_autoincrement=True,
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TOMBSTONED:
        # Plain ADD COLUMN (nullable, no default) on every database: no table copy needed.
        op.add_column(table, sa.Column('deleted_at', sa.DateTime(), nullable=True))
        op.add_column(table, sa.Column('deleted_by', sa.String(length=120), nullable=True))
    for table, (name, columns) in LIVE_UNIQUE.items():
        if sqlite:
            _rebuild_without_constraint(table, name)
        else:
            op.drop_constraint(name, table, type_='unique')
        op.create_index(name, table, columns, unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    # The monthly rates read this index alone; leaving deleted meetings out must not change that.
    op.drop_index('ix_meeting_type_month', table_name='meeting')
    op.create_index('ix_meeting_type_month', 'meeting', ['meeting_type', 'held_month', 'branch_id', 'deleted_at'])


def _rebuild_without_constraint(table: str, constraint: str) -> None:
    """SQLite cannot drop a table constraint: make the table again without it (SQLite's own
    procedure: new table, copy, drop, rename, indexes back). Alembic's batch mode cannot do this
    for `meeting`: it copies the generated column held_month, which SQLite refuses."""
    bind = op.get_bind()
    create = bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type='table' AND name=:t"), {"t": table}).scalar_one()
    indexes = [row[0] for row in bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name=:t AND sql IS NOT NULL"), {"t": table})]
    clause = re.compile(rf",\s*CONSTRAINT {constraint} UNIQUE \([^)]*\)")
    if not clause.search(create):  # a database downgraded from this revision: a unique index instead
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {constraint}")
        return
    temporary = f"_rebuild_{table}"
    bind.exec_driver_sql(clause.sub("", create, count=1).replace(f"CREATE TABLE {table} (", f"CREATE TABLE {temporary} (", 1))
    columns = [row[1] for row in bind.exec_driver_sql(f"PRAGMA table_xinfo({table})") if row[6] in (0, 1)]  # not generated
    names = ", ".join(columns)
    bind.exec_driver_sql(f"INSERT INTO {temporary} ({names}) SELECT {names} FROM {table}")
    bind.exec_driver_sql(f"DROP TABLE {table}")
    bind.exec_driver_sql(f"ALTER TABLE {temporary} RENAME TO {table}")
    for sql in indexes:
        bind.exec_driver_sql(sql)


def downgrade() -> None:
    op.drop_index('ix_meeting_type_month', table_name='meeting')
    op.create_index('ix_meeting_type_month', 'meeting', ['meeting_type', 'held_month', 'branch_id'])
    for table, (name, _columns) in LIVE_UNIQUE.items():
        op.drop_index(name, table_name=table)
    for table in TOMBSTONED:
        op.execute(sa.text(f"DELETE FROM {table} WHERE deleted_at IS NOT NULL"))
        op.drop_column(table, 'deleted_by')
        op.drop_column(table, 'deleted_at')
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, (name, columns) in LIVE_UNIQUE.items():
        if sqlite:  # as a unique index: SQLite cannot add a table constraint
            op.create_index(name, table, columns, unique=True)
        else:
            op.create_unique_constraint(name, table, columns)
    op.drop_table('change_log')
