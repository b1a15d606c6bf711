"""monitoring and dashboard: a wave's reference year, an organisation's province, and the
article dashboard per evaluation round

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wave') as batch:
        batch.add_column(sa.Column('period', sa.Integer(), nullable=True))
    with op.batch_alter_table('organisation') as batch:
        batch.add_column(sa.Column('province', sa.String(length=100), nullable=True))
    op.create_table(
        'dashboard_round',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'dashboard_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('article', sa.String(length=20), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column(
            'status',
            sa.Enum('op_schema', 'deels', 'niet', 'nvt', name='article_status',
                    native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column('explanation', sa.Text(), nullable=False),
        sa.Column('grades', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['dashboard_round.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('round_id', 'article'),
    )
    op.create_index('ix_dashboard_entry_round_id', 'dashboard_entry', ['round_id'])


def downgrade():
    op.drop_index('ix_dashboard_entry_round_id', table_name='dashboard_entry')
    op.drop_table('dashboard_entry')
    op.drop_table('dashboard_round')
    with op.batch_alter_table('organisation') as batch:
        batch.drop_column('province')
    with op.batch_alter_table('wave') as batch:
        batch.drop_column('period')
