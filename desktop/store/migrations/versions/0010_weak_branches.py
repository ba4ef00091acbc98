"""整顿提升: 软弱涣散 cases (grounds, progress), screening thresholds per year, inspections with the
branches they visited, 约谈 records; and the branch's 书记空缺起始日期

New tables only, plus one nullable column on branch (a plain ADD COLUMN on every database: no
table copy, so meeting's generated column is never in the way). Cases, progress notes,
inspections, their visits and talks travel between databases, so they carry tombstones; a case's
branch and year, an inspection's kind, date and topic, a visit's inspection and branch are unique
among live records only.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")
TABLES = ("weak_case_progress", "weak_case_ground", "weak_case", "inspection_visit", "inspection",
          "admonition_talk", "weak_rule")


def _record(table: str, tombstoned: bool = True) -> list:
    """The columns and keys every record carries (models/base.py Record, Tombstoned)."""
    columns = [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    ]
    if tombstoned:
        columns += [sa.Column('deleted_at', sa.DateTime(), nullable=True),
                    sa.Column('deleted_by', sa.String(length=120), nullable=True)]
    return [*columns, sa.PrimaryKeyConstraint('id', name=f'pk_{table}'), sa.UniqueConstraint('uuid', name=f'uq_{table}_uuid')]


def _branch_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=f'fk_{table}_branch_id_branch', ondelete='RESTRICT')


def upgrade() -> None:
    op.add_column('branch', sa.Column('secretary_vacant_since', sa.Date(), nullable=True))
    op.create_table(
        'weak_rule',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('satisfaction_hundredths', sa.Integer(), nullable=False),
        sa.Column('empty_months', sa.Integer(), nullable=False),
        sa.Column('vacancy_months', sa.Integer(), nullable=False),
        *_record('weak_rule', tombstoned=False),
        sa.UniqueConstraint('year', name='uq_weak_rule_year'),
    )
    op.create_table(
        'weak_case',
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('identified_on', sa.Date(), nullable=True),
        sa.Column('problems', sa.Text(), nullable=True),
        sa.Column('measures', sa.Text(), nullable=True),
        sa.Column('contact_leader', sa.String(length=30), nullable=True),
        sa.Column('first_secretary', sa.String(length=30), nullable=True),
        sa.Column('responsible', sa.String(length=30), nullable=True),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('accepted_on', sa.Date(), nullable=True),
        sa.Column('acceptance', sa.String(length=8), nullable=True),
        sa.Column('closed_on', sa.Date(), nullable=True),
        *_record('weak_case'),
        _branch_key('weak_case'),
    )
    op.create_index('ix_weak_case_branch_id', 'weak_case', ['branch_id'])
    op.create_index('ix_weak_case_year', 'weak_case', ['year'])
    op.create_index('uq_weak_case_branch_id_year', 'weak_case', ['branch_id', 'year'], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table(
        'weak_case_ground',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('ground', sa.String(length=32), nullable=False),
        *_record('weak_case_ground', tombstoned=False),
        sa.ForeignKeyConstraint(['case_id'], ['weak_case.id'], name='fk_weak_case_ground_case_id_weak_case', ondelete='CASCADE'),
        sa.UniqueConstraint('case_id', 'ground', name='uq_weak_case_ground_case_id_ground'),
    )
    op.create_index('ix_weak_case_ground_ground', 'weak_case_ground', ['ground'])
    op.create_table(
        'weak_case_progress',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('noted_on', sa.Date(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        *_record('weak_case_progress'),
        sa.ForeignKeyConstraint(['case_id'], ['weak_case.id'], name='fk_weak_case_progress_case_id_weak_case', ondelete='CASCADE'),
    )
    op.create_index('ix_weak_case_progress_case_id', 'weak_case_progress', ['case_id'])
    op.create_table(
        'inspection',
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('topic', sa.String(length=200), server_default='', nullable=False),
        sa.Column('inspectors', sa.String(length=200), nullable=False),
        *_record('inspection'),
    )
    op.create_index('ix_inspection_held_on', 'inspection', ['held_on'])
    op.create_index('uq_inspection_kind_held_on_topic', 'inspection', ['kind', 'held_on', 'topic'], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table(
        'inspection_visit',
        sa.Column('inspection_id', sa.Integer(), nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('findings', sa.Text(), nullable=True),
        sa.Column('follow_up', sa.Text(), nullable=True),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('closed_on', sa.Date(), nullable=True),
        *_record('inspection_visit'),
        _branch_key('inspection_visit'),
        sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name='fk_inspection_visit_inspection_id_inspection',
                                ondelete='CASCADE'),
    )
    op.create_index('ix_inspection_visit_branch_id', 'inspection_visit', ['branch_id'])
    op.create_index('uq_inspection_visit_inspection_id_branch_id', 'inspection_visit', ['inspection_id', 'branch_id'],
                    unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table(
        'admonition_talk',
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('person', sa.String(length=30), nullable=False),
        sa.Column('role', sa.String(length=30), nullable=True),
        sa.Column('by_whom', sa.String(length=60), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('agreed', sa.Text(), nullable=True),
        *_record('admonition_talk'),
        _branch_key('admonition_talk'),
    )
    op.create_index('ix_admonition_talk_branch_id', 'admonition_talk', ['branch_id'])
    op.create_index('ix_admonition_talk_held_on', 'admonition_talk', ['held_on'])


def downgrade() -> None:
    for table in TABLES:  # children first
        op.drop_table(table)
    # SQLite (3.35+) drops a column that no index, key or view names in place.
    op.drop_column('branch', 'secretary_vacant_since')
