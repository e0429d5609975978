"""online redemptions recorded before central is asked (redemption_intents)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 19:00:00

An online redemption used to exist locally only once central's approval had arrived: a lost
answer, a kill between approval and the local write, or the feed bringing the approved entry
first left central holding a redemption no till had committed. The intent row is written
(and committed) before the request leaves, so every exchange can be finished or cancelled at
central under the same entry id, also after a restart.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "redemption_intents",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("sale_cents", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.Column("cashier_id", sa.String(length=36), nullable=True),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.String(length=26), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("resolved_at", sa.String(length=26), nullable=True),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_redemption_intents")),
    )
    with op.batch_alter_table("redemption_intents") as batch_op:
        batch_op.create_index("ix_redemption_intents_open", ["state"], unique=False,
                              sqlite_where=sa.text("state = 'asking'"))


def downgrade() -> None:
    with op.batch_alter_table("redemption_intents") as batch_op:
        batch_op.drop_index("ix_redemption_intents_open", sqlite_where=sa.text("state = 'asking'"))
    op.drop_table("redemption_intents")
