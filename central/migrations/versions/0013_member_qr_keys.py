"""member QR signing keys (issue #20 point 5)

Revision ID: 0013
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import central.models

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('member_qr_keys',
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('private_key_enc', sa.String(length=200), nullable=True),
    sa.Column('created_at', central.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('revoked_at', central.models.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_member_qr_keys'))
    )
    with op.batch_alter_table('member_qr_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_qr_keys_created_at'), ['created_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('member_qr_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_qr_keys_created_at'))
    op.drop_table('member_qr_keys')
