"""targets: yearly program targets

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('target',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('standardized_share', sa.Float(), nullable=False),
    sa.Column('strongest_share', sa.Float(), nullable=True),
    sa.Column('weak_cleared', sa.Boolean(), nullable=False),
    sa.Column('weak_goal', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target')),
    sa.UniqueConstraint('uuid', name=op.f('uq_target_uuid')),
    sa.UniqueConstraint('year', name=op.f('uq_target_year'))
    )


def downgrade() -> None:
    op.drop_table('target')
