"""The outbox (what must reach central) and the audit log (who did what), written together.

Outbox sequence numbers are contiguous per terminal: the next one is taken inside the
writer's ``BEGIN IMMEDIATE`` transaction, so a rolled-back action leaves no gap.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from loyalty.ids import new_id
from loyalty.store.chain import write_audit_row
from loyalty.store.cipher import driver_connection
from loyalty.store.context import TillContext
from loyalty.store.schema import outbox, utc_text

_NEXT_SEQ = select(func.coalesce(func.max(outbox.c.seq), 0) + 1)
_INSERT_OP = insert(outbox)


def append_operation(conn: Connection, kind: str, payload: dict[str, Any],
                     now: datetime) -> int:
    """Queue one operation for central; returns its sequence number."""
    seq = conn.execute(_NEXT_SEQ).scalar_one()
    conn.execute(_INSERT_OP, [{
        "seq": seq, "op_id": new_id(), "kind": kind,
        "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        "created_at": now, "state": "pending", "reason": None, "attempts": 0,
        "acked_at": None}])
    return int(seq)


_NEXT_SEQ_SQL = "SELECT coalesce(max(seq), 0) + 1 FROM outbox"
_INSERT_OPS_SQL = ("INSERT INTO outbox (seq, op_id, kind, payload, created_at, state, attempts)"
                   " VALUES (?, ?, ?, ?, ?, 'pending', 0)")


class OutboxBatch:
    """The operations of one counter action (a sale: its points entry, a stamp, a reward),
    queued for central with one statement on the driver's cached prepared statements.

    :meth:`add` numbers an operation at once (the writer holds the write lock, so the
    numbers stay contiguous); :meth:`flush` writes them, and must run before commit — use
    the batch as a context manager. Nothing else may queue operations in between."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self._db = driver_connection(conn.connection.driver_connection)
        self._created = utc_text(now)
        self._rows: list[tuple[int, str, str, str, str]] = []
        self._next = 0

    def add(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue one operation; returns its sequence number."""
        if not self._next:
            self._next = int(self._db.execute(_NEXT_SEQ_SQL).fetchone()[0])
        seq, self._next = self._next, self._next + 1
        self._rows.append((seq, new_id(), kind, json.dumps(
            payload, ensure_ascii=False, separators=(",", ":")), self._created))
        return seq

    def flush(self) -> None:
        if self._rows:
            self._db.executemany(_INSERT_OPS_SQL, self._rows)
            self._rows.clear()

    def __enter__(self) -> OutboxBatch:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.flush()


def queue(conn: Connection, ops: OutboxBatch | None, kind: str, payload: dict[str, Any],
          now: datetime) -> int:
    """Queue one operation in ``ops`` when the action batches them, else at once."""
    return ops.add(kind, payload) if ops is not None else append_operation(
        conn, kind, payload, now)


def audit(conn: Connection, ctx: TillContext, action: str, target: str | None, now: datetime,
          **details: Any) -> None:
    """Append an audit row, chained (:mod:`loyalty.store.chain`). Never pass PINs, tokens or
    full phone numbers in ``details``."""
    write_audit_row(conn, {
        "at": now, "terminal_id": ctx.terminal_id, "actor_id": ctx.cashier_id,
        "actor_role": ctx.cashier_role, "action": action, "target": target,
        "details": json.dumps(details, ensure_ascii=False, default=str) if details else None})


def pending_count(conn: Connection) -> int:
    """Operations waiting to be sent (shown in the status bar)."""
    return int(conn.execute(select(func.count()).select_from(outbox)
                            .where(outbox.c.state == "pending")).scalar_one())
