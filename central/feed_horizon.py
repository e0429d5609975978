"""Feed numbering without the feed lock (PostgreSQL): a sequence plus a visibility horizon.

Used by :class:`central.feed.FeedWriter` on PostgreSQL (migration 0015 installs it;
docs/central-scale.md, "Replacing the feed lock"); proven on its own by
tests/integration/central/test_feed_horizon.py.

Writers number their changes from a PostgreSQL sequence, so they no longer wait for each
other, and commit in any order. A reader must then never move its cursor past a number that
a transaction still in flight holds: that change would commit below the cursor and be
skipped for ever. Each writer therefore marks its range while it is in flight with a shared
transaction-level advisory lock on the range's first number, taken *before* the numbers
become visible in the sequence and released by PostgreSQL only after the commit (or abort)
is visible. A reader reads the sequence's value ``S`` first, then the lowest marked number
``M``; every number up to ``min(S, M - 1)`` (the horizon) is committed or will never be.
The horizon only moves forward. Numbers of aborted transactions are skipped: the feed's
numbers increase but may have gaps.

Allocation is one statement (:data:`ALLOCATE_FUNCTION`): a session advisory lock serialises
the few microseconds of "read the sequence, mark, set the sequence", so each allocation is
contiguous; the mutex is never held across a statement boundary.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

# Advisory lock keys: markers are MARK_BASE + number (bigint form: classid holds the high 32
# bits, so every marker has classid >= 2**30); the allocation mutex is one key below them.
MARK_BASE = 1 << 62
ALLOCATION_MUTEX = MARK_BASE - 1

SEQUENCE_DDL = "CREATE SEQUENCE IF NOT EXISTS feed_numbers MINVALUE 0 START 0"
ALLOCATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION feed_allocate(n bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE first bigint;
BEGIN
  PERFORM pg_advisory_lock({ALLOCATION_MUTEX});
  BEGIN
    SELECT last_value + 1 INTO first FROM feed_numbers;
    PERFORM pg_advisory_xact_lock_shared({MARK_BASE} + first);
    PERFORM setval('feed_numbers', first + n - 1, true);
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock({ALLOCATION_MUTEX});
    RAISE;
  END;
  PERFORM pg_advisory_unlock({ALLOCATION_MUTEX});
  RETURN first;
END $$"""

_SEQUENCE_VALUE = text("SELECT last_value FROM feed_numbers")
_LOWEST_MARK = text(
    f"SELECT min(((classid::bigint << 32) | objid::bigint) - {MARK_BASE}) FROM pg_locks "
    "WHERE locktype = 'advisory' AND objsubid = 1 AND classid >= 1073741824 "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")


def install(conn: Connection, head: int = 0) -> None:
    """Create the sequence and the allocation function, the sequence continuing after
    ``head`` (the migration's job once this replaces the counter)."""
    conn.execute(text(SEQUENCE_DDL))
    conn.execute(text(ALLOCATE_FUNCTION))
    conn.execute(text("SELECT setval('feed_numbers', :head, true)"), {"head": head})


def allocate(session: Session | Connection, count: int) -> int:
    """Reserve ``count`` consecutive numbers for the caller's transaction; the first.

    They stay marked in flight until the transaction ends; on abort they are never used.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    first: int = session.execute(text("SELECT feed_allocate(:n)"), {"n": count}).scalar_one()
    return first


def horizon(session: Session | Connection) -> int:
    """The highest number below which no transaction is still in flight: read up to here.

    Two statements in this order (the sequence, then the marks) and read committed isolation
    for what is read next: a statement after this one sees every commit the horizon counts.
    """
    value: int = session.execute(_SEQUENCE_VALUE).scalar_one()
    lowest = session.execute(_LOWEST_MARK).scalar_one()
    return value if lowest is None else min(value, lowest - 1)
