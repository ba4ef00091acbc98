"""print records: the layout edition each document was printed in

A printed sheet is verified by rebuilding its rows from today's data and comparing fingerprints.
When a release changes what a kind of sheet shows (the summary sheet's two decimals, its veto and
未考评 lines), a sheet printed before would read "data changed" although nothing changed. Each
record now keeps the layout edition it was printed in; every record before this revision is
edition 1.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('print_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('layout', sa.Integer(), server_default=sa.text('1'), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('print_record', schema=None) as batch_op:
        batch_op.drop_column('layout')
