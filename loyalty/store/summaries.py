"""The report's summary tables (see ``schema.py``): the per-member expiry table, kept by the
ledger's writers, and a full rebuild of every summary from the ledger and the members.

``purchase_summary``, ``tier_totals`` and ``tier_changes`` (migration 0004) and the hourly
``purchase_hours``, ``points_hours`` and ``expired_hours`` (0005) are kept by SQLite
triggers, so every write path — counter, sync, bulk loads — keeps them right in its own
transaction. ``points_expiry`` follows the ledger's first-in-first-out arithmetic
(:func:`loyalty.ledger.replay`), which SQL cannot express: each function that writes a
ledger entry calls :func:`refresh_expiry` for its member. A rebuild is for bulk loads that
bypass both (the demo generator) and for checking that incremental upkeep stays exact.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from loyalty.ledger import Entry, EntryKind, replay

LIVE = ("active", "review")
COUNTED = """e.state <> 'rejected' AND NOT EXISTS (
    SELECT 1 FROM ledger r WHERE r.ref_entry_id = e.id AND r.kind = 'reverse'
      AND r.state <> 'rejected')"""  # neither rejected nor voided
PURCHASE = f"e.kind = 'earn' AND {COUNTED}"

# Run on the driver's cursor: this is on the award path, where SQLAlchemy's per-statement
# work would cost more than SQLite's.
_ENTRIES = ("SELECT id, kind, points, occurred_at, expires_on, ref_entry_id FROM ledger"
            " WHERE member_id = ? AND state <> 'rejected'")
_HAVE = ("SELECT m.origin, m.status, x.expires_on, x.remaining FROM members m"
         " LEFT JOIN points_expiry x ON x.member_id = m.id WHERE m.id = ?")
_DELETE = "DELETE FROM points_expiry WHERE member_id = ? AND expires_on = ?"
_UPSERT = ("INSERT INTO points_expiry (member_id, expires_on, remaining, origin, live)"
           " VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, expires_on)"
           " DO UPDATE SET remaining = excluded.remaining, origin = excluded.origin,"
           " live = excluded.live")


def _entry(row: Any) -> Entry:
    return Entry(row[0], EntryKind(row[1]), int(row[2]),
                 datetime.fromisoformat(row[3]).replace(tzinfo=UTC),
                 date.fromisoformat(row[4]) if row[4] else None, row[5])


def remaining_by_expiry(entries: Iterable[Entry]) -> dict[str, int]:
    """What first-in-first-out leaves of a member's lots, per expiry date (ISO)."""
    left: dict[str, int] = defaultdict(int)
    for lot in replay(entries).lots:
        if lot.remaining > 0 and lot.expires_on is not None:
            left[lot.expires_on.isoformat()] += lot.remaining
    return dict(left)


def refresh_expiry(conn: Connection, member_id: str) -> None:
    """Bring one member's ``points_expiry`` rows in line with their ledger (in the caller's
    transaction; call it after every ledger write for that member)."""
    db = conn.connection.driver_connection
    assert isinstance(db, sqlite3.Connection)
    want = remaining_by_expiry(_entry(r) for r in db.execute(_ENTRIES, (member_id,)))
    rows = db.execute(_HAVE, (member_id,)).fetchall()
    have = {r[2]: int(r[3]) for r in rows if r[2] is not None}
    if want == have:
        return
    for day in have.keys() - want.keys():
        db.execute(_DELETE, (member_id, day))
    origin, live = (rows[0][0], rows[0][1] in LIVE) if rows else ("", False)
    db.executemany(_UPSERT, [(member_id, day, n, origin, live) for day, n in want.items()
                             if have.get(day) != n])


REBUILD_SQL = (
    "DELETE FROM purchase_summary",
    f"""INSERT INTO purchase_summary (store_id, member_id, first_at, last_at, prev_at,
                                     purchases, sale_cents, span)
        SELECT store_id, member_id, min(occurred_at), max(occurred_at),
               max(CASE WHEN rn = 2 THEN occurred_at END), count(*),
               coalesce(sum(sale_cents), 0),
               CASE WHEN count(*) = 1 THEN 0
                    WHEN julianday(max(occurred_at)) - julianday(min(occurred_at)) >= 2
                    THEN 1 ELSE 2 END
        FROM (SELECT e.store_id, e.member_id, e.occurred_at, e.sale_cents,
                     row_number() OVER (PARTITION BY e.store_id, e.member_id
                                        ORDER BY e.occurred_at DESC) AS rn
              FROM ledger e WHERE {PURCHASE})
        GROUP BY store_id, member_id""",
    "DELETE FROM purchase_last_hours",
    """INSERT INTO purchase_last_hours (store_id, hour, span, members)
       SELECT store_id, substr(last_at, 1, 13), span, count(*) FROM purchase_summary
       GROUP BY store_id, substr(last_at, 1, 13), span""",
    "DELETE FROM purchase_hours",
    f"""INSERT INTO purchase_hours (store_id, hour, member_id, purchases, sale_cents, points,
                                   prev_at)
        SELECT store_id, hour, member_id, count(*), coalesce(sum(sale_cents), 0),
               coalesce(sum(max(points, 0)), 0), max(prev)
        FROM (SELECT e.store_id, substr(e.occurred_at, 1, 13) AS hour, e.member_id,
                     e.sale_cents, e.points,
                     CASE WHEN substr(lag(e.occurred_at) OVER w, 1, 13)
                               <> substr(e.occurred_at, 1, 13)
                          THEN lag(e.occurred_at) OVER w END AS prev
              FROM ledger e WHERE {PURCHASE}
              WINDOW w AS (PARTITION BY e.store_id, e.member_id ORDER BY e.occurred_at))
        GROUP BY store_id, hour, member_id""",
    "DELETE FROM points_hours",
    f"""INSERT INTO points_hours (store_id, hour, issued, redeemed)
        SELECT e.store_id, substr(e.occurred_at, 1, 13),
               coalesce(sum(e.points) FILTER (WHERE e.kind <> 'redeem' AND e.points > 0), 0),
               coalesce(-sum(e.points) FILTER (WHERE e.kind = 'redeem'), 0)
        FROM ledger e WHERE {COUNTED} AND e.kind IN ('bonus', 'adjust', 'redeem')
        GROUP BY e.store_id, substr(e.occurred_at, 1, 13)""",
    "DELETE FROM expired_hours",
    """INSERT INTO expired_hours (origin, hour, points)
       SELECT m.origin, substr(e.occurred_at, 1, 13), -sum(e.points)
       FROM ledger e JOIN members m ON m.id = e.member_id WHERE e.kind = 'expire'
       GROUP BY m.origin, substr(e.occurred_at, 1, 13)""",
    "DELETE FROM tier_totals",
    """INSERT INTO tier_totals (origin, status, tier, members, points)
       SELECT origin, status, tier, count(*), coalesce(sum(max(balance, 0)), 0)
       FROM members GROUP BY origin, status, tier""",
)


def rebuild(conn: Connection, *, expiry: bool = True) -> None:
    """Recompute the purchase summary, the hourly summaries, the tier totals and
    (``expiry``) the expiry table from scratch, in the caller's transaction. The tier
    history is not touched: it records changes as they happened."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    rebuild_raw(raw, expiry=expiry)


def rebuild_raw(db: sqlite3.Connection, *, expiry: bool = True) -> None:
    """:func:`rebuild` on a plain ``sqlite3`` connection (bulk loaders)."""
    for sql in REBUILD_SQL:
        db.execute(sql)
    if expiry:
        _rebuild_expiry(db)


def _rebuild_expiry(db: sqlite3.Connection) -> None:
    """Every member's ``points_expiry`` rows, replayed from the ledger in one pass."""
    db.execute("DELETE FROM points_expiry")
    members = {r[0]: (r[1], r[2] in LIVE) for r in db.execute(
        "SELECT id, origin, status FROM members")}
    rows = db.execute(
        "SELECT member_id, id, kind, points, occurred_at, expires_on, ref_entry_id FROM ledger"
        " WHERE state <> 'rejected' ORDER BY member_id")
    out: list[tuple[Any, ...]] = []
    batch: list[Entry] = []
    current: str | None = None

    def flush() -> None:
        if current is not None and batch and current in members:
            origin, live = members[current]
            out.extend((current, day, n, origin, live)
                       for day, n in remaining_by_expiry(batch).items())
        if len(out) >= 50_000 or current is None:
            db.executemany("INSERT INTO points_expiry (member_id, expires_on, remaining,"
                           " origin, live) VALUES (?, ?, ?, ?, ?)", out)
            out.clear()

    for row in rows:
        if row[0] != current:
            flush()
            current, batch = row[0], []
        batch.append(_entry(row[1:]))
    flush()
    current = None
    flush()
