"""score: a mark on a score filled in from the ledger's suggestion (采用建议分)

The mark stays until the scorer confirms the score (types into the cell, or 确认建议分); while any
remains a session is not locked and its scorers do not travel. Every score before this revision
was typed: not suggested.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggested', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_column('suggested')
