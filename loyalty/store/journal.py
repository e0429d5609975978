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
from loyalty.store.context import TillContext
from loyalty.store.schema import outbox

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
