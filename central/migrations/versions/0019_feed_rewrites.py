"""the feed's rewrite counter: erasures and merges change what earlier feed positions render
as, so each process's cache of rendered changes (central.feed_cache) starts over

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

counters = sa.table('counters', sa.column('name', sa.String), sa.column('value', sa.BigInteger))


def upgrade() -> None:
    op.bulk_insert(counters, [{'name': 'feed_rewrites', 'value': 0}])


def downgrade() -> None:
    op.execute(counters.delete().where(counters.c.name == 'feed_rewrites'))
