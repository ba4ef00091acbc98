"""settings kept per year: setting_year

A value of a per-year setting holds from its year on. The issuer's name was the only per-year
setting stored before (in `setting`, though nothing could set it yet): a stored one moves over
as the value from the first year the app accepts, so it keeps holding for every year.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = "0005"
branch_labels = None
depends_on = None

PER_YEAR_KEYS = ("issuer_name",)
FIRST_YEAR = 2000


def upgrade() -> None:
    op.create_table('setting_year',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('from_year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_setting_year')),
    sa.UniqueConstraint('key', 'from_year', name=op.f('uq_setting_year_key_from_year')),
    sa.UniqueConstraint('uuid', name=op.f('uq_setting_year_uuid'))
    )
    setting = sa.table('setting', sa.column('key', sa.String), sa.column('value', sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(setting.c.key, setting.c.value).where(setting.c.key.in_(PER_YEAR_KEYS))).all()
    if rows:
        import uuid

        setting_year = sa.table('setting_year', sa.column('key'), sa.column('from_year'), sa.column('value'),
                                sa.column('uuid'), sa.column('version'))
        connection.execute(sa.insert(setting_year), [
            {"key": key, "from_year": FIRST_YEAR, "value": value, "uuid": str(uuid.uuid4()), "version": 1}
            for key, value in rows
        ])
        connection.execute(sa.delete(setting).where(setting.c.key.in_(PER_YEAR_KEYS)))


def downgrade() -> None:
    # The earliest value of each per-year setting goes back to `setting`; later years' changes are lost.
    connection = op.get_bind()
    setting_year = sa.table('setting_year', sa.column('key'), sa.column('from_year'), sa.column('value'))
    setting = sa.table('setting', sa.column('key'), sa.column('value'))
    earliest: dict = {}
    for key, _year, value in connection.execute(
            sa.select(setting_year.c.key, setting_year.c.from_year, setting_year.c.value).order_by(setting_year.c.from_year)):
        earliest.setdefault(key, value)
    connection.execute(sa.delete(setting).where(setting.c.key.in_(list(earliest))))
    if earliest:
        connection.execute(sa.insert(setting), [{"key": k, "value": v} for k, v in earliest.items()])
    op.drop_table('setting_year')
