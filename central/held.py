"""Entries held for head office: kept with their reasons, changing no balance, until a
person approves (the entry is applied then, and reaches every till through the feed) or
rejects them (a ``ledger.rejected`` change tells the terminal that wrote it).

Nothing held is lost and nothing held is silently applied. A held entry answers its
terminal ``held``; a resend of it answers the same; the same entry id with another payload
is refused as a conflict and kept (:class:`~central.models.EntryConflict`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from central import invoices
from central.entry_checks import Hold
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.ledger_apply import APPLIED, EntryItem, apply_entries
from central.models import (
    EntryConflict,
    HeldEntry,
    HeldOperation,
    LedgerEntryRow,
    Terminal,
    TerminalOp,
)
from central.push_parse import PushedOp
from loyalty.records import PushedEntry
from sync.protocol import LedgerEntry, OpResult


def hold_entry(session: Session, terminal: Terminal, op: PushedOp, entry: LedgerEntry,
               hold: Hold, received_at: datetime) -> OpResult:
    """Keep ``entry`` for a person to decide; the answer for its operation."""
    payload = entry.model_dump(mode="json")
    known = session.get(HeldEntry, entry.entry_id)
    if known is not None:
        if known.payload != payload:
            return conflict(session, terminal, entry.entry_id, payload, known.payload,
                            received_at, op)
        return OpResult(seq=op.seq, op_id=op.op_id, status="held", reason=known.reasons,
                        message=known.message)
    session.add(HeldEntry(
        entry_id=entry.entry_id, terminal_id=terminal.id, store_id=entry.store_id,
        member_id=entry.member_id, kind=entry.kind, points=entry.points, op_id=op.op_id,
        terminal_seq=op.seq, payload=payload, reasons=",".join(hold.reasons),
        message=hold.message[:500], status="held", held_at=received_at))
    return OpResult(seq=op.seq, op_id=op.op_id, status="held", reason=",".join(hold.reasons),
                    message=hold.message)


def conflict(session: Session, terminal: Terminal, entry_id: str, payload: dict[str, Any],
             first: dict[str, Any], received_at: datetime, op: PushedOp) -> OpResult:
    """The same id with a different payload: the first stands, this one is kept and refused."""
    differs = sorted(k for k in set(payload) | set(first) if payload.get(k) != first.get(k))
    session.add(EntryConflict(entry_id=entry_id, terminal_id=terminal.id, payload=payload,
                              differs=",".join(differs)[:200], received_at=received_at))
    return OpResult(seq=op.seq, op_id=op.op_id, status="rejected", reason="entry_id_conflict",
                    message="This entry id was already used with other content "
                            f"({', '.join(differs)}); both are kept for review.")


Held = TypeVar("Held", HeldEntry, HeldOperation)


def list_held(session: Session, status: str | None, kind: type[Held]
              ) -> list[Held]:
    """Held entries or held member operations (``kind``), oldest first (``status``: held,
    approved or rejected)."""
    query = select(kind).order_by(kind.held_at)
    if status:
        query = query.where(kind.status == status)
    return list(session.scalars(query))


def decide(session: Session, feed: FeedWriter, entry_id: str, approve: bool, who: str,
           note: str | None, at: datetime) -> HeldEntry:
    """Head office's decision on a held entry: approved → applied (and in the feed);
    rejected → the terminal is told through the feed. Decided once."""
    feed.lock()
    held = session.get(HeldEntry, entry_id, with_for_update=True)
    if held is None:
        raise not_found("held entry")
    if held.status != "held":
        raise ApiError(409, "already_decided", "This entry was already decided.")
    entry = PushedEntry.model_validate(held.payload)
    if approve:
        # An e-invoice earns once chain-wide: another till may have earned it while this
        # one was held.
        refused = invoices.duplicates(session, feed, [entry])[0]
        if refused is not None:
            raise ApiError(409, refused.reason or "duplicate_invoice", refused.message or "")
        result = apply_entries(session, feed, [EntryItem(entry, held.op_id, held.terminal_seq)],
                               at)[0]
        if result is not APPLIED and result.status != "already_applied":
            raise ApiError(409, result.reason or "not_applied",
                           result.message or "The entry cannot be applied.")
        invoices.claim(session, [entry])
    else:
        feed.append("ledger.rejected", held.entry_id)
    status = "applied" if approve else "rejected"
    if held.terminal_seq is not None:
        session.execute(update(TerminalOp).where(
            TerminalOp.terminal_id == held.terminal_id, TerminalOp.seq == held.terminal_seq)
            .values(status=status))
    held.status = "approved" if approve else "rejected"
    held.decided_by, held.decided_at, held.note = who, at, (note or None)
    feed.flush()
    return held


LAST_DAY = timedelta(hours=24)


def last_day(session: Session, terminal_id: str) -> tuple[Terminal, datetime | None,
                                                          list[tuple[str, Any]]]:
    """A terminal's entries central received in the 24 hours before the last one it
    received (applied ones and held ones, by receipt), for review after a revocation:
    the terminal, that last receipt, and ``(status, row)`` pairs oldest first."""
    terminal = session.get(Terminal, terminal_id)
    if terminal is None:
        raise not_found("terminal")
    L = LedgerEntryRow
    last = max((t for t in (
        session.scalar(select(func.max(L.received_at)).where(L.terminal_id == terminal_id)),
        session.scalar(select(func.max(HeldEntry.held_at))
                       .where(HeldEntry.terminal_id == terminal_id))) if t is not None),
        default=None)
    if last is None:
        return terminal, None, []
    since = last - LAST_DAY
    rows: list[tuple[str, Any]] = [
        ("applied", row) for row in session.scalars(select(L).where(
            L.terminal_id == terminal_id, L.received_at >= since))]
    rows += [(held.status, held) for held in session.scalars(select(HeldEntry).where(
        HeldEntry.terminal_id == terminal_id, HeldEntry.held_at >= since))]
    return terminal, last, rows
