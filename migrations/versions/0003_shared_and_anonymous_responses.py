"""shared organisation responses, optimistic save version

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_saved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_foreign_key(op.f('fk_response_organisation_id_organisation'), 'organisation', ['organisation_id'], ['id'])
        batch_op.create_foreign_key(op.f('fk_response_last_saved_by_id_contact'), 'contact', ['last_saved_by_id'], ['id'])
        batch_op.create_unique_constraint(op.f('uq_response_wave_id_organisation_id'), ['wave_id', 'organisation_id'])


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_response_wave_id_organisation_id'), type_='unique')
        batch_op.drop_constraint(op.f('fk_response_last_saved_by_id_contact'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_response_organisation_id_organisation'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('last_saved_by_id')
        batch_op.drop_column('organisation_id')
