# ruff: noqa: E501
"""initial schema

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import central.models

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_admin_tokens'))
    )
    op.create_table('changes',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('ref_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_changes'))
    )
    op.create_table('code_blocks',
    sa.Column('index', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('owner_kind', sa.String(length=16), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('issued_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('next_offset', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('index', name=op.f('pk_code_blocks'))
    )
    op.create_table('counters',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counters'))
    )
    op.create_table('ledger_entries',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('sale_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('cashier_id', sa.String(length=64), nullable=True),
    sa.Column('receipt_no', sa.String(length=64), nullable=True),
    sa.Column('occurred_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('rules_version', sa.Integer(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('ref_entry_id', sa.String(length=36), nullable=True),
    sa.Column('offline', sa.Boolean(), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('received_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('feed_seq', sa.BigInteger(), nullable=False),
    sa.Column('balance_after', sa.BigInteger(), nullable=False),
    sa.Column('overdraft', sa.BigInteger(), nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=True),
    sa.Column('terminal_seq', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries')),
    sa.UniqueConstraint('feed_seq', name=op.f('uq_ledger_entries_feed_seq'))
    )
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_entries_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index('uq_ledger_earn_receipt', ['store_id', 'receipt_no'], unique=True, postgresql_where=sa.text("kind = 'earn' AND receipt_no IS NOT NULL"), sqlite_where=sa.text("kind = 'earn' AND receipt_no IS NOT NULL"))
        batch_op.create_index('uq_ledger_terminal_seq', ['terminal_id', 'terminal_seq'], unique=True)

    op.create_table('member_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('hlc', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.Column('received_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_history'))
    )
    with op.batch_alter_table('member_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_history_member_id'), ['member_id'], unique=False)

    op.create_table('members',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('member_code', sa.String(length=10), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('birthday_month', sa.Integer(), nullable=True),
    sa.Column('birthday_day', sa.Integer(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('marketing_consent', sa.Boolean(), nullable=True),
    sa.Column('consent_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('origin', sa.String(length=64), nullable=True),
    sa.Column('enrolled_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('referral_code', sa.String(length=200), nullable=True),
    sa.Column('tier', sa.String(length=32), nullable=False),
    sa.Column('tier_since', sa.Date(), nullable=True),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('canonical_id', sa.String(length=36), nullable=True),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('clocks', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('member_code', name=op.f('uq_members_member_code'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index('ix_members_bucket_id', ['bucket', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_canonical_id'), ['canonical_id'], unique=False)
        batch_op.create_index('uq_members_active_phone', ['phone'], unique=True, postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))

    op.create_table('review_cases',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('other_member_id', sa.String(length=36), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opened_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_cases'))
    )
    with op.batch_alter_table('review_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_cases_status'), ['status'], unique=False)

    op.create_table('rules_versions',
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_rules_versions'))
    )
    op.create_table('stores',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stores'))
    )
    op.create_table('terminal_marks',
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('feed_seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('through_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', 'feed_seq', name=op.f('pk_terminal_marks'))
    )
    op.create_table('terminal_ops',
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('ref_id', sa.String(length=64), nullable=True),
    sa.Column('received_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', 'seq', name=op.f('pk_terminal_ops'))
    )
    op.create_table('tier_changes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('old_tier', sa.String(length=32), nullable=False),
    sa.Column('new_tier', sa.String(length=32), nullable=False),
    sa.Column('change', sa.String(length=16), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tier_changes'))
    )
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tier_changes_member_id'), ['member_id'], unique=False)

    op.create_table('enrollment_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('used_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('terminal_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_enrollment_codes_store_id_stores')),
    sa.PrimaryKeyConstraint('code_hash', name=op.f('pk_enrollment_codes'))
    )
    op.create_table('terminals',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('registered_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('code_block', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_terminals_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terminals')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_terminals_token_hash'))
    )
    _seed()


def _seed() -> None:
    """The feed head and floor, the member-code block counter, and central's own block 1."""
    counters = sa.table("counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger))
    op.bulk_insert(counters, [{"name": "feed", "value": 0}, {"name": "feed_floor", "value": 0},
                              {"name": "code_block", "value": 0}])


def downgrade() -> None:
    op.drop_table('terminals')
    op.drop_table('enrollment_codes')
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tier_changes_member_id'))

    op.drop_table('tier_changes')
    op.drop_table('terminal_ops')
    op.drop_table('terminal_marks')
    op.drop_table('stores')
    op.drop_table('rules_versions')
    with op.batch_alter_table('review_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_cases_status'))

    op.drop_table('review_cases')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index('uq_members_active_phone', postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))
        batch_op.drop_index(batch_op.f('ix_members_canonical_id'))
        batch_op.drop_index('ix_members_bucket_id')

    op.drop_table('members')
    with op.batch_alter_table('member_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_history_member_id'))

    op.drop_table('member_history')
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index('uq_ledger_terminal_seq')
        batch_op.drop_index('uq_ledger_earn_receipt', postgresql_where=sa.text("kind = 'earn' AND receipt_no IS NOT NULL"), sqlite_where=sa.text("kind = 'earn' AND receipt_no IS NOT NULL"))
        batch_op.drop_index(batch_op.f('ix_ledger_entries_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_ledger_entries_account_id'))

    op.drop_table('ledger_entries')
    op.drop_table('counters')
    op.drop_table('code_blocks')
    op.drop_table('changes')
    op.drop_table('admin_tokens')
