"""Loading many members at once (a snapshot part) straight through the SQLite driver.

A bootstrap writes up to a million rows; SQLAlchemy's per-row machinery would cost more
than SQLite's own work, so rows go to ``executemany`` on the DBAPI cursor with one
prepared upsert. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from loyalty.phone import phone_digits_reversed
from loyalty.store.replica import parse_time

_UPSERT = """
INSERT INTO members (id, phone, phone_rev, member_code, name, birthday_month, birthday_day,
    birth_year, tier, tier_since, marketing_consent, consent_at, origin, status, balance,
    pending_points, last_visit_at, hlc, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, '', ?, ?)
ON CONFLICT (id) DO UPDATE SET phone = excluded.phone, phone_rev = excluded.phone_rev,
    member_code = excluded.member_code, name = excluded.name,
    birthday_month = excluded.birthday_month, birthday_day = excluded.birthday_day,
    birth_year = excluded.birth_year, tier = excluded.tier, tier_since = excluded.tier_since,
    marketing_consent = excluded.marketing_consent, consent_at = excluded.consent_at,
    origin = excluded.origin, status = excluded.status,
    balance = excluded.balance + members.pending_points, updated_at = excluded.updated_at
"""
_ALIAS = """
INSERT INTO aliases (alias_id, canonical_id, alias_code, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (alias_id) DO UPDATE SET canonical_id = excluded.canonical_id,
    alias_code = coalesce(aliases.alias_code, excluded.alias_code)
"""


def _text(value: str | None) -> str | None:
    moment = parse_time(value)
    return None if moment is None else moment.replace(tzinfo=None).isoformat(
        timespec="microseconds")


def _row(rec: Mapping[str, Any], stamp: str) -> tuple[Any, ...]:
    phone = rec["phone"] or ""
    consent = rec["marketing_consent"]
    return (rec["id"], phone, phone_digits_reversed(phone),
            rec["member_code"] or "E" + rec["id"].replace("-", "")[-9:], rec["name"] or "",
            rec["birthday_month"], rec["birthday_day"], rec["birth_year"], rec["tier"],
            rec["tier_since"], None if consent is None else int(consent),
            _text(rec["consent_at"]), rec["origin"] or "", rec["status"], rec["balance"],
            _text(rec["enrolled_at"]) or stamp, stamp)


def load_members(conn: Connection, records: Iterable[Mapping[str, Any]], now: datetime) -> int:
    """Upsert central's member records (snapshot rows) with their confirmed balances.

    A member already here keeps its pending points on top of central's balance. Merged
    records become aliases of their canonical member. Returns the number of rows.
    """
    stamp = now.replace(tzinfo=None).isoformat(timespec="microseconds")
    rows: list[tuple[Any, ...]] = []
    merged: list[tuple[Any, ...]] = []
    for rec in records:
        rows.append(_row(rec, stamp))
        if rec["status"] == "merged" and rec.get("canonical_id"):
            merged.append((rec["id"], rec["canonical_id"], rec["member_code"], stamp))
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
