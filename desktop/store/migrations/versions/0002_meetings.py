"""meetings: meeting log, attachments, frequency rules per year

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from desktop.models.month import month_of

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting_rule',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('meeting_type', sa.String(length=24), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('minimum', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_rule')),
    sa.UniqueConstraint('uuid', name=op.f('uq_meeting_rule_uuid')),
    sa.UniqueConstraint('year', 'meeting_type', name=op.f('uq_meeting_rule_year_meeting_type'))
    )
    op.create_table('meeting',
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('meeting_type', sa.String(length=24), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('held_month', sa.String(length=7), sa.Computed(month_of(sa.column('held_on'))), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=True),
    sa.Column('attended', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=200), server_default='', nullable=False),
    sa.Column('host', sa.String(length=60), nullable=True),
    sa.Column('recorder', sa.String(length=60), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('attended IS NULL OR expected IS NULL OR attended <= expected', name=op.f('ck_meeting_attended_le_expected')),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_meeting_branch_id_branch'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    sa.UniqueConstraint('branch_id', 'meeting_type', 'held_on', 'topic', name=op.f('uq_meeting_branch_id_meeting_type_held_on_topic')),
    sa.UniqueConstraint('uuid', name=op.f('uq_meeting_uuid'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_branch_id_held_on', ['branch_id', 'held_on'], unique=False)
        batch_op.create_index('ix_meeting_held_on', ['held_on'], unique=False)
        batch_op.create_index('ix_meeting_type_month', ['meeting_type', 'held_month', 'branch_id'], unique=False)

    op.create_table('meeting_attachment',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('stored_path', sa.String(length=400), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attachment_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attachment')),
    sa.UniqueConstraint('uuid', name=op.f('uq_meeting_attachment_uuid'))
    )
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attachment_meeting_id'), ['meeting_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attachment_meeting_id'))

    op.drop_table('meeting_attachment')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_type_month')
        batch_op.drop_index('ix_meeting_held_on')
        batch_op.drop_index('ix_meeting_branch_id_held_on')

    op.drop_table('meeting')
    op.drop_table('meeting_rule')
