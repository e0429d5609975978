# ruff: noqa: E501
"""head office's console: sign-in accounts, browser sessions, and the console's audit log

Revision ID: 0011
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import central.models

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('console_accounts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('disabled_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_sign_in_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_accounts')),
    sa.UniqueConstraint('username', name=op.f('uq_console_accounts_username'))
    )
    op.create_table('console_audit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=True),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_audit'))
    )
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_audit_at'), ['at'], unique=False)

    op.create_table('console_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['console_accounts.id'], name=op.f('fk_console_sessions_account_id_console_accounts')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_console_sessions'))
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_account_id'))

    op.drop_table('console_sessions')
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_audit_at'))

    op.drop_table('console_audit')
    op.drop_table('console_accounts')
