"""last-digits lookups ranked inside a covering index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 20:10:00

At a million members, three or four spoken digits match 100 to 1,000 members. Ranking them by
last visit used to read every matching row; ``(phone_rev, status, last_visit_at)`` ranks them
in the index, and only the 20 shown are read from the table.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_phone_rev")
        batch_op.create_index("ix_members_phone_rev_visit",
                              ["phone_rev", "status", "last_visit_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_phone_rev_visit")
        batch_op.create_index("ix_members_phone_rev", ["phone_rev"], unique=False)
