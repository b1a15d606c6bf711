"""results cache: a wave's published results, computed once per change of its answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 23:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'results_cache',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('stamp', sa.String(length=200), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('wave_id'),
    )


def downgrade():
    op.drop_table('results_cache')
