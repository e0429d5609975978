# ruff: noqa: E501
"""tills' audit and ledger chains received and verified; history tables append-only

Revision ID: 0005
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.models
from central import append_only

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('terminal_chains',
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('chain', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', 'chain', name=op.f('pk_terminal_chains'))
    )
    op.create_table('terminal_audit_rows',
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('chain', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('received_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', 'chain', 'seq', name=op.f('pk_terminal_audit_rows'))
    )
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audit_chain_broken_at', central.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('audit_chain_break', sa.String(length=200), nullable=True))
    append_only.install(op.get_bind())


def downgrade() -> None:
    append_only.uninstall(op.get_bind())
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.drop_column('audit_chain_break')
        batch_op.drop_column('audit_chain_broken_at')
    op.drop_table('terminal_audit_rows')
    op.drop_table('terminal_chains')
