"""paper: print records and certificates

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = "0003"
branch_labels = None
depends_on = None


def _record_columns():
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('print_record',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('document_kind', sa.String(length=24), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('parameters', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    *_record_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_record')),
    sa.UniqueConstraint('code', name=op.f('uq_print_record_code')),
    sa.UniqueConstraint('uuid', name=op.f('uq_print_record_uuid'))
    )
    with op.batch_alter_table('print_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_record_document_kind'), ['document_kind'], unique=False)

    op.create_table('certificate',
    sa.Column('honour', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('first_printed_at', sa.DateTime(), nullable=True),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_certificate_branch_id_branch'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('honour', 'year', 'branch_id', name=op.f('uq_certificate_honour_year_branch_id')),
    sa.UniqueConstraint('honour', 'year', 'serial', name=op.f('uq_certificate_honour_year_serial')),
    sa.UniqueConstraint('number', name=op.f('uq_certificate_number')),
    sa.UniqueConstraint('uuid', name=op.f('uq_certificate_uuid'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_branch_id'), ['branch_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_branch_id'))

    op.drop_table('certificate')
    with op.batch_alter_table('print_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_record_document_kind'))

    op.drop_table('print_record')
