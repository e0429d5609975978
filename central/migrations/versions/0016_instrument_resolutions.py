# ruff: noqa: E501
"""instrument conflicts: head office's resolution (decision, note, cost, who bears it, the
correcting entry); an index for the instrument expiry job

Revision ID: 0016
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('instrument_conflicts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('cost', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('charged_to', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('correction_entry_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_instrument_conflicts_resolved_at'), ['resolved_at'], unique=False)
    with op.batch_alter_table('instruments', schema=None) as batch_op:
        batch_op.create_index('ix_instruments_expires_on', ['expires_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('instruments', schema=None) as batch_op:
        batch_op.drop_index('ix_instruments_expires_on')
    with op.batch_alter_table('instrument_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instrument_conflicts_resolved_at'))
        for column in ('correction_entry_id', 'charged_to', 'cost', 'note', 'decision'):
            batch_op.drop_column(column)
