# ruff: noqa: E501
"""programs beyond points (#20): instruments, their append-only ledger, and the conflicts
central recorded applying it

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.models

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('instruments',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('program_id', sa.String(length=40), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('units_issued', sa.Integer(), nullable=False),
    sa.Column('remaining', sa.BigInteger(), nullable=False),
    sa.Column('serial', sa.String(length=32), nullable=True),
    sa.Column('issued_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instruments')),
    sa.UniqueConstraint('serial', name=op.f('uq_instruments_serial'))
    )
    op.create_index('ix_instruments_account_program', 'instruments', ['account_id', 'program_id'])
    op.create_index('ix_instruments_program_status', 'instruments', ['program_id', 'status'])
    op.create_table('instrument_entries',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('instrument_id', sa.String(length=36), nullable=False),
    sa.Column('program_id', sa.String(length=40), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('serial', sa.String(length=32), nullable=True),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('cashier_id', sa.String(length=64), nullable=True),
    sa.Column('receipt_no', sa.String(length=64), nullable=True),
    sa.Column('occurred_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('ref_entry_id', sa.String(length=36), nullable=True),
    sa.Column('offline', sa.Boolean(), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('received_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('balance_after', sa.BigInteger(), nullable=False),
    sa.Column('conflict', sa.String(length=20), nullable=True),
    sa.Column('feed_seq', sa.BigInteger(), nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=True),
    sa.Column('terminal_seq', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument_entries')),
    sa.UniqueConstraint('feed_seq', name=op.f('uq_instrument_entries_feed_seq'))
    )
    op.create_index(op.f('ix_instrument_entries_instrument_id'), 'instrument_entries', ['instrument_id'])
    op.create_index(op.f('ix_instrument_entries_account_id'), 'instrument_entries', ['account_id'])
    op.create_index(op.f('ix_instrument_entries_occurred_at'), 'instrument_entries', ['occurred_at'])
    op.create_index('uq_instrument_entries_terminal_seq', 'instrument_entries', ['terminal_id', 'terminal_seq'], unique=True)
    op.create_index('ix_instrument_entries_ref', 'instrument_entries', ['ref_entry_id'],
                    postgresql_where=sa.text('ref_entry_id IS NOT NULL'),
                    sqlite_where=sa.text('ref_entry_id IS NOT NULL'))
    op.create_table('instrument_conflicts',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('instrument_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('occurred_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_instrument_conflicts'))
    )
    op.create_index(op.f('ix_instrument_conflicts_instrument_id'), 'instrument_conflicts', ['instrument_id'])
    op.create_table('instrument_cancellations',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('instrument_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('reversed_by', sa.String(length=36), nullable=True),
    sa.Column('cancelled_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_instrument_cancellations'))
    )


def downgrade() -> None:
    op.drop_table('instrument_cancellations')
    op.drop_table('instrument_conflicts')
    op.drop_table('instrument_entries')
    op.drop_table('instruments')
