"""registry: branch, secretary training, settings

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('branch',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('branch_kind', sa.String(length=24), nullable=False),
    sa.Column('parent_org', sa.String(length=120), nullable=True),
    sa.Column('established_on', sa.Date(), nullable=True),
    sa.Column('secretary', sa.String(length=60), nullable=True),
    sa.Column('secretary_is_director', sa.Boolean(), nullable=True),
    sa.Column('elected_on', sa.Date(), nullable=True),
    sa.Column('term_years', sa.Integer(), nullable=True),
    sa.Column('full_members', sa.Integer(), nullable=False),
    sa.Column('probationary_members', sa.Integer(), nullable=False),
    sa.Column('has_committee', sa.Boolean(), nullable=True),
    sa.Column('party_groups', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('has_college_cadre', sa.Boolean(), nullable=True),
    sa.Column('has_service_center', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branch')),
    sa.UniqueConstraint('name', name=op.f('uq_branch_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_branch_uuid'))
    )
    with op.batch_alter_table('branch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_branch_archived_at'), ['archived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_branch_branch_kind'), ['branch_kind'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('secretary_training',
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('trained_on', sa.Date(), nullable=True),
    sa.Column('course', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_secretary_training_branch_id_branch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_secretary_training')),
    sa.UniqueConstraint('branch_id', 'year', name=op.f('uq_secretary_training_branch_id_year')),
    sa.UniqueConstraint('uuid', name=op.f('uq_secretary_training_uuid'))
    )
    with op.batch_alter_table('secretary_training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_secretary_training_branch_id'), ['branch_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('secretary_training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_secretary_training_branch_id'))

    op.drop_table('secretary_training')
    op.drop_table('setting')
    with op.batch_alter_table('branch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_branch_branch_kind'))
        batch_op.drop_index(batch_op.f('ix_branch_archived_at'))

    op.drop_table('branch')
