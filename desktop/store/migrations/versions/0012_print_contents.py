"""print records: the text as printed

`verify-paper` could only say that a printed sheet's data had changed. Each print record now keeps
the sheet's text as printed (headers, rows, totals, notes as JSON), so that a check can say which
branches and figures changed, old → new. Records printed before keep NULL and are checked by their
fingerprint as before.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contents", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("print_record", schema=None) as batch_op:
        batch_op.drop_column("contents")
