"""Feed numbers from a sequence with a visibility horizon (PostgreSQL): the sequence
``feed_numbers`` continuing from the ``feed`` counter, and ``feed_allocate`` (see
central/feed_horizon.py). SQLite keeps its counter: its writers are serial.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from central import feed_horizon

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    head = bind.execute(sa.text("SELECT value FROM counters WHERE name = 'feed'")).scalar()
    feed_horizon.install(bind, int(head or 0))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # The counter takes over again at the highest number handed out.
    bind.execute(sa.text("UPDATE counters SET value = (SELECT last_value FROM feed_numbers) "
                         "WHERE name = 'feed'"))
    bind.execute(sa.text("DROP FUNCTION IF EXISTS feed_allocate(bigint)"))
    bind.execute(sa.text("DROP SEQUENCE IF EXISTS feed_numbers"))
