"""Feed records for tests that write a till's replica directly: the fields a test names, the
rest as central's feed would fill them (see :mod:`loyalty.records`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from loyalty.records import FeedEntry, MemberRecord
from loyalty.store.entry_rows import entry_from_row
from loyalty.store.schema import ledger


def as_feed_entry(conn: Connection, data: Mapping[str, Any]) -> FeedEntry:
    """``data`` as a ``ledger.entry`` change; an entry this till holds starts from its row
    (so ``{"entry_id": …, "points": …}`` is central confirming one of ours)."""
    row = conn.execute(select(ledger).where(ledger.c.id == data["entry_id"])
                       ).mappings().first()
    fields: dict[str, Any] = {} if row is None else entry_from_row(row).model_dump()
    fields.update(data)
    fields.setdefault("account_id", fields["member_id"])
    fields.setdefault("balance_after", 0)
    fields.setdefault("received_at", fields["occurred_at"])
    return FeedEntry.model_validate(fields)


def as_member_record(data: Mapping[str, Any]) -> MemberRecord:
    """``data`` as a ``member.upsert`` record, fields not given empty."""
    empty = MemberRecord.placeholder(str(data["id"]), "active").model_dump()
    return MemberRecord.model_validate(empty | dict(data))
