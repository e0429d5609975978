# ruff: noqa: E501
"""online redemptions cancelled by their terminal; contact stretches with their start;
reverse entries indexed by what they undo

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.models

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('redemption_cancellations',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('reversed_by', sa.String(length=36), nullable=True),
    sa.Column('cancelled_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_redemption_cancellations'))
    )
    with op.batch_alter_table('terminal_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', central.models.UtcDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_ref_entry', ['ref_entry_id'], unique=False,
                              postgresql_where=sa.text('ref_entry_id IS NOT NULL'),
                              sqlite_where=sa.text('ref_entry_id IS NOT NULL'))


def downgrade() -> None:
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_ref_entry',
                            postgresql_where=sa.text('ref_entry_id IS NOT NULL'),
                            sqlite_where=sa.text('ref_entry_id IS NOT NULL'))
    with op.batch_alter_table('terminal_contacts', schema=None) as batch_op:
        batch_op.drop_column('started_at')
    op.drop_table('redemption_cancellations')
