"""the erasure list: members central erased, kept to re-apply on restore and to rewrite
older backups without them

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06 21:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("erased_at", sa.String(length=26), nullable=False),
        sa.Column("backups_done_at", sa.String(length=26), nullable=True),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_erasures")),
    )
    # Members already erased here before this revision: their backups still hold them.
    op.execute("INSERT INTO erasures (member_id, erased_at) "
               "SELECT id, updated_at FROM members WHERE status = 'erased'")


def downgrade() -> None:
    op.drop_table("erasures")
