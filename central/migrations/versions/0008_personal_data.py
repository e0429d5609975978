# ruff: noqa: E501
"""personal data: an append-only log of who read, exported or erased a member's data; one-time
codes proving a phone to the online channel; erased members' phones leave review cases

Revision ID: 0008
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.models
from central import access_log

revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('personal_data_access',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_kind', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_data_access'))
    )
    with op.batch_alter_table('personal_data_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personal_data_access_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_personal_data_access_member_id'), ['member_id'], unique=False)
    op.create_table('phone_challenges',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('phone_digest', sa.String(length=64), nullable=False),
    sa.Column('salt', sa.String(length=32), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_challenges'))
    )
    with op.batch_alter_table('phone_challenges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_challenges_phone_digest'), ['phone_digest'], unique=False)
    # Members erased before this revision left their phone in review cases.
    op.execute("UPDATE review_cases SET phone = '' WHERE member_id IN (SELECT id FROM members "
               "WHERE status = 'erased') OR other_member_id IN (SELECT id FROM members "
               "WHERE status = 'erased')")
    access_log.install(op.get_bind())


def downgrade() -> None:
    access_log.uninstall(op.get_bind())
    with op.batch_alter_table('phone_challenges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_challenges_phone_digest'))
    op.drop_table('phone_challenges')
    with op.batch_alter_table('personal_data_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personal_data_access_member_id'))
        batch_op.drop_index(batch_op.f('ix_personal_data_access_at'))
    op.drop_table('personal_data_access')
