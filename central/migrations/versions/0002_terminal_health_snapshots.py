# ruff: noqa: E501
"""terminal clock and contacts, offline breaches, kept snapshot manifests, ops compaction;
members' fillfactor on PostgreSQL

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import central.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Room in each page for a member's next version: balance updates stay HOT (no index
        # writes), which halves the cost of a push's batched balance update.
        op.execute("ALTER TABLE members SET (fillfactor = 70)")
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_contact_at', central.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('clock_skew_s', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('clock_checked_at', central.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ops_floor_seq', sa.BigInteger(), server_default='0', nullable=False))
    op.create_table('terminal_contacts',
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', 'at', name=op.f('pk_terminal_contacts'))
    )
    op.create_table('offline_breaches',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('reasons', sa.String(length=200), nullable=False),
    sa.Column('period_start', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('occurred_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_offline_breaches'))
    )
    with op.batch_alter_table('offline_breaches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offline_breaches_terminal_id'), ['terminal_id'], unique=False)
    op.create_table('snapshot_manifests',
    sa.Column('cursor', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('parts', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('format', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('total_rows', sa.BigInteger(), nullable=False),
    sa.Column('part_list', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('built_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cursor', 'parts', 'format', name=op.f('pk_snapshot_manifests'))
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE members RESET (fillfactor)")
    op.drop_table('snapshot_manifests')
    with op.batch_alter_table('offline_breaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offline_breaches_terminal_id'))
    op.drop_table('offline_breaches')
    op.drop_table('terminal_contacts')
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.drop_column('ops_floor_seq')
        batch_op.drop_column('clock_checked_at')
        batch_op.drop_column('clock_skew_s')
        batch_op.drop_column('last_contact_at')
