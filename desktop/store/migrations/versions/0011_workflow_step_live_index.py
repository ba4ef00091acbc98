"""the covering index of workflow standings ends with deleted_at

standing() reads ten years of steps (≈ 57,000 on a district) in the order of
ix_workflow_step_year_branch, from the index alone. Since deleted steps are left out (0008), the
query also reads deleted_at, which the index lacked: every step cost a row lookup. As
ix_meeting_type_month did in 0008, the index now ends with deleted_at.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = ['year', 'branch_id', 'on_date', 'state', 'outcome']


def upgrade() -> None:
    op.drop_index('ix_workflow_step_year_branch', table_name='workflow_step')
    op.create_index('ix_workflow_step_year_branch', 'workflow_step', [*COLUMNS, 'deleted_at'])


def downgrade() -> None:
    op.drop_index('ix_workflow_step_year_branch', table_name='workflow_step')
    op.create_index('ix_workflow_step_year_branch', 'workflow_step', COLUMNS)
