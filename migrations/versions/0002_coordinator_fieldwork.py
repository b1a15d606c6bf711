"""coordinator fieldwork: wave audience, mail texts, auto reminders, outbox cancel

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 17:01:45.021431

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


OLD_STATUSES = ('pending', 'sending', 'sent', 'failed')
NEW_STATUSES = OLD_STATUSES + ('cancelled',)


def _status_check(statuses):
    return sa.text('status IN (' + ', '.join(f"'{s}'" for s in statuses) + ')')


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_message_outbox_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_message_outbox_status'), _status_check(NEW_STATUSES))
        batch_op.create_index('uq_outbox_message_invitation_mail', ['invitation_id'], unique=True, sqlite_where=sa.text("kind = 'invitation'"), postgresql_where=sa.text("kind = 'invitation'"))

    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auto_reminders', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('audience', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('invitation_subject', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('invitation_body', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reminder_subject', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('reminder_body', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.drop_column('reminder_body')
        batch_op.drop_column('reminder_subject')
        batch_op.drop_column('invitation_body')
        batch_op.drop_column('invitation_subject')
        batch_op.drop_column('audience')
        batch_op.drop_column('auto_reminders')

    op.execute("UPDATE outbox_message SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('uq_outbox_message_invitation_mail', sqlite_where=sa.text("kind = 'invitation'"), postgresql_where=sa.text("kind = 'invitation'"))
        batch_op.drop_constraint(op.f('ck_outbox_message_outbox_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_message_outbox_status'), _status_check(OLD_STATUSES))
