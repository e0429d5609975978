"""Taiwan mobile-carrier barcodes linked to members, kept as keyed hashes (member_carriers)

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-06 21:00:00

A member may link their 手機條碼 at the counter (with consent) so scanning it finds them.
The code is an alias, not the identity (re-registering issues a new one), and the store
never shows it again: it keeps an HMAC of it under a key of this store and a short hint.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_carriers",
        sa.Column("carrier_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("hint", sa.String(length=10), nullable=False),
        sa.Column("linked_at", sa.String(length=26), nullable=False),
        sa.Column("linked_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("carrier_hash", name=op.f("pk_member_carriers")),
    )
    op.create_index("ix_member_carriers_member", "member_carriers", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_member_carriers_member", table_name="member_carriers")
    op.drop_table("member_carriers")
