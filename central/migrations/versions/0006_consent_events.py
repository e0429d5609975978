# ruff: noqa: E501
"""marketing consent as an append-only event history; each member's consent so far becomes
one initial event; profile clocks already stored beyond central's time are clamped

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import central.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# central.clock.PROFILE_CLOCK_TOLERANCE when this revision was written (a migration keeps its
# own copy: it must do the same thing whatever the constant becomes).
_TOLERANCE = timedelta(minutes=5)


def upgrade() -> None:
    op.create_table('consent_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('value', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=True),
    sa.Column('op_id', sa.String(length=36), nullable=True),
    sa.Column('stated_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('effective_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('received_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_events'))
    )
    with op.batch_alter_table('consent_events', schema=None) as batch_op:
        batch_op.create_index('ix_consent_events_member_id_id', ['member_id', 'id'], unique=False)
    _initial_events()
    _clamp_stored_clocks(datetime.now(UTC))


def _initial_events() -> None:
    """One applied event per member holding an explicit choice, at the time it was made
    (``consent_at``; the record's last update when that is missing), source ``migrated``."""
    op.execute(sa.text(
        "INSERT INTO consent_events (member_id, value, source, store_id, op_id, stated_at, "
        "effective_at, received_at, applied) "
        "SELECT id, marketing_consent, 'migrated', NULL, NULL, consent_at, "
        "COALESCE(consent_at, updated_at), COALESCE(consent_at, updated_at), "
        + ("TRUE" if op.get_bind().dialect.name == "postgresql" else "1") +
        " FROM members WHERE marketing_consent IS NOT NULL ORDER BY COALESCE(consent_at, updated_at), id"))


def _clamp_stored_clocks(at: datetime) -> None:
    """A field stamped with a future clock before this revision (a till's year-2286 clock)
    would keep every later edit out: clamp such clocks to now, as a push now would."""
    limit = int((at + _TOLERANCE).timestamp() * 1000)
    stamp = int(at.timestamp() * 1000)
    bind = op.get_bind()
    each = "jsonb_each_text(m.clocks)" if bind.dialect.name == "postgresql" else "json_each(m.clocks)"
    rows = bind.execute(sa.text(
        f"SELECT m.id, m.clocks FROM members m WHERE EXISTS (SELECT 1 FROM {each} AS c "
        "WHERE c.value > :bound)"), {"bound": f"{limit:013d}-9999"}).all()
    for member_id, clocks in rows:
        stored = json.loads(clocks) if isinstance(clocks, str) else dict(clocks)
        fixed = {name: _clamped(value, limit, stamp) for name, value in stored.items()}
        bind.execute(sa.text("UPDATE members SET clocks = :c WHERE id = :i")
                     .bindparams(sa.bindparam("c", type_=central.models.JsonType)),
                     {"c": fixed, "i": member_id})


def _clamped(value: str, limit: int, stamp: int) -> str:
    ms, _, rest = value.partition("-")
    return f"{stamp:013d}-{rest}" if ms.isdigit() and int(ms) > limit else value


def downgrade() -> None:
    with op.batch_alter_table('consent_events', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_events_member_id_id')

    op.drop_table('consent_events')
