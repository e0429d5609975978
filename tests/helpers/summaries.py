"""Checking the report's summary tables against a rebuild from the ledger and members."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from loyalty.store.summaries import rebuild
from tests.helpers.store import StoreFixture

TABLES = {
    "purchase_summary": "SELECT store_id, member_id, first_at, last_at, prev_at, purchases,"
                        " sale_cents, span FROM purchase_summary",
    "purchase_last_hours": "SELECT store_id, hour, span, members FROM purchase_last_hours"
                           " WHERE members <> 0",
    "purchase_hours": "SELECT store_id, hour, member_id, purchases, sale_cents, points, prev_at"
                      " FROM purchase_hours",
    "points_hours": "SELECT store_id, hour, issued, redeemed FROM points_hours"
                    " WHERE issued <> 0 OR redeemed <> 0",
    "expired_hours": "SELECT origin, hour, points FROM expired_hours WHERE points <> 0",
    "tier_totals": "SELECT origin, status, tier, members, points FROM tier_totals"
                   " WHERE members <> 0 OR points <> 0",
    "points_expiry": "SELECT member_id, expires_on, remaining, origin, live FROM points_expiry",
    # seq only orders a member's lots (the fast path appends after the last one)
    "points_lots": "SELECT member_id, row_number() OVER (PARTITION BY member_id ORDER BY seq),"
                   " entry_id, expires_on, remaining FROM points_lots",
    "points_debt": "SELECT member_id, debt FROM points_debt",
}


def snapshot(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {name: sorted(tuple(r) for r in conn.execute(text(sql)))
            for name, sql in TABLES.items()}


def assert_exact(store: StoreFixture) -> dict[str, list[tuple[Any, ...]]]:
    """The incrementally kept summaries equal a rebuild from scratch (rolled back)."""
    with store.engine.connect() as conn:
        trans = conn.begin()
        kept = snapshot(conn)
        rebuild(conn)
        rebuilt = snapshot(conn)
        trans.rollback()
    assert kept == rebuilt
    return kept
