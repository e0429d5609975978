# ruff: noqa: E501
"""staff known to central (a store's cashiers and managers with their PIN hashes); a
terminal's day also counts points adjusted, enrollments and other stores' profile changes;
member operations beyond those caps are held

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.models

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.Column('active_from', sa.Date(), nullable=False),
    sa.Column('active_to', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_staff_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_store_id'), ['store_id'], unique=False)
    op.create_table('held_operations',
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_seq', sa.BigInteger(), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('reasons', sa.String(length=200), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('held_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_held_operations'))
    )
    with op.batch_alter_table('held_operations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_operations_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_operations_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_operations_terminal_id'), ['terminal_id'], unique=False)
    with op.batch_alter_table('terminal_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('points_adjusted', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('enrollments', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('other_store_edits', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('terminal_days', schema=None) as batch_op:
        batch_op.drop_column('other_store_edits')
        batch_op.drop_column('enrollments')
        batch_op.drop_column('points_adjusted')
    with op.batch_alter_table('held_operations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_operations_terminal_id'))
        batch_op.drop_index(batch_op.f('ix_held_operations_status'))
        batch_op.drop_index(batch_op.f('ix_held_operations_member_id'))
    op.drop_table('held_operations')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_store_id'))
    op.drop_table('staff')
