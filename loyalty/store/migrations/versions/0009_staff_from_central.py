"""cashiers and managers from central's staff registry are marked as such

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:10:00

A registered till takes its store's staff from central (``GET /v1/staff``): rows keyed by
central's staff id, which every approval then names. The mark tells them from cashiers made
on this till before (kept as they are).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cashiers", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("from_central", sa.Boolean(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("cashiers", schema=None) as batch_op:
        batch_op.drop_column("from_central")
