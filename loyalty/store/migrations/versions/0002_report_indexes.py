"""indexes for the manager's member report

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 20:00:00

* ``ix_ledger_store_kind_member``: NAPL reads each member's first/last purchase at a store
  from this index alone (one ordered scan, no table reads);
* ``ix_ledger_kind_time``: a period's earns, redemptions, expiries as a range;
* ``ix_ledger_reverse_ref`` (partial): the set of voided entries without a table scan;
* ``ix_ledger_expires`` (partial): lots ending in the next 30 days;
* ``ix_ledger_member_lots`` (partial): a member's lots and their end dates, read without
  touching the table;
* ``ix_members_origin_created`` / ``ix_members_origin_tier``: new members, tier mix and
  points liability of the members who joined at a store.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_store_kind_member",
                              ["store_id", "kind", "member_id", "occurred_at"], unique=False)
        batch_op.create_index("ix_ledger_kind_time", ["kind", "occurred_at"], unique=False)
        batch_op.create_index("ix_ledger_reverse_ref", ["ref_entry_id"], unique=False,
                              sqlite_where=sa.text("kind = 'reverse'"))
        batch_op.create_index("ix_ledger_expires", ["expires_on", "member_id"], unique=False,
                              sqlite_where=sa.text("expires_on IS NOT NULL"))
        batch_op.create_index("ix_ledger_member_lots", ["member_id", "expires_on", "points"],
                              unique=False, sqlite_where=sa.text("expires_on IS NOT NULL"))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index("ix_members_origin_created", ["origin", "created_at"],
                              unique=False)
        batch_op.create_index("ix_members_origin_tier", ["origin", "status", "tier", "balance"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_origin_tier")
        batch_op.drop_index("ix_members_origin_created")
    with op.batch_alter_table("ledger", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_member_lots")
        batch_op.drop_index("ix_ledger_expires")
        batch_op.drop_index("ix_ledger_reverse_ref")
        batch_op.drop_index("ix_ledger_kind_time")
        batch_op.drop_index("ix_ledger_store_kind_member")
