"""head office's console: trigram indexes for member search by last digits or part of a name
(PostgreSQL only; SQLite keeps its scans, it serves small chains)

Revision ID: 0014
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None

# Kept out of the models (see central.db.SEARCH_INDEXES): an operator-class GIN index has no
# SQLite counterpart for autogenerate to compare.
INDEXES = {
    "ix_members_phone_trgm": "CREATE INDEX IF NOT EXISTS ix_members_phone_trgm ON members"
                             " USING gin (phone gin_trgm_ops)",
    "ix_members_name_trgm": "CREATE INDEX IF NOT EXISTS ix_members_name_trgm ON members"
                            " USING gin (name gin_trgm_ops)",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for statement in INDEXES.values():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
