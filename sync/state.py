"""The sync engine's own state in the store's ``sync_state`` table (small JSON values).

Keys: ``terminal`` (id, store, central URL), ``cursor`` (the feed position applied here),
``ops_through`` (the last of our operations central said a pulled page includes),
``snapshot_cursors`` (while catching up after a snapshot: each part's cursor),
``bootstrap`` (a snapshot load in progress: its manifest and the parts done),
``last_sync_at``, ``last_progress_at``, ``overdrafts`` (reported by central).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from loyalty.store.keyvalue import get_state, put_state
from sync.protocol import SNAPSHOT_BUCKETS, snapshot_bucket

MAX_OVERDRAFTS = 500


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    """Who this terminal is at central (the token lives apart, see :mod:`sync.credentials`)."""

    terminal_id: str
    store_id: str
    central_url: str


def identity(conn: Connection) -> TerminalIdentity | None:
    doc = get_state(conn, "terminal")
    if not doc:
        return None
    return TerminalIdentity(doc["terminal_id"], doc["store_id"], doc["central_url"])


def put_identity(conn: Connection, ident: TerminalIdentity) -> None:
    put_state(conn, "terminal", {"terminal_id": ident.terminal_id, "store_id": ident.store_id,
                                 "central_url": ident.central_url})


def cursor(conn: Connection) -> int:
    return int(get_state(conn, "cursor", 0))


def time_state(conn: Connection, key: str) -> datetime | None:
    raw = get_state(conn, key)
    return None if raw is None else datetime.fromisoformat(raw)


def put_time(conn: Connection, key: str, moment: datetime) -> None:
    put_state(conn, key, moment.isoformat())


class SnapshotCursors:
    """Per-part cursors of a loaded snapshot: did a part already count an entry at ``seq``?"""

    def __init__(self, doc: dict[str, Any] | None) -> None:
        self.parts = int(doc["parts"]) if doc else 1
        self.cursors: list[int] = list(doc["cursors"]) if doc else []

    @classmethod
    def load(cls, conn: Connection) -> SnapshotCursors:
        return cls(get_state(conn, "snapshot_cursors"))

    def active(self) -> bool:
        return bool(self.cursors)

    def ceiling(self) -> int:
        return max(self.cursors, default=0)

    def cursor_for(self, member_id: str) -> int:
        if not self.cursors:
            return 0
        return self.cursors[snapshot_bucket(member_id) // (SNAPSHOT_BUCKETS // self.parts)]

    def save(self, conn: Connection) -> None:
        put_state(conn, "snapshot_cursors",
                  {"parts": self.parts, "cursors": self.cursors} if self.cursors else None)


def record_overdraft(conn: Connection, data: dict[str, Any], now: datetime) -> None:
    """Keep an overdraft central reported, for the manager's list (newest last)."""
    items: list[dict[str, Any]] = get_state(conn, "overdrafts", [])
    item = {k: data.get(k) for k in ("entry_id", "account_id", "points", "overdraft",
                                     "store_id", "terminal_id", "occurred_at")}
    items.append({**item, "recorded_at": now.isoformat()})
    put_state(conn, "overdrafts", items[-MAX_OVERDRAFTS:])


def undo_overdraft(conn: Connection, entry_id: str) -> None:
    """A reverse undid this redemption: it overdrew nobody, so it leaves the list."""
    items: list[dict[str, Any]] = get_state(conn, "overdrafts", [])
    kept = [i for i in items if i.get("entry_id") != entry_id]
    if len(kept) != len(items):
        put_state(conn, "overdrafts", kept)


def overdrafts(conn: Connection, store_id: str | None = None) -> list[dict[str, Any]]:
    """Overdrafts central reported (optionally only those that happened at ``store_id``)."""
    items: list[dict[str, Any]] = get_state(conn, "overdrafts", [])
    return [i for i in items if store_id is None or i.get("store_id") == store_id]
