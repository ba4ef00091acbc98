"""scoring on the laptop: check-outs, their decided conflicts and bookkeeping, opened packages

A part of a scoring session (some scorers, perhaps the session's 四评 tallies) is checked out to a
laptop file and merged back. The office keeps one `checkout` row per part it wrote (open, merged or
cancelled with its reason, the return numbers merged per laptop copy), the conflicts a clerk
decided, and by name the key returns are opened with and the baselines a merge compares against.
A laptop keeps one `laptop_package` row per package it opened. New tables only: nothing existing
is rebuilt, on SQLite and PostgreSQL alike.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = "0008"
branch_labels = None
depends_on = None


def _record_columns(table: str) -> list:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('uuid', name=op.f(f'uq_{table}_uuid')),
    ]


def upgrade() -> None:
    op.create_table(
        'checkout',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('scorers', sa.Text(), nullable=False),
        sa.Column('tallies', sa.Boolean(), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('left_at', sa.DateTime(), nullable=False),
        sa.Column('left_by', sa.String(length=120), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('closed_by', sa.String(length=120), nullable=True),
        sa.Column('last_return', sa.Integer(), nullable=False),
        sa.Column('returns', sa.Text(), nullable=False),
        *_record_columns('checkout'),
        sa.ForeignKeyConstraint(['session_id'], ['scoring_session.id'], name=op.f('fk_checkout_session_id_scoring_session'),
                                ondelete='CASCADE'),
    )
    op.create_index('ix_checkout_session_state', 'checkout', ['session_id', 'state'])
    op.create_table(
        'checkout_conflict',
        sa.Column('checkout_id', sa.Integer(), nullable=False),
        sa.Column('return_number', sa.Integer(), nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('scorer_id', sa.Integer(), nullable=True),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('field', sa.String(length=40), nullable=True),
        sa.Column('office_value', sa.Text(), nullable=False),
        sa.Column('laptop_value', sa.Text(), nullable=False),
        sa.Column('kept', sa.String(length=8), nullable=False),
        *_record_columns('checkout_conflict'),
        sa.ForeignKeyConstraint(['checkout_id'], ['checkout.id'], name=op.f('fk_checkout_conflict_checkout_id_checkout'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_checkout_conflict_branch_id_branch'), ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['scorer_id'], ['session_scorer.id'], name=op.f('fk_checkout_conflict_scorer_id_session_scorer'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['item_id'], ['rubric_item.id'], name=op.f('fk_checkout_conflict_item_id_rubric_item'),
                                ondelete='RESTRICT'),
    )
    op.create_index(op.f('ix_checkout_conflict_checkout_id'), 'checkout_conflict', ['checkout_id'])
    op.create_table(
        'checkout_data',
        sa.Column('checkout_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['checkout_id'], ['checkout.id'], name=op.f('fk_checkout_data_checkout_id_checkout'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('checkout_id', 'name', name=op.f('pk_checkout_data')),
    )
    op.create_table(
        'laptop_package',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checkout_uuid', sa.String(length=36), nullable=False),
        sa.Column('office', sa.String(length=36), nullable=False),
        sa.Column('copy', sa.String(length=36), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('scorers', sa.Text(), nullable=False),
        sa.Column('all_scorers', sa.Text(), nullable=False),
        sa.Column('tallies', sa.Boolean(), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('left_at', sa.String(length=32), nullable=False),
        sa.Column('returns_made', sa.Integer(), nullable=False),
        sa.Column('superseded', sa.Boolean(), nullable=False),
        sa.Column('settled', sa.String(length=64), nullable=False),
        sa.Column('key', sa.LargeBinary(), nullable=False),
        sa.Column('evidence', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['scoring_session.id'], name=op.f('fk_laptop_package_session_id_scoring_session'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_laptop_package')),
        sa.UniqueConstraint('checkout_uuid', name=op.f('uq_laptop_package_checkout_uuid')),
    )
    op.create_index(op.f('ix_laptop_package_session_id'), 'laptop_package', ['session_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_laptop_package_session_id'), table_name='laptop_package')
    op.drop_table('laptop_package')
    op.drop_table('checkout_data')
    op.drop_index(op.f('ix_checkout_conflict_checkout_id'), table_name='checkout_conflict')
    op.drop_table('checkout_conflict')
    op.drop_index('ix_checkout_session_state', table_name='checkout')
    op.drop_table('checkout')
