"""hash chains over audit rows and own ledger entries; quarantine for pulled changes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00

Audit rows and the ledger entries this till writes become links of two hash chains
(``loyalty.audit_chain``) that central verifies, so a row deleted or edited in the store file
is evident there. Rows written before this revision stay unchained: each chain starts with
the next row (the head begins after them). The ledger's update trigger now covers every
chained field. Changes and snapshot rows that fail the protocol's models go to
``pull_quarantine`` instead of stopping the pull.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from loyalty.audit_chain import GENESIS
from loyalty.store.schema import CHAIN_TRIGGERS, LEDGER_NO_REWRITE_0008

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_OLD_NO_REWRITE = """CREATE TRIGGER ledger_no_rewrite BEFORE UPDATE OF id, kind, points,
       sale_cents, occurred_at, ref_entry_id ON ledger
       BEGIN SELECT RAISE(ABORT, 'ledger entries cannot be changed; write a reverse entry'); END"""


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "chain_heads",
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_chain_heads")),
    )
    op.create_table(
        "ledger_chain",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_ledger_chain")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_ledger_chain_entry_id")),
    )
    op.create_table(
        "pull_quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("received_at", sa.String(length=26), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pull_quarantine")),
    )
    op.execute(sa.text(
        "INSERT INTO chain_heads (chain, seq, hash) "
        "SELECT 'audit', COALESCE(MAX(id), 0), :g FROM audit_log "
        "UNION ALL SELECT 'ledger', 0, :g").bindparams(g=GENESIS))
    op.execute("DROP TRIGGER IF EXISTS ledger_no_rewrite")
    op.execute(LEDGER_NO_REWRITE_0008)
    for trigger in CHAIN_TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for name in ("chain_heads_no_delete", "chain_heads_forward", "ledger_chain_no_delete",
                 "ledger_chain_no_update", "ledger_no_rewrite"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(_OLD_NO_REWRITE)
    op.drop_table("pull_quarantine")
    op.drop_table("ledger_chain")
    op.drop_table("chain_heads")
    # audit_log is append-only (its triggers forbid the table copy a column drop needs)
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
    op.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""")
    op.execute("""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""")
