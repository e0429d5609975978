"""Loading many members at once (a snapshot part) straight through the SQLite driver.

A bootstrap writes up to a million rows; SQLAlchemy's per-row machinery would cost more
than SQLite's own work, so rows go to ``executemany`` on the DBAPI cursor with one
prepared upsert. The columns and their values are the replica's own
(:func:`loyalty.store.replica.replica_values` of each :class:`~loyalty.records.MemberRecord`),
so a snapshot row and a ``member.upsert`` change write a member the same way. The caller owns
the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from loyalty.records import MemberRecord
from loyalty.store.replica import REPLICA_COLUMNS, replica_values

_SET = ", ".join(f"{c} = excluded.{c}" for c in REPLICA_COLUMNS)
_UPSERT = f"""
INSERT INTO members (id, {", ".join(REPLICA_COLUMNS)}, balance, pending_points, last_visit_at,
    hlc, created_at, updated_at)
VALUES (?, {", ".join("?" for _ in REPLICA_COLUMNS)}, ?, 0, NULL, '', ?, ?)
ON CONFLICT (id) DO UPDATE SET {_SET},
    balance = excluded.balance + members.pending_points, updated_at = excluded.updated_at
"""
_ALIAS = """
INSERT INTO aliases (alias_id, canonical_id, alias_code, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (alias_id) DO UPDATE SET canonical_id = excluded.canonical_id,
    alias_code = coalesce(aliases.alias_code, excluded.alias_code)
"""
# Where the replica's values need the text the store's column types write (see schema).
_CONSENT_AT = REPLICA_COLUMNS.index("consent_at")
_TIER_SINCE = REPLICA_COLUMNS.index("tier_since")


def _text(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _row(rec: MemberRecord, stamp: str) -> tuple[Any, ...]:
    values = list(replica_values(rec))
    values[_CONSENT_AT] = _text(values[_CONSENT_AT])
    values[_TIER_SINCE] = _day(values[_TIER_SINCE])
    return (rec.id, *values, rec.balance, _text(rec.enrolled_at) or stamp, stamp)


def load_members(conn: Connection, records: Iterable[MemberRecord], now: datetime) -> int:
    """Upsert central's member records (snapshot rows) with their confirmed balances.

    A member already here keeps its pending points on top of central's balance. Merged
    records become aliases of their canonical member. Returns the number of rows.
    """
    stamp = now.replace(tzinfo=None).isoformat(timespec="microseconds")
    rows: list[tuple[Any, ...]] = []
    merged: list[tuple[Any, ...]] = []
    for rec in records:
        rows.append(_row(rec, stamp))
        if rec.status == "merged" and rec.canonical_id:
            merged.append((rec.id, rec.canonical_id, rec.member_code, stamp))
    raw = conn.connection.driver_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.executemany(_UPSERT, rows)
        if merged:
            cursor.executemany(_ALIAS, merged)
    finally:
        cursor.close()
    return len(rows)
