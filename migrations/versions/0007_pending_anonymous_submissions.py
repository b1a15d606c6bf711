"""pending anonymous submissions: anonymous answers wait here until enough are sent to move
them together, so no response shares a transaction with the invitation that sent it

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

ORG_TYPES = ('rijk', 'provincie', 'gemeente', 'waterschap', 'bedrijfsleven', 'overig')


def upgrade():
    op.create_table(
        'pending_submission',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column(
            'org_type',
            sa.Enum(*ORG_TYPES, name='pending_org_type', native_enum=False, create_constraint=True,
                    length=32),
            nullable=False,
        ),
        sa.Column('day', sa.DateTime(), nullable=False),
        sa.Column('answers', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_pending_submission_wave_id', 'pending_submission', ['wave_id'])


def downgrade():
    op.drop_index('ix_pending_submission_wave_id', table_name='pending_submission')
    op.drop_table('pending_submission')
