"""Wire models of ``POST /v1/sync/audit``: a till ships the links of its audit and ledger
chains (:mod:`loyalty.audit_chain`) to central, which verifies them.

A link is its seq, the hash the till stored when it wrote the row, and the row's chained
content as it reads now; central recomputes each hash from the link before. The answer says
how far each chain is held, so the till ships the rest next time. A break is never refused:
central flags it on the terminal and keeps the links.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sync.protocol import Cursor, Seq

MAX_AUDIT_LINKS = 1000
"""The most links of one chain a shipment may carry."""

Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
# No NUL: no till row holds one, and PostgreSQL's jsonb refuses it after validation passed.
NoNul = Annotated[str, StringConstraints(max_length=4000, pattern=r"^[^\x00]*$")]
Scalar = NoNul | int | bool | None
ColumnName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChainLink(_Model):
    """One link: its seq, its stored hash, and the row's chained fields."""

    seq: Seq
    hash: Hash
    content: Annotated[dict[ColumnName, Scalar], Field(max_length=32)]


class AuditShipment(_Model):
    """Links after what central holds, in seq order, per chain."""

    audit: Annotated[list[ChainLink], Field(max_length=MAX_AUDIT_LINKS)] = []
    ledger: Annotated[list[ChainLink], Field(max_length=MAX_AUDIT_LINKS)] = []


class AuditAck(_Model):
    """The last seq central now holds of each chain (0: none yet)."""

    audit_through: Cursor
    ledger_through: Cursor
