# ruff: noqa: E501
"""the chain report's member analyses (NAPL, RFM, 80/20), kept once computed; new members
per kept report day (the kept days are forgotten: recomputed with it on the next view)

Revision ID: 0017
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import central.models

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM report_days")
    with op.batch_alter_table('report_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_members', sa.BigInteger(), server_default='0', nullable=False))
    op.create_table('report_analyses',
    sa.Column('scope', sa.String(length=64), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('first', sa.Date(), nullable=False),
    sa.Column('last', sa.Date(), nullable=False),
    sa.Column('feed_mark', sa.BigInteger(), nullable=False),
    sa.Column('computed_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('figures', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'zone', 'first', 'last', name=op.f('pk_report_analyses'))
    )


def downgrade() -> None:
    with op.batch_alter_table('report_days', schema=None) as batch_op:
        batch_op.drop_column('new_members')
    op.drop_table('report_analyses')
