"""Taiwan e-invoices that earned points: one claim per invoice number and period, chain-wide

Revision ID: 0009
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.models

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invoice_claims',
    sa.Column('invoice_key', sa.String(length=20), nullable=False),
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('occurred_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('invoice_key', name=op.f('pk_invoice_claims'))
    )


def downgrade() -> None:
    op.drop_table('invoice_claims')
