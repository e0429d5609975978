"""initial store schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:38:21.720159
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from loyalty.store.schema import APPEND_ONLY_TRIGGERS

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "aliases",
        sa.Column("alias_id", sa.String(length=36), nullable=False),
        sa.Column("canonical_id", sa.String(length=36), nullable=False),
        sa.Column("alias_code", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("alias_id", name=op.f("pk_aliases")),
    )
    with op.batch_alter_table("aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aliases_alias_code"), ["alias_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_aliases_canonical_id"), ["canonical_id"], unique=False)

    op.create_table(
        "anonymous_sales",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("cashier_id", sa.String(length=36), nullable=True),
        sa.Column("sale_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.Column("occurred_at", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymous_sales")),
    )
    with op.batch_alter_table("anonymous_sales", schema=None) as batch_op:
        batch_op.create_index("ix_anonymous_sales_time", ["occurred_at"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=26), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("actor_role", sa.String(length=10), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)

    op.create_table(
        "cashiers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.String(length=26), nullable=True),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cashiers")),
        sa.UniqueConstraint("name", name=op.f("uq_cashiers_name")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("phone_rev", sa.String(length=16), nullable=False),
        sa.Column("member_code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("birthday_month", sa.Integer(), nullable=True),
        sa.Column("birthday_day", sa.Integer(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("tier", sa.String(length=16), server_default="general", nullable=False),
        sa.Column("tier_since", sa.String(length=10), nullable=True),
        sa.Column("marketing_consent", sa.Boolean(), nullable=True),
        sa.Column("consent_at", sa.String(length=26), nullable=True),
        sa.Column("origin", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="active", nullable=False),
        sa.Column("balance", sa.Integer(), server_default="0", nullable=False),
        sa.Column("pending_points", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_visit_at", sa.String(length=26), nullable=True),
        sa.Column("hlc", sa.String(length=64), server_default="", nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("member_code", name=op.f("uq_members_member_code")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index("ix_members_name", ["name"], unique=False)
        batch_op.create_index("ix_members_phone", ["phone"], unique=False)
        batch_op.create_index("ix_members_phone_rev", ["phone_rev"], unique=False)
        batch_op.create_index(
            "uq_members_active_phone",
            ["phone"],
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
        )

    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("acked_at", sa.String(length=26), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_outbox_op_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_state", ["state"], unique=False)

    op.create_table(
        "rules_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_rules_versions")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "ledger",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("sale_cents", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("store_id", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("cashier_id", sa.String(length=36), nullable=True),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.Column("occurred_at", sa.String(length=26), nullable=False),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.String(length=10), nullable=True),
        sa.Column("ref_entry_id", sa.String(length=36), nullable=True),
        sa.Column("offline", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=10), server_default="pending", nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_ledger_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger")),
    )
    with op.batch_alter_table("ledger", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_member_time", ["member_id", "occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_ref_entry_id"), ["ref_entry_id"], unique=False)
        batch_op.create_index("ix_ledger_time", ["occurred_at"], unique=False)
        batch_op.create_index(
            "uq_ledger_store_receipt_earn",
            ["store_id", "receipt_no"],
            unique=True,
            sqlite_where=sa.text("kind = 'earn' AND receipt_no IS NOT NULL"),
        )

    for trigger in APPEND_ONLY_TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for name in (
        "audit_log_no_update",
        "audit_log_no_delete",
        "ledger_no_delete",
        "ledger_no_rewrite",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")

    with op.batch_alter_table("ledger", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_ledger_store_receipt_earn",
            sqlite_where=sa.text("kind = 'earn' AND receipt_no IS NOT NULL"),
        )
        batch_op.drop_index("ix_ledger_time")
        batch_op.drop_index(batch_op.f("ix_ledger_ref_entry_id"))
        batch_op.drop_index("ix_ledger_member_time")

    op.drop_table("ledger")
    op.drop_table("sync_state")
    op.drop_table("settings")
    op.drop_table("rules_versions")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_state")

    op.drop_table("outbox")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("uq_members_active_phone", sqlite_where=sa.text("status = 'active'"))
        batch_op.drop_index("ix_members_phone_rev")
        batch_op.drop_index("ix_members_phone")
        batch_op.drop_index("ix_members_name")

    op.drop_table("members")
    op.drop_table("cashiers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_at")

    op.drop_table("audit_log")
    with op.batch_alter_table("anonymous_sales", schema=None) as batch_op:
        batch_op.drop_index("ix_anonymous_sales_time")

    op.drop_table("anonymous_sales")
    with op.batch_alter_table("aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aliases_canonical_id"))
        batch_op.drop_index(batch_op.f("ix_aliases_alias_code"))

    op.drop_table("aliases")
