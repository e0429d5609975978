"""programs beyond points (#20): the instrument ledger, the instruments it keeps, and online
instrument redemptions recorded before central is asked

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from loyalty.store.schema import INSTRUMENT_LEDGER_TRIGGERS

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instrument_ledger",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("instrument_id", sa.String(length=36), nullable=False),
        sa.Column("program_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("serial", sa.String(length=32), nullable=True),
        sa.Column("store_id", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("cashier_id", sa.String(length=36), nullable=True),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.Column("occurred_at", sa.String(length=26), nullable=False),
        sa.Column("expires_on", sa.String(length=10), nullable=True),
        sa.Column("ref_entry_id", sa.String(length=36), nullable=True),
        sa.Column("offline", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("conflict", sa.String(length=20), nullable=True),
        sa.Column("balance_after", sa.Integer(), nullable=True),
        sa.Column("sale_entry_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instrument_ledger")),
    )
    op.create_index("ix_instrument_ledger_instrument", "instrument_ledger",
                    ["instrument_id", "occurred_at"])
    op.create_index("ix_instrument_ledger_terminal_time", "instrument_ledger",
                    ["terminal_id", "kind", "occurred_at"])
    op.create_index("ix_instrument_ledger_sale", "instrument_ledger", ["sale_entry_id"],
                    sqlite_where=sa.text("sale_entry_id IS NOT NULL"))
    op.create_index("ix_instrument_ledger_ref", "instrument_ledger", ["ref_entry_id"],
                    sqlite_where=sa.text("ref_entry_id IS NOT NULL"))
    op.create_table(
        "instruments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("program_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("units_issued", sa.Integer(), server_default="0", nullable=False),
        sa.Column("remaining", sa.Integer(), server_default="0", nullable=False),
        sa.Column("serial", sa.String(length=32), nullable=True),
        sa.Column("expires_on", sa.String(length=10), nullable=True),
        sa.Column("issued_at", sa.String(length=26), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruments")),
    )
    op.create_index("ix_instruments_member", "instruments", ["member_id", "program_id"])
    op.create_table(
        "instrument_intents",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("instrument_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("program_id", sa.String(length=40), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.Column("cashier_id", sa.String(length=36), nullable=True),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("occurred_at", sa.String(length=26), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("resolved_at", sa.String(length=26), nullable=True),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_instrument_intents")),
    )
    op.create_index("ix_instrument_intents_open", "instrument_intents", ["state"],
                    sqlite_where=sa.text("state = 'asking'"))
    for trigger in INSTRUMENT_LEDGER_TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS instrument_ledger_no_rewrite")
    op.execute("DROP TRIGGER IF EXISTS instrument_ledger_no_delete")
    op.drop_table("instrument_intents")
    op.drop_table("instruments")
    op.drop_table("instrument_ledger")
