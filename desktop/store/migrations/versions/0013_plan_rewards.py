"""创建计划与激励: the yearly plan rows, pay totals and base funding, 市委 grants, 隶属关系调整

New tables only. None of them travels to a laptop, so none carries a tombstone; one plan row,
one pay row and one grant per branch and year.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("branch_plan", "branch_pay", "city_grant", "reaffiliation")


def _record(table: str) -> list:
    """The columns and keys every record carries (models/base.py Record)."""
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.PrimaryKeyConstraint('id', name=f'pk_{table}'),
        sa.UniqueConstraint('uuid', name=f'uq_{table}_uuid'),
        sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=f'fk_{table}_branch_id_branch', ondelete='RESTRICT'),
    ]


def _per_year(table: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint('branch_id', 'year', name=f'uq_{table}_branch_id_year')


def upgrade() -> None:
    op.create_table(
        'branch_plan',
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('classification', sa.String(length=12), nullable=False),
        sa.Column('planned', sa.Boolean(), nullable=False),
        sa.Column('measures', sa.Text(), nullable=True),
        sa.Column('responsible', sa.String(length=60), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
        *_record('branch_plan'), _per_year('branch_plan'),
    )
    op.create_index('ix_branch_plan_branch_id', 'branch_plan', ['branch_id'])
    op.create_index('ix_branch_plan_year', 'branch_plan', ['year'])
    op.create_table(
        'branch_pay',
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('pay_total_fen', sa.Integer(), nullable=True),
        sa.Column('base_funding_fen', sa.Integer(), nullable=True),
        *_record('branch_pay'), _per_year('branch_pay'),
    )
    op.create_index('ix_branch_pay_branch_id', 'branch_pay', ['branch_id'])
    op.create_index('ix_branch_pay_year', 'branch_pay', ['year'])
    op.create_table(
        'city_grant',
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('granted_on', sa.Date(), nullable=False),
        *_record('city_grant'), _per_year('city_grant'),
    )
    op.create_index('ix_city_grant_branch_id', 'city_grant', ['branch_id'])
    op.create_table(
        'reaffiliation',
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('on_date', sa.Date(), nullable=False),
        sa.Column('old_parent', sa.String(length=120), nullable=True),
        sa.Column('new_parent', sa.String(length=120), nullable=True),
        *_record('reaffiliation'),
    )
    op.create_index('ix_reaffiliation_branch_id', 'reaffiliation', ['branch_id'])


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
