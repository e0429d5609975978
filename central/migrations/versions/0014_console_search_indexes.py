# ruff: noqa: E501
"""head office's console: indexes for member search by phone, by last digits and by part of
a name (the last two PostgreSQL only; SQLite keeps its scans, it serves small chains), and what each till reports
about itself with a push (outbox queue, app version, rules version held), and rules versions
scheduled to take effect later; the chain report's per-store-day ledger figures, kept

Revision ID: 0014
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import central.models

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# Kept out of the models (see central.db.SEARCH_INDEXES): an operator-class GIN index has no
# SQLite counterpart for autogenerate to compare.
INDEXES = {
    "ix_members_name_trgm": "CREATE INDEX IF NOT EXISTS ix_members_name_trgm ON members"
                            " USING gin (name gin_trgm_ops)",
    # Last digits: reversed, they are a prefix (central.console.members.search).
    "ix_members_phone_reversed": "CREATE INDEX IF NOT EXISTS ix_members_phone_reversed ON"
                                 " members (reverse(phone) text_pattern_ops)",
}


def upgrade() -> None:
    op.create_table('report_days',
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('earn_entries', sa.BigInteger(), nullable=False),
    sa.Column('sales_amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('points_issued', sa.BigInteger(), nullable=False),
    sa.Column('points_redeemed', sa.BigInteger(), nullable=False),
    sa.Column('points_expired', sa.BigInteger(), nullable=False),
    sa.Column('points_adjusted', sa.BigInteger(), nullable=False),
    sa.Column('overdraft_count', sa.BigInteger(), nullable=False),
    sa.Column('overdraft_points', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('store_id', 'zone', 'day', name=op.f('pk_report_days'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_enrolled_at'), ['enrolled_at'], unique=False)
        # A phone search finds every record with it, not only the active one.
        batch_op.create_index(batch_op.f('ix_members_phone'), ['phone'], unique=False)
    op.create_table('scheduled_rules',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('effective_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('published_version', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_rules'))
    )
    with op.batch_alter_table('scheduled_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_rules_effective_at'), ['effective_at'], unique=False)
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reported_queue', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reported_version', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('reported_rules', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reported_at', central.models.UtcDateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for statement in INDEXES.values():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        for column in ('reported_at', 'reported_rules', 'reported_version', 'reported_queue'):
            batch_op.drop_column(column)
    with op.batch_alter_table('scheduled_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_rules_effective_at'))
    op.drop_table('scheduled_rules')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_enrolled_at'))
        batch_op.drop_index(batch_op.f('ix_members_phone'))
    op.drop_table('report_days')
