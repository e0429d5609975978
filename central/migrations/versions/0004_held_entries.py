# ruff: noqa: E501
"""entries held for head office, entry id conflicts, per-terminal daily totals

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import central.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('held_entries',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=True),
    sa.Column('terminal_seq', sa.BigInteger(), nullable=True),
    sa.Column('payload', JSON, nullable=False),
    sa.Column('reasons', sa.String(length=200), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('held_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_held_entries'))
    )
    with op.batch_alter_table('held_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_entries_terminal_id'), ['terminal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_entries_status'), ['status'], unique=False)
    op.create_table('entry_conflicts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('payload', JSON, nullable=False),
    sa.Column('differs', sa.String(length=200), nullable=False),
    sa.Column('received_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_conflicts'))
    )
    with op.batch_alter_table('entry_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_conflicts_entry_id'), ['entry_id'], unique=False)
    op.create_table('terminal_days',
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('points_issued', sa.BigInteger(), nullable=False),
    sa.Column('points_redeemed', sa.BigInteger(), nullable=False),
    sa.Column('redemptions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', 'day', name=op.f('pk_terminal_days'))
    )


def downgrade() -> None:
    op.drop_table('terminal_days')
    with op.batch_alter_table('entry_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_conflicts_entry_id'))
    op.drop_table('entry_conflicts')
    with op.batch_alter_table('held_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_entries_status'))
        batch_op.drop_index(batch_op.f('ix_held_entries_terminal_id'))
    op.drop_table('held_entries')
