"""Never lose the queue: export it to a file, refuse resets while it is not empty, and list
what central rejected (for a manager)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from loyalty.store.engine import reader
from loyalty.store.journal import pending_count
from loyalty.store.schema import outbox
from sync.errors import QueueNotEmpty


@dataclass(frozen=True, slots=True)
class RejectedOperation:
    """An operation central refused, kept with its reason."""

    seq: int
    op_id: str
    kind: str
    reason: str
    payload: dict[str, Any]


def export_queue(engine: Engine, path: Path, *, include_rejected: bool = True) -> int:
    """Write every operation not yet accepted by central to ``path`` (JSON lines, 0600).

    Each line is the operation exactly as it would be pushed, plus its local state, so head
    office can replay it. Returns the number of operations written.
    """
    states = ("pending", "rejected") if include_rejected else ("pending",)
    with reader(engine).connect() as conn:
        rows = list(conn.execute(select(outbox).where(outbox.c.state.in_(states))
                                 .order_by(outbox.c.seq)))
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps({
                "seq": r.seq, "op_id": r.op_id, "kind": r.kind,
                "created_at": r.created_at.isoformat(), "payload": json.loads(r.payload),
                "state": r.state, "reason": r.reason}, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return len(rows)


def ensure_queue_empty(engine: Engine, action: str = "reset") -> None:
    """Raise :class:`QueueNotEmpty` when operations still wait to be sent."""
    with reader(engine).connect() as conn:
        waiting = pending_count(conn)
    if waiting:
        raise QueueNotEmpty(f"Cannot {action}: {waiting} operations still wait to be sent. "
                            "Sync, or export them to a file first.")


def rejected_operations(engine: Engine) -> list[RejectedOperation]:
    """Operations central rejected, oldest first (the manager's list)."""
    with reader(engine).connect() as conn:
        rows = conn.execute(select(outbox).where(outbox.c.state == "rejected")
                            .order_by(outbox.c.seq))
        return [RejectedOperation(r.seq, r.op_id, r.kind, r.reason or "",
                                  json.loads(r.payload)) for r in rows]
