"""Compaction of per-operation bookkeeping: ``terminal_ops`` and ``terminal_contacts``.

``terminal_ops`` holds the outcome of every pushed operation that is not a ledger entry
(enrollments, edits, rejections, entries that already existed), so a resend is answered with
what happened and a reused sequence is caught as a cloned terminal. Ledger entries keep their
terminal sequence and operation id on the ledger row forever; these other rows are only needed
while a terminal could still resend them. A row is dropped once it is older than
``keep_days`` *and* more than ``keep_last`` operations behind its terminal's latest. A sequence
whose row was dropped and that is not on the ledger is answered as a reused sequence (a
cloned or restored terminal): a genuine terminal never resends an operation it had
acknowledged that long ago, so nothing can be applied twice or silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from central.models import Terminal, TerminalContact, TerminalOp


@dataclass(frozen=True, slots=True)
class Compacted:
    """What one compaction removed."""

    terminal_ops: int
    contacts: int


def compact_terminal_ops(session: Session, at: datetime, keep_days: int,
                         keep_last: int) -> Compacted:
    """Drop old outcome and contact rows (see the module docstring)."""
    cutoff = at - timedelta(days=keep_days)
    removed = 0
    for terminal_id, last_seq in session.execute(select(Terminal.id, Terminal.last_seq)):
        below = last_seq - keep_last
        if below <= 0:
            continue
        old = (TerminalOp.terminal_id == terminal_id, TerminalOp.seq <= below,
               TerminalOp.received_at < cutoff)
        floor = session.scalar(select(func.max(TerminalOp.seq)).where(*old))
        if floor is None:
            continue
        removed += _count(session.execute(delete(TerminalOp).where(*old)))
        session.execute(update(Terminal).where(Terminal.id == terminal_id,
                                               Terminal.ops_floor_seq < floor)
                        .values(ops_floor_seq=floor))
    # Offline periods older than the retention are no longer checked against floor limits.
    contacts = _count(session.execute(delete(TerminalContact).where(TerminalContact.at < cutoff)))
    return Compacted(removed, contacts)


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
