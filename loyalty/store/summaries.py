"""The report's summary tables (see ``schema.py``): the per-member expiry table and the lots
behind it, kept by the ledger's writers, and a full rebuild of every summary from the ledger
and the members.

``purchase_summary``, ``tier_totals`` and ``tier_changes`` (migration 0004) and the hourly
``purchase_hours``, ``points_hours`` and ``expired_hours`` (0005) are kept by SQLite
triggers, so every write path — counter, sync, bulk loads — keeps them right in its own
transaction. ``points_expiry`` follows the ledger's first-in-first-out arithmetic
(:func:`loyalty.ledger.replay`), which SQL cannot express: each function that writes a
ledger entry calls :func:`entry_written` (a new entry) or :func:`refresh_expiry` (anything
else) for its member. Both keep ``points_lots`` and ``points_debt`` (0006), the replay's
state, so that the common write — an entry later than all of the member's others — is
applied to a few rows instead of replaying the member's whole history. A rebuild is for bulk
loads that bypass all of it (the demo generator) and for checking that incremental upkeep
stays exact.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from loyalty.ledger import Entry, EntryKind, PointsState, replay
from loyalty.store import cipher

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
# The fast path (:func:`entry_written`).
_LATER = ("SELECT occurred_at, id FROM ledger WHERE member_id = ? AND occurred_at >= ?"
          " AND state <> 'rejected'")
_OPEN_LOTS = ("SELECT seq, expires_on, remaining FROM points_lots WHERE member_id = ?"
              " ORDER BY seq")
_LOT_OF = ("SELECT seq, expires_on, remaining FROM points_lots WHERE member_id = ?"
           " AND entry_id = ?")
_LAST_SEQ = "SELECT max(seq) FROM points_lots WHERE member_id = ?"
_ADD_LOT = ("INSERT INTO points_lots (member_id, seq, entry_id, expires_on, remaining)"
            " VALUES (?, ?, ?, ?, ?)")
_SET_LOT = "UPDATE points_lots SET remaining = ? WHERE member_id = ? AND seq = ?"
_DROP_LOT = "DELETE FROM points_lots WHERE member_id = ? AND seq = ?"
_DEBT = "SELECT debt FROM points_debt WHERE member_id = ?"
_SET_DEBT = ("INSERT INTO points_debt (member_id, debt) VALUES (?, ?)"
             " ON CONFLICT (member_id) DO UPDATE SET debt = excluded.debt")
_NO_DEBT = "DELETE FROM points_debt WHERE member_id = ?"
_MEMBER = "SELECT origin, status FROM members WHERE id = ?"
_ADD_EXPIRY = ("INSERT INTO points_expiry (member_id, expires_on, remaining, origin, live)"
               " VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, expires_on)"
               " DO UPDATE SET remaining = remaining + excluded.remaining")
_TAKE_EXPIRY = ("UPDATE points_expiry SET remaining = remaining - ?"
                " WHERE member_id = ? AND expires_on = ?")
_EMPTY_EXPIRY = ("DELETE FROM points_expiry WHERE member_id = ? AND expires_on = ?"
                 " AND remaining <= 0")


def _entry(row: Any) -> Entry:
    return Entry(row[0], EntryKind(row[1]), int(row[2]),
                 datetime.fromisoformat(row[3]).replace(tzinfo=UTC),
                 date.fromisoformat(row[4]) if row[4] else None, row[5])


def remaining_by_expiry(entries: Iterable[Entry]) -> dict[str, int]:
    """What first-in-first-out leaves of a member's lots, per expiry date (ISO)."""
    return _by_expiry(open_lots(replay(entries)))


def open_lots(state: PointsState) -> list[tuple[str, str | None, int]]:
    """The lots that still hold points, in first-in-first-out order: ``(entry id, expiry
    date (ISO) or None, remaining)`` — what ``points_lots`` keeps per member."""
    return [(lot.entry_id, lot.expires_on.isoformat() if lot.expires_on else None,
             lot.remaining) for lot in state.lots if lot.remaining > 0]


def _by_expiry(lots: Iterable[tuple[str, str | None, int]]) -> dict[str, int]:
    left: dict[str, int] = defaultdict(int)
    for _, day, remaining in lots:
        if day is not None:
            left[day] += remaining
    return dict(left)


def _raw(conn: Connection) -> sqlite3.Connection:
    return cipher.driver_connection(conn.connection.driver_connection)


def refresh_expiry(conn: Connection, member_id: str) -> None:
    """Bring one member's lots (``points_lots``, ``points_debt``) and ``points_expiry`` rows
    in line with their ledger by replaying all of it (in the caller's transaction). For
    writes :func:`entry_written` cannot follow: rejections, merges, entries older than the
    member's latest."""
    db = _raw(conn)
    state = replay(_entry(r) for r in db.execute(_ENTRIES, (member_id,)))
    lots = open_lots(state)
    _write_lots(db, member_id, lots, state.debt)
    want = _by_expiry(lots)
    rows = db.execute(_HAVE, (member_id,)).fetchall()
    have = {r[2]: int(r[3]) for r in rows if r[2] is not None}
    if want == have:
        return
    for day in have.keys() - want.keys():
        db.execute(_DELETE, (member_id, day))
    origin, live = (rows[0][0], rows[0][1] in LIVE) if rows else ("", False)
    db.executemany(_UPSERT, [(member_id, day, n, origin, live) for day, n in want.items()
                             if have.get(day) != n])


def _write_lots(db: sqlite3.Connection, member_id: str,
                lots: list[tuple[str, str | None, int]], debt: int) -> None:
    have = [tuple(r) for r in db.execute(
        "SELECT entry_id, expires_on, remaining FROM points_lots WHERE member_id = ?"
        " ORDER BY seq", (member_id,))]
    if have != lots:
        db.execute("DELETE FROM points_lots WHERE member_id = ?", (member_id,))
        db.executemany(_ADD_LOT, [(member_id, seq, *lot) for seq, lot in enumerate(lots, 1)])
    if debt:
        db.execute(_SET_DEBT, (member_id, debt))
    else:
        db.execute(_NO_DEBT, (member_id,))


def entry_written(conn: Connection, member_id: str, values: Mapping[str, Any]) -> None:
    """Follow one ledger entry just inserted for ``member_id`` (``values``: its ``id``,
    ``kind``, ``points``, ``occurred_at``, ``ref_entry_id``, ``expires_on``) in the member's
    lots and ``points_expiry``, in the caller's transaction.

    The common case — the entry is the member's latest (by time, then id) and opens a lot,
    consumes points, expires a lot or voids a lot — is applied to the kept lots at a cost
    independent of the member's history, with the same arithmetic as
    :func:`loyalty.ledger.replay`. Anything else (an entry older than one already here, a
    void giving points back) replays the member's whole ledger."""
    db = _raw(conn)
    if not _append(db, member_id, values):
        refresh_expiry(conn, member_id)


def _iso_time(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    return str(value)


def _append(db: sqlite3.Connection, member_id: str, values: Mapping[str, Any]) -> bool:
    """Apply the entry to the kept lots if it is the member's latest and needs no more than
    them; ``False`` (nothing written) otherwise."""
    if values.get("state", "pending") == "rejected":
        return False
    kind, points = str(values["kind"]), int(values["points"])
    key = (_iso_time(values["occurred_at"]), str(values["id"]))
    if any(tuple(row) > key for row in db.execute(_LATER, (member_id, key[0]))):
        return False  # arrived late: the ones after it are to be replayed on top of it
    if kind in ("reverse", "expire"):
        if points >= 0:  # a void giving back what a consumption took: replay
            return False
        _take(db, member_id, -points, values.get("ref_entry_id"))
    elif points > 0:
        expires = values.get("expires_on")
        _open_lot(db, member_id, key[1], None if expires is None else str(
            expires.isoformat() if isinstance(expires, date) else expires), points)
    elif points < 0:
        _take(db, member_id, -points, None)
    return True


def _open_lot(db: sqlite3.Connection, member_id: str, entry_id: str, expires: str | None,
              points: int) -> None:
    """``_open_lot`` of the ledger: a new last lot, paying off the debt first."""
    found = db.execute(_DEBT, (member_id,)).fetchone()
    if found is not None and found[0]:
        recovered = min(int(found[0]), points)
        points -= recovered
        if found[0] - recovered:
            db.execute(_SET_DEBT, (member_id, found[0] - recovered))
        else:
            db.execute(_NO_DEBT, (member_id,))
    if points <= 0:
        return  # the lot is all spent: it takes part in nothing the fast path does
    last = db.execute(_LAST_SEQ, (member_id,)).fetchone()[0]
    db.execute(_ADD_LOT, (member_id, (last or 0) + 1, entry_id, expires, points))
    if expires is not None:
        origin, status = db.execute(_MEMBER, (member_id,)).fetchone() or ("", "")
        db.execute(_ADD_EXPIRY, (member_id, expires, points, origin, status in LIVE))


def _take(db: sqlite3.Connection, member_id: str, points: int, lot_id: str | None) -> None:
    """``points`` out of the lot of ``lot_id`` first (an expiry, a void of an earn), the rest
    from the oldest lots; what they cannot cover becomes debt."""
    taken: list[tuple[int, str | None, int, int]] = []  # seq, expiry, remaining, take
    first: tuple[int, int] | None = None  # the named lot's seq and what it gave
    if lot_id is not None:
        lot = db.execute(_LOT_OF, (member_id, lot_id)).fetchone()
        if lot is not None:
            take = min(points, int(lot[2]))
            taken.append((lot[0], lot[1], int(lot[2]), take))
            first = (lot[0], take)
            points -= take
    if points:
        cursor = db.execute(_OPEN_LOTS, (member_id,))
        for seq, expires, remaining in cursor:
            if first is not None and seq == first[0]:
                remaining -= first[1]  # written in order below: this update comes last
                if remaining <= 0:
                    continue
            take = min(points, int(remaining))
            taken.append((seq, expires, int(remaining), take))
            points -= take
            if points == 0:
                break
        cursor.close()
    spent: dict[str, int] = defaultdict(int)
    for seq, expires, remaining, take in taken:
        if remaining == take:
            db.execute(_DROP_LOT, (member_id, seq))
        else:
            db.execute(_SET_LOT, (remaining - take, member_id, seq))
        if expires is not None:
            spent[expires] += take
    for expires, take in spent.items():
        db.execute(_TAKE_EXPIRY, (take, member_id, expires))
        db.execute(_EMPTY_EXPIRY, (member_id, expires))
    if points:
        found = db.execute(_DEBT, (member_id,)).fetchone()
        db.execute(_SET_DEBT, (member_id, (int(found[0]) if found else 0) + points))


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
    rebuild_raw(cipher.driver_connection(conn.connection.driver_connection), expiry=expiry)


def rebuild_raw(db: sqlite3.Connection, *, expiry: bool = True) -> None:
    """:func:`rebuild` on a plain ``sqlite3`` connection (bulk loaders)."""
    for sql in REBUILD_SQL:
        db.execute(sql)
    if expiry:
        _rebuild_expiry(db)


def _rebuild_expiry(db: sqlite3.Connection) -> None:
    """Every member's lots and ``points_expiry`` rows, replayed from the ledger in one pass."""
    for table in ("points_expiry", "points_lots", "points_debt"):
        db.execute(f"DELETE FROM {table}")
    members = {r[0]: (r[1], r[2] in LIVE) for r in db.execute(
        "SELECT id, origin, status FROM members")}
    rows = db.execute(
        "SELECT member_id, id, kind, points, occurred_at, expires_on, ref_entry_id FROM ledger"
        " WHERE state <> 'rejected' ORDER BY member_id")
    out: list[tuple[Any, ...]] = []
    lots: list[tuple[Any, ...]] = []
    debts: list[tuple[str, int]] = []
    batch: list[Entry] = []
    current: str | None = None

    def flush() -> None:
        if current is not None and batch and current in members:
            origin, live = members[current]
            state = replay(batch)
            kept = open_lots(state)
            out.extend((current, day, n, origin, live) for day, n in _by_expiry(kept).items())
            lots.extend((current, seq, *lot) for seq, lot in enumerate(kept, 1))
            if state.debt:
                debts.append((current, state.debt))
        if len(out) + len(lots) >= 50_000 or current is None:
            db.executemany("INSERT INTO points_expiry (member_id, expires_on, remaining,"
                           " origin, live) VALUES (?, ?, ?, ?, ?)", out)
            db.executemany(_ADD_LOT, lots)
            db.executemany("INSERT INTO points_debt (member_id, debt) VALUES (?, ?)", debts)
            for done in (out, lots, debts):
                done.clear()

    for row in rows:
        if row[0] != current:
            flush()
            current, batch = row[0], []
        batch.append(_entry(row[1:]))
    flush()
    current = None
    flush()
